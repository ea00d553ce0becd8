/* Guest page-table hypercalls: mmu_update, update_va_mapping, mmuext_op. */
#include <arch/cpu.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv.h>
#include <hv/gnttab.h>
#include <hv/pv_pt.h>
#include <xen/errno.h>

static void flush_tlb(void)
{
    write_cr3(read_cr3());
}

/*
 * Write entry idx of the frame tmfn.  If the frame is a page table, the
 * new entry is validated for its level and the old one released; Xen's
 * L4 slots and grant mappings cannot be changed this way.  A frame that is
 * not a page table is written as plain data if it may be writable.
 */
static int pt_write(struct domain *d, uint64_t tmfn, unsigned idx, pte_t new,
                    bool preserve_ad)
{
    struct frame *f;
    pte_t *slot, old;
    unsigned type;
    int rc;

    if (!frame_is_ram(tmfn) || frame_table[tmfn].owner != d->id)
        return -XEN_EINVAL;
    f = &frame_table[tmfn];
    slot = (pte_t *)mfn_to_virt(tmfn) + idx;
    type = f->type;
    if (type < PGT_l1 || type > PGT_l4 || !f->type_count) {
        if ((rc = page_get_type(d, tmfn, PGT_writable)))
            return rc;
        *slot = new;
        page_put_type(d, tmfn);
        return 0;
    }
    old = *slot;
    if ((type == PGT_l4 && l4_slot_is_xen(idx)) || (old & PTE_GNT))
        return -XEN_EINVAL;
    if (preserve_ad)
        new |= old & (PTE_A | PTE_D);
    if ((rc = pte_get(d, new, type)))
        return rc;
    *slot = (new & PTE_P) ? new | PTE_US : new;
    pte_put(d, old, type);
    return 0;
}

static long mmu_update_one(struct domain *d, const mmu_update_t *u)
{
    uint64_t mfn = u->ptr >> PAGE_SHIFT;

    switch (u->ptr & 7) {      /* the low bits of an 8-byte entry's address */
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_NO_TRANSLATE:   /* PV has no translation: the same */
    case MMU_PT_UPDATE_PRESERVE_AD:
        return pt_write(d, mfn, (u->ptr & (PAGE_SIZE - 1)) >> 3, u->val,
                        (u->ptr & 7) == MMU_PT_UPDATE_PRESERVE_AD);
    case MMU_MACHPHYS_UPDATE:
        if (!frame_is_ram(mfn) || frame_table[mfn].owner != d->id)
            return -XEN_EINVAL;
        m2p[mfn] = u->val;
        return 0;
    }
    return -XEN_ENOSYS;
}

/* A foreign domain is only for the privileged one, and not offered yet. */
static long check_foreign(struct domain *d, uint64_t foreigndom)
{
    struct domain *f;

    if (foreigndom == DOMID_SELF || foreigndom == d->id)
        return 0;
    if (!(f = domain_by_id(foreigndom)) || domain_dying(f))
        return -XEN_ESRCH;
    return d->privileged ? -XEN_ENOSYS : -XEN_EPERM;
}

/*
 * mmu_update and mmuext_op share Xen's batch protocol: count is 32-bit
 * (the ABI's unsigned int); a continuation carries the count left with
 * MMU_UPDATE_PREEMPTED set and the requests advanced, and *pdone holds the
 * total done so far, which the continued call reads back.  Like Xen, a
 * count with that bit set is taken as such a continuation.
 */
#define MMU_UPDATE_PREEMPTED (1U << 31)   /* Xen's value; not in the ABI headers */

struct batch {
    uint64_t reqs;                     /* guest array of requests */
    uint32_t count;                    /* requests left in this run */
    uint64_t pdone;                    /* guest's done counter, or 0 */
    uint32_t done;                     /* done by earlier runs */
};

static struct batch batch_start(uint64_t reqs, uint64_t count, uint64_t pdone)
{
    struct batch b = { reqs, (uint32_t)count, pdone, 0 };

    if (b.count & MMU_UPDATE_PREEMPTED) {
        b.count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone && copy_from_guest(&b.done, pdone, sizeof(b.done)))
            b.done = 0;                /* as Xen: the count restarts */
    }
    return b;
}

/* i requests of this run are done: report the total through pdone. */
static long batch_finish(const struct batch *b, long rc, uint32_t i)
{
    uint32_t done = b->done + i;

    if (b->pdone && copy_to_guest(b->pdone, &done, sizeof(done)))
        return -XEN_EFAULT;
    return rc;
}

/* Preempted after i requests of size bytes each: continue with the rest. */
static long batch_continue(const struct batch *b, unsigned nr, uint32_t i,
                           uint64_t size, uint64_t foreigndom)
{
    long rc = batch_finish(b, 0, i);

    if (rc)
        return rc;
    return hypercall_continue(nr, b->reqs + i * size,
                              (b->count - i) | MMU_UPDATE_PREEMPTED, b->pdone,
                              foreigndom, 0);
}

/* mmu_update(reqs, count, pdone, foreigndom): stops at the first failure;
 * preemptible between requests. */
long do_mmu_update(HYPERCALL_ARGS)
{
    struct domain *d = current->dom;
    struct batch b = batch_start(a1, a2, a3);
    mmu_update_t u;
    uint32_t i;
    long rc = check_foreign(d, a4);

    for (i = 0; !rc && i < b.count; i++) {
        if (i && hypercall_preempt_check()) {
            flush_tlb();
            return batch_continue(&b, __HYPERVISOR_mmu_update, i, sizeof(u),
                                  a4);
        }
        if (copy_from_guest(&u, b.reqs + i * sizeof(u), sizeof(u)) ?
                (rc = -XEN_EFAULT) : (rc = mmu_update_one(d, &u)))
            break;
    }
    if (i)
        flush_tlb();           /* no stale translation outlives its entry */
    return batch_finish(&b, rc, i);
}

/* A vcpu bitmap (UVMF_MULTI, *_MULTI) must be readable, as Xen reads it. */
static bool vcpumask_ok(uint64_t gva)
{
    uint64_t mask;

    return !copy_from_guest(&mask, gva, sizeof(mask));
}

/* The L1 table frame mapping va in v's address space, or MFN_INVALID. */
static uint64_t l1_frame(struct vcpu *v, uint64_t va)
{
    pte_t e = v->cr3;

    for (int lvl = 4; lvl > 1; lvl--) {
        e = ((pte_t *)mfn_to_virt(pte_mfn(e)))[pt_index(va, lvl)];
        if (!(e & PTE_P) || (e & PTE_PSE) || !frame_is_ram(pte_mfn(e)))
            return MFN_INVALID;
    }
    return pte_mfn(e);
}

/* update_va_mapping(va, new_pte, flags) */
long do_update_va_mapping(HYPERCALL_ARGS)
{
    struct vcpu *v = current;
    uint64_t l1;
    long rc;

    if (!guest_va_ok(a1) || (l1 = l1_frame(v, a1)) == MFN_INVALID ||
        frame_table[l1].type != PGT_l1)
        return -XEN_EINVAL;
    if ((a3 & ~UVMF_FLUSHTYPE_MASK) > UVMF_ALL &&
        !vcpumask_ok(a3 & ~(UVMF_FLUSHTYPE_MASK | UVMF_ALL)))
        return -XEN_EFAULT;            /* UVMF_MULTI with a bitmap pointer */
    if ((rc = pt_write(v->dom, l1, pt_index(a1, 1), a2, false)))
        return rc;
    if ((a3 & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
        invlpg(a1);
    else
        flush_tlb();           /* also for UVMF_NONE: see mmu_update */
    return 0;
}

static long new_baseptr(struct vcpu *v, uint64_t mfn)
{
    uint64_t old = v->cr3 >> PAGE_SHIFT;
    long rc = page_get_and_type(v->dom, mfn, PGT_l4);

    if (rc)
        return rc;
    v->cr3 = mfn << PAGE_SHIFT;
    write_cr3(v->cr3);
    page_put_and_type(v->dom, old);
    return 0;
}

/* CLEAR_PAGE (src == MFN_INVALID) and COPY_PAGE on the guest's own frames. */
static long page_op(struct domain *d, uint64_t dst, uint64_t src)
{
    long rc = page_get_and_type(d, dst, PGT_writable);

    if (rc)
        return rc;
    if (src == MFN_INVALID)
        memset(mfn_to_virt(dst), 0, PAGE_SIZE);
    else if (!(rc = page_get(d, src))) {
        memcpy(mfn_to_virt(dst), mfn_to_virt(src), PAGE_SIZE);
        page_put(src);
    }
    page_put_and_type(d, dst);
    return rc;
}

static long mmuext_one(struct vcpu *v, const struct mmuext_op *op)
{
    struct domain *d = v->dom;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return page_pin(d, op->arg1.mfn, PGT_l1 + op->cmd - MMUEXT_PIN_L1_TABLE);
    case MMUEXT_UNPIN_TABLE:
        return page_unpin(d, op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
        return new_baseptr(v, op->arg1.mfn);
    case MMUEXT_NEW_USER_BASEPTR:    /* no user page tables: only "none" */
        return op->arg1.mfn ? -XEN_EINVAL : 0;
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
        if (!vcpumask_ok((uint64_t)op->arg2.vcpumask.p))
            return -XEN_EINVAL;
        /* one vcpu: a flush of any set is a local one */
        if (op->cmd == MMUEXT_INVLPG_MULTI) {
            if (guest_va_ok(op->arg1.linear_addr))
                invlpg(op->arg1.linear_addr);
            return 0;
        }
        flush_tlb();
        return 0;
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_ALL:
        flush_tlb();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_ALL:
        if (guest_va_ok(op->arg1.linear_addr))
            invlpg(op->arg1.linear_addr);
        return 0;
    case MMUEXT_SET_LDT:             /* no LDT support: only "no LDT" */
        return op->arg2.nr_ents ? -XEN_EINVAL : 0;
    case MMUEXT_CLEAR_PAGE:
        return page_op(d, op->arg1.mfn, MFN_INVALID);
    case MMUEXT_COPY_PAGE:
        return page_op(d, op->arg1.mfn, op->arg2.src_mfn);
    case MMUEXT_FLUSH_CACHE:
        return -XEN_EACCES;          /* as Xen for a domain without devices */
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        return -XEN_EINVAL;
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -XEN_EOPNOTSUPP;      /* superpages are not offered */
    }
    return -XEN_ENOSYS;
}

/* mmuext_op(ops, count, pdone, foreigndom): stops at the first failure;
 * preemptible between operations. */
long do_mmuext_op(HYPERCALL_ARGS)
{
    struct batch b = batch_start(a1, a2, a3);
    struct mmuext_op op;
    uint32_t i;
    long rc = check_foreign(current->dom, a4);

    for (i = 0; !rc && i < b.count; i++) {
        if (i && hypercall_preempt_check())
            return batch_continue(&b, __HYPERVISOR_mmuext_op, i, sizeof(op),
                                  a4);
        if (copy_from_guest(&op, b.reqs + i * sizeof(op), sizeof(op)) ?
                (rc = -XEN_EFAULT) : (rc = mmuext_one(current, &op)))
            break;
    }
    return batch_finish(&b, rc, i);
}

/*
 * A grant host mapping at va: the L1 entry (marked PTE_GNT so the guest
 * cannot change it but through unmap) replaces whatever was there.  The
 * L1 frame keeps a reference and its type while the mapping lives, so
 * it can be neither freed nor retyped under us.
 */
int16_t pv_grant_pte_install(struct vcpu *v, uint64_t va, uint64_t mfn,
                             bool writable, uint64_t *l1_mfn, uint32_t *idx)
{
    uint64_t l1;
    pte_t *slot, old;

    if (!guest_va_ok(va) || (va & (PAGE_SIZE - 1)) ||
        (l1 = l1_frame(v, va)) == MFN_INVALID ||
        frame_table[l1].owner != v->dom->id ||
        frame_table[l1].type != PGT_l1)
        return GNTST_general_error;    /* as Xen: no L1 to put it in */
    slot = (pte_t *)mfn_to_virt(l1) + pt_index(va, 1);
    old = *slot;
    if ((old & PTE_GNT) || page_get_and_type(v->dom, l1, PGT_l1))
        return GNTST_bad_virt_addr;
    *slot = (mfn << PAGE_SHIFT) | PTE_P | PTE_US | PTE_A | PTE_D | PTE_GNT |
            (writable ? PTE_RW : 0);
    pte_put(v->dom, old, PGT_l1);
    flush_tlb();
    *l1_mfn = l1;
    *idx = pt_index(va, 1);
    return GNTST_okay;
}

void pv_grant_pte_remove(uint64_t l1_mfn, uint32_t idx, uint64_t mfn)
{
    pte_t *slot = (pte_t *)mfn_to_virt(l1_mfn) + idx;
    struct domain *owner = domain_by_id(frame_table[l1_mfn].owner);

    if ((*slot & PTE_GNT) && pte_mfn(*slot) == mfn)
        *slot = 0;
    flush_tlb();
    if (owner)
        page_put_and_type(owner, l1_mfn);
}
