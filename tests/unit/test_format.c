/* Unit tests for the freestanding formatter shared by hv and libos (hv/lib/format.c). */
#include <string.h>
#include <hv/lib.h>
#include "check.h"

static char buf[128];
static const char *volatile null_str;    /* hidden from gcc's format checks */

#define FMT(want, ...)                                  \
    do {                                                \
        snprintf(buf, sizeof(buf), __VA_ARGS__);        \
        CHECK(!strcmp(buf, want));                      \
        if (strcmp(buf, want))                          \
            printf("    got \"%s\"\n", buf);            \
    } while (0)

static void test_integers(void)
{
    FMT("42 -7 0", "%d %d %u", 42, -7, 0u);
    FMT("ffffffff", "%x", 0xffffffffu);
    FMT("123456789abcdef0", "%lx", 0x123456789abcdef0UL);
    FMT("18446744073709551615", "%lu", ~0UL);
    FMT("-9223372036854775808", "%ld", (long)(1UL << 63));
}

static void test_width_and_pad(void)
{
    FMT("[   5][00005][5   ]", "[%4d][%05d][%-4d]", 5, 5, 5);
    FMT("-0042", "%05d", -42);
    FMT("0000beef", "%08x", 0xbeef);
}

static void test_strings(void)
{
    FMT("a-b-(null)", "%s-%c-%s", "a", 'b', null_str);
    FMT("abc", "%.3s", "abcdef");
    FMT("ab", "%.*s", 2, "abcdef");
    FMT("  x", "%3s", "x");
    FMT("100%", "%d%%", 100);
}

static void test_truncation(void)
{
    char small[4];
    int n = snprintf(small, sizeof(small), "%s", "hello");

    CHECK(n == 5);
    CHECK(!strcmp(small, "hel"));
}

int main(void)
{
    RUN(test_integers);
    RUN(test_width_and_pad);
    RUN(test_strings);
    RUN(test_truncation);
    return check_failures != 0;
}
