/* actor: a domU that plays one part for the toolstack tests.
 *   actor exit N   print a line, return N from main
 *   actor crash    print a line, then fault (no handler: a crash)
 *   actor sleep    print a line, then sleep until destroyed
 *   actor flood N  print N lines of 64 bytes as fast as it can, exit 0
 *   actor tick N   print N lines 10 ms apart; report the slowest printf
 *   actor spin     print a line, then compute forever (never yields: its
 *                  control thread never runs, so it cannot answer a shutdown)
 *   actor overflow a thread of 16 KiB recursing without end: its stack's
 *                  guard page turns the overflow into a reported crash
 */
#include <libos/libos.h>
#include <libos/thread.h>
#include <libos/time.h>

/* Each call holds a KiB on the stack, and the compiler cannot make the
 * recursion a loop (the result depends on the frame's contents). */
static volatile unsigned long depth_limit = ~0UL;  /* never reached */

static unsigned long deep(unsigned long n)
{
    volatile char frame[1024];

    frame[n % sizeof(frame)] = (char)n;
    if (n == depth_limit)
        return frame[0];
    return deep(n + 1) + frame[0];
}

static void *overflow(void *arg)
{
    return (void *)deep(0);
}

int main(int argc, char **argv)
{
    const char *part = argc > 1 ? argv[1] : "exit";

    if (!strcmp(part, "exit")) {
        int n = argc > 2 ? atoi(argv[2]) : 0;
        printf("actor: exiting with %d\n", n);
        return n;
    }
    if (!strcmp(part, "crash")) {
        volatile int *nowhere = (volatile int *)(uintptr_t)atoi("16");
        printf("actor: about to crash\n");
        *nowhere = 1;                  /* page 0 is never mapped */
        return 0;
    }
    if (!strcmp(part, "flood")) {
        unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
        uint64_t t0 = time_monotonic_ns();
        for (unsigned long i = 0; i < n; i++)
            printf("actor: line %06lu 0123456789abcdef0123456789abcdef0123\n", i);
        printf("actor: %lu lines of 64 bytes in %lu us\n", n,
               (unsigned long)((time_monotonic_ns() - t0) / 1000));
        return 0;
    }
    if (!strcmp(part, "tick")) {
        unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 10) : 50, worst = 0;
        for (unsigned long i = 0; i < n; i++) {
            uint64_t t0 = time_monotonic_ns();
            printf("actor: tick %lu\n", i);
            t0 = time_monotonic_ns() - t0;
            worst = t0 > worst ? t0 : worst;
            time_sleep_ns(10000000);
        }
        printf("actor: %lu ticks, slowest printf %lu us\n", n, worst / 1000);
        return 0;
    }
    if (!strcmp(part, "spin")) {
        volatile unsigned long n = 0;
        printf("actor: spinning\n");
        for (;;)
            n++;
    }
    if (!strcmp(part, "overflow")) {
        printf("actor: a thread of 16 KiB recursing\n");
        thread_join(thread_create("deep", overflow, NULL, 16 * 1024));
        return 0;
    }
    printf("actor: sleeping until destroyed\n");
    for (;;)                           /* a thread's sleep: others may run */
        thread_sleep_ns(1000000000000UL);
}
