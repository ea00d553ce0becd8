/* Project-only ABI extension shared by the hypervisor and dom0: build a PV
 * domain from an ELF image held in the caller's memory. */
#ifndef HVX_DOMCTL_H
#define HVX_DOMCTL_H

#include <stdint.h>

/*
 * Issued as a Xen domctl (__HYPERVISOR_domctl, struct xen_domctl with the
 * current XEN_DOMCTL_INTERFACE_VERSION), with cmd HVX_DOMCTL_build_pv
 * (outside Xen's command numbers) and this struct in the union's bytes.
 * xen_domctl.domain names a domain made by XEN_DOMCTL_createdomain and
 * not built yet; it stays paused until XEN_DOMCTL_unpausedomain.
 * Returns 0, -EINVAL (bad image or layout, one line logged), -ENOMEM,
 * -EFAULT (image or cmdline not readable), -EEXIST (already built).
 */
#define HVX_DOMCTL_build_pv 0x48560001u        /* "HV", 1 */

#define HVX_NAME_LEN 32

struct hvx_domctl_build_pv {
    /* IN */
    uint64_t image;             /* caller's virtual address of the ELF */
    uint64_t image_size;        /* bytes, at most HVX_IMAGE_MAX */
    uint64_t memory_kb;         /* initial reservation */
    uint64_t maxmem_kb;         /* 0: same as memory_kb */
    uint64_t cmdline;           /* caller's va of a NUL-terminated string,
                                   at most 1023 bytes; 0: empty */
    uint32_t weight;            /* BVT weight; 0: the default */
    uint32_t pad;
    char name[HVX_NAME_LEN];    /* NUL-terminated */
};

#define HVX_IMAGE_MAX (16u << 20)

_Static_assert(sizeof(struct hvx_domctl_build_pv) == 80, "build_pv size");
_Static_assert(__builtin_offsetof(struct hvx_domctl_build_pv, name) == 48,
               "build_pv layout");

#endif
