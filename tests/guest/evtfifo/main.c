/* evtfifo: the FIFO event channel ABI as domain 0 sees it (libos switched
 * at boot): more than 4,096 ports, queue order, priorities, masking,
 * polling, and Xen's errors for init_control, expand_array, set_priority. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/mm.h>
#include <libos/time.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include "../check.h"

#define MANY 5000                      /* ports: past 2-level's 4,096 */
#define BAD_GFN 0xfffffffffUL          /* past the end of memory */
#define SEC 1000000000UL

static evtchn_port_t order[8];
static volatile unsigned nr_order;

static void record(evtchn_port_t port, void *unused)
{
    if (nr_order < 8)
        order[nr_order] = port;
    nr_order++;
}

static long op(unsigned cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

/* A loopback channel: *rx is raised by a send on the returned port. */
static evtchn_port_t loopback(evtchn_port_t *rx)
{
    evtchn_port_t tx = 0;

    if (evtchn_alloc_unbound(DOMID_SELF, rx) ||
        evtchn_bind_interdomain(DOMID_SELF, *rx, &tx))
        return 0;
    evtchn_clear_pending(*rx);          /* the bind's own notification */
    evtchn_clear_pending(tx);
    evtchn_set_handler(*rx, record, 0);
    return tx;
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
    evtchn_set_priority_t s = { .port = port, .priority = prio };

    return op(EVTCHNOP_set_priority, &s);
}

static void errors(void)
{
    evtchn_init_control_t c = { .control_gfn = BAD_GFN };
    evtchn_expand_array_t e = { .array_gfn = BAD_GFN };

    CHECK_TRUE("libos chose FIFO in domain 0", events_fifo());
    c.offset = 4;
    CHECK_EQ("init_control: misaligned offset", op(EVTCHNOP_init_control, &c),
             -XEN_EINVAL);
    c.offset = 4096 - 8;
    CHECK_EQ("init_control: block past the page", op(EVTCHNOP_init_control, &c),
             -XEN_EINVAL);
    c.offset = 0;
    c.vcpu = 1;
    CHECK_EQ("init_control: no such vcpu", op(EVTCHNOP_init_control, &c),
             -XEN_ENOENT);
    c.vcpu = 0;
    CHECK_EQ("init_control: vcpu 0 has one already",
             op(EVTCHNOP_init_control, &c), -XEN_EINVAL);
    CHECK_EQ("expand_array: a frame not ours", op(EVTCHNOP_expand_array, &e),
             -XEN_EINVAL);
    CHECK_EQ("set_priority: no such port", set_priority(1 << 17, 3),
             -XEN_EINVAL);
    CHECK_EQ("set_priority: past the lowest", set_priority(1, 16), -XEN_EINVAL);
}

/* Bind past 4,096 ports; the highest delivers, status and poll see it. */
static void many_ports(void)
{
    evtchn_port_t p = 0, rx = 0, tx;
    evtchn_status_t st = { .dom = DOMID_SELF };
    struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };
    int failed = 0;

    for (int i = 0; i < MANY; i++)
        failed += evtchn_alloc_unbound(DOMID_SELF, &p) != 0;
    CHECK_EQ("5000 more ports bound", failed, 0);
    CHECK_TRUE("the last is past 2-level's 4096", p > 4096);
    tx = loopback(&rx);
    CHECK_TRUE("a loopback channel past them", rx > MANY && tx > MANY);
    st.port = tx;
    CHECK_EQ("status of a high port", op(EVTCHNOP_status, &st), 0);
    CHECK_EQ("it is interdomain", st.status, EVTCHNSTAT_interdomain);
    nr_order = 0;
    CHECK_EQ("send on a high port", evtchn_send(tx), 0);
    CHECK_TRUE("delivered on its peer",
               TIME_WAIT(nr_order == 1, time_monotonic_ns() + SEC) &&
               order[0] == rx);
    events_disable();
    evtchn_send(tx);
    set_xen_guest_handle(poll.ports, &rx);
    CHECK_EQ("poll on a pending high port returns",
             hypercall_sched_op(SCHEDOP_poll, &poll), 0);
    CHECK_TRUE("it is pending", evtchn_is_pending(rx));
    events_enable();
    CHECK_EQ("send past the last port", evtchn_send(1 << 17), -XEN_EINVAL);
}

/* Raised with events off in the order given; delivered afterwards. */
static void raise_all(const evtchn_port_t *tx, int n)
{
    events_disable();
    nr_order = 0;
    for (int i = 0; i < n; i++)
        evtchn_send(tx[i]);
    events_enable();
    TIME_WAIT(nr_order >= (unsigned)n, time_monotonic_ns() + SEC);
}

static void queues(void)
{
    evtchn_port_t rx[3], tx[3], rev[3];

    for (int i = 0; i < 3; i++)
        tx[i] = loopback(&rx[i]);
    for (int i = 0; i < 3; i++)
        rev[i] = tx[2 - i];
    raise_all(rev, 3);                  /* highest port number first */
    CHECK_TRUE("one queue is first in, first out",
               nr_order == 3 && order[0] == rx[2] && order[1] == rx[1] &&
               order[2] == rx[0]);
    CHECK_EQ("set_priority lowest", set_priority(rx[0], 15), 0);
    CHECK_EQ("set_priority highest", set_priority(rx[2], 0), 0);
    raise_all(tx, 3);                   /* lowest, default, highest */
    CHECK_TRUE("higher priorities first",
               nr_order == 3 && order[0] == rx[2] && order[1] == rx[1] &&
               order[2] == rx[0]);
    evtchn_mask(rx[1]);
    nr_order = 0;
    evtchn_send(tx[1]);
    time_sleep_ns(SEC / 100);
    CHECK_TRUE("masked: pending, not delivered",
               nr_order == 0 && evtchn_is_pending(rx[1]));
    evtchn_unmask(rx[1]);
    CHECK_TRUE("unmask delivers it",
               TIME_WAIT(nr_order == 1, time_monotonic_ns() + SEC) &&
               order[0] == rx[1]);
    CHECK_EQ("close", evtchn_close(rx[1]), 0);
    CHECK_TRUE("a closed port is not pending", !evtchn_is_pending(rx[1]));
}

/* The array holds 2^17 ports: 128 pages, then -ENOSPC.  Last: libos
 * cannot grow its array afterwards. */
static void array_full(void)
{
    uint64_t pfn = mm_alloc_page();
    event_word_t *w = mm_pfn_to_va(pfn);
    evtchn_expand_array_t e = { .array_gfn = mm_pfn_to_mfn(pfn) };
    long rc = 0;
    int added = 0;

    for (int i = 0; i < 1024; i++)
        w[i] = 1u << EVTCHN_FIFO_MASKED;
    while (added < 200 && !(rc = op(EVTCHNOP_expand_array, &e)))
        added++;
    CHECK_EQ("expand_array past 128 pages", rc, -XEN_ENOSPC);
    CHECK_TRUE("it took pages up to 128", added > 100 && added < 128);
}

int main(int argc, char **argv)
{
    errors();
    many_ports();
    queues();
    array_full();
    return checks_summary("evtfifo");
}
