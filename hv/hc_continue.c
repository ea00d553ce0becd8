/* Hypercall continuations: long hypercalls give the CPU back and are restarted with what is left. */
#include <hv/hypercall.h>
#include <hv/time.h>

/*
 * Xen's model.  A handler whose work is sized by the guest (a count, a
 * buffer) asks hypercall_preempt_check() between units of work; when the
 * call has run for HC_BUDGET_NS it returns hypercall_continue() with the
 * arguments of the work still to do.  The dispatcher then rewinds the
 * guest's rip onto its syscall and loads those arguments into the
 * argument registers, so the guest, when next scheduled, re-issues the
 * rest as a fresh hypercall: timers, events and other domains run in
 * between.  A multicall takes an inner call's continuation itself (it
 * rewrites that entry's arguments and continues at it).
 *
 * One CPU and a hypervisor that is not preemptible: one hypercall is in
 * flight at a time, so the state is one static struct.
 */
#define HC_BUDGET_NS 50000             /* 50 us of work, then continue */

static struct {
    uint64_t started;                  /* time_now() when the call began */
    bool pending;                      /* a continuation is recorded */
    uint64_t nr, args[5];
} hc;

void hypercall_begin(void)
{
    hc.started = time_now();
    hc.pending = false;
}

bool hypercall_preempt_check(void)
{
    return time_now() - hc.started >= HC_BUDGET_NS;
}

long hypercall_continue(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3,
                        uint64_t a4, uint64_t a5)
{
    hc.pending = true;
    hc.nr = nr;
    hc.args[0] = a1, hc.args[1] = a2, hc.args[2] = a3;
    hc.args[3] = a4, hc.args[4] = a5;
    return nr;                         /* what rax holds to re-issue it */
}

bool hypercall_take_continuation(uint64_t *nr, uint64_t args[5])
{
    if (!hc.pending)
        return false;
    hc.pending = false;
    *nr = hc.nr;
    for (int i = 0; i < 5; i++)
        args[i] = hc.args[i];
    return true;
}
