/* Grant-table client, v1: our shared entries; map, unmap and copy of others' grants. */
#include <libos/gnttab.h>
#include <libos/libos.h>
#include <libos/mm.h>
#include <xen/errno.h>

#define PER_FRAME  (MM_PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MAX_REFS   (GNTTAB_FRAMES * PER_FRAME)
#define WORD_BITS  64

static grant_entry_v1_t *entries;      /* our table, mapped writable */
static unsigned nr_refs;
static uint64_t in_use[MAX_REFS / WORD_BITS];

int gnttab_init(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_setup_table s = { .dom = DOMID_SELF };
    xen_pfn_t frames[GNTTAB_FRAMES];
    uint64_t va;
    int rc;

    if (entries)
        return 0;
    if ((rc = mm_init()) ||
        (rc = hypercall_grant_table_op(GNTTABOP_query_size, &q, 1)))
        return rc;
    if (q.status != GNTST_okay)
        return -XEN_EIO;
    s.nr_frames = q.max_nr_frames < GNTTAB_FRAMES ? q.max_nr_frames
                                                  : GNTTAB_FRAMES;
    set_xen_guest_handle(s.frame_list, frames);
    if ((rc = hypercall_grant_table_op(GNTTABOP_setup_table, &s, 1)))
        return rc;
    if (s.status != GNTST_okay || !(va = mm_va_alloc(s.nr_frames)))
        return s.status != GNTST_okay ? -XEN_EIO : -XEN_ENOMEM;
    for (unsigned i = 0; i < s.nr_frames; i++)
        if ((rc = mm_map(va + i * MM_PAGE_SIZE, frames[i], MM_WRITABLE)))
            return rc;
    for (unsigned r = 0; r < GNTTAB_NR_RESERVED_ENTRIES; r++)
        in_use[r / WORD_BITS] |= 1UL << (r % WORD_BITS);
    nr_refs = s.nr_frames * PER_FRAME;
    entries = (grant_entry_v1_t *)va;
    return 0;
}

static int ref_alloc(void)
{
    for (unsigned w = 0; w < nr_refs / WORD_BITS; w++)
        if (~in_use[w]) {
            unsigned b = __builtin_ctzl(~in_use[w]);
            in_use[w] |= 1UL << b;
            return w * WORD_BITS + b;
        }
    return -XEN_ENOSPC;
}

static int ref_granted(grant_ref_t ref)
{
    return ref >= GNTTAB_NR_RESERVED_ENTRIES && ref < nr_refs &&
           (in_use[ref / WORD_BITS] >> (ref % WORD_BITS) & 1);
}

int gnttab_grant_access(domid_t domid, uint64_t mfn, int readonly)
{
    int ref = entries && !(mfn >> 32) ? ref_alloc() : -XEN_EINVAL;
    grant_entry_v1_t *e;

    if (ref < 0)
        return ref;                     /* v1 frames are 32 bits */
    e = &entries[ref];
    e->frame = mfn;
    e->domid = domid;
    /* frame and domid before the flags that make the entry valid */
    __atomic_store_n(&e->flags,
                     GTF_permit_access | (readonly ? GTF_readonly : 0),
                     __ATOMIC_RELEASE);
    return ref;
}

int gnttab_end_access(grant_ref_t ref)
{
    uint16_t flags;

    if (!ref_granted(ref))
        return -XEN_EINVAL;
    flags = __atomic_load_n(&entries[ref].flags, __ATOMIC_ACQUIRE);
    do {
        if (flags & (GTF_reading | GTF_writing))
            return -XEN_EBUSY;
    } while (!__atomic_compare_exchange_n(&entries[ref].flags, &flags, 0,
                                          0, __ATOMIC_SEQ_CST,
                                          __ATOMIC_ACQUIRE));
    in_use[ref / WORD_BITS] &= ~(1UL << (ref % WORD_BITS));
    return 0;
}

uint16_t gnttab_flags(grant_ref_t ref)
{
    return ref < nr_refs ? __atomic_load_n(&entries[ref].flags,
                                           __ATOMIC_ACQUIRE) : 0;
}

int gnttab_map(domid_t dom, grant_ref_t ref, uint64_t va, int readonly,
               grant_handle_t *handle)
{
    gnttab_map_grant_ref_t op = {
        .host_addr = va, .ref = ref, .dom = dom,
        .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
    };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc)
        return rc;
    *handle = op.handle;
    return op.status;
}

int gnttab_unmap(grant_handle_t handle, uint64_t va)
{
    gnttab_unmap_grant_ref_t op = { .host_addr = va, .handle = handle };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    return rc ? rc : op.status;
}

int gnttab_copy(const struct gnttab_copy_ptr *src,
                const struct gnttab_copy_ptr *dst, uint16_t len,
                uint16_t flags)
{
    gnttab_copy_t op = { .source = *src, .dest = *dst, .len = len,
                         .flags = flags };
    long rc = hypercall_grant_table_op(GNTTABOP_copy, &op, 1);

    return rc ? rc : op.status;
}

int gnttab_copy_batch(gnttab_copy_t *ops, unsigned n)
{
    return n ? (int)hypercall_grant_table_op(GNTTABOP_copy, ops, n) : 0;
}
