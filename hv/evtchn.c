/* Event channels: port allocation and binding, the 2-level pending/mask protocol (FIFO in evtchn_fifo.c). */
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <xen/errno.h>

#define BITS_PER_WORD 64

static struct evtchn *port_chn(struct domain *d, evtchn_port_t p)
{
    return &d->evtchn[p / EVTCHN_BUCKET_PORTS][p % EVTCHN_BUCKET_PORTS];
}

struct evtchn *evtchn_port(struct domain *d, evtchn_port_t p)
{
    return port_chn(d, p);
}

/* FIFO lifts the bound for the control domain only: a domU's ports cost
 * hypervisor pages (a bucket per 512), so it keeps 2-level's 4,096 on
 * either ABI, as Xen bounds domUs by max_evtchn_port (xl: 1,023). */
unsigned evtchn_max_ports(const struct domain *d)
{
    return evtchn_fifo_active(d) && d->privileged ? EVTCHN_FIFO_MAX_PORTS
                                                  : EVTCHN_MAX_PORTS;
}

static bool port_valid(struct domain *d, evtchn_port_t p)
{
    return p < d->evtchn_valid;
}

static bool bit_test_and_set(volatile xen_ulong_t *w, unsigned bit)
{
    return __atomic_fetch_or(&w[bit / BITS_PER_WORD], 1UL << (bit % BITS_PER_WORD),
                             __ATOMIC_SEQ_CST) & (1UL << (bit % BITS_PER_WORD));
}

static bool bit_test_and_clear(volatile xen_ulong_t *w, unsigned bit)
{
    return __atomic_fetch_and(&w[bit / BITS_PER_WORD],
                              ~(1UL << (bit % BITS_PER_WORD)), __ATOMIC_SEQ_CST) &
           (1UL << (bit % BITS_PER_WORD));
}

static bool bit_test(const volatile xen_ulong_t *w, unsigned bit)
{
    return w[bit / BITS_PER_WORD] & (1UL << (bit % BITS_PER_WORD));
}

/* The guest names a domain: DOMID_SELF or its own id, or (privileged) any. */
static struct domain *resolve(struct domain *d, domid_t id, int *rc)
{
    struct domain *t;

    if (id == DOMID_SELF || id == d->id)
        return d;
    if (!(t = domain_by_id(id)) || domain_dying(t)) {
        *rc = -XEN_ESRCH;
        return NULL;
    }
    if (!d->privileged) {
        *rc = -XEN_EPERM;
        return NULL;
    }
    return t;
}

/* A channel as a new binding starts: state, peer, FIFO's default queue. */
static void port_bind(struct evtchn *c, uint8_t state, domid_t rdom,
                      evtchn_port_t rport, unsigned virq)
{
    *c = (struct evtchn){ .state = state, .remote_dom = rdom,
                          .remote_port = rport, .virq = virq,
                          .priority = EVTCHN_FIFO_PRIORITY_DEFAULT,
                          .last_priority = EVTCHN_FIFO_PRIORITY_DEFAULT };
}

/* Lowest free port, growing the table a bucket at a time.  The search
 * starts at the hint (no free port below it), so a domain with thousands
 * of ports bound does not walk them all for each new one. */
static int port_alloc(struct domain *d, evtchn_port_t *port)
{
    for (evtchn_port_t p = d->evtchn_free_hint; p < d->evtchn_valid; p++)
        if (port_chn(d, p)->state == ECS_FREE) {
            *port = d->evtchn_free_hint = p;
            return 0;
        }
    if (d->evtchn_valid >= evtchn_max_ports(d))
        return -XEN_ENOSPC;
    if (!(d->evtchn[d->evtchn_valid / EVTCHN_BUCKET_PORTS] =
              domain_alloc_page(d)))
        return -XEN_ENOMEM;
    *port = d->evtchn_free_hint = d->evtchn_valid;
    d->evtchn_valid += EVTCHN_BUCKET_PORTS;
    return 0;
}

int evtchn_init(struct domain *d)
{
    evtchn_port_t p;
    int rc;

    if (!(d->evtchn = domain_alloc_page(d)))
        return -XEN_ENOMEM;
    if (!(rc = port_alloc(d, &p)))
        port_chn(d, 0)->state = ECS_RESERVED;
    return rc;
}

/* Mark port pending; if unmasked and newly so, raise the vcpu's upcall. */
static void set_pending(struct domain *d, evtchn_port_t port)
{
    shared_info_t *s = d->shared_info;
    struct vcpu *v = &d->vcpu0;

    if (d->evtchn_fifo) {
        evtchn_fifo_set_pending(d, port, port_chn(d, port));
        return;
    }
    if (bit_test_and_set(s->evtchn_pending, port))
        return;
    if (!bit_test(s->evtchn_mask, port) &&
        !bit_test_and_set(&v->info->evtchn_pending_sel, port / BITS_PER_WORD))
        v->info->evtchn_upcall_pending = 1;
    sched_wake_event(v, port);
}

int evtchn_alloc_unbound(struct domain *d, evtchn_alloc_unbound_t *a)
{
    int rc = 0;
    struct domain *t = resolve(d, a->dom, &rc);

    if (!t || (rc = port_alloc(t, &a->port)))
        return rc;
    port_bind(port_chn(t, a->port), ECS_UNBOUND,
              a->remote_dom == DOMID_SELF ? d->id : a->remote_dom, 0, 0);
    return 0;
}

int evtchn_bind_interdomain(struct domain *d, evtchn_bind_interdomain_t *b)
{
    domid_t rid = b->remote_dom == DOMID_SELF ? d->id : b->remote_dom;
    struct domain *r = domain_by_id(rid);
    struct evtchn *lc, *rc_;
    int rc;

    if (!r || domain_dying(r))
        return -XEN_ESRCH;
    if (!port_valid(r, b->remote_port))
        return -XEN_EINVAL;
    rc_ = port_chn(r, b->remote_port);
    if (rc_->state != ECS_UNBOUND || rc_->remote_dom != d->id)
        return -XEN_EINVAL;
    if ((rc = port_alloc(d, &b->local_port)))
        return rc;
    lc = port_chn(d, b->local_port);
    rc_ = port_chn(r, b->remote_port);  /* port_alloc may have grown d == r */
    port_bind(lc, ECS_INTERDOMAIN, r->id, b->remote_port, 0);
    /* the remote end keeps the queue its owner gave it */
    rc_->state = ECS_INTERDOMAIN;
    rc_->remote_dom = d->id;
    rc_->remote_port = b->local_port;
    /* notifications sent to the unbound remote port were lost: as Xen,
     * conservatively signal the new local port */
    set_pending(d, b->local_port);
    return 0;
}

/* Per-vcpu virqs are TIMER, DEBUG, XENOPROF, XENPMU; on x86 every other,
 * the VIRQ_ARCH_* ones included, is global. */
static bool virq_is_global(unsigned virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF &&
           virq != VIRQ_XENPMU;
}

int evtchn_bind_virq(struct domain *d, evtchn_bind_virq_t *b)
{
    struct vcpu *v = &d->vcpu0;
    int rc;

    if (b->virq >= NR_VIRQS)
        return -XEN_EINVAL;
    if (virq_is_global(b->virq) && b->vcpu != 0)
        return -XEN_EINVAL;
    if (b->vcpu != 0)
        return -XEN_ENOENT;
    if (v->virq_to_port[b->virq])
        return -XEN_EEXIST;
    if ((rc = port_alloc(d, &b->port)))
        return rc;
    port_bind(port_chn(d, b->port), ECS_VIRQ, 0, 0, b->virq);
    v->virq_to_port[b->virq] = b->port;
    return 0;
}

int evtchn_bind_ipi(struct domain *d, evtchn_bind_ipi_t *b)
{
    int rc;

    if (b->vcpu != 0)
        return -XEN_ENOENT;
    if ((rc = port_alloc(d, &b->port)))
        return rc;
    port_bind(port_chn(d, b->port), ECS_IPI, 0, 0, 0);
    return 0;
}

int evtchn_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c;

    if (!port_valid(d, port))
        return -XEN_EINVAL;
    c = port_chn(d, port);
    switch (c->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        return -XEN_EINVAL;
    case ECS_VIRQ:
        d->vcpu0.virq_to_port[c->virq] = 0;
        break;
    case ECS_INTERDOMAIN: {
        /* the peer's end goes back to unbound, ready for us to rebind */
        struct domain *r = domain_by_id(c->remote_dom);
        if (r) {
            struct evtchn *p = port_chn(r, c->remote_port);
            p->state = ECS_UNBOUND;
            p->remote_dom = d->id;
        }
        break;
    }
    default:
        break;
    }
    port_bind(c, ECS_FREE, 0, 0, 0);
    if (port < d->evtchn_free_hint)
        d->evtchn_free_hint = port;
    /* as Xen: a port reused later must not be born pending */
    if (evtchn_fifo_active(d)) {
        evtchn_fifo_clear_pending(d, port);
        evtchn_fifo_close(d, port);
    } else
        bit_test_and_clear(d->shared_info->evtchn_pending, port);
    return 0;
}

int evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c;

    if (!port_valid(d, port))
        return -XEN_EINVAL;
    c = port_chn(d, port);
    switch (c->state) {
    case ECS_INTERDOMAIN:
        set_pending(c->remote_dom == d->id ? d : domain_by_id(c->remote_dom),
                    c->remote_port);
        return 0;
    case ECS_IPI:
        set_pending(d, port);
        return 0;
    case ECS_UNBOUND:
        return 0;               /* silently dropped, as in Xen */
    }
    return -XEN_EINVAL;
}

int evtchn_status(struct domain *d, evtchn_status_t *st)
{
    int rc = 0;
    struct domain *t = resolve(d, st->dom, &rc);
    struct evtchn *c;

    if (!t)
        return rc;
    if (!port_valid(t, st->port))
        return -XEN_EINVAL;
    c = port_chn(t, st->port);
    st->status = c->state == ECS_RESERVED ? EVTCHNSTAT_closed : c->state;
    st->vcpu = c->vcpu;
    if (c->state == ECS_UNBOUND)
        st->u.unbound.dom = c->remote_dom;
    else if (c->state == ECS_INTERDOMAIN) {
        st->u.interdomain.dom = c->remote_dom;
        st->u.interdomain.port = c->remote_port;
    } else if (c->state == ECS_VIRQ)
        st->u.virq = c->virq;
    return 0;
}

int evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    shared_info_t *s = d->shared_info;
    vcpu_info_t *vi = d->vcpu0.info;

    if (!port_valid(d, port))
        return -XEN_EINVAL;
    if (evtchn_fifo_active(d)) {
        evtchn_fifo_unmask(d, port);
        return 0;
    }
    if (bit_test_and_clear(s->evtchn_mask, port) &&
        bit_test(s->evtchn_pending, port) &&
        !bit_test_and_set(&vi->evtchn_pending_sel, port / BITS_PER_WORD)) {
        vi->evtchn_upcall_pending = 1;
        sched_wake_event(&d->vcpu0, port);
    }
    return 0;
}

int evtchn_is_pending(struct domain *d, evtchn_port_t port)
{
    if (!port_valid(d, port))
        return 0;
    if (evtchn_fifo_active(d))
        return evtchn_fifo_is_pending(d, port);
    return bit_test(d->shared_info->evtchn_pending, port);
}

int evtchn_2l_test_and_clear(struct domain *d, evtchn_port_t port)
{
    return port < EVTCHN_MAX_PORTS &&
           bit_test_and_clear(d->shared_info->evtchn_pending, port);
}

void evtchn_send_vcpu_virq(struct vcpu *v, unsigned virq)
{
    if (v->virq_to_port[virq])
        set_pending(v->dom, v->virq_to_port[virq]);
}

void evtchn_send_global_virq(unsigned virq)
{
    struct domain *d0 = domain_by_id(0);

    if (d0 && !domain_dying(d0))
        evtchn_send_vcpu_virq(&d0->vcpu0, virq);
}

/* Close every port (each peer's end goes back to unbound). */
static void close_all(struct domain *d)
{
    for (evtchn_port_t p = 1; p < d->evtchn_valid; p++)
        if (port_chn(d, p)->state != ECS_FREE)
            evtchn_close(d, p);
}

void evtchn_destroy(struct domain *d)
{
    close_all(d);
    evtchn_fifo_destroy(d);
}

/* One vcpu per domain: every port is notified on vcpu 0 already. */
int evtchn_bind_vcpu(struct domain *d, evtchn_bind_vcpu_t *b)
{
    if (!port_valid(d, b->port))
        return -XEN_EINVAL;
    if (b->vcpu != 0)
        return -XEN_ENOENT;
    switch (port_chn(d, b->port)->state) {
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        return 0;
    case ECS_VIRQ:
        return virq_is_global(port_chn(d, b->port)->virq) ? 0 : -XEN_EINVAL;
    }
    return -XEN_EINVAL;
}

/* Close every port of a domain (self, or any for the privileged); as
 * event_channel.h says, a domain resetting itself goes back to 2-level. */
int evtchn_reset(struct domain *d, evtchn_reset_t *r)
{
    int rc = 0;
    struct domain *t = resolve(d, r->dom, &rc);

    if (!t)
        return rc;
    close_all(t);
    if (t == d)
        evtchn_fifo_destroy(t);
    return 0;
}
