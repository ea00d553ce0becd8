/* The bootstrap page tables of a new PV domain, in the layout's pt frames. */
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv_build.h>
#include <hv/pv_pt.h>

#define PT_TABLE_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A)

struct pt_builder {
    struct pv_build *b;
    uint64_t next_pfn, end_pfn;       /* pt frames not yet used */
};

/* Take the next pt frame for a table (contents only: types come from
 * validation when the L4 is pinned); MFN_INVALID when none is left. */
static uint64_t pt_take(struct pt_builder *p)
{
    if (p->next_pfn >= p->end_pfn)
        return MFN_INVALID;
    return pv_pfn_to_mfn(p->b, p->next_pfn++);
}

/*
 * The L1 table covering va, creating tables above it as needed; NULL if
 * va lies in the hypervisor's L4 slots (their L3s are shared by every
 * domain and must never be written here) or the pt frames ran out.  The
 * layout rules out both; this keeps a layout bug from reaching hv tables.
 */
static pte_t *pt_l1_for(struct pt_builder *p, pte_t *l4, uint64_t va)
{
    pte_t *t = l4;

    if (l4_slot_is_xen(pt_index(va, 4)))
        return NULL;
    for (int lvl = 4; lvl > 1; lvl--) {
        pte_t *e = &t[pt_index(va, lvl)];
        uint64_t mfn;
        if (!(*e & PTE_P)) {
            if ((mfn = pt_take(p)) == MFN_INVALID)
                return NULL;
            *e = (mfn << PAGE_SHIFT) | PT_TABLE_FLAGS;
        }
        t = mfn_to_virt(pte_mfn(*e));
    }
    return t;
}

/* Map pfn at va: writable, except the page-table frames themselves. */
static void pt_map(struct pt_builder *p, pte_t *l1, uint64_t va, uint64_t pfn)
{
    uint64_t mfn = pv_pfn_to_mfn(p->b, pfn);
    uint64_t pt0 = pv_va_to_pfn(p->b, p->b->lay.pt_start);
    int is_pt = pfn >= pt0 && pfn < pt0 + p->b->lay.nr_pt_frames;

    l1[pt_index(va, 1)] = (mfn << PAGE_SHIFT) | PTE_P | PTE_US | PTE_A |
                          (is_pt ? 0 : PTE_RW | PTE_D);
}

/* Build the bootstrap tables, then pin the L4 and take the CR3 reference
 * through the same validation guests' tables get.  Returns the L4's
 * machine address, or 0 if the layout could not be mapped or validation
 * refused the tables (a builder bug either way).  The layout has at least
 * one pt frame, so the L4 is always there. */
uint64_t pv_build_pagetables(struct pv_build *b)
{
    const struct pv_layout *l = &b->lay;
    struct pt_builder p = { b, pv_va_to_pfn(b, l->pt_start),
                            pv_va_to_pfn(b, l->pt_start) + l->nr_pt_frames };
    uint64_t l4_mfn = pt_take(&p);
    pte_t *l4 = mfn_to_virt(l4_mfn);

    for (int s = HV_SLOT_FIRST; s <= HV_SLOT_LAST; s++)
        l4[s] = idle_l4[s];
    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        uint64_t pfn = pv_va_to_pfn(b, va);
        pte_t *l1 = pt_l1_for(&p, l4, va);
        if (!l1)
            return 0;
        if (pfn < b->nr_pages)
            pt_map(&p, l1, va, pfn);
    }
    if (page_pin(b->d, l4_mfn, PGT_l4) ||
        page_get_and_type(b->d, l4_mfn, PGT_l4))
        return 0;
    return l4_mfn << PAGE_SHIFT;
}
