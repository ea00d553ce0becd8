/* Frame references and types; validating and releasing guest page tables. */
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv_pt.h>
#include <xen/errno.h>

#define FRAME_F_VALIDATING 0x02      /* being validated: refuse cycles */

/* Entry bits a guest may not set: our grant marker (62), cache control
 * (guest RAM is write-back), superpages in L2-L4 (PSE) and PAT in L1. */
#define L1_DISALLOWED (PTE_GNT | PTE_PCD | PTE_PWT | PTE_PSE)
#define LN_DISALLOWED (PTE_GNT | PTE_PCD | PTE_PWT | PTE_G | PTE_PSE)

static bool is_pt_type(unsigned type)
{
    return type >= PGT_l1 && type <= PGT_l4;
}

int page_get(struct domain *d, uint64_t mfn)
{
    if (!frame_is_ram(mfn) || frame_table[mfn].owner != d->id)
        return -XEN_EINVAL;
    frame_table[mfn].ref_count++;
    return 0;
}

void page_put(uint64_t mfn)
{
    ASSERT(frame_table[mfn].ref_count);
    frame_table[mfn].ref_count--;
}

static int validate(struct domain *d, uint64_t mfn, unsigned type);
static void release(struct domain *d, uint64_t mfn, unsigned type);

int page_get_type(struct domain *d, uint64_t mfn, unsigned type)
{
    struct frame *f = &frame_table[mfn];
    int rc;

    if (f->flags & FRAME_F_VALIDATING)
        return -XEN_EINVAL;            /* a table reaching itself */
    if ((f->flags & FRAME_F_XENHEAP) && type != PGT_writable)
        return -XEN_EINVAL;            /* shared_info, grant frames: data only */
    if (f->type_count) {
        if (f->type != type)
            return -XEN_EINVAL;        /* in use as something else */
        f->type_count++;
        return 0;
    }
    if (is_pt_type(type)) {
        f->flags |= FRAME_F_VALIDATING;
        rc = validate(d, mfn, type);
        f->flags &= ~FRAME_F_VALIDATING;
        if (rc)
            return rc;
    }
    f->type = type;
    f->type_count = 1;
    return 0;
}

void page_put_type(struct domain *d, uint64_t mfn)
{
    struct frame *f = &frame_table[mfn];

    ASSERT(f->type_count);
    if (--f->type_count)
        return;
    if (is_pt_type(f->type))
        release(d, mfn, f->type);
    f->type = PGT_none;
}

int page_get_and_type(struct domain *d, uint64_t mfn, unsigned type)
{
    int rc = page_get(d, mfn);

    if (rc)
        return rc;
    if ((rc = page_get_type(d, mfn, type)))
        page_put(mfn);
    return rc;
}

void page_put_and_type(struct domain *d, uint64_t mfn)
{
    page_put_type(d, mfn);
    page_put(mfn);
}

/* An L1 entry: own RAM (shared hypervisor pages included); writable needs
 * the writable type.  Errors as Xen's get_page_from_l1e: bad bits -EINVAL,
 * past the end of memory -EPERM, a frame that cannot be had -EBUSY. */
static int l1e_get(struct domain *d, pte_t e)
{
    uint64_t mfn = pte_mfn(e);

    if (e & L1_DISALLOWED)
        return -XEN_EINVAL;
    if (mfn >= frame_table_size)
        return -XEN_EPERM;
    if (page_get(d, mfn))
        return -XEN_EBUSY;
    if ((e & PTE_RW) && page_get_type(d, mfn, PGT_writable)) {
        page_put(mfn);
        return -XEN_EBUSY;
    }
    return 0;
}

int pte_get(struct domain *d, pte_t e, unsigned table_type)
{
    if (!(e & PTE_P))
        return 0;
    if (table_type == PGT_l1)
        return l1e_get(d, e);
    if (e & LN_DISALLOWED)
        return -XEN_EINVAL;
    return page_get_and_type(d, pte_mfn(e), table_type - 1);
}

void pte_put(struct domain *d, pte_t e, unsigned table_type)
{
    uint64_t mfn = pte_mfn(e);

    if (!(e & PTE_P) || (e & PTE_GNT))
        return;                        /* grant mappings: the grant table's */
    if (table_type != PGT_l1) {
        page_put_and_type(d, mfn);
        return;
    }
    if (e & PTE_RW)
        page_put_type(d, mfn);
    page_put(mfn);
}

/* Take every entry's references; Xen's own L4 slots are (re)written, and
 * present entries get the user bit (64-bit PV kernels run in ring 3). */
static int validate(struct domain *d, uint64_t mfn, unsigned type)
{
    pte_t *t = mfn_to_virt(mfn);
    int rc;

    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        if (type == PGT_l4 && l4_slot_is_xen(i)) {
            t[i] = idle_l4[i];
            continue;
        }
        if (!(rc = pte_get(d, t[i], type))) {
            if (t[i] & PTE_P)
                t[i] |= PTE_US;
            continue;
        }
        while (i--)
            if (!(type == PGT_l4 && l4_slot_is_xen(i)))
                pte_put(d, t[i], type);
        return rc;
    }
    return 0;
}

static void release(struct domain *d, uint64_t mfn, unsigned type)
{
    pte_t *t = mfn_to_virt(mfn);

    for (unsigned i = 0; i < PT_ENTRIES; i++)
        if (!(type == PGT_l4 && l4_slot_is_xen(i)))
            pte_put(d, t[i], type);
}

int page_pin(struct domain *d, uint64_t mfn, unsigned type)
{
    int rc;

    if (frame_is_ram(mfn) && (frame_table[mfn].flags & FRAME_F_PINNED))
        return -XEN_EINVAL;            /* already pinned */
    if ((rc = page_get_and_type(d, mfn, type)))
        return rc;
    frame_table[mfn].flags |= FRAME_F_PINNED;
    return 0;
}

int page_unpin(struct domain *d, uint64_t mfn)
{
    if (!frame_is_ram(mfn) || frame_table[mfn].owner != d->id ||
        !(frame_table[mfn].flags & FRAME_F_PINNED))
        return -XEN_EINVAL;
    frame_table[mfn].flags &= ~FRAME_F_PINNED;
    page_put_and_type(d, mfn);
    return 0;
}
