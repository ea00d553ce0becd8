/* Validated changes to a PV guest's L1 entries: update_va_mapping (direct paging). */
#include <arch/cpu.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv.h>
#include <xen/errno.h>

/* Bits a guest may not set in an L1 entry: the ones the CPU reserves or
 * ignores (52-62) and PAT/PCD/PWT cache control (RAM is write-back). */
#define L1_DISALLOWED (0x7ff0000000000000UL | PTE_PCD | PTE_PWT | PTE_PSE)

static bool is_pagetable(const struct frame *f)
{
    return f->type >= PGT_l1 && f->type <= PGT_l4 && f->type_count;
}

/*
 * May d map e?  Only RAM frames d owns (or its shared_info), never a frame
 * in use as a page table writable.  Returns 0 or -EINVAL, as Xen does
 * when get_page_from_l1e fails.
 */
static int l1e_check(struct domain *d, pte_t e)
{
    uint64_t mfn = pte_mfn(e);
    struct frame *f;

    if (!(e & PTE_P))
        return 0;
    if ((e & L1_DISALLOWED) || !frame_is_ram(mfn))
        return -XEN_EINVAL;
    if (mfn == d->shared_info_mfn)
        return 0;
    f = &frame_table[mfn];
    if (f->owner != d->id || f->type == PGT_seg_desc)
        return -XEN_EINVAL;
    if ((e & PTE_RW) && is_pagetable(f))
        return -XEN_EINVAL;
    return 0;
}

/* Count (delta +1) or uncount (-1) the references an entry holds. */
static void l1e_account(struct domain *d, pte_t e, int delta)
{
    struct frame *f;

    if (!(e & PTE_P) || pte_mfn(e) == d->shared_info_mfn)
        return;
    f = &frame_table[pte_mfn(e)];
    f->ref_count += delta;
    if (!(e & PTE_RW))
        return;
    if (delta > 0 && f->type == PGT_none)
        f->type = PGT_writable;
    f->type_count += delta;
    if (!f->type_count && f->type == PGT_writable)
        f->type = PGT_none;
}

/* The L1 slot mapping va in the current address space, or NULL. */
static pte_t *l1_slot(struct vcpu *v, uint64_t va)
{
    pte_t e = v->cr3;

    for (int lvl = 4; lvl > 1; lvl--) {
        e = ((pte_t *)mfn_to_virt(pte_mfn(e)))[pt_index(va, lvl)];
        if (!(e & PTE_P) || (e & PTE_PSE) || !frame_is_ram(pte_mfn(e)))
            return NULL;
    }
    if (frame_table[pte_mfn(e)].owner != v->dom->id ||
        frame_table[pte_mfn(e)].type != PGT_l1)
        return NULL;
    return (pte_t *)mfn_to_virt(pte_mfn(e)) + pt_index(va, 1);
}

/* update_va_mapping(va, new_pte, flags) */
long do_update_va_mapping(HYPERCALL_ARGS)
{
    struct vcpu *v = current;
    pte_t *slot, old, new = a2;
    int rc;

    if (!guest_va_ok(a1) || !(slot = l1_slot(v, a1)))
        return -XEN_EINVAL;
    if ((rc = l1e_check(v->dom, new)))
        return rc;
    if (new & PTE_P)
        new |= PTE_US;       /* 64-bit PV kernels run in ring 3, as in Xen */
    old = *slot;
    l1e_account(v->dom, new, +1);
    *slot = new;
    l1e_account(v->dom, old, -1);
    switch (a3 & UVMF_FLUSHTYPE_MASK) {
    case UVMF_INVLPG:
        invlpg(a1);
        break;
    case UVMF_TLB_FLUSH:
        write_cr3(read_cr3());
        break;
    }
    return 0;
}
