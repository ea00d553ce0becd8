/* Xen's start-of-day virtual layout for a PV domain (xen.h, "start of day"). */
#ifndef HV_PV_LAYOUT_H
#define HV_PV_LAYOUT_H

#include <stdint.h>

/*
 * Everything is page aligned, packed in this order from virt_base:
 *   image [kstart, kend) | p2m list | start_info | xenstore | console |
 *   bootstrap page tables (read-only to the guest) | stack page |
 * then at least 512 KiB of padding, and the region ends on a 4 MiB boundary.
 * pfn n is mapped at virt_base + n * 4096.
 */
struct pv_layout {
    uint64_t v_start;               /* = virt_base */
    uint64_t p2m, start_info, xenstore, console;
    uint64_t pt_start, nr_pt_frames;
    uint64_t stack;                 /* the stack page; rsp = stack + 4096 */
    uint64_t v_end;                 /* end of the mapped region */
    uint64_t nr_mapped;             /* pages that must be backed: up to the
                                       stack plus the 512 KiB padding */
};

/* Page-table frames (L4..L1) needed to map [start, end). */
uint64_t pv_layout_pt_frames(uint64_t start, uint64_t end);

/* pv_layout.c: compute the layout for an image ending at kend and a domain
 * of nr_pages pages.  Returns 0, or -ENOMEM if nr_pages cannot hold it. */
int pv_layout_compute(uint64_t virt_base, uint64_t kend, uint64_t nr_pages,
                      struct pv_layout *l);

#endif
