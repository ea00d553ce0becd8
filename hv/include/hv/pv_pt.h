/* Direct paging: frame references and types, and validation of guest page tables. */
#ifndef HV_PV_PT_H
#define HV_PV_PT_H

#include <arch/page.h>
#include <hv/domain.h>

/*
 * As in Xen: every use of a frame holds a reference (ref_count); a use
 * that needs a particular type (writable mapping, page table of level n)
 * also holds a type reference (type_count).  A frame's type can change
 * only while its type count is 0, so a page table is never mapped
 * writable and a writable page is never used as a page table.  Taking
 * the first type reference of a page-table type validates every entry
 * (taking references on what they point to); dropping the last releases
 * them.  Guests reach frames only through these functions.
 */

/* Bit 62 marks an L1 entry made by a grant mapping.  Bits 9-11 and 52-61
 * are the guest's own to use, as in Xen (Linux uses some); 62 is not. */
#define PTE_GNT (1UL << 62)

/* pv_pt.c: 0 or -XEN_EINVAL */
int page_get(struct domain *d, uint64_t mfn);
void page_put(uint64_t mfn);
int page_get_type(struct domain *d, uint64_t mfn, unsigned type);
void page_put_type(struct domain *d, uint64_t mfn);
int page_get_and_type(struct domain *d, uint64_t mfn, unsigned type);
void page_put_and_type(struct domain *d, uint64_t mfn);
/* References held by one entry of a table of the given type (PGT_l1..l4). */
int pte_get(struct domain *d, pte_t e, unsigned table_type);
void pte_put(struct domain *d, pte_t e, unsigned table_type);
/* MMUEXT pin and unpin. */
int page_pin(struct domain *d, uint64_t mfn, unsigned type);
int page_unpin(struct domain *d, uint64_t mfn);
/* Xen's PML4 slots of a guest L4 (256..271): never the guest's. */
static inline bool l4_slot_is_xen(unsigned i)
{
    return i >= HV_SLOT_FIRST && i <= HV_SLOT_LAST;
}

#endif
