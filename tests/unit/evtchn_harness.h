/* The hypervisor around evtchn.c and evtchn_fifo.c, for their host unit tests. */
#ifndef TESTS_UNIT_EVTCHN_HARNESS_H
#define TESTS_UNIT_EVTCHN_HARNESS_H

#include <stdlib.h>
#include <string.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/mm.h>
#include <xen/errno.h>
#include "check.h"

/*
 * What evtchn.c needs from the rest of the hypervisor.  Domains live in
 * doms[] by id; pages come from calloc and are remembered so teardown can
 * free them (ASan's leak check runs at exit); pages_left > 0 limits them
 * to test -ENOMEM (-1: unlimited).
 */
#define MAX_DOMS  8
#define MAX_PAGES 64

static struct domain *doms[MAX_DOMS];
static void *pages[MAX_PAGES];
static int nr_pages, pages_left = -1;
static int wakes;                       /* sched_wake_event calls */
static struct vcpu *wake_vcpu;
static evtchn_port_t wake_port;

/* Guest frames FIFO may take: page-aligned host memory whose "mfn" makes
 * mfn_to_virt give it back; refs counts page_get_and_type's references. */
#define MAX_FRAMES 8
static void *frames[MAX_FRAMES];
static int frame_refs[MAX_FRAMES], nr_frames;

static inline uint64_t frame_new(void)
{
    void *p = aligned_alloc(4096, 4096);

    memset(p, 0, 4096);
    frames[nr_frames++] = p;
    return ((uint64_t)p - HV_DIRECTMAP_BASE) >> PAGE_SHIFT;
}

static inline int frame_index(uint64_t mfn)
{
    for (int i = 0; i < nr_frames; i++)
        if (mfn_to_virt(mfn) == frames[i])
            return i;
    return -1;
}

int page_get_and_type(struct domain *d, uint64_t mfn, unsigned type)
{
    int i = frame_index(mfn);

    if (i < 0 || type != PGT_writable)
        return -XEN_EINVAL;
    frame_refs[i]++;
    return 0;
}

void page_put_and_type(struct domain *d, uint64_t mfn)
{
    int i = frame_index(mfn);

    CHECK(i >= 0 && frame_refs[i] > 0);
    if (i >= 0)
        frame_refs[i]--;
}

struct domain *domain_by_id(domid_t id)
{
    return id < MAX_DOMS ? doms[id] : NULL;
}

void *domain_alloc_page(struct domain *d)
{
    if (pages_left == 0 || nr_pages == MAX_PAGES)
        return NULL;
    if (pages_left > 0)
        pages_left--;
    return pages[nr_pages++] = calloc(1, 4096);
}

void sched_wake_event(struct vcpu *v, evtchn_port_t port)
{
    wakes++;
    wake_vcpu = v;
    wake_port = port;
}

/* A domain as domain_create leaves it, with evtchn_init done. */
static inline struct domain *dom_new(domid_t id, bool privileged)
{
    struct domain *d = calloc(1, sizeof(*d));

    d->id = id;
    d->privileged = privileged;
    d->shared_info = calloc(1, sizeof(shared_info_t));
    d->vcpu0.dom = d;
    d->vcpu0.info = &d->shared_info->vcpu_info[0];
    doms[id] = d;
    CHECK(evtchn_init(d) == 0);
    return d;
}

static inline void teardown(void)
{
    for (int i = 0; i < MAX_DOMS; i++) {
        if (doms[i]) {
            free(doms[i]->shared_info);
            free(doms[i]);
        }
        doms[i] = NULL;
    }
    while (nr_pages)
        free(pages[--nr_pages]);
    while (nr_frames) {
        frame_refs[--nr_frames] = 0;
        free(frames[nr_frames]);
    }
    pages_left = -1;
    wakes = 0;
    wake_vcpu = NULL;
    wake_port = 0;
}

static inline bool bit(const xen_ulong_t *w, unsigned n)
{
    return w[n / 64] >> (n % 64) & 1;
}

static inline bool pending(struct domain *d, evtchn_port_t p)
{
    return bit(d->shared_info->evtchn_pending, p);
}

static inline bool sel(struct domain *d, evtchn_port_t p)
{
    return d->vcpu0.info->evtchn_pending_sel >> (p / 64) & 1;
}

/* Forget every pending event of d, as a guest's upcall would. */
static inline void clear_events(struct domain *d)
{
    memset(d->shared_info->evtchn_pending, 0,
           sizeof(d->shared_info->evtchn_pending));
    d->vcpu0.info->evtchn_pending_sel = 0;
    d->vcpu0.info->evtchn_upcall_pending = 0;
    wakes = 0;
}

static inline uint32_t status_of(struct domain *d, domid_t dom, evtchn_port_t p,
                          evtchn_status_t *st)
{
    memset(st, 0xee, sizeof(*st));
    st->dom = dom;
    st->port = p;
    CHECK(evtchn_status(d, st) == 0);
    return st->status;
}

static inline evtchn_port_t unbound(struct domain *d, domid_t dom, domid_t remote)
{
    evtchn_alloc_unbound_t a = { .dom = dom, .remote_dom = remote };

    CHECK(evtchn_alloc_unbound(d, &a) == 0);
    return a.port;
}

static inline int bind(struct domain *d, domid_t rdom, evtchn_port_t rport,
                evtchn_port_t *local)
{
    evtchn_bind_interdomain_t b = { .remote_dom = rdom, .remote_port = rport };
    int rc = evtchn_bind_interdomain(d, &b);

    *local = b.local_port;
    return rc;
}

static inline int bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
                     evtchn_port_t *port)
{
    evtchn_bind_virq_t b = { .virq = virq, .vcpu = vcpu };
    int rc = evtchn_bind_virq(d, &b);

    *port = b.port;
    return rc;
}

static inline evtchn_port_t ipi(struct domain *d)
{
    evtchn_bind_ipi_t b = { .vcpu = 0 };

    CHECK(evtchn_bind_ipi(d, &b) == 0);
    return b.port;
}

/* d0 offers a port to d1, d1 binds it: returns d0's port, *lp d1's. */
static inline evtchn_port_t connect(struct domain *d0, struct domain *d1,
                             evtchn_port_t *lp)
{
    evtchn_port_t p = unbound(d0, DOMID_SELF, d1->id);

    CHECK(bind(d1, d0->id, p, lp) == 0);
    return p;
}

#endif
