/* pvcore bench: null hypercall and event round trip, in guest ns (= instructions under icount shift=0). */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/time.h>
#include "../../guest/peer.h"

#define N 20000
#define MS 1000000UL

static volatile unsigned received;

static void on_event(evtchn_port_t port, void *answer)
{
    received++;
    if (answer)
        evtchn_send(port);
}

/* Per-iteration cost of fn in guest ns, best of three runs of N. */
#define MEASURE(out, body)                                              \
    do {                                                                \
        out = ~0UL;                                                     \
        for (int r_ = 0; r_ < 3; r_++) {                                \
            uint64_t t0_ = time_monotonic_ns();                         \
            for (int i_ = 0; i_ < N; i_++) {                            \
                body;                                                   \
            }                                                           \
            uint64_t d_ = (time_monotonic_ns() - t0_) / N;              \
            out = d_ < out ? d_ : out;                                  \
        }                                                               \
    } while (0)

static void report(const char *name, uint64_t ns, uint64_t ref)
{
    printf("bench: %s %lu ns (%lu.%02lu x a 4 KiB memcpy)\n", name, ns,
           ns / ref, ns * 100 / ref % 100);
}

static int server(domid_t client)
{
    evtchn_port_t port;

    evtchn_alloc_unbound(client, &port);
    evtchn_set_handler(port, on_event, (void *)1);
    TIME_WAIT(received >= N + 1, ~0UL);
    return 0;
}

static int client(domid_t srv)
{
    static char a[4096], b[4096];
    uint64_t memcpy_ns, null_ns, version_ns, rtt_ns, t0, worst = 0;
    unsigned worst_at = 0;
    evtchn_port_t port;

    MEASURE(memcpy_ns, memcpy(a, b, sizeof(a)); __asm__ volatile("" : : : "memory"));
    MEASURE(null_ns, hypercall2(__HYPERVISOR_xenoprof_op, 0, 0));
    MEASURE(version_ns, hypercall_xen_version(XENVER_version, 0));
    printf("bench: memcpy_4k %lu ns\n", memcpy_ns);
    report("null_hypercall", null_ns, memcpy_ns);
    report("xen_version", version_ns, memcpy_ns);
    peer_connect(srv, &port, ~0UL / 2);
    evtchn_clear_pending(port);
    evtchn_set_handler(port, on_event, 0);
    t0 = time_monotonic_ns();
    for (unsigned i = 0; i < N; i++) {
        uint64_t t1 = time_monotonic_ns(), d;
        evtchn_send(port);
        TIME_WAIT(received >= i + 1, ~0UL);
        d = time_monotonic_ns() - t1;
        if (d > worst) {
            worst = d;
            worst_at = i;
        }
    }
    rtt_ns = (time_monotonic_ns() - t0) / N;
    report("event_round_trip", rtt_ns, memcpy_ns);
    printf("bench: event_round_trip_worst %lu ns (round %u)\n", worst, worst_at);
    evtchn_send(port);
    return 0;
}

/* Self-bound: rx is raised by a send on tx, and the other way round. */
static evtchn_port_t self_rx, self_tx;

static void self_ping(evtchn_port_t port, void *unused)
{
    evtchn_send(self_rx);               /* raises self_tx: the pong */
}

/*
 * The core paths of one domain alone, so the same image measures them as
 * dom0 of real Xen too: a null hypercall, send -> upcall on a loopback
 * channel (the handler runs before the send returns), and a round trip
 * (the handler sends back; the pong's handler counts).
 */
static int self(void)
{
    uint64_t null_ns, version_ns, upcall_ns, rtt_ns;
    unsigned want;

    if (evtchn_alloc_unbound(DOMID_SELF, &self_rx) ||
        evtchn_bind_interdomain(DOMID_SELF, self_rx, &self_tx)) {
        printf("pvcore: no loopback channel\n");
        return 1;
    }
    evtchn_clear_pending(self_rx);
    evtchn_clear_pending(self_tx);
    /* arch_7 is unused on both hypervisors: -ENOSYS straight from the
     * dispatcher (xenoprof_op is a real operation on Debian's Xen) */
    MEASURE(null_ns, hypercall2(__HYPERVISOR_arch_7, 0, 0));
    MEASURE(version_ns, hypercall_xen_version(XENVER_version, 0));
    evtchn_set_handler(self_rx, on_event, 0);
    MEASURE(upcall_ns, evtchn_send(self_tx));
    want = received + 3 * N;
    evtchn_set_handler(self_rx, self_ping, 0);
    evtchn_set_handler(self_tx, on_event, 0);
    MEASURE(rtt_ns, evtchn_send(self_tx));
    printf("bench: self_null_hypercall %lu ns\n", null_ns);
    printf("bench: self_xen_version %lu ns\n", version_ns);
    printf("bench: self_send_upcall %lu ns (%s)\n", upcall_ns,
           events_fifo() ? "FIFO" : "2-level");
    printf("bench: self_round_trip %lu ns\n", rtt_ns);
    printf("pvcore self: %s\n", received == want ? "all events seen"
                                                   : "FAIL: events lost");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "self"))
        return self();
    if (argc == 3 && !strcmp(argv[1], "server"))
        return server(argv[2][0] - '0');
    if (argc >= 3 && !strcmp(argv[1], "client")) {
        /* optional phase shift (a spin count), to probe timing races */
        volatile unsigned long spin = 0;
        for (const char *s = argc > 3 ? argv[3] : ""; *s; s++)
            spin = spin * 10 + (*s - '0');
        while (spin)
            spin--;
        return client(argv[2][0] - '0');
    }
    printf("usage: pvcore server CLIENT | client SERVER | self\n");
    return 2;
}
