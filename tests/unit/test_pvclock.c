/* Unit tests for pvclock scales and calendar days (hv/pvclock.c). */
#include <hv/time.h>
#include "check.h"

#define NS_PER_SEC 1000000000UL

static const uint64_t rates[] = {
    1000000000UL, 2500000000UL, 3300000000UL, 100000000UL, 1000000UL,
    2000000000UL, 1000000001UL, 3579545UL, 4000000001UL, 2893412345UL,
};

static uint64_t absdiff(uint64_t a, uint64_t b)
{
    return a > b ? a - b : b - a;
}

/* mul in [2^31, 2^32): the most precision a 32-bit multiplier gives. */
static void test_scale_normalised(void)
{
    for (unsigned i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
        struct time_scale s = time_scale_for(rates[i]);
        CHECK(s.mul >= 1UL << 31);
        if (s.mul < 1UL << 31)
            printf("    %lu Hz: mul %u shift %d\n", rates[i], s.mul, s.shift);
    }
    CHECK(time_scale_for(1000000000UL).mul == 1UL << 31);
    CHECK(time_scale_for(1000000000UL).shift == 1);
    CHECK(time_scale_for(2000000000UL).shift == 0);
    CHECK(time_scale_for(2500000000UL).shift == -1);
    CHECK(time_scale_for(1000000UL).shift == 10);
}

/* Exact ns for ticks at hz, rounded down. */
static uint64_t exact_ns(uint64_t ticks, uint64_t hz)
{
    return (uint64_t)((unsigned __int128)ticks * NS_PER_SEC / hz);
}

/* One second of ticks is 1e9 ns within 1 ns; k seconds within k + 1. */
static void test_scale_accuracy(void)
{
    for (unsigned i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
        uint64_t hz = rates[i];
        struct time_scale s = time_scale_for(hz);
        uint64_t one = time_scale_apply(s, hz);
        const uint64_t ticks[] = { 1, hz / 1000 + 7, 12345678, 3600 * hz };

        CHECK(absdiff(one, NS_PER_SEC) <= 1);
        if (absdiff(one, NS_PER_SEC) > 1)
            printf("    %lu Hz: 1 s of ticks gives %lu ns\n", hz, one);
        CHECK(time_scale_apply(s, 0) == 0);
        for (unsigned j = 0; j < sizeof(ticks) / sizeof(ticks[0]); j++)
            CHECK(absdiff(time_scale_apply(s, ticks[j]),
                          exact_ns(ticks[j], hz)) <= 1 + ticks[j] / hz);
    }
}

/* A year of ticks at 3.3 GHz does not overflow the 64x32 product. */
static void test_scale_long_uptime(void)
{
    uint64_t hz = 3300000000UL, secs = 365UL * 86400;
    struct time_scale s = time_scale_for(hz);
    uint64_t ns = time_scale_apply(s, hz * secs);

    CHECK(absdiff(ns, secs * NS_PER_SEC) <= secs + 1);
    s = time_scale_for(1000000UL);             /* positive shift */
    ns = time_scale_apply(s, 1000000UL * secs);
    CHECK(absdiff(ns, secs * NS_PER_SEC) <= secs + 1);
}

/* Guests read time as ns = scale(tsc - stamp): it may never go back. */
static void test_scale_monotonic(void)
{
    for (unsigned i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
        struct time_scale s = time_scale_for(rates[i]);
        uint64_t prev = 0, t = 0, bad = 0;

        for (unsigned k = 0; k < 100000; k++) {
            uint64_t ns = time_scale_apply(s, t);
            if (ns < prev)
                bad++;
            prev = ns;
            t += 1 + (k % 7) * (k % 13) * 1000;   /* steps of 1 and more */
        }
        CHECK(bad == 0);
    }
}

static void test_days_known_dates(void)
{
    CHECK(time_days_from_civil(1970, 1, 1) == 0);
    CHECK(time_days_from_civil(1970, 1, 2) == 1);
    CHECK(time_days_from_civil(2000, 3, 1) == 11017);
    CHECK(time_days_from_civil(2024, 2, 29) == 19782);
    CHECK(time_days_from_civil(2026, 11, 21) == 20778);
    CHECK(time_days_from_civil(2038, 1, 19) == 24855);
    CHECK(time_days_from_civil(2100, 3, 1) == 47541);    /* 2100: no leap */
    CHECK(time_days_from_civil(1969, 12, 31) == -1);
    CHECK(time_days_from_civil(1900, 1, 1) == -25567);
    CHECK(time_days_from_civil(1600, 2, 29) == -135081);
    CHECK(time_days_from_civil(1, 1, 1) == -719162);
}

/* Every civil day from 1599 to 2401 is one more than the day before. */
static void test_days_consecutive(void)
{
    static const unsigned len[] = { 31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31 };
    int64_t prev = time_days_from_civil(1598, 12, 31), bad = 0;

    for (int64_t y = 1599; y <= 2401; y++) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (unsigned m = 1; m <= 12; m++) {
            unsigned n = len[m - 1] + (m == 2 && leap);
            for (unsigned d = 1; d <= n; d++) {
                int64_t days = time_days_from_civil(y, m, d);
                if (days != prev + 1)
                    bad++;
                prev = days;
            }
        }
    }
    CHECK(bad == 0);
}

int main(void)
{
    RUN(test_scale_normalised);
    RUN(test_scale_accuracy);
    RUN(test_scale_long_uptime);
    RUN(test_scale_monotonic);
    RUN(test_days_known_dates);
    RUN(test_days_consecutive);
    return check_failures != 0;
}
