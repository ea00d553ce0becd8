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
 *
 * Devices, as Xen's toolstack sets them up: the caller allocates the new
 * domain's xenstore and console ports (EVTCHNOP_alloc_unbound, remote =
 * the backend domain); the builder puts them in start_info and grants the
 * store and console pages to their backends in the reserved grant entries
 * GNTTAB_RESERVED_XENSTORE and GNTTAB_RESERVED_CONSOLE, so the backends
 * map them with GNTTABOP_map_grant_ref.  A port of 0 means no such device
 * (the domain then writes to the hypervisor console with console_io).
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
    uint32_t store_port;        /* in the new domain; 0: no xenstore */
    uint32_t console_port;      /* in the new domain; 0: no console ring */
    uint16_t store_domid;       /* backends the reserved grants go to */
    uint16_t console_domid;
    uint32_t pad2;
    /* OUT */
    uint64_t store_mfn;         /* the pages the reserved grants name */
    uint64_t console_mfn;
};

#define HVX_IMAGE_MAX (16u << 20)

_Static_assert(sizeof(struct hvx_domctl_build_pv) == 112, "build_pv size");
_Static_assert(__builtin_offsetof(struct hvx_domctl_build_pv, name) == 48,
               "build_pv layout");
_Static_assert(__builtin_offsetof(struct hvx_domctl_build_pv, store_mfn) == 96,
               "build_pv layout");

#endif
