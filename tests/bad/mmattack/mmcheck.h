/* mmattack's checks: the conformance guests' CHECK lines, per attack file. */
#ifndef TESTS_BAD_MMATTACK_MMCHECK_H
#define TESTS_BAD_MMATTACK_MMCHECK_H

/* check.h keeps its counters per file: an attack's checks (and its
 * summary) stay in one file, or add their counts up (badptr_more). */
#include "../../guest/check.h"

/* One check that an attempt on arg returned the error (or status) want. */
static inline void check_err(const char *what, uint64_t arg, long rc,
                             long want)
{
    char name[128];

    snprintf(name, sizeof(name), "%s, 0x%lx: %ld", what, arg, rc);
    CHECK_EQ(name, rc, want);
}

#endif
