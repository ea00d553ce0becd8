/* exhaust: one domain uses up every per-domain resource it may hold, while
 * a bystander's legitimate operations of the same kinds must keep working:
 * each limit is the domain's own, as Xen's (event ports, grant frames,
 * memory above its reservation).
 *   exhaust attack      ports to ENOSPC, grant frames past the maximum,
 *                       memory past max_pages; held for a while, released
 *   exhaust bystander   50 rounds of ports, interdomain events to itself,
 *                       grant table growth and a reservation grow/shrink
 */
#include <errno.h>
#include <libos/events.h>
#include <libos/gnttab.h>
#include <libos/libos.h>
#include <libos/mm.h>
#include <libos/thread.h>
#include <libos/time.h>
#include <xen/errno.h>
#include <xen/memory.h>
#include "../../guest/check.h"

#define MS 1000000ULL
#define MAX_PORTS 4096

static evtchn_port_t ports[MAX_PORTS];

static int setup_table(unsigned frames)
{
    static xen_pfn_t list[64];
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = frames };

    set_xen_guest_handle(s.frame_list, list);
    if (hypercall_grant_table_op(GNTTABOP_setup_table, &s, 1))
        return -1;
    return s.status;
}

static unsigned port_flood(void)
{
    unsigned n = 0;
    int rc = 0;

    while (n < MAX_PORTS && !(rc = evtchn_alloc_unbound(DOMID_SELF, &ports[n])))
        n++;
    printf("exhaust: %u ports before %d\n", n, rc);
    CHECK_TRUE("ports run out with ENOSPC, at the 2-level limit",
               rc == -XEN_ENOSPC && n >= 4000);
    return n;
}

static void attack(void)
{
    unsigned n = port_flood(), bad = 0;
    long grown;

    CHECK_TRUE("a grant table past the maximum is refused",
               setup_table(64) != GNTST_okay);
    grown = mm_reservation_grow(100000);
    printf("exhaust: reservation grew by %ld of 100000 pages\n", grown);
    CHECK_TRUE("memory stops at the domain's maximum", grown < 100000);
    thread_sleep_ns(300 * MS);         /* hold it all while the bystander works */
    for (unsigned i = 0; i < n; i++)
        bad += evtchn_close(ports[i]) != 0;
    CHECK_EQ("every port closes", bad, 0);
    if (grown > 0)
        CHECK_EQ("the memory goes back", mm_reservation_shrink(grown), grown);
    CHECK_EQ("and a port can be had again",
             evtchn_alloc_unbound(DOMID_SELF, &ports[0]), 0);
}

static volatile unsigned got;

static void on_event(evtchn_port_t port, void *data)
{
    got++;
}

/* One round of each kind of operation the attacker exhausts. */
static int bystander_round(void)
{
    evtchn_port_t un, local;
    uint64_t end = time_monotonic_ns() + 100 * MS;
    unsigned before = got;
    int rc;

    if ((rc = evtchn_alloc_unbound(DOMID_SELF, &un)) ||
        (rc = evtchn_bind_interdomain(DOMID_SELF, un, &local)))
        return rc;
    evtchn_set_handler(un, on_event, NULL);
    evtchn_send(local);
    while (got == before && time_monotonic_ns() < end)
        thread_sleep_ns(MS);
    evtchn_close(local);
    evtchn_close(un);
    if (got == before)
        return -1000;
    if (mm_reservation_grow(16) != 16 || mm_reservation_shrink(16) != 16)
        return -1001;
    return 0;
}

static void bystander(void)
{
    unsigned ok = 0;
    int rc = 0;

    CHECK_EQ("grow our grant table to 4 frames", setup_table(4), GNTST_okay);
    for (int i = 0; i < 50; i++) {
        if (!(rc = bystander_round()))
            ok++;
        else
            printf("exhaust: bystander round %d: %d\n", i, rc);
        thread_sleep_ns(10 * MS);
    }
    printf("exhaust: bystander: %u of 50 rounds\n", ok);
    CHECK_EQ("bystander: every round's operations succeeded", ok, 50);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "attack";

    if (mm_init())
        return printf("exhaust: mm_init failed\n"), 1;
    if (!strcmp(mode, "bystander"))
        bystander();
    else
        attack();
    return checks_summary(mode);
}
