/* Xen's start-of-day virtual layout for a PV domain (xen.h, "start of day"). */
#ifndef HV_PV_LAYOUT_H
#define HV_PV_LAYOUT_H

#include <stdint.h>

/*
 * Everything is page aligned, packed in this order from virt_base:
 *   image [kstart, kend) | boot module (initrd) | p2m list | start_info |
 *   xenstore | console | bootstrap page tables (read-only to the guest) |
 *   stack page |
 * then at least 512 KiB of padding, and the region ends on a 4 MiB boundary.
 * pfn n is mapped at virt_base + n * 4096.
 *
 * The whole region lies in one guest part of the address space: below
 * 2^47 (the lower canonical half), or from HYPERVISOR_VIRT_END up to the
 * last 4 MiB boundary below 2^64 (v_end must be representable).  It never
 * reaches Xen's reserved PML4 slots 256-271.
 */
struct pv_layout {
    uint64_t v_start;               /* = virt_base */
    uint64_t mod_start, mod_len;    /* the boot module, as start_info's
                                       mod_start (a va) and mod_len; both 0
                                       when there is none */
    uint64_t p2m, start_info, xenstore, console;
    uint64_t pt_start, nr_pt_frames;
    uint64_t stack;                 /* the stack page; rsp = stack + 4096 */
    uint64_t v_end;                 /* end of the mapped region */
    uint64_t nr_mapped;             /* pages that must be backed: up to the
                                       stack plus the 512 KiB padding */
};

/* Page-table frames (L4..L1) needed to map [start, end); start < end. */
uint64_t pv_layout_pt_frames(uint64_t start, uint64_t end);

/*
 * pv_layout.c: compute the layout for an image [virt_base, kend), a boot
 * module of mod_len bytes (0: none) and a domain of nr_pages pages.
 * Every size is checked for overflow.  Returns 0; -EINVAL if the layout
 * does not fit wholly in the guest part of the address space virt_base
 * lies in (or kend < virt_base); -ENOMEM if nr_pages cannot back it.
 */
int pv_layout_compute(uint64_t virt_base, uint64_t kend, uint64_t mod_len,
                      uint64_t nr_pages, struct pv_layout *l);

#endif
