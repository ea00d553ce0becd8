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

/* Last line of a conformance guest; its value is main's return. */
static inline int checks_summary(const char *guest)
{
    printf("%s: %d checks, %d failed\n", guest, checks_run, checks_failed);
    return checks_failed ? 1 : 0;
}

#endif
