/* Unit tests for FIFO event channels (hv/evtchn_fifo.c): queues, priorities, masking, errors. */
#include "evtchn_harness.h"

#define P(bit) (1u << EVTCHN_FIFO_##bit)
#define WORDS 1024                      /* event words per page */

/* The guest's side: its control block and event array, as it sees them. */
static evtchn_fifo_control_block_t *cb;
static event_word_t *array[8];
static evtchn_port_t local_head[EVTCHN_FIFO_MAX_QUEUES];

static event_word_t *word(evtchn_port_t p)
{
    return &array[p / WORDS][p % WORDS];
}

static int init_control(struct domain *d, uint64_t gfn, uint32_t offset,
                        uint32_t vcpu)
{
    evtchn_init_control_t c = { .control_gfn = gfn, .offset = offset,
                                .vcpu = vcpu };
    int rc = evtchn_fifo_init_control(d, &c);

    CHECK(rc || c.link_bits == EVTCHN_FIFO_LINK_BITS);
    return rc;
}

static int expand(struct domain *d, uint64_t gfn)
{
    evtchn_expand_array_t e = { .array_gfn = gfn };

    return evtchn_fifo_expand_array(d, &e);
}

static int set_priority(struct domain *d, evtchn_port_t port, uint32_t prio)
{
    evtchn_set_priority_t s = { .port = port, .priority = prio };

    return evtchn_fifo_set_priority(d, &s);
}

/* A domain on FIFO with pages event array pages, every word unmasked. */
static struct domain *fifo_dom(domid_t id, int pages)
{
    struct domain *d = dom_new(id, id == 0);
    uint64_t cbf = frame_new();

    memset(local_head, 0, sizeof(local_head));
    CHECK(init_control(d, cbf, 64, 0) == 0);
    cb = (void *)((char *)frames[frame_index(cbf)] + 64);
    for (int i = 0; i < pages; i++) {
        uint64_t f = frame_new();
        array[i] = frames[frame_index(f)];
        CHECK(expand(d, f) == 0);
    }
    return d;
}

/* Take the head of queue q as a guest does: unlink it, follow its LINK,
 * read HEAD again once the queue's end was reached; clear its pending
 * bit.  0 when q is empty. */
static evtchn_port_t consume(unsigned q)
{
    evtchn_port_t port = local_head[q] ? local_head[q] : cb->head[q], next;

    if (!(cb->ready & (1u << q)) || !port)
        return 0;
    next = *word(port) & EVTCHN_FIFO_LINK_MASK;
    *word(port) &= ~(P(LINKED) | EVTCHN_FIFO_LINK_MASK | P(PENDING));
    if (!next)
        cb->ready &= ~(1u << q);
    local_head[q] = next;
    return port;
}

/* Everything queued, highest priority first, into out; how many. */
static int drain(evtchn_port_t *out, int max)
{
    int n = 0;

    while (cb->ready && n < max) {
        unsigned q = __builtin_ctz(cb->ready);
        evtchn_port_t p = consume(q);
        if (p)
            out[n++] = p;
    }
    return n;
}

static void test_fifo_init_errors(void)
{
    struct domain *d = dom_new(1, false);
    uint64_t f = frame_new(), g = frame_new();
    evtchn_set_priority_t sp = { .port = 600, .priority = 3 };

    CHECK(evtchn_fifo_set_priority(d, &sp) == -XEN_EINVAL);  /* past the table */
    sp.port = 1;
    ipi(d);
    CHECK(evtchn_fifo_set_priority(d, &sp) == -XEN_ENOSYS);  /* 2-level */
    CHECK(expand(d, g) == -XEN_EOPNOTSUPP);
    CHECK(init_control(d, f, 4, 0) == -XEN_EINVAL);          /* misaligned */
    CHECK(init_control(d, f, 4096 - 64, 0) == -XEN_EINVAL);  /* overruns */
    CHECK(init_control(d, f, 0, 1) == -XEN_ENOENT);          /* no vcpu 1 */
    CHECK(init_control(d, 12345, 0, 0) == -XEN_EINVAL);      /* not ours */
    CHECK(!evtchn_fifo_active(d) && frame_refs[0] == 0);
    CHECK(init_control(d, f, 4096 - sizeof(*cb), 0) == 0);
    CHECK(evtchn_fifo_active(d) && frame_refs[0] == 1);
    CHECK(init_control(d, f, 0, 0) == -XEN_EINVAL);          /* once */
    CHECK(expand(d, 12345) == -XEN_EINVAL);
    CHECK(set_priority(d, 1, EVTCHN_FIFO_PRIORITY_MIN + 1) == -XEN_EINVAL);
    CHECK(set_priority(d, 4096 * 64, 3) == -XEN_EINVAL);
    CHECK(set_priority(d, 1, 3) == 0 && evtchn_port(d, 1)->priority == 3);
    for (int i = 0; i < 128; i++)
        CHECK(expand(d, g) == 0);
    CHECK(expand(d, g) == -XEN_ENOSPC && frame_refs[1] == 128);
    evtchn_destroy(d);                  /* every reference goes back */
    CHECK(!evtchn_fifo_active(d) && frame_refs[0] == 0 && frame_refs[1] == 0);
    teardown();
}

/* Events come out in the order they were raised; a second raise of a
 * linked port links nothing; the upcall is raised once per ready queue. */
static void test_fifo_order(void)
{
    struct domain *d = fifo_dom(1, 1);
    evtchn_port_t a = ipi(d), b = ipi(d), c = ipi(d), out[8];

    CHECK(evtchn_send(d, b) == 0);
    CHECK(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == b);
    CHECK(cb->ready == 1u << EVTCHN_FIFO_PRIORITY_DEFAULT);
    CHECK(d->vcpu0.info->evtchn_upcall_pending && wakes == 1);
    CHECK(*word(b) == (P(PENDING) | P(LINKED)));
    d->vcpu0.info->evtchn_upcall_pending = 0;
    CHECK(evtchn_send(d, a) == 0 && evtchn_send(d, c) == 0);
    CHECK(evtchn_send(d, a) == 0);                 /* already linked */
    CHECK(!d->vcpu0.info->evtchn_upcall_pending);  /* queue was ready */
    CHECK((*word(b) & EVTCHN_FIFO_LINK_MASK) == a);
    CHECK(evtchn_is_pending(d, a) && !evtchn_is_pending(d, 99));
    CHECK(drain(out, 8) == 3 && out[0] == b && out[1] == a && out[2] == c);
    CHECK(cb->ready == 0 && !evtchn_is_pending(d, a));
    /* the queue is empty (its tail consumed): the next one is the HEAD */
    CHECK(evtchn_send(d, c) == 0 && cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == c);
    CHECK(d->vcpu0.info->evtchn_upcall_pending);
    CHECK(evtchn_send(d, a) == 0 && (*word(c) & EVTCHN_FIFO_LINK_MASK) == a);
    CHECK(drain(out, 8) == 2 && out[0] == c && out[1] == a);
    teardown();
}

/* Higher priorities (lower numbers) come first; each queue keeps its order. */
static void test_fifo_priorities(void)
{
    struct domain *d = fifo_dom(1, 1);
    evtchn_port_t lo = ipi(d), hi = ipi(d), hi2 = ipi(d), out[8];

    CHECK(set_priority(d, hi, 2) == 0 && set_priority(d, hi2, 2) == 0);
    CHECK(set_priority(d, lo, EVTCHN_FIFO_PRIORITY_MIN) == 0);
    evtchn_send(d, lo);
    evtchn_send(d, hi2);
    evtchn_send(d, hi);
    CHECK(cb->ready == ((1u << 2) | (1u << EVTCHN_FIFO_PRIORITY_MIN)));
    CHECK(drain(out, 8) == 3 && out[0] == hi2 && out[1] == hi && out[2] == lo);
    teardown();
}

/* A port that changed priority while linked stays on its old queue until
 * consumed, then joins the new one; the old queue's tail is forgotten, so
 * the queues never splice. */
static void test_fifo_priority_change(void)
{
    struct domain *d = fifo_dom(1, 1);
    evtchn_port_t p = ipi(d), q = ipi(d), out[8];
    const unsigned def = EVTCHN_FIFO_PRIORITY_DEFAULT;

    evtchn_send(d, p);
    CHECK(set_priority(d, p, 3) == 0);
    CHECK(consume(def) == p && !cb->ready);
    evtchn_send(d, p);                 /* now on queue 3 */
    CHECK(cb->head[3] == p && cb->ready == 1u << 3);
    evtchn_send(d, q);                 /* queue def is empty: q is its HEAD */
    CHECK(cb->head[def] == q && (*word(p) & EVTCHN_FIFO_LINK_MASK) == 0);
    CHECK(drain(out, 8) == 2 && out[0] == p && out[1] == q);
    teardown();
}

/* A masked port only becomes pending; unmasking links it.  Closing
 * clears pending and forgets the tail; a port no page covers is lost. */
static void test_fifo_mask_close_and_missing_page(void)
{
    struct domain *d = fifo_dom(1, 1);
    evtchn_port_t p = ipi(d), q, out[8];

    *word(p) |= P(MASKED);
    wakes = 0;
    CHECK(evtchn_send(d, p) == 0 && *word(p) == (P(MASKED) | P(PENDING)));
    CHECK(!cb->ready && !d->vcpu0.info->evtchn_upcall_pending && wakes == 1);
    CHECK(evtchn_unmask(d, p) == 0 && *word(p) == (P(PENDING) | P(LINKED)));
    CHECK(cb->ready && d->vcpu0.info->evtchn_upcall_pending && wakes == 2);
    CHECK(evtchn_unmask(d, 5000) == -XEN_EINVAL);
    CHECK(evtchn_close(d, p) == 0 && !(*word(p) & P(PENDING)));
    CHECK(drain(out, 8) == 1 && out[0] == p);      /* found, not pending */
    q = ipi(d);                                    /* p again, reused */
    CHECK(q == p && evtchn_send(d, q) == 0 && cb->head[7] == q);
    for (int i = 0; i < 1100; i++)
        q = ipi(d);
    CHECK(q > WORDS && evtchn_send(d, q) == 0 && !evtchn_is_pending(d, q));
    teardown();
}

/* The control domain goes past the 2-level ABI's 4,096 ports, each raised
 * on its queue; a domU on FIFO keeps the 4,096 (hypervisor pages). */
static void test_fifo_many_ports(void)
{
    struct domain *d = fifo_dom(0, 6);
    evtchn_port_t p = 0, out[4];
    evtchn_bind_ipi_t b = { .vcpu = 0 };
    int rc = 0, n = 0;

    for (int i = 1; i < 6000; i++) {
        CHECK(evtchn_bind_ipi(d, &b) == 0);
        p = b.port;
    }
    CHECK(p == 5999 && evtchn_max_ports(d) == EVTCHN_FIFO_NR_CHANNELS);
    CHECK(evtchn_send(d, 5000) == 0 && evtchn_send(d, 4097) == 0);
    CHECK(drain(out, 4) == 2 && out[0] == 5000 && out[1] == 4097);
    teardown();
    d = fifo_dom(1, 1);
    while (!(rc = evtchn_bind_ipi(d, &b)))
        n++;
    CHECK(rc == -XEN_ENOSPC && n == EVTCHN_MAX_PORTS - 1);
    teardown();
}

/* Ports pending under 2-level keep their event across the switch; a
 * reset of oneself returns to 2-level and gives the pages back. */
static void test_fifo_switch_and_reset(void)
{
    struct domain *d = dom_new(1, false);
    evtchn_port_t p = ipi(d), out[4];
    evtchn_reset_t r = { .dom = DOMID_SELF };
    uint64_t cbf = frame_new(), af = frame_new();

    CHECK(evtchn_send(d, p) == 0 && pending(d, p));
    CHECK(init_control(d, cbf, 0, 0) == 0);
    cb = frames[0];
    array[0] = frames[1];
    memset(local_head, 0, sizeof(local_head));
    CHECK(expand(d, af) == 0);
    CHECK(!pending(d, p) && *word(p) == (P(PENDING) | P(LINKED)));
    CHECK(drain(out, 4) == 1 && out[0] == p);
    CHECK(evtchn_reset(d, &r) == 0 && !evtchn_fifo_active(d));
    CHECK(frame_refs[0] == 0 && frame_refs[1] == 0);
    p = ipi(d);
    CHECK(evtchn_send(d, p) == 0 && pending(d, p));   /* 2-level again */
    CHECK(init_control(d, cbf, 0, 0) == 0);           /* and FIFO again */
    CHECK(nr_pages == 3);              /* directory, bucket, one FIFO page */
    teardown();
}

int main(void)
{
    RUN(test_fifo_init_errors);
    RUN(test_fifo_order);
    RUN(test_fifo_priorities);
    RUN(test_fifo_priority_change);
    RUN(test_fifo_mask_close_and_missing_page);
    RUN(test_fifo_many_ports);
    RUN(test_fifo_switch_and_reset);
    return check_failures != 0;
}
