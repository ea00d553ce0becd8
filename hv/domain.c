/* Domain lifetime: ids, the state machine of domain.h, and its one owner. */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <xen/sched.h>

static struct domain *domains[DOMID_FIRST_RESERVED];
static unsigned nr_domains;
static domid_t id_rover;            /* where the search for a free id starts */
static bool any_unclean;
static bool dom0_mode;              /* Xen's boot: domain 0 runs the show */
static struct domain *reap_list;    /* DYING, waiting for domain_reap */

struct domain *domain_by_id(domid_t id)
{
    return id < DOMID_FIRST_RESERVED ? domains[id] : NULL;
}

unsigned domain_count(void)
{
    return nr_domains;
}

/* As Xen, ids are handed out by a rover rather than lowest-first, so a
 * just-freed id is not reused at once; the search is O(1) amortized while
 * the id space is not nearly full. */
static int id_alloc(domid_t *out)
{
    for (unsigned n = 0; n < DOMID_FIRST_RESERVED; n++) {
        domid_t id = id_rover;
        id_rover = (id_rover + 1) % DOMID_FIRST_RESERVED;
        if (!domains[id]) {
            *out = id;
            return 0;
        }
    }
    return -1;
}

struct domain *domain_create(const char *name)
{
    struct frame_list heap = FRAME_LIST_INIT;
    struct domain *d;
    domid_t id;
    uint64_t mfn;

    if (nr_domains == DOMID_FIRST_RESERVED || id_alloc(&id))
        return NULL;
    mfn = mm_alloc_zeroed(DOMID_XEN, &heap);
    if (mfn == MFN_INVALID)
        return NULL;
    d = mfn_to_virt(mfn);
    d->xenheap = heap;
    d->id = id;
    d->state = DOMAIN_CREATED;
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

void domain_built(struct domain *d, uint32_t weight)
{
    ASSERT(d->state == DOMAIN_CREATED);
    d->state = DOMAIN_RUNNING;
    sched_add(&d->vcpu0, weight);
}

void domain_set_dom0_mode(void)
{
    dom0_mode = true;
}

/* As Xen: when the control domain goes, so does the machine (every other
 * domain is destroyed, and the power-off status is domain 0's). */
static void destroy_all(void)
{
    for (domid_t id = 0; id < DOMID_FIRST_RESERVED && nr_domains; id++)
        if (domains[id])
            domain_destroy(domains[id]);
}

void domain_shutdown(struct domain *d, int reason)
{
    if (!domain_alive(d))
        return;
    d->state = DOMAIN_SHUTDOWN;
    d->shutdown_reason = reason;
    /* with a toolstack, how a domU ended is the toolstack's business */
    if (reason != SHUTDOWN_poweroff && (!dom0_mode || d->privileged))
        any_unclean = true;
    console_guest_flush(d);
    sched_remove(&d->vcpu0);
    evtchn_send_global_virq(VIRQ_DOM_EXC);
    if (dom0_mode && d->privileged)
        destroy_all();
    else if (d->destroy_on_shutdown)
        domain_destroy(d);
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

static void reap_later(struct domain *d)
{
    if (d->reaping)
        return;
    d->reaping = true;
    d->reap_next = reap_list;       /* any number may die before we run */
    reap_list = d;
    sched_request();
}

void domain_destroy(struct domain *d)
{
    if (domain_dying(d))
        return;
    if (d->state == DOMAIN_RUNNING)
        sched_remove(&d->vcpu0);
    d->state = DOMAIN_DYING;
    d->paused = false;
    reap_later(d);
}

void domain_unpinned(struct domain *d)
{
    if (domain_dying(d))
        reap_later(d);
}

/* The memory of a gone domain: its frames, then its hypervisor pages (this
 * struct among them, so last). */
static void domain_free(struct domain *d)
{
    struct frame_list heap = d->xenheap;
    domid_t id = d->id;
    uint64_t n;

    for (uint32_t f = d->pages.head; f != FRAME_NIL; f = frame_table[f].next)
        m2p[f] = ~0UL;
    n = frame_free_list(&d->pages);
    domains[id] = NULL;
    nr_domains--;
    frame_free_list(&heap);
    LOG("d%u destroyed: %lu frames returned, %lu free", id, n,
        frame_free_count());
    evtchn_send_global_virq(VIRQ_DOM_EXC);      /* xenstored: @releaseDomain */
}

/* Tear down what d holds of others; free it unless others still map its
 * grants (then gnttab calls domain_unpinned when the last one goes). */
static void reap_one(struct domain *d)
{
    d->reaping = false;
    evtchn_destroy(d);
    gnttab_domain_destroy(d);
    if (gnttab_foreign_maps(d)) {
        LOG("d%u (%s) dying: %u of its grants still mapped", d->id, d->name,
            gnttab_foreign_maps(d));
        return;
    }
    domain_free(d);
}

bool domain_reap_pending(void)
{
    return reap_list != NULL;
}

void domain_reap(void)
{
    ASSERT(!current || !domain_dying(current->dom));
    while (reap_list) {
        struct domain *d = reap_list;
        reap_list = d->reap_next;
        reap_one(d);
    }
}

bool domains_all_clean(void)
{
    return !any_unclean;
}

void domain_note_failure(void)
{
    any_unclean = true;
}
