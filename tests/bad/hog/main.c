/* hog: each preemptible hypercall with a huge guest-chosen count over an
 * aliased buffer, next to "tick", a bystander measuring how late its 1 ms
 * timer wakes it; "spin" is the baseline, a hog without hypercalls.
 * usage: hog BYSTANDER | spin BYSTANDER MS | tick HOG MAX_LATE_US */
#include "hog.h"
#include <libos/events.h>
#include <libos/time.h>
#include "../../guest/check.h"
#include "../../guest/peer.h"

#define MS        1000000UL
#define HUGE      ((1UL << 31) - 1)    /* bit 31 is Xen's "preempted" flag */
#define REGION_MB 16                   /* each aliased buffer */
#define REGION    (REGION_MB * MB)
#define N2        (REGION_MB / 2)      /* L2 entries: 2 MiB each */

static uint8_t pm[PAGE], px[PAGE], pc[PAGE], ptt[PAGE], pz[PAGE], pg[PAGE],
    scratch[PAGE] __attribute__((aligned(4096)));

static unsigned long arg(const char *s)
{
    unsigned long v = 0;

    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    return v;
}

/* One timed call: prints its guest time. */
#define TIMED(name, call)                                                  \
    ({                                                                     \
        uint64_t t0_ = time_monotonic_ns();                                \
        long rc_ = (call);                                                 \
        printf("hog: %s: %ld in %lu ms\n", name, rc_,                      \
               (time_monotonic_ns() - t0_) / MS);                          \
        rc_;                                                               \
    })

/* mmu_update: 2^31 - 1 requests, each a successful write of a data page
 * of ours; the aliased buffer ends after REGION / 16 of them. */
static void hog_mmu_update(void)
{
    mmu_update_t *u = (void *)pm;
    uint64_t va;
    unsigned done = 0;

    for (unsigned i = 0; i < PAGE / sizeof(*u); i++)
        u[i] = (mmu_update_t){ va_to_mfn((uint64_t)scratch) << 12 |
                               MMU_NORMAL_PT_UPDATE, 0x1234 };
    CHECK_TRUE("alias the mmu_update buffer", va = alias_region(1, pm, N2, 0));
    CHECK_EQ("mmu_update 2^31 - 1 over the buffer: -EFAULT at its end",
             TIMED("mmu_update", hypercall5(__HYPERVISOR_mmu_update, va, HUGE,
                                            (uint64_t)&done, DOMID_SELF, 0)),
             -XEN_EFAULT);
    CHECK_EQ("  every request of the buffer done", done, REGION / sizeof(*u));
    CHECK_EQ("  and written", *(uint64_t *)scratch, 0x1234);
}

/* mmuext_op: invlpg of a low address, 24-byte ops over the buffer. */
static void hog_mmuext(void)
{
    uint64_t *w = (void *)px, va;
    unsigned done = 0;

    for (unsigned i = 0; i < PAGE / 8; i++)
        w[i] = MMUEXT_INVLPG_LOCAL;     /* cmd and linear_addr both 7 */
    CHECK_TRUE("alias the mmuext buffer", va = alias_region(2, px, N2, 0));
    CHECK_EQ("mmuext_op 2^31 - 1 over the buffer: -EFAULT at its end",
             TIMED("mmuext_op", hypercall5(__HYPERVISOR_mmuext_op, va, HUGE,
                                           (uint64_t)&done, DOMID_SELF, 0)),
             -XEN_EFAULT);
    CHECK_EQ("  every op of the buffer done", done,
             REGION / sizeof(struct mmuext_op));
}

/* multicall of multicalls (each refused), and of long mmu_updates (each
 * preempted inside the multicall and continued there). */
static void hog_multicall(uint64_t mmu_va)
{
    multicall_entry_t *e = (void *)pc, two[2];
    unsigned done[2] = { 0, 0 }, bad = 0;
    uint64_t va;

    for (unsigned i = 0; i < PAGE / sizeof(*e); i++)
        e[i] = (multicall_entry_t){ .op = __HYPERVISOR_multicall };
    CHECK_TRUE("alias the multicall list", va = alias_region(3, pc, N2, 1));
    CHECK_EQ("multicall of REGION / 64 multicalls",
             TIMED("multicall", hypercall2(__HYPERVISOR_multicall, va,
                                           REGION / sizeof(*e))), 0);
    for (unsigned i = 0; i < PAGE / sizeof(*e); i++)
        bad += e[i].result != (uint64_t)-XEN_EINVAL;
    CHECK_EQ("  each nested one refused with -EINVAL", bad, 0);
    for (int i = 0; i < 2; i++)
        two[i] = (multicall_entry_t){ __HYPERVISOR_mmu_update, 1,
            { mmu_va, REGION / sizeof(mmu_update_t), (uint64_t)&done[i],
              DOMID_SELF } };
    CHECK_EQ("multicall of two whole-buffer mmu_updates",
             TIMED("multicall of mmu_update",
                   hypercall2(__HYPERVISOR_multicall, (uint64_t)two, 2)), 0);
    CHECK_TRUE("  both succeeded", two[0].result == 0 && two[1].result == 0);
    CHECK_TRUE("  with every request done",
               done[0] == REGION / sizeof(mmu_update_t) && done[1] == done[0]);
}

static void spare_handler(void)
{
}

/* set_trap_table: a table with no end, vector 200 again and again. */
static void hog_trap_table(void)
{
    trap_info_t *t = (void *)ptt;
    uint64_t va;

    for (unsigned i = 0; i < PAGE / sizeof(*t); i++)
        t[i] = (trap_info_t){ 200, 0, FLAT_KERNEL_CS,
                              (unsigned long)spare_handler };
    CHECK_TRUE("alias the trap table", va = alias_region(4, ptt, N2, 0));
    CHECK_EQ("set_trap_table without end: -EFAULT at the buffer's end",
             TIMED("set_trap_table",
                   hypercall1(__HYPERVISOR_set_trap_table, va)), -XEN_EFAULT);
}

/* console_io: REGION bytes of NULs (skipped by the console: no output). */
static void hog_console(void)
{
    uint64_t va;

    CHECK_TRUE("alias the console buffer", va = alias_region(5, pz, N2, 0));
    CHECK_EQ("console_io write of the whole buffer",
             TIMED("console_io", hypercall_console_io(CONSOLEIO_write,
                                                      REGION, (void *)va)), 0);
}

/* Grant batches of ops that all fail (every field 0xff..): each gets its
 * status and the batch goes on, so only the count bounds the work. */
static void hog_grants(void)
{
    gnttab_map_grant_ref_t *m = (void *)pg;
    unsigned bad = 0;
    uint64_t va;

    memset(pg, 0xff, PAGE);
    CHECK_TRUE("alias the grant ops", va = alias_region(6, pg, N2, 1));
    CHECK_EQ("GNTTABOP_map_grant_ref of REGION / 32 ops",
             TIMED("gnttab map", hypercall3(__HYPERVISOR_grant_table_op,
                                            GNTTABOP_map_grant_ref, va,
                                            REGION / sizeof(*m))), 0);
    for (unsigned i = 0; i < PAGE / sizeof(*m); i++)
        bad += m[i].status != GNTST_bad_domain;
    CHECK_EQ("  each with its status (bad domain)", bad, 0);
    memset(pg, 0xff, PAGE);
    CHECK_EQ("GNTTABOP_unmap_grant_ref 2^31 - 1: -EFAULT at the buffer's end",
             TIMED("gnttab unmap", hypercall3(__HYPERVISOR_grant_table_op,
                                              GNTTABOP_unmap_grant_ref, va,
                                              HUGE)), -XEN_EFAULT);
    memset(pg, 0xff, PAGE);
    CHECK_EQ("GNTTABOP_copy 2^31 - 1: -EFAULT at the buffer's end",
             TIMED("gnttab copy", hypercall3(__HYPERVISOR_grant_table_op,
                                             GNTTABOP_copy, va, HUGE)),
             -XEN_EFAULT);
}

static int hog(domid_t bystander)
{
    evtchn_port_t port;

    CHECK_EQ("offer the bystander a port",
             evtchn_alloc_unbound(bystander, &port), 0);
    time_sleep_ns(50 * MS);            /* let it connect and start ticking */
    hog_mmu_update();
    hog_mmuext();
    hog_multicall(1UL << 30);
    hog_trap_table();
    hog_console();
    hog_grants();
    for (unsigned s = 1; s <= 6; s++)
        alias_remove(s);
    evtchn_send(port);                 /* done: the bystander stops */
    return checks_summary("hog");
}

/* spin BYSTANDER MS: the baseline, a hog that makes no long hypercalls. */
static int spin(domid_t bystander, uint64_t ms)
{
    evtchn_port_t port;
    uint64_t end;

    CHECK_EQ("offer the bystander a port",
             evtchn_alloc_unbound(bystander, &port), 0);
    time_sleep_ns(50 * MS);
    for (end = time_monotonic_ns() + ms * MS; time_monotonic_ns() < end;)
        ;
    evtchn_send(port);
    return checks_summary("spin");
}

static volatile int hog_done;

static void on_done(evtchn_port_t port, void *data)
{
    hog_done = 1;
}

/* tick HOG MAX_LATE_US: wake every 1 ms until the hog says it is done;
 * the worst lateness must stay under MAX_LATE_US. */
static int tick(domid_t hog_id, uint64_t max_late_us)
{
    uint64_t worst = 0, n = 0, next, late;
    evtchn_port_t port;

    CHECK_EQ("connect to the hog", peer_connect(hog_id, &port, 30000 * MS), 0);
    evtchn_clear_pending(port);
    evtchn_set_handler(port, on_done, 0);
    next = time_monotonic_ns() + MS;
    while (!hog_done) {
        TIME_WAIT(hog_done, next);
        if ((late = time_monotonic_ns()) < next)
            continue;                  /* the hog's event: loop ends */
        late -= next;
        worst = late > worst ? late : worst;
        n++;
        next = time_monotonic_ns() + MS;
    }
    printf("tick: %lu ticks beside the hog, worst lateness %lu us\n", n,
           worst / 1000);
    CHECK_TRUE("ticked while the hog ran", n >= 10);
    CHECK_TRUE("worst lateness within bound", worst / 1000 <= max_late_us);
    return checks_summary("tick");
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "hog"))
        return hog(1);
    if (argc == 3 && !strcmp(argv[1], "hog"))
        return hog(arg(argv[2]));
    if (argc == 4 && !strcmp(argv[1], "spin"))
        return spin(arg(argv[2]), arg(argv[3]));
    if (argc == 4 && !strcmp(argv[1], "tick"))
        return tick(arg(argv[2]), arg(argv[3]));
    printf("usage: hog hog BYSTANDER | spin BYSTANDER MS | "
           "tick HOG MAX_LATE_US\n");
    return 2;
}
