/* A Xen PV kernel image: its ELF headers and Xen notes, validated. */
#ifndef HV_PV_IMAGE_H
#define HV_PV_IMAGE_H

#include <stdint.h>

#define PV_UNSET (~0UL)

struct pv_image {
    const uint8_t *data;
    uint64_t size;
    /* from the Xen notes (PV_UNSET when absent) */
    uint64_t entry, virt_base, paddr_offset, hypercall_page;
    char guest_os[32], loader[32], xen_version[32];
    /* derived, Xen's rules: va = p_paddr + virt_offset */
    uint64_t virt_offset;
    uint64_t pstart, pend;            /* lowest/highest p_paddr of PT_LOADs */
    uint64_t kstart, kend;            /* the image's virtual extent */
};

/* pv_image.c: parse and check an ELF image of size bytes at data.
 * Returns 0, or -EINVAL with *why naming the first problem found. */
int pv_image_parse(const void *data, uint64_t size, struct pv_image *img,
                   const char **why);

/* Call fn for each PT_LOAD segment: destination va, file bytes, sizes. */
typedef void (*pv_segment_fn)(void *ctx, uint64_t va, const uint8_t *src,
                              uint64_t filesz, uint64_t memsz);
void pv_image_segments(const struct pv_image *img, pv_segment_fn fn, void *ctx);

#endif
