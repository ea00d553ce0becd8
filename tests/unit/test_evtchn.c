/* Unit tests for the 2-level event channel state machine (hv/evtchn.c). */
#include "evtchn_harness.h"

static void test_port0_reserved(void)
{
    struct domain *d = dom_new(0, false);
    evtchn_status_t st;

    CHECK(d->evtchn_valid == EVTCHN_BUCKET_PORTS && nr_pages == 2);  /* directory, bucket */
    CHECK(status_of(d, DOMID_SELF, 0, &st) == EVTCHNSTAT_closed);
    CHECK(evtchn_close(d, 0) == -XEN_EINVAL);
    CHECK(evtchn_send(d, 0) == -XEN_EINVAL);
    CHECK(unbound(d, DOMID_SELF, 0) == 1);      /* never port 0 */
    teardown();
}

static void test_alloc_unbound(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_alloc_unbound_t a;
    evtchn_status_t st;
    evtchn_port_t p;

    p = unbound(d1, DOMID_SELF, 0);
    CHECK(p == 1);
    CHECK(status_of(d1, DOMID_SELF, p, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 0 && st.vcpu == 0);
    CHECK(unbound(d1, 1, DOMID_SELF) == 2);     /* own id, loopback offer */
    CHECK(status_of(d1, 1, 2, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 1);               /* DOMID_SELF: the caller */

    a = (evtchn_alloc_unbound_t){ .dom = 0, .remote_dom = 1 };
    CHECK(evtchn_alloc_unbound(d1, &a) == -XEN_EPERM);
    a = (evtchn_alloc_unbound_t){ .dom = 5, .remote_dom = 1 };
    CHECK(evtchn_alloc_unbound(d1, &a) == -XEN_ESRCH);
    CHECK(evtchn_alloc_unbound(d0, &a) == -XEN_ESRCH);
    a = (evtchn_alloc_unbound_t){ .dom = DOMID_FIRST_RESERVED - 1 };
    CHECK(evtchn_alloc_unbound(d0, &a) == -XEN_ESRCH);

    /* the privileged domain allocates in d1, offered to itself */
    p = unbound(d0, 1, DOMID_SELF);
    CHECK(p == 3);
    CHECK(status_of(d1, DOMID_SELF, p, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 0);
    CHECK(status_of(d0, DOMID_SELF, p, &st) == EVTCHNSTAT_closed);

    d1->state = DOMAIN_DYING;                           /* no new ports in the dying */
    a = (evtchn_alloc_unbound_t){ .dom = 1, .remote_dom = 0 };
    CHECK(evtchn_alloc_unbound(d0, &a) == -XEN_ESRCH);
    teardown();
}

static void test_bind_interdomain(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    struct domain *d2 = dom_new(2, false);
    evtchn_port_t p = unbound(d0, DOMID_SELF, 1), lp = 0;
    evtchn_status_t st;

    CHECK(bind(d1, 0, 4096, &lp) == -XEN_EINVAL);
    CHECK(bind(d1, 0, 0xffffffff, &lp) == -XEN_EINVAL);
    CHECK(bind(d1, 0, 0, &lp) == -XEN_EINVAL);          /* reserved */
    CHECK(bind(d1, 0, p + 1, &lp) == -XEN_EINVAL);      /* free */
    CHECK(bind(d2, 0, p, &lp) == -XEN_EINVAL);          /* offered to d1 */
    CHECK(bind(d0, DOMID_SELF, p, &lp) == -XEN_EINVAL); /* to d1, not d0 */
    CHECK(bind(d1, 7, p, &lp) == -XEN_ESRCH);
    CHECK(bind(d1, DOMID_FIRST_RESERVED - 1, p, &lp) == -XEN_ESRCH);
    CHECK(status_of(d1, DOMID_SELF, 1, &st) == EVTCHNSTAT_closed);

    CHECK(bind(d1, 0, p, &lp) == 0);
    CHECK(lp == 1);
    CHECK(status_of(d1, DOMID_SELF, lp, &st) == EVTCHNSTAT_interdomain);
    CHECK(st.u.interdomain.dom == 0 && st.u.interdomain.port == p);
    CHECK(status_of(d0, DOMID_SELF, p, &st) == EVTCHNSTAT_interdomain);
    CHECK(st.u.interdomain.dom == 1 && st.u.interdomain.port == lp);
    /* events sent before the bind were lost: the new port is pending */
    CHECK(pending(d1, lp) && sel(d1, lp));
    CHECK(d1->vcpu0.info->evtchn_upcall_pending == 1);
    CHECK(wakes == 1 && wake_vcpu == &d1->vcpu0 && wake_port == lp);
    CHECK(!pending(d0, p));

    CHECK(bind(d1, 0, p, &lp) == -XEN_EINVAL);          /* taken now */
    CHECK(bind(d2, 0, p, &lp) == -XEN_EINVAL);
    p = unbound(d0, DOMID_SELF, 2);
    d0->state = DOMAIN_DYING;
    CHECK(bind(d2, 0, p, &lp) == -XEN_ESRCH);
    teardown();
}

static void test_loopback(void)
{
    struct domain *d = dom_new(3, false);
    evtchn_port_t p = unbound(d, DOMID_SELF, DOMID_SELF), lp;
    evtchn_status_t st;

    CHECK(bind(d, DOMID_SELF, p, &lp) == 0 && lp != p);
    CHECK(status_of(d, DOMID_SELF, p, &st) == EVTCHNSTAT_interdomain);
    CHECK(st.u.interdomain.dom == 3 && st.u.interdomain.port == lp);
    clear_events(d);
    CHECK(evtchn_send(d, p) == 0);
    CHECK(pending(d, lp) && !pending(d, p));
    CHECK(evtchn_send(d, lp) == 0);
    CHECK(pending(d, p));
    teardown();
}

static void test_send_interdomain(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_port_t lp, p;

    /* push the peer's port into the second selector word */
    for (int i = 1; i < 70; i++)
        unbound(d1, DOMID_SELF, 0);
    p = connect(d0, d1, &lp);
    CHECK(lp == 70);
    clear_events(d1);
    CHECK(evtchn_send(d0, p) == 0);
    CHECK(pending(d1, lp) && sel(d1, lp) && !sel(d1, 0));
    CHECK(d1->vcpu0.info->evtchn_upcall_pending == 1);
    CHECK(wakes == 1 && wake_vcpu == &d1->vcpu0 && wake_port == lp);
    CHECK(!pending(d0, p) && !d0->vcpu0.info->evtchn_upcall_pending);

    /* already pending: nothing more to do, no second wake */
    CHECK(evtchn_send(d0, p) == 0);
    CHECK(wakes == 1);

    clear_events(d0);
    CHECK(evtchn_send(d1, lp) == 0);
    CHECK(pending(d0, p) && sel(d0, p));
    CHECK(d0->vcpu0.info->evtchn_upcall_pending == 1);
    CHECK(wakes == 1 && wake_vcpu == &d0->vcpu0 && wake_port == p);
    teardown();
}

static void test_send_masked_then_unmask(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_port_t lp, p = connect(d0, d1, &lp);
    shared_info_t *s = d1->shared_info;

    clear_events(d1);
    s->evtchn_mask[lp / 64] |= 1UL << (lp % 64);
    CHECK(evtchn_send(d0, p) == 0);
    CHECK(pending(d1, lp));
    CHECK(!sel(d1, lp) && !d1->vcpu0.info->evtchn_upcall_pending);

    wakes = 0;
    CHECK(evtchn_unmask(d1, lp) == 0);
    CHECK(!bit(s->evtchn_mask, lp));
    CHECK(sel(d1, lp) && d1->vcpu0.info->evtchn_upcall_pending == 1);
    CHECK(wakes == 1 && wake_vcpu == &d1->vcpu0 && wake_port == lp);

    /* unmasking a port with nothing pending raises nothing */
    clear_events(d1);
    s->evtchn_mask[lp / 64] |= 1UL << (lp % 64);
    CHECK(evtchn_unmask(d1, lp) == 0);
    CHECK(!sel(d1, lp) && !d1->vcpu0.info->evtchn_upcall_pending);
    CHECK(wakes == 0);
    teardown();
}

static void test_bad_ports(void)
{
    struct domain *d = dom_new(1, false);
    const evtchn_port_t bad[] = { 5, 511, 512, 4095, 4096, 5000, 0xffffffff };
    evtchn_status_t st;

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        st = (evtchn_status_t){ .dom = DOMID_SELF, .port = bad[i] };
        CHECK(evtchn_send(d, bad[i]) == -XEN_EINVAL);
        CHECK(evtchn_close(d, bad[i]) == -XEN_EINVAL);
        if (bad[i] >= EVTCHN_BUCKET_PORTS) {    /* 5 and 511 exist, free */
            CHECK(evtchn_unmask(d, bad[i]) == -XEN_EINVAL);
            CHECK(evtchn_status(d, &st) == -XEN_EINVAL);
            CHECK(!evtchn_is_pending(d, bad[i]));
        }
    }
    CHECK(wakes == 0);
    teardown();
}

static void test_send_unbound_virq_ipi(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_port_t p = unbound(d0, DOMID_SELF, 1), v, i;

    CHECK(evtchn_send(d0, p) == 0);                 /* dropped silently */
    CHECK(!pending(d0, p) && !pending(d1, p) && wakes == 0);
    CHECK(bind_virq(d0, VIRQ_TIMER, 0, &v) == 0);
    CHECK(evtchn_send(d0, v) == -XEN_EINVAL);       /* only Xen raises virqs */
    i = ipi(d0);
    CHECK(evtchn_send(d0, i) == 0);
    CHECK(pending(d0, i) && d0->vcpu0.info->evtchn_upcall_pending);
    CHECK(evtchn_is_pending(d0, i) && !evtchn_is_pending(d0, v));
    teardown();
}

static void test_close(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_port_t lp, p = connect(d0, d1, &lp), again;
    evtchn_status_t st;

    CHECK(evtchn_close(d1, lp) == 0);
    CHECK(evtchn_close(d1, lp) == -XEN_EINVAL);
    CHECK(status_of(d1, DOMID_SELF, lp, &st) == EVTCHNSTAT_closed);
    /* the peer's end waits, still offered to the closer */
    CHECK(status_of(d0, DOMID_SELF, p, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 1);
    CHECK(evtchn_send(d0, p) == 0);
    CHECK(bind(d1, 0, p, &again) == 0 && again == lp);  /* lowest free */

    /* closing the offering end: d1's end becomes unbound, offered to d0 */
    CHECK(evtchn_close(d0, p) == 0);
    CHECK(status_of(d1, DOMID_SELF, lp, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 0);
    CHECK(evtchn_close(d1, lp) == 0);
    CHECK(evtchn_close(d0, p) == -XEN_EINVAL);
    teardown();
}

/* Xen's evtchn_free clears the pending bit, so a rebound port carries no
 * stale event ("Clear pending event to avoid unexpected behavior on
 * re-bind", xen/common/event_channel.c). */
static void test_close_clears_pending(void)
{
    struct domain *d = dom_new(1, false);
    evtchn_port_t i = ipi(d);

    CHECK(evtchn_send(d, i) == 0 && pending(d, i));
    CHECK(evtchn_close(d, i) == 0);
    CHECK(!pending(d, i));
    CHECK(ipi(d) == i && !evtchn_is_pending(d, i));
    teardown();
}

static void test_bind_virq(void)
{
    struct domain *d = dom_new(1, false);
    evtchn_status_t st;
    evtchn_port_t p, q;

    CHECK(bind_virq(d, NR_VIRQS, 0, &p) == -XEN_EINVAL);
    CHECK(bind_virq(d, 1000, 0, &p) == -XEN_EINVAL);
    CHECK(bind_virq(d, 0xffffffff, 0, &p) == -XEN_EINVAL);
    CHECK(bind_virq(d, VIRQ_DOM_EXC, 1, &p) == -XEN_EINVAL);   /* global */
    CHECK(bind_virq(d, VIRQ_CONSOLE, 1, &p) == -XEN_EINVAL);
    CHECK(bind_virq(d, VIRQ_TIMER, 1, &p) == -XEN_ENOENT);     /* no vcpu 1 */
    CHECK(bind_virq(d, VIRQ_DEBUG, 0xffffffff, &p) == -XEN_ENOENT);

    CHECK(bind_virq(d, VIRQ_TIMER, 0, &p) == 0 && p == 1);
    CHECK(d->vcpu0.virq_to_port[VIRQ_TIMER] == p);
    CHECK(status_of(d, DOMID_SELF, p, &st) == EVTCHNSTAT_virq);
    CHECK(st.u.virq == VIRQ_TIMER && st.vcpu == 0);
    CHECK(bind_virq(d, VIRQ_TIMER, 0, &q) == -XEN_EEXIST);
    CHECK(bind_virq(d, VIRQ_DOM_EXC, 0, &q) == 0 && q == 2);
    CHECK(status_of(d, DOMID_SELF, q, &st) == EVTCHNSTAT_virq);
    CHECK(st.u.virq == VIRQ_DOM_EXC);

    CHECK(evtchn_close(d, p) == 0);
    CHECK(d->vcpu0.virq_to_port[VIRQ_TIMER] == 0);
    CHECK(bind_virq(d, VIRQ_TIMER, 0, &p) == 0 && p == 1);
    teardown();
}

/* x86's VIRQ_MCA (VIRQ_ARCH_0, xen-mca.h) is global ("G."), and x86 Xen
 * treats every VIRQ_ARCH_n as global: vcpu 1 is -EINVAL, not -ENOENT. */
static void test_arch_virq_is_global(void)
{
    struct domain *d = dom_new(1, false);
    evtchn_port_t p;

    CHECK(bind_virq(d, VIRQ_ARCH_0, 1, &p) == -XEN_EINVAL);
    CHECK(bind_virq(d, VIRQ_ARCH_7, 1, &p) == -XEN_EINVAL);
    CHECK(bind_virq(d, VIRQ_ARCH_0, 0, &p) == 0);
    teardown();
}

static void test_bind_ipi(void)
{
    struct domain *d = dom_new(1, false);
    evtchn_bind_ipi_t b = { .vcpu = 1 };
    evtchn_status_t st;
    evtchn_port_t p;

    CHECK(evtchn_bind_ipi(d, &b) == -XEN_ENOENT);
    b.vcpu = 0xffffffff;
    CHECK(evtchn_bind_ipi(d, &b) == -XEN_ENOENT);
    p = ipi(d);
    CHECK(p == 1);
    CHECK(status_of(d, DOMID_SELF, p, &st) == EVTCHNSTAT_ipi && st.vcpu == 0);
    teardown();
}

static void test_status(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_port_t lp, p = connect(d0, d1, &lp);
    evtchn_status_t st;

    CHECK(status_of(d1, DOMID_SELF, 0, &st) == EVTCHNSTAT_closed);
    CHECK(status_of(d1, DOMID_SELF, 300, &st) == EVTCHNSTAT_closed);
    CHECK(status_of(d1, 1, lp, &st) == EVTCHNSTAT_interdomain);

    st = (evtchn_status_t){ .dom = 0, .port = p };
    CHECK(evtchn_status(d1, &st) == -XEN_EPERM);        /* foreign */
    st = (evtchn_status_t){ .dom = 6, .port = 1 };
    CHECK(evtchn_status(d1, &st) == -XEN_ESRCH);
    CHECK(evtchn_status(d0, &st) == -XEN_ESRCH);
    st = (evtchn_status_t){ .dom = 1, .port = 4096 };
    CHECK(evtchn_status(d0, &st) == -XEN_EINVAL);
    /* the privileged domain may look at others' ports */
    CHECK(status_of(d0, 1, lp, &st) == EVTCHNSTAT_interdomain);
    CHECK(st.u.interdomain.dom == 0 && st.u.interdomain.port == p);
    teardown();
}

/* Ports grow a bucket (one page) at a time up to EVTCHN_MAX_PORTS. */
static void test_port_growth(void)
{
    struct domain *d = dom_new(1, false);
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = 0 };
    unsigned got = 0;
    int rc;

    while ((rc = evtchn_alloc_unbound(d, &a)) == 0) {
        CHECK(a.port == got + 1);
        got++;
    }
    CHECK(rc == -XEN_ENOSPC);
    CHECK(got == EVTCHN_MAX_PORTS - 1);
    CHECK(d->evtchn_valid == EVTCHN_MAX_PORTS &&
          nr_pages == 1 + EVTCHN_MAX_PORTS / EVTCHN_BUCKET_PORTS);
    /* a freed port, even in the last bucket, is found again */
    CHECK(evtchn_close(d, 4000) == 0);
    CHECK(ipi(d) == 4000);
    CHECK(evtchn_send(d, 4000) == 0 && pending(d, 4000) && sel(d, 4000));
    teardown();
}

static void test_port_alloc_enomem(void)
{
    struct domain *d = dom_new(1, false), *e;
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    evtchn_bind_virq_t v = { .virq = VIRQ_TIMER, .vcpu = 0 };
    evtchn_bind_ipi_t b = { .vcpu = 0 };
    evtchn_status_t st;
    evtchn_port_t lp;

    pages_left = 0;
    for (unsigned i = 1; i < EVTCHN_BUCKET_PORTS; i++)
        CHECK(evtchn_alloc_unbound(d, &a) == 0);
    CHECK(evtchn_alloc_unbound(d, &a) == -XEN_ENOMEM);
    CHECK(evtchn_bind_virq(d, &v) == -XEN_ENOMEM);
    CHECK(d->vcpu0.virq_to_port[VIRQ_TIMER] == 0);
    CHECK(evtchn_bind_ipi(d, &b) == -XEN_ENOMEM);
    CHECK(bind(d, DOMID_SELF, 1, &lp) == -XEN_ENOMEM);
    CHECK(d->evtchn_valid == EVTCHN_BUCKET_PORTS);
    /* the failed bind left the offered port as it was */
    CHECK(status_of(d, DOMID_SELF, 1, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 1);
    pages_left = 1;
    CHECK(evtchn_bind_ipi(d, &b) == 0 && b.port == EVTCHN_BUCKET_PORTS);
    CHECK(d->evtchn_valid == 2 * EVTCHN_BUCKET_PORTS);

    /* evtchn_init itself fails cleanly without memory */
    e = calloc(1, sizeof(*e));
    pages_left = 0;
    CHECK(evtchn_init(e) == -XEN_ENOMEM && e->evtchn_valid == 0);
    free(e);
    teardown();
}

static void test_destroy(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_port_t lp, lp2, p = connect(d0, d1, &lp), p2, v;
    evtchn_status_t st;

    p2 = unbound(d1, DOMID_SELF, 0);
    CHECK(bind(d0, 1, p2, &lp2) == 0);
    CHECK(bind_virq(d1, VIRQ_TIMER, 0, &v) == 0);
    ipi(d1);
    unbound(d1, DOMID_SELF, 0);

    evtchn_destroy(d1);
    for (evtchn_port_t i = 0; i < d1->evtchn_valid; i++)
        CHECK(status_of(d1, DOMID_SELF, i, &st) == EVTCHNSTAT_closed);
    CHECK(d1->vcpu0.virq_to_port[VIRQ_TIMER] == 0);
    CHECK(status_of(d0, DOMID_SELF, p, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 1);
    CHECK(status_of(d0, DOMID_SELF, lp2, &st) == EVTCHNSTAT_unbound);
    CHECK(st.u.unbound.dom == 1);
    CHECK(evtchn_close(d1, 0) == -XEN_EINVAL);      /* port 0 stays reserved */

    /* the survivor's ends are unbound: sends are dropped */
    doms[1] = NULL;
    free(d1->shared_info);
    free(d1);
    CHECK(evtchn_send(d0, p) == 0 && evtchn_send(d0, lp2) == 0);
    teardown();
}

static void test_virq_delivery(void)
{
    struct domain *d0 = dom_new(0, true), *d1 = dom_new(1, false);
    evtchn_port_t t, e0, e1;

    evtchn_send_vcpu_virq(&d1->vcpu0, VIRQ_TIMER);  /* not bound: nothing */
    CHECK(wakes == 0 && !d1->vcpu0.info->evtchn_upcall_pending);
    CHECK(bind_virq(d1, VIRQ_TIMER, 0, &t) == 0);
    evtchn_send_vcpu_virq(&d1->vcpu0, VIRQ_TIMER);
    CHECK(pending(d1, t) && d1->vcpu0.info->evtchn_upcall_pending);
    CHECK(wakes == 1 && wake_vcpu == &d1->vcpu0 && wake_port == t);

    CHECK(bind_virq(d0, VIRQ_DOM_EXC, 0, &e0) == 0);
    CHECK(bind_virq(d1, VIRQ_DOM_EXC, 0, &e1) == 0);
    clear_events(d1);
    evtchn_send_global_virq(VIRQ_DOM_EXC);          /* domain 0 only */
    CHECK(pending(d0, e0) && d0->vcpu0.info->evtchn_upcall_pending);
    CHECK(!pending(d1, e1) && !d1->vcpu0.info->evtchn_upcall_pending);
    CHECK(wakes == 1 && wake_vcpu == &d0->vcpu0);

    clear_events(d0);
    d0->state = DOMAIN_DYING;
    evtchn_send_global_virq(VIRQ_DOM_EXC);
    CHECK(!pending(d0, e0) && wakes == 0);
    teardown();
    evtchn_send_global_virq(VIRQ_DOM_EXC);          /* no domain 0 at all */
}

int main(void)
{
    RUN(test_port0_reserved);
    RUN(test_alloc_unbound);
    RUN(test_bind_interdomain);
    RUN(test_loopback);
    RUN(test_send_interdomain);
    RUN(test_send_masked_then_unmask);
    RUN(test_bad_ports);
    RUN(test_send_unbound_virq_ipi);
    RUN(test_close);
    RUN(test_close_clears_pending);
    RUN(test_bind_virq);
    RUN(test_arch_virq_is_global);
    RUN(test_bind_ipi);
    RUN(test_status);
    RUN(test_port_growth);
    RUN(test_port_alloc_enomem);
    RUN(test_destroy);
    RUN(test_virq_delivery);
    return check_failures != 0;
}
