/* sched: CPU shares under BVT weights, and wake-up latency of an event-driven domain beside a hog. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/time.h>
#include "../check.h"
#include "../peer.h"

#define MS 1000000UL
#define PINGS 200

static uint64_t running_ns(void)
{
    struct vcpu_runstate_info r;

    hypercall_vcpu_op(VCPUOP_get_runstate_info, 0, &r);
    return r.time[RUNSTATE_running];
}

static unsigned long arg(char **argv, int i)
{
    unsigned long v = 0;

    for (const char *s = argv[i]; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    return v;
}

/* hog START RUN [WANT]: from system time START ms, spin RUN ms, and check
 * that this domain got WANT% (+-5) of the CPU in that window (if given). */
static int hog(unsigned long start_ms, unsigned long run_ms, unsigned long want)
{
    uint64_t start = start_ms * MS, end = start + run_ms * MS, r0, share;
    char label[64];

    time_block_until(start);
    r0 = running_ns();
    while (time_monotonic_ns() < end)
        ;
    share = (running_ns() - r0) * 1000 / (run_ms * MS);   /* per mille */
    printf("sched: share %lu.%lu%% of the CPU\n", share / 10, share % 10);
    if (!want)
        return 0;
    snprintf(label, sizeof(label), "share within 5 points of %lu%%", want);
    CHECK_TRUE(label, share + 50 >= want * 10 && share <= want * 10 + 50);
    return checks_summary("sched hog");
}

static volatile unsigned received;

static void on_event(evtchn_port_t port, void *answer)
{
    received++;
    if (answer)
        evtchn_send(port);
}

static void wait_for(unsigned n)
{
    TIME_WAIT(received >= n, ~0UL);
}

/* pong CLIENT: answer PINGS pings, then wait for "done". */
static int pong(domid_t client)
{
    evtchn_port_t port;

    evtchn_alloc_unbound(client, &port);
    evtchn_set_handler(port, on_event, (void *)1);
    wait_for(PINGS + 1);
    return 0;
}

/* ping SERVER: PINGS round trips; a woken domain must preempt the hog. */
static int ping(domid_t srv)
{
    evtchn_port_t port;
    uint64_t worst = 0, total = 0;
    unsigned i;

    peer_connect(srv, &port, ~0UL / 2);
    evtchn_clear_pending(port);
    evtchn_set_handler(port, on_event, 0);
    for (i = 0; i < PINGS; i++) {
        uint64_t t0 = time_monotonic_ns(), rtt;
        evtchn_send(port);
        wait_for(i + 1);
        rtt = time_monotonic_ns() - t0;
        total += rtt;
        worst = rtt > worst ? rtt : worst;
    }
    printf("sched: beside a hog, round trip %lu us on average, %lu us worst\n",
           total / PINGS / 1000, worst / 1000);
    CHECK_TRUE("average round trip under 1 ms beside a hog",
               total / PINGS < 1 * MS);
    evtchn_send(port);                 /* done */
    return checks_summary("sched ping");
}

int main(int argc, char **argv)
{
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "hog"))
        return hog(arg(argv, 2), arg(argv, 3), argc == 5 ? arg(argv, 4) : 0);
    if (argc == 3 && !strcmp(argv[1], "pong"))
        return pong(arg(argv, 2));
    if (argc == 3 && !strcmp(argv[1], "ping"))
        return ping(arg(argv, 2));
    printf("usage: sched hog START_MS RUN_MS [WANT_PCT] | pong CLIENT | ping SERVER\n");
    return 2;
}
