/* events: interdomain ping-pong, masking, IPIs, status and Xen's error codes. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/time.h>
#include <xen/errno.h>
#include "../check.h"
#include "../peer.h"

#define ROUND_TRIPS 1000
#define MS 1000000UL

static volatile unsigned received;

static void count(evtchn_port_t port, void *data)
{
    received++;
    if (data)                          /* the server answers every ping */
        evtchn_send(port);
}

/* Block until received reaches n or timeout_ns passes; 0 on success. */
static int wait_for(unsigned n, uint64_t timeout_ns)
{
    return TIME_WAIT(received >= n, time_monotonic_ns() + timeout_ns) ? 0 : -1;
}

static int server(domid_t client)
{
    evtchn_port_t port;
    evtchn_status_t st = { .dom = DOMID_SELF };

    CHECK_EQ("server: alloc_unbound", evtchn_alloc_unbound(client, &port), 0);
    evtchn_set_handler(port, count, (void *)1);
    /* the pings, the masked ping, and the client's final "done" */
    CHECK_EQ("server: all pings answered",
             wait_for(ROUND_TRIPS + 2, 30000 * MS), 0);
    st.port = port;
    CHECK_EQ("server: status", hypercall_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ("server: port is interdomain", st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ("server: peer is the client", st.u.interdomain.dom, client);
    return checks_summary("events server");
}

static void ping_pong(evtchn_port_t port)
{
    uint64_t t0, t1;
    unsigned i;

    t0 = time_monotonic_ns();
    for (i = 0; i < ROUND_TRIPS; i++) {
        evtchn_send(port);
        if (wait_for(i + 1, 1000 * MS))
            break;
    }
    t1 = time_monotonic_ns();
    CHECK_EQ("client: round trips completed", i, ROUND_TRIPS);
    printf("events: %u round trips, %lu ns each on average\n", i,
           i ? (t1 - t0) / i : 0);
}

/* A masked port collects its event without an upcall; unmask delivers. */
static void masking(evtchn_port_t port)
{
    unsigned before = received;

    evtchn_mask(port);
    evtchn_send(port);
    time_sleep_ns(20 * MS);
    CHECK_EQ("masked: no delivery", received, before);
    CHECK_TRUE("masked: pending bit set",
               shared_info->evtchn_pending[port / 64] & (1UL << (port % 64)));
    evtchn_unmask(port);
    CHECK_EQ("unmask delivers the held event", wait_for(before + 1, 100 * MS), 0);
}

static void ipi_and_errors(evtchn_port_t inter, domid_t srv, evtchn_port_t rport)
{
    evtchn_bind_ipi_t ipi = { .vcpu = 0 };
    evtchn_status_t st = { .dom = DOMID_SELF, .port = inter };
    evtchn_port_t p;
    unsigned before;

    CHECK_EQ("bind_ipi", hypercall_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0);
    evtchn_set_handler(ipi.port, count, 0);
    before = received;
    CHECK_EQ("send to own ipi", evtchn_send(ipi.port), 0);
    CHECK_EQ("ipi delivered", wait_for(before + 1, 100 * MS), 0);
    CHECK_EQ("close ipi", evtchn_close(ipi.port), 0);
    CHECK_EQ("send on closed port", evtchn_send(ipi.port), -XEN_EINVAL);
    CHECK_EQ("close closed port", evtchn_close(ipi.port), -XEN_EINVAL);
    CHECK_EQ("send on port out of range", evtchn_send(4095), -XEN_EINVAL);
    CHECK_EQ("close port 0", evtchn_close(0), -XEN_EINVAL);
    CHECK_EQ("bind VIRQ_TIMER twice", evtchn_bind_virq(VIRQ_TIMER, &p), -XEN_EEXIST);
    CHECK_EQ("bind virq 99", evtchn_bind_virq(99, &p), -XEN_EINVAL);
    ipi.vcpu = 1;
    CHECK_EQ("bind_ipi on vcpu 1",
             hypercall_event_channel_op(EVTCHNOP_bind_ipi, &ipi), -XEN_ENOENT);
    CHECK_EQ("status", hypercall_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ("status: interdomain", st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ("status: remote domain", st.u.interdomain.dom, srv);
    CHECK_EQ("status: remote port", st.u.interdomain.port, rport);
    st.port = 0;
    hypercall_event_channel_op(EVTCHNOP_status, &st);
    CHECK_EQ("status of port 0: closed", st.status, EVTCHNSTAT_closed);
    st.dom = srv;
    st.port = rport;
    CHECK_EQ("status of the server's port (unprivileged)",
             hypercall_event_channel_op(EVTCHNOP_status, &st), -XEN_EPERM);
    CHECK_EQ("alloc_unbound for another domain (unprivileged)",
             ({ evtchn_alloc_unbound_t a = { .dom = srv, .remote_dom = DOMID_SELF };
                hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a); }),
             -XEN_EPERM);
    CHECK_EQ("bind_interdomain to a port not offered",
             evtchn_bind_interdomain(srv, rport, &p), -XEN_EINVAL);
    CHECK_EQ("bind_interdomain to no domain",
             evtchn_bind_interdomain(999, 1, &p), -XEN_ESRCH);
}

static int client(domid_t srv)
{
    evtchn_port_t port;
    evtchn_status_t st = { .dom = DOMID_SELF };

    if (peer_connect(srv, &port, 5000 * MS)) {
        CHECK_TRUE("client: found the server's port", 0);
        return checks_summary("events client");
    }
    /* binding marks the new port pending (Xen does, for lost events) */
    CHECK_TRUE("bind leaves the new port pending", evtchn_clear_pending(port));
    evtchn_set_handler(port, count, 0);
    st.port = port;
    hypercall_event_channel_op(EVTCHNOP_status, &st);
    ping_pong(port);
    masking(port);
    ipi_and_errors(port, srv, st.u.interdomain.port);
    evtchn_send(port);                 /* done: the server may go */
    CHECK_EQ("close interdomain", evtchn_close(port), 0);
    return checks_summary("events client");
}

/* domexc: the privileged domain hears of another domain's shutdown. */
static int domexc(void)
{
    evtchn_port_t port;

    CHECK_EQ("bind VIRQ_DOM_EXC", evtchn_bind_virq(VIRQ_DOM_EXC, &port), 0);
    evtchn_set_handler(port, count, 0);
    CHECK_EQ("VIRQ_DOM_EXC arrives", wait_for(1, 10000 * MS), 0);
    return checks_summary("events domexc");
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "domexc"))
        return domexc();
    if (argc == 3 && !strcmp(argv[1], "server"))
        return server((domid_t)argv[2][0] - '0');
    if (argc == 3 && !strcmp(argv[1], "client"))
        return client((domid_t)argv[2][0] - '0');
    printf("usage: events server <client domid> | client <server domid> | "
           "domexc\n");
    return 2;
}
