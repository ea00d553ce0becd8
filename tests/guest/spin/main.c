/* spin: a CPU-bound guest reporting progress; two of them must interleave. */
#include <libos/libos.h>

#define PHASES 5
#define LOOPS_PER_PHASE 30000000UL

int main(int argc, char **argv)
{
    volatile unsigned long sink = 0;

    for (int phase = 1; phase <= PHASES; phase++) {
        for (unsigned long i = 0; i < LOOPS_PER_PHASE; i++)
            sink += i;
        printf("spin: phase %d of %d\n", phase, PHASES);
    }
    return 0;
}
