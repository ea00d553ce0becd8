/* The ledger: counts free frames around the attackers' lives. */
#include <libos/events.h>
#include <libos/time.h>
#include "mmattack.h"
#include "mmcheck.h"

/*
 * It proves the frame accounting balances.  It first takes every
 * free frame but HOLD_FREE (so that a count is cheap: the hypervisor zeroes
 * each frame it hands out), then counts the free frames (a census: take
 * them all with increase_reservation, count, give them back) three times
 * while every other domain of the scenario is held at its gate:
 *   C0  with the control and the attackers built, none of them started;
 *   C1  after the control (same image and memory as an attacker, no attack)
 *       ran and was destroyed: C1 - C0 is what one such domain holds;
 *   C2  after every attacker ran and was destroyed.
 * With n attackers, C2 - C1 must be n * (C1 - C0): whatever an attack
 * allocated, leaked, freed or had refused, every frame comes back, as if
 * the attackers had been controls.  The bystander (domain 0) must be alive
 * throughout, which the ledger checks through the -EPERM/-ESRCH of a status
 * query on it.  The frames it holds go back when it dies.
 */

#define HOLD_MAX     (1 << 17)          /* 512 MiB of frames */
#define HOLD_FREE    4096               /* left for the others meanwhile */
#define COUNT_MAX    (1 << 15)          /* HOLD_FREE + 27 domains of 4 MiB */
#define CHUNK        512
#define MAX_GATED    64

static xen_pfn_t held[HOLD_MAX];
static xen_pfn_t counted[COUNT_MAX];

static long reserve(unsigned cmd, xen_pfn_t *list, uint64_t n)
{
    struct xen_memory_reservation r = { .nr_extents = n, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, list);
    return hc_memory_op(cmd, &r);
}

/* Take up to max free frames into list: how many, or a negative errno. */
static long grab(xen_pfn_t *list, long max)
{
    long n = 0, got;

    while (n < max) {
        long want = max - n < CHUNK ? max - n : CHUNK;
        if ((got = reserve(XENMEM_increase_reservation, list + n, want)) < 0)
            return got;
        n += got;
        if (got < want)
            break;
    }
    return n;
}

/* Keep every free frame but HOLD_FREE; 0, or -1 if that failed. */
static long hold(void)
{
    uint64_t t0 = time_monotonic_ns();
    long n = grab(held, HOLD_MAX);

    if (n < HOLD_FREE || n == HOLD_MAX ||
        reserve(XENMEM_decrease_reservation, held + n - HOLD_FREE,
                HOLD_FREE) != HOLD_FREE) {
        printf("ledger: cannot hold frames (%ld taken)\n", n);
        return -1;
    }
    printf("ledger: holding %ld frames, %d left free (%lu ms)\n",
           n - HOLD_FREE, HOLD_FREE, (time_monotonic_ns() - t0) / 1000000);
    return 0;
}

/* The number of free frames, or a negative value if the census failed. */
static long census(void)
{
    long n = grab(counted, COUNT_MAX), back;

    if (n < 0) {
        printf("ledger: increase_reservation: %ld\n", n);
        return n;
    }
    back = reserve(XENMEM_decrease_reservation, counted, n);
    printf("ledger: census %ld free frames\n", n);
    if (back != n || n == COUNT_MAX) {
        printf("ledger: gave back %ld of %ld frames\n", back, n);
        return -1;
    }
    return n;
}

/* Domain 0 is alive: a status query on it is refused for privilege, not
 * for absence. */
static int bystander_alive(void)
{
    evtchn_status_t st = { .dom = 0, .port = 1 };

    return hypercall_event_channel_op(EVTCHNOP_status, &st) == -XEN_EPERM;
}

static void release(evtchn_port_t port)
{
    evtchn_send(port);
}

/* argv: ledger <control domid> <last attacker domid> */
int ledger_main(int argc, char **argv)
{
    static evtchn_port_t gate[MAX_GATED];
    unsigned first = argc > 2 ? parse_uint(argv[2]) : 0;
    unsigned last = argc > 3 ? parse_uint(argv[3]) : 0;
    unsigned n = last - first;
    long c0, c1, c2;

    if (first <= LEDGER_ID || last <= first || last - first >= MAX_GATED) {
        printf("ledger: usage: ledger CONTROL LAST\n");
        return 2;
    }
    for (unsigned id = first; id <= last; id++)
        if (link_connect(id, &gate[id - first]))
            return 1;
    CHECK_TRUE("the bystander is alive before the census", bystander_alive());
    CHECK_EQ("hold all free frames but a few", hold(), 0);
    c0 = census();
    release(gate[0]);
    link_wait_gone(gate[0]);
    c1 = census();
    for (unsigned i = 1; i <= n; i++)
        release(gate[i]);
    for (unsigned i = 1; i <= n; i++)
        link_wait_gone(gate[i]);
    c2 = census();
    CHECK_TRUE("every census succeeded", c0 > 0 && c1 > 0 && c2 > 0);
    CHECK_TRUE("the bystander outlived the census", bystander_alive());
    printf("ledger: the control returned %ld frames, %u attackers %ld "
           "(want %ld)\n", c1 - c0, n, c2 - c1, (long)n * (c1 - c0));
    CHECK_TRUE("a control domain holds frames", c1 - c0 > 0);
    CHECK_EQ("free frames after the attackers: as after controls", c2 - c1,
             (long)n * (c1 - c0));
    return checks_summary("ledger");
}
