/* libc: newlib over libos — formatting, malloc under stress, clocks and sleeps, errno, math, strings. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

#define MS 1000000L

static void check_format(void)
{
    char buf[128];

    snprintf(buf, sizeof(buf), "%d|%5s|%-4x|%08.3f|%lld|%zu|%c|%e", -42, "ab",
             255, 3.14159, -9000000000LL, (size_t)7, 'z', 12345.678);
    CHECK_TRUE("snprintf of ints, strings, floats, long long",
               !strcmp(buf, "-42|   ab|ff  |0003.142|-9000000000|7|z|1.234568e+04"));
    if (strcmp(buf, "-42|   ab|ff  |0003.142|-9000000000|7|z|1.234568e+04"))
        printf("    got \"%s\"\n", buf);
    CHECK_EQ("snprintf truncates and counts", snprintf(buf, 4, "%s", "hello"), 5);
    CHECK_TRUE("  leaving a terminated prefix", !strcmp(buf, "hel"));
    CHECK_EQ("sscanf", ({ int a, b; sscanf("12 0x1f", "%d %i", &a, &b) == 2 &&
                          a == 12 && b == 31; }), 1);
    CHECK_EQ("strtol with base 16", strtol("-7fz", NULL, 16), -0x7f);
}

/* Random sizes, filled with a pattern derived from the block, checked
 * before every free: corruption of either the data or the allocator shows. */
static void check_malloc(void)
{
    enum { SLOTS = 512, ROUNDS = 20000 };
    static unsigned char *blk[SLOTS];
    static size_t len[SLOTS];
    unsigned seed = 12345, bad = 0, nulls = 0;

    for (int r = 0; r < ROUNDS; r++) {
        unsigned i = (seed = seed * 1103515245 + 12345) % SLOTS;
        if (blk[i]) {
            for (size_t k = 0; k < len[i]; k++)
                bad += blk[i][k] != (unsigned char)(i + k);
            free(blk[i]);
            blk[i] = NULL;
        } else {
            len[i] = (seed >> 8) % (r % 64 ? 512 : 65536) + 1;
            if (!(blk[i] = malloc(len[i]))) {
                nulls++;
                continue;
            }
            for (size_t k = 0; k < len[i]; k++)
                blk[i][k] = (unsigned char)(i + k);
        }
    }
    for (unsigned i = 0; i < SLOTS; i++)
        free(blk[i]);
    CHECK_EQ("malloc stress: no allocation failed", nulls, 0);
    CHECK_EQ("malloc stress: every byte intact", bad, 0);
    CHECK_TRUE("calloc zeroes", ({ int *z = calloc(1000, sizeof(int)), ok = 1;
                                   for (int i = 0; i < 1000; i++) ok &= !z[i];
                                   free(z); ok; }));
    CHECK_TRUE("realloc keeps the contents", ({
        char *p = strdup("keep me"), *q = realloc(p, 100000);
        int ok = q && !strcmp(q, "keep me"); free(q); ok; }));
    CHECK_TRUE("an impossible malloc fails", malloc((size_t)1 << 40) == NULL);
}

static long ns_of(const struct timespec *t)
{
    return t->tv_sec * 1000000000L + t->tv_nsec;
}

static long slack;                     /* ns a sleep may be late */

static void check_time(void)
{
    struct timespec a, b, req = { 0, 30 * MS };
    struct timeval tv;
    long back = 0, el;

    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 20000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        back += ns_of(&b) < ns_of(&a);
        a = b;
    }
    CHECK_EQ("CLOCK_MONOTONIC never goes back", back, 0);
    CHECK_EQ("clock_gettime(REALTIME)", clock_gettime(CLOCK_REALTIME, &a), 0);
    CHECK_TRUE("  after 2024", a.tv_sec > 1704067200);
    CHECK_EQ("gettimeofday", gettimeofday(&tv, NULL), 0);
    CHECK_TRUE("  agrees with REALTIME", labs(tv.tv_sec - a.tv_sec) <= 1);
    CHECK_TRUE("time() agrees", labs(time(NULL) - a.tv_sec) <= 1);
    CHECK_EQ("a bad clock: EINVAL", clock_gettime(99, &a) == -1 && errno == EINVAL, 1);
    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK_EQ("nanosleep 30 ms", nanosleep(&req, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    el = ns_of(&b) - ns_of(&a);
    CHECK_TRUE("  slept at least 30 ms", el >= 30 * MS);
    /* the bound allows for TCG waking from halt a few ms late */
    CHECK_TRUE("  and late by less than the slack", el < 30 * MS + slack);
    printf("libc: nanosleep 30 ms took %ld us\n", el / 1000);
    clock_gettime(CLOCK_MONOTONIC, &a);
    usleep(20000);
    clock_gettime(CLOCK_MONOTONIC, &b);
    el = ns_of(&b) - ns_of(&a);
    CHECK_TRUE("usleep 20 ms within the slack", el >= 20 * MS &&
                                                 el < 20 * MS + slack);
    req.tv_nsec = 1000000000L;
    CHECK_EQ("nanosleep with tv_nsec out of range: EINVAL",
             nanosleep(&req, NULL) == -1 && errno == EINVAL, 1);
}

static void check_errno(void)
{
    struct stat st;

    errno = 0;
    CHECK_EQ("open: -1 ENOSYS", open("/etc/motd", O_RDONLY) == -1 && errno == ENOSYS, 1);
    errno = 0;
    CHECK_EQ("fork: -1 ENOSYS", fork() == -1 && errno == ENOSYS, 1);
    errno = 0;
    CHECK_EQ("unlink: -1 ENOSYS", unlink("x") == -1 && errno == ENOSYS, 1);
    errno = 0;
    CHECK_EQ("fopen: NULL", fopen("/x", "r") == NULL && errno == ENOSYS, 1);
    errno = 0;
    CHECK_EQ("write to a closed fd: EBADF", write(42, "x", 1) == -1 && errno == EBADF, 1);
    CHECK_EQ("lseek on the console: ESPIPE",
             lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE, 1);
    CHECK_EQ("fstat of stdout: a character device",
             fstat(1, &st) == 0 && S_ISCHR(st.st_mode), 1);
    CHECK_TRUE("isatty(1)", isatty(1));
    CHECK_TRUE("getpid", getpid() > 0);
    CHECK_EQ("write(1) returns its count", write(1, "libc: raw write\n", 16), 16);
}

static void check_math_and_strings(void)
{
    char s[32] = "hello";
    int v[] = { 5, 3, 9, 1 };

    CHECK_TRUE("sin(pi/2) = 1", fabs(sin(M_PI / 2) - 1.0) < 1e-12);
    CHECK_TRUE("sqrt(2)^2 = 2", fabs(sqrt(2.0) * sqrt(2.0) - 2.0) < 1e-12);
    CHECK_TRUE("pow(2, 10) = 1024", pow(2, 10) == 1024.0);
    CHECK_TRUE("exp(log(7)) = 7", fabs(exp(log(7.0)) - 7.0) < 1e-12);
    strcat(s, " world");
    CHECK_TRUE("strcat, strlen, strchr, strstr", strlen(s) == 11 &&
               strchr(s, 'w') == s + 6 && strstr(s, "lo w") == s + 3);
    qsort(v, 4, sizeof(int), ({ int cmp(const void *a, const void *b)
                                { return *(int *)a - *(int *)b; } cmp; }));
    CHECK_TRUE("qsort", v[0] == 1 && v[1] == 3 && v[2] == 5 && v[3] == 9);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "abort"))
        abort();
    if (argc > 1 && !strcmp(argv[1], "exit3"))
        exit(3);
    slack = slack_ms(argc, argv) * MS;
    check_format();
    check_malloc();
    check_time();
    check_errno();
    check_math_and_strings();
    return checks_summary("libc");
}
