/* grant_table_op: batches of map, unmap and copy; setup, size and version. */
#include <stddef.h>
#include <hv/gnttab.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <xen/errno.h>

/* The domain a setup/query names: self, or any for the privileged. */
static struct domain *gnt_target(domid_t id)
{
    struct domain *d = current->dom;

    if (id == DOMID_SELF || id == d->id)
        return d;
    return d->privileged ? domain_by_id(id) : NULL;
}

static long setup_table(uint64_t arg)
{
    struct gnttab_setup_table op;
    struct domain *d;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -XEN_EFAULT;
    if (!(d = gnt_target(op.dom)))
        op.status = GNTST_bad_domain;
    else if (!(op.status = gnttab_setup(d, op.nr_frames)))
        for (unsigned i = 0; i < op.nr_frames; i++) {
            xen_pfn_t mfn = virt_to_maddr(d->gnt.shared[i]) >> PAGE_SHIFT;
            if (copy_to_guest((uint64_t)op.frame_list.p + i * sizeof(mfn),
                              &mfn, sizeof(mfn)))
                return -XEN_EFAULT;
        }
    return copy_to_guest(arg, &op, sizeof(op)) ? -XEN_EFAULT : 0;
}

static long query_size(uint64_t arg)
{
    struct gnttab_query_size op;
    struct domain *d;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -XEN_EFAULT;
    if (!(d = gnt_target(op.dom))) {
        op.status = GNTST_bad_domain;
    } else {
        op.nr_frames = d->gnt.nr_frames;
        op.max_nr_frames = GNT_MAX_FRAMES;
        op.status = GNTST_okay;
    }
    return copy_to_guest(arg, &op, sizeof(op)) ? -XEN_EFAULT : 0;
}

/* Version 1 only: asking for 2 fails as on a Xen limited to v1. */
static long set_version(uint64_t arg)
{
    struct gnttab_set_version op;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -XEN_EFAULT;
    if (op.version != 0 && op.version != 1)
        return op.version == 2 ? -XEN_ENOSYS : -XEN_EINVAL;
    op.version = 1;
    return copy_to_guest(arg, &op, sizeof(op)) ? -XEN_EFAULT : 0;
}

/*
 * Run count operations of one type from uops; every one gets a status.
 * count is 32-bit (the ABI's unsigned int).  Preemptible between
 * operations, as Xen: the continuation is the same cmd over the rest.
 */
#define BATCH(name, type, call)                                            \
    static long name(unsigned cmd, uint64_t uops, uint32_t count)          \
    {                                                                      \
        type op;                                                           \
        for (uint32_t i = 0; i < count; i++) {                             \
            uint64_t gva = uops + (uint64_t)i * sizeof(op);                \
            if (i && hypercall_preempt_check())                            \
                return hypercall_continue(__HYPERVISOR_grant_table_op,     \
                                          cmd, gva, count - i, 0, 0);      \
            if (copy_from_guest(&op, gva, sizeof(op)))                     \
                return -XEN_EFAULT;                                        \
            op.status = call;                                              \
            if (copy_to_guest(gva, &op, sizeof(op)))                       \
                return -XEN_EFAULT;                                        \
        }                                                                  \
        return 0;                                                          \
    }

BATCH(batch_map, gnttab_map_grant_ref_t, gnttab_map(current, &op))
BATCH(batch_unmap, gnttab_unmap_grant_ref_t, gnttab_unmap(current, &op))
BATCH(batch_copy, gnttab_copy_t, gnttab_copy(current->dom, &op))

long do_grant_table_op(HYPERCALL_ARGS)
{
    switch (a1) {
    case GNTTABOP_map_grant_ref:
        return batch_map(a1, a2, a3);
    case GNTTABOP_unmap_grant_ref:
        return batch_unmap(a1, a2, a3);
    case GNTTABOP_copy:
        return batch_copy(a1, a2, a3);
    case GNTTABOP_setup_table:
        return setup_table(a2);
    case GNTTABOP_query_size:
        return query_size(a2);
    case GNTTABOP_set_version:
        return set_version(a2);
    case GNTTABOP_get_version: {
        struct gnttab_get_version op;
        if (copy_from_guest(&op, a2, sizeof(op)))
            return -XEN_EFAULT;
        op.version = 1;
        return copy_to_guest(a2, &op, sizeof(op)) ? -XEN_EFAULT : 0;
    }
    }
    return -XEN_ENOSYS;
}
