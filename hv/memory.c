/* memory_op: a domain's reservation (grow, shrink, populate) and the memory facts it may read. */
#include <arch/cpu.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <xen/errno.h>
#include <xen/memory.h>

/* The low bits of cmd name the operation; Xen keeps a continuation above. */
#define MEMOP_CMD_MASK ((1u << 6) - 1)

/* E820 entry as the BIOS returns it (XENMEM_memory_map). */
struct e820_entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));
#define E820_RAM 1

/* The domain an operation names: DOMID_SELF, or any for the privileged.
 * NULL with *rc = -ESRCH (no such domain) or -EPERM, in Xen's order. */
static struct domain *target(domid_t id, long *rc)
{
    struct domain *d = current->dom, *t;

    if (id == DOMID_SELF || id == d->id)
        return d;
    t = domain_by_id(id);
    if (!t || domain_dying(t))
        *rc = -XEN_ESRCH;
    else if (!d->privileged)
        *rc = -XEN_EPERM;
    else
        return t;
    return NULL;
}

/* Give a guest frame back: only when nothing references it any more. */
static int release_frame(struct domain *d, uint64_t mfn)
{
    struct frame *f;

    if (!frame_is_ram(mfn) || frame_table[mfn].owner != d->id)
        return -XEN_EINVAL;
    f = &frame_table[mfn];
    if (f->ref_count || f->type_count ||
        (f->flags & (FRAME_F_PINNED | FRAME_F_XENHEAP)))
        return -XEN_EBUSY;
    m2p[mfn] = ~0UL;
    frame_free(mfn, &d->pages);
    d->nr_pages--;
    return 0;
}

/*
 * increase/decrease_reservation and populate_physmap, extent order 0.
 * Returns how many extents were done, as Xen, or an errno for bad input.
 */
static long reservation(unsigned cmd, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct domain *d;
    xen_pfn_t x;
    uint64_t i;
    long rc;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -XEN_EFAULT;
    if (!(d = target(r.domid, &rc)))
        return rc;
    if (r.extent_order)
        return -XEN_EINVAL;            /* single pages only */
    for (i = 0; i < r.nr_extents; i++) {
        uint64_t slot = (uint64_t)r.extent_start.p + i * sizeof(x), mfn;
        if (cmd != XENMEM_increase_reservation &&
            copy_from_guest(&x, slot, sizeof(x)))
            break;
        if (cmd == XENMEM_decrease_reservation) {
            if (release_frame(d, x))
                break;
            continue;
        }
        if (d->nr_pages >= d->max_pages ||
            (mfn = mm_alloc_zeroed(d->id, &d->pages)) == MFN_INVALID)
            break;
        d->nr_pages++;
        m2p[mfn] = cmd == XENMEM_populate_physmap ? x : ~0UL;
        x = mfn;
        if (copy_to_guest(slot, &x, sizeof(x)))
            break;                     /* the frame stays the domain's */
    }
    if (cmd == XENMEM_decrease_reservation && i)
        write_cr3(read_cr3());         /* no stale translation to a freed frame */
    return i;
}

static long memory_map(uint64_t arg)
{
    struct xen_memory_map m;
    struct e820_entry e = { 0, current->dom->max_pages * PAGE_SIZE, E820_RAM };

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -XEN_EFAULT;
    if (m.nr_entries < 1)
        return 0;                      /* room for none: nothing written */
    m.nr_entries = 1;                  /* pseudo-physical RAM from 0 */
    if (copy_to_guest((uint64_t)m.buffer.p, &e, sizeof(e)) ||
        copy_to_guest(arg, &m, sizeof(m)))
        return -XEN_EFAULT;
    return 0;
}

long do_memory_op(HYPERCALL_ARGS)
{
    unsigned cmd = a1 & MEMOP_CMD_MASK;
    struct domain *d;
    domid_t id;
    long rc;

    switch (cmd) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation(cmd, a2);
    case XENMEM_maximum_ram_page:
        return frame_table_size - 1;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        if (copy_from_guest(&id, a2, sizeof(id)))
            return -XEN_EFAULT;
        if (!(d = target(id, &rc)))
            return rc;
        return cmd == XENMEM_current_reservation ? d->nr_pages : d->max_pages;
    case XENMEM_maximum_gpfn:
        if (copy_from_guest(&id, a2, sizeof(id)))
            return -XEN_EFAULT;
        if (!(d = target(id, &rc)))
            return rc;
        return d->max_pages - 1;
    case XENMEM_machphys_mapping: {
        xen_machphys_mapping_t m = { MACH2PHYS_VIRT_START,
                                     MACH2PHYS_VIRT_START + frame_table_size * 8,
                                     frame_table_size - 1 };
        return copy_to_guest(a2, &m, sizeof(m)) ? -XEN_EFAULT : 0;
    }
    case XENMEM_memory_map:
        return memory_map(a2);
    }
    return -XEN_ENOSYS;
}
