/* Host unit tests: CHECK records a failure, RUN prints PASS or FAIL per test. */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("    check failed at %s:%d: %s\n", __FILE__, __LINE__,  \
                   #cond);                                                 \
            check_failures++;                                              \
        }                                                                  \
    } while (0)

/* Run one test function; the runner counts the PASS/FAIL lines. */
#define RUN(fn)                                                            \
    do {                                                                   \
        int before_ = check_failures;                                      \
        fn();                                                              \
        printf("%s unit/%s\n", check_failures == before_ ? "PASS" : "FAIL", \
               #fn);                                                       \
    } while (0)

#endif
