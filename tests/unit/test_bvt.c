/* Unit tests for borrowed virtual time arithmetic (hv/bvt.c). */
#include <hv/bvt.h>
#include "check.h"

#define MS 1000000UL
#define SEC 1000000000UL

/*
 * The scheduler in miniature, over always-runnable vcpus: run the one with
 * the least EVT (the first on ties) for bvt_runtime() against the least EVT
 * of the others, charge it, repeat until end.  ran[i] collects real ns.
 * A runtime of 0 runs 1 ns, as sched.c's slice timer does.
 */
static void simulate(struct bvt *v, int n, uint64_t *now, uint64_t end,
                     uint64_t *ran)
{
    while (*now < end) {
        int cur = 0;
        uint64_t other = UINT64_MAX, ns;

        for (int i = 1; i < n; i++)
            if (bvt_evt(&v[i]) < bvt_evt(&v[cur]))
                cur = i;
        for (int i = 0; i < n; i++)
            if (i != cur && bvt_evt(&v[i]) < other)
                other = bvt_evt(&v[i]);
        ns = bvt_runtime(&v[cur], other);
        if (!ns)
            ns = 1;
        if (ns > end - *now)
            ns = end - *now;
        *now += ns;
        bvt_charge(&v[cur], ns, *now);
        ran[cur] += ns;
    }
}

static void test_avt_inverse_weight(void)
{
    struct bvt a, b, z;

    bvt_init(&a, 256, 1000);
    bvt_init(&b, 768, 1000);
    CHECK(a.avt == 1000 && b.avt == 1000 && !a.warping);
    CHECK(bvt_evt(&a) == 1000);
    bvt_charge(&a, 3 * MS, 3 * MS);
    bvt_charge(&b, 3 * MS, 3 * MS);
    CHECK(a.avt == 1000 + 3 * MS);
    CHECK(b.avt == 1000 + 1 * MS);      /* three times the weight: a third */
    bvt_init(&z, 0, 0);                 /* weight 0 would divide by zero */
    CHECK(z.weight == 1);
    bvt_charge(&z, 1000, 1000);
    CHECK(z.avt == 256000);
}

/* Shares converge to weight / sum of weights. */
static void test_share_25_75(void)
{
    struct bvt v[2];
    uint64_t ran[2] = { 0, 0 }, now = 0;

    bvt_init(&v[0], 256, 0);
    bvt_init(&v[1], 768, 0);
    simulate(v, 2, &now, 10 * SEC, ran);
    CHECK(ran[0] + ran[1] == 10 * SEC);
    CHECK(ran[0] > 24 * SEC / 10 && ran[0] < 26 * SEC / 10);
    CHECK(ran[1] > 74 * SEC / 10 && ran[1] < 76 * SEC / 10);
}

static void test_share_equal_and_three_way(void)
{
    struct bvt v[3];
    uint64_t ran[3] = { 0, 0, 0 }, now = 0;

    bvt_init(&v[0], 256, 0);
    bvt_init(&v[1], 256, 0);
    simulate(v, 2, &now, 2 * SEC, ran);
    CHECK(ran[0] > 99 * SEC / 100 && ran[1] > 99 * SEC / 100);

    now = ran[0] = ran[1] = 0;
    bvt_init(&v[0], 100, 0);
    bvt_init(&v[1], 200, 0);
    bvt_init(&v[2], 700, 0);
    simulate(v, 3, &now, 10 * SEC, ran);
    CHECK(ran[0] > 9 * SEC / 10 && ran[0] < 11 * SEC / 10);
    CHECK(ran[1] > 19 * SEC / 10 && ran[1] < 21 * SEC / 10);
    CHECK(ran[2] > 69 * SEC / 10 && ran[2] < 71 * SEC / 10);
}

/* The running vcpu keeps the CPU until its EVT passes other + allowance. */
static void test_runtime_allowance(void)
{
    struct bvt a, b;

    bvt_init(&a, 256, 10 * MS);
    bvt_init(&b, 768, 10 * MS);
    CHECK(bvt_runtime(&a, 10 * MS) == BVT_ALLOWANCE);
    CHECK(bvt_runtime(&b, 10 * MS) == 3 * BVT_ALLOWANCE);  /* real ns */
    CHECK(bvt_runtime(&a, 10 * MS - BVT_ALLOWANCE) == 0);
    CHECK(bvt_runtime(&a, 10 * MS - BVT_ALLOWANCE - 1) == 0);
    CHECK(bvt_runtime(&a, 10 * MS - BVT_ALLOWANCE + 1) == 1);
    CHECK(bvt_runtime(&a, 0) == 0);
    /* alone, or far behind: a bounded slice, never 0 */
    CHECK(bvt_runtime(&a, UINT64_MAX) > 0);
    CHECK(bvt_runtime(&a, UINT64_MAX) <= 100 * MS);
    CHECK(bvt_runtime(&a, UINT64_MAX - BVT_ALLOWANCE - 1) <= 100 * MS);
    CHECK(bvt_runtime(&a, 10 * SEC) == bvt_runtime(&a, UINT64_MAX));
    /* running exactly that long brings EVT to the limit */
    bvt_charge(&b, bvt_runtime(&b, 10 * MS), 1);
    CHECK(bvt_evt(&b) == 10 * MS + BVT_ALLOWANCE);
    CHECK(bvt_runtime(&b, 10 * MS) == 0);
}

static void test_wake_catches_up_and_warps(void)
{
    struct bvt a;

    bvt_init(&a, 256, 0);
    bvt_charge(&a, 5 * MS, 5 * MS);
    bvt_wake(&a, 50 * MS, 60 * MS);     /* stale AVT: raised to svt */
    CHECK(a.avt == 50 * MS);
    CHECK(a.warping && a.warp_left_ns == BVT_WARP_LIMIT_NS);
    CHECK(bvt_evt(&a) == 50 * MS - BVT_WARP);
    /* warped: the slice ends with the warp, however far ahead the other */
    CHECK(bvt_runtime(&a, 10 * SEC) == BVT_WARP_LIMIT_NS);
    CHECK(bvt_runtime(&a, UINT64_MAX) == BVT_WARP_LIMIT_NS);
    bvt_charge(&a, BVT_WARP_LIMIT_NS / 4, 61 * MS);
    CHECK(bvt_runtime(&a, 10 * SEC) == BVT_WARP_LIMIT_NS * 3 / 4);

    bvt_init(&a, 256, 80 * MS);         /* ahead of svt: keeps its AVT */
    bvt_wake(&a, 50 * MS, 60 * MS);
    CHECK(a.avt == 80 * MS);
    bvt_init(&a, 256, 1 * MS);          /* EVT does not wrap below 0 */
    bvt_wake(&a, 1 * MS, 0);
    CHECK(a.warping && bvt_evt(&a) == 0);
}

static void test_warp_limit_then_unwarp(void)
{
    struct bvt a;
    uint64_t t = 100 * MS;

    bvt_init(&a, 256, 0);
    bvt_wake(&a, 0, t);
    bvt_charge(&a, BVT_WARP_LIMIT_NS / 2, t += BVT_WARP_LIMIT_NS / 2);
    CHECK(a.warping);
    bvt_charge(&a, BVT_WARP_LIMIT_NS / 2, t += BVT_WARP_LIMIT_NS / 2);
    CHECK(!a.warping && a.warp_left_ns == 0);
    CHECK(bvt_evt(&a) == a.avt && a.avt == BVT_WARP_LIMIT_NS);
    CHECK(a.unwarp_until == t + BVT_UNWARP_NS);

    bvt_wake(&a, 0, t + BVT_UNWARP_NS - 1);     /* too soon */
    CHECK(!a.warping && bvt_evt(&a) == a.avt);
    bvt_wake(&a, 0, t + BVT_UNWARP_NS);
    CHECK(a.warping && a.warp_left_ns == BVT_WARP_LIMIT_NS);

    /* one long slice past the limit ends the warp too */
    bvt_charge(&a, 10 * MS, t += 10 * MS);
    CHECK(!a.warping && a.unwarp_until == t + BVT_UNWARP_NS);
}

/*
 * A vcpu asleep for 5 s while another ran is woken with svt = the
 * runner's AVT: it may run first (warp) but only for about W + C, and over
 * the next second it gets its share, not 5 s of banked credit.
 */
static void test_sleeper_banks_no_credit(void)
{
    struct bvt v[2];
    uint64_t ran[2] = { 0, 0 }, now = 0, first;

    bvt_init(&v[0], 256, 0);
    bvt_init(&v[1], 256, 0);
    simulate(v, 1, &now, 5 * SEC, ran);         /* v[1] asleep */
    CHECK(ran[0] == 5 * SEC && v[1].avt == 0);
    bvt_wake(&v[1], v[0].avt, now);
    CHECK(v[1].avt == v[0].avt && v[1].warping);

    ran[0] = ran[1] = 0;
    simulate(v, 2, &now, now + 30 * MS, ran);
    first = ran[1];
    CHECK(first <= BVT_WARP + BVT_ALLOWANCE);
    CHECK(ran[0] > 0);
    simulate(v, 2, &now, now + 1 * SEC - 30 * MS, ran);
    CHECK(ran[1] < SEC / 2 + BVT_WARP + BVT_ALLOWANCE);
    CHECK(ran[0] > SEC / 2 - BVT_WARP - BVT_ALLOWANCE);
}

int main(void)
{
    RUN(test_avt_inverse_weight);
    RUN(test_share_25_75);
    RUN(test_share_equal_and_three_way);
    RUN(test_runtime_allowance);
    RUN(test_wake_catches_up_and_warps);
    RUN(test_warp_limit_then_unwarp);
    RUN(test_sleeper_banks_no_credit);
    return check_failures != 0;
}
