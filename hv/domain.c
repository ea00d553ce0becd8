/* Domain lifetime: ids, creation, shutdown, kill, destruction. */
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <xen/sched.h>

static struct domain *domains[DOMID_FIRST_RESERVED];
static unsigned nr_domains;
static bool any_unclean;

struct domain *domain_by_id(domid_t id)
{
    return id < DOMID_FIRST_RESERVED ? domains[id] : NULL;
}

unsigned domain_count(void)
{
    return nr_domains;
}

struct domain *domain_create(const char *name)
{
    struct frame_list heap = FRAME_LIST_INIT;
    struct domain *d;
    domid_t id;
    uint64_t mfn;

    for (id = 0; id < DOMID_FIRST_RESERVED && domains[id]; id++)
        ;
    if (id == DOMID_FIRST_RESERVED)
        return NULL;
    mfn = mm_alloc_zeroed(DOMID_XEN, &heap);
    if (mfn == MFN_INVALID)
        return NULL;
    d = mfn_to_virt(mfn);
    d->xenheap = heap;
    d->id = id;
    strlcpy(d->name, name, sizeof(d->name));
    d->pages = (struct frame_list)FRAME_LIST_INIT;
    d->shutdown_reason = -1;
    d->vcpu0.dom = d;
    d->vcpu0.id = 0;
    /* a grant table starts at one frame, as in Xen */
    if (!(d->shared_info = domain_alloc_shared_page(d)) ||
        pv_vcpu_init(&d->vcpu0) || evtchn_init(d) || gnttab_setup(d, 1)) {
        heap = d->xenheap;             /* this struct is on it: copy first */
        frame_free_list(&heap);
        return NULL;
    }
    d->shared_info_mfn = virt_to_maddr(d->shared_info) >> PAGE_SHIFT;
    d->vcpu0.info = &d->shared_info->vcpu_info[0];
    d->vcpu0.info->evtchn_upcall_mask = 1;      /* events start masked */
    time_domain_init(d);
    domains[id] = d;
    nr_domains++;
    return d;
}

void *domain_alloc_page(struct domain *d)
{
    uint64_t mfn = mm_alloc_zeroed(DOMID_XEN, &d->xenheap);

    return mfn == MFN_INVALID ? NULL : mfn_to_virt(mfn);
}

void *domain_alloc_shared_page(struct domain *d)
{
    uint64_t mfn = mm_alloc_zeroed(d->id, &d->xenheap);

    if (mfn == MFN_INVALID)
        return NULL;
    frame_table[mfn].flags |= FRAME_F_XENHEAP;
    return mfn_to_virt(mfn);
}

void domain_shutdown(struct domain *d, int reason)
{
    if (d->dying)
        return;
    d->dying = true;
    d->shutdown_reason = reason;
    if (reason != SHUTDOWN_poweroff)
        any_unclean = true;
    sched_remove(&d->vcpu0);
    evtchn_send_global_virq(VIRQ_DOM_EXC);
}

void domain_kill(struct domain *d, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    LOG("d%u (%s) killed: %s", d->id, d->name, why);
    domain_shutdown(d, -1);
}

void domain_destroy(struct domain *d)
{
    struct frame_list heap = d->xenheap;
    domid_t id = d->id;
    uint64_t n;

    ASSERT(&d->vcpu0 != current);
    evtchn_destroy(d);
    gnttab_domain_destroy(d);
    for (uint32_t f = d->pages.head; f != FRAME_NIL; f = frame_table[f].next)
        m2p[f] = ~0UL;
    n = frame_free_list(&d->pages);
    domains[id] = NULL;
    nr_domains--;
    frame_free_list(&heap);         /* this struct goes with it: last */
    LOG("d%u destroyed: %lu frames returned, %lu free", id, n,
        frame_free_count());
}

bool domains_all_clean(void)
{
    return !any_unclean;
}

void domain_note_failure(void)
{
    any_unclean = true;
}
