/* The #PF handler behind probe_read and probe_write. */
#include <libos/traps.h>
#include "probe.h"

extern char probe_read_at[], probe_write_at[], probe_fault[];

static uint64_t last_cr2, last_error;
static unsigned faults;

static int probe_pf(struct trap_frame *f)
{
    if (f->rip != (uint64_t)probe_read_at &&
        f->rip != (uint64_t)probe_write_at)
        return 1;                      /* not ours: report and die */
    last_cr2 = trap_cr2();
    last_error = f->error;
    faults++;
    f->rip = (uint64_t)probe_fault;
    return 0;
}

void probe_init(void)
{
    trap_set_handler(14, probe_pf);
}

uint64_t probe_cr2(void)
{
    return last_cr2;
}

uint64_t probe_error(void)
{
    return last_error;
}

unsigned probe_faults(void)
{
    return faults;
}
