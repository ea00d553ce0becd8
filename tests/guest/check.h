/* Checks for conformance guests: one SUCCESS or FAIL line per check. */
#ifndef TESTS_GUEST_CHECK_H
#define TESTS_GUEST_CHECK_H

#include <libos/libos.h>

static int checks_run, checks_failed;

/* Compare two integer values; the line names the check and both values. */
#define CHECK_EQ(name, got, want)                                           \
    do {                                                                    \
        long g_ = (long)(got), w_ = (long)(want);                           \
        checks_run++;                                                       \
        if (g_ == w_) {                                                     \
            printf("SUCCESS %s\n", name);                                   \
        } else {                                                            \
            checks_failed++;                                                \
            printf("FAIL %s: got %ld, want %ld\n", name, g_, w_);           \
        }                                                                   \
    } while (0)

#define CHECK_TRUE(name, cond) CHECK_EQ(name, !!(cond), 1)

/* How late (ms) a sleep may wake: 10 by default, "slack=<ms>" in argv to
 * widen it (real Xen under TCG wakes later than our hypervisor does). */
static inline long slack_ms(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strncmp(argv[i], "slack=", 6))
            return strtol(argv[i] + 6, NULL, 10);
    return 10;
}

/* Last line of a conformance guest; its value is main's return. */
static inline int checks_summary(const char *guest)
{
    printf("%s: %d checks, %d failed\n", guest, checks_run, checks_failed);
    return checks_failed ? 1 : 0;
}

#endif
