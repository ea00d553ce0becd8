/* BVT scheduling over a ring of vcpus: decisions, context switch, idle, reaping. */
#include <arch/cpu.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/power.h>
#include <hv/pv.h>
#include <hv/sched.h>
#include <hv/time.h>

struct vcpu *current;
static struct vcpu *ring;          /* any vcpu of the ring; NULL when empty */
static bool need_resched, yielding;
static uint64_t dispatched_at;     /* when current last started running */
static struct timer slice_timer;

extern void enter_frame(struct regs *frame) __attribute__((noreturn));

static void runstate_set(struct vcpu *v, int state, uint64_t now)
{
    vcpu_runstate_info_t *r = &v->runstate;

    r->time[r->state] += now - r->state_entry_time;
    r->state = state;
    r->state_entry_time = now;
}

void sched_runstate_sync(struct vcpu *v)
{
    runstate_set(v, v->runstate.state, time_now());
}

static bool runnable(const struct vcpu *v)
{
    return !v->blocked && v->dom->state == DOMAIN_RUNNING && !v->dom->paused;
}

/* The runnable vcpu with the least EVT, other than skip (may be NULL). */
static struct vcpu *least_evt(const struct vcpu *skip)
{
    struct vcpu *v = ring, *best = NULL;

    if (!ring)
        return NULL;
    do {
        if (v != skip && runnable(v) &&
            (!best || bvt_evt(&v->bvt) < bvt_evt(&best->bvt)))
            best = v;
        v = v->sched_next;
    } while (v != ring);
    return best;
}

/* Scheduler virtual time: the least AVT of the runnable vcpus. */
static uint64_t svt(void)
{
    struct vcpu *v = ring;
    uint64_t min = UINT64_MAX;

    if (!ring)
        return 0;
    do {
        if (runnable(v) && v->bvt.avt < min)
            min = v->bvt.avt;
        v = v->sched_next;
    } while (v != ring);
    return min == UINT64_MAX ? 0 : min;
}

static void slice_expired(void *unused)
{
    need_resched = true;
}

void sched_add(struct vcpu *v, uint32_t weight)
{
    uint64_t now = time_now();

    bvt_init(&v->bvt, weight, svt());
    v->runstate.state = RUNSTATE_runnable;
    v->runstate.state_entry_time = now;
    if (!ring) {
        v->sched_next = v;
        ring = v;
    } else {
        v->sched_next = ring->sched_next;
        ring->sched_next = v;
    }
    need_resched = true;
}

void sched_remove(struct vcpu *v)
{
    struct vcpu *p = ring;

    timer_stop(&v->poll_timer);
    timer_stop(&v->sshot_timer);
    if (!ring)
        return;
    while (p->sched_next != v && p->sched_next != ring)
        p = p->sched_next;
    if (p->sched_next != v)
        return;                      /* not on the ring */
    if (v->sched_next == v) {
        ring = NULL;
    } else {
        p->sched_next = v->sched_next;
        if (ring == v)
            ring = p;
    }
    v->sched_next = NULL;
    need_resched = true;
}

void sched_block(struct vcpu *v)
{
    v->blocked = true;
    runstate_set(v, RUNSTATE_blocked, time_now());
    need_resched = true;
}

static void unblock(struct vcpu *v)
{
    uint64_t now = time_now(), vt;

    if (!v->blocked)
        return;
    vt = svt();                      /* of the others: v still counts blocked */
    v->blocked = false;
    v->polling = false;
    timer_stop(&v->poll_timer);
    bvt_wake(&v->bvt, vt, now);
    runstate_set(v, RUNSTATE_runnable, now);
    need_resched = true;             /* a warped waker may preempt */
}

static void poll_timeout(void *data)
{
    unblock(data);
}

void sched_poll(struct vcpu *v, const evtchn_port_t *ports, unsigned n,
                uint64_t timeout)
{
    for (unsigned i = 0; i < n; i++)
        v->poll_ports[i] = ports[i];
    v->nr_poll = n;
    v->polling = true;
    sched_block(v);
    if (timeout) {
        v->poll_timer.fn = poll_timeout;
        v->poll_timer.data = v;
        timer_set(&v->poll_timer, timeout);
    }
}

void sched_wake_event(struct vcpu *v, evtchn_port_t port)
{
    if (!v->blocked)
        return;
    if (!v->polling) {
        if (v->info->evtchn_upcall_pending)
            unblock(v);
        return;
    }
    for (unsigned i = 0; i < v->nr_poll; i++)
        if (v->poll_ports[i] == port) {
            unblock(v);
            return;
        }
}

/* Pause and unpause change who is runnable: decide again. */
void sched_request(void)
{
    need_resched = true;
}

void sched_yield(void)
{
    need_resched = yielding = true;
}

/* Let domain.c reap the dying, now that none of them is running: off any
 * dying L4 first, and back onto current's if it lives on.  A current that
 * merely shut down keeps its tables (its memory stays). */
static void reap(void)
{
    write_cr3(virt_to_maddr(idle_l4));
    if (current && domain_dying(current->dom))
        current = NULL;
    domain_reap();
    if (current)
        write_cr3(current->cr3);
}

/* Save prev's FPU and segment bases, load next's, switch address space.
 * The real CR0.TS follows the guest's virtual one (fpu_taskswitch). */
static void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (prev == next)
        return;
    __asm__ volatile("clts");
    if (prev)
        fpu_save(prev->fpu);
    fpu_restore(next->fpu);
    if (next->fpu_ts)
        write_cr0(read_cr0() | (1UL << 3));
    wrmsr(MSR_FS_BASE, next->fs_base);
    wrmsr(MSR_GS_BASE, next->gs_base_kernel);
    wrmsr(MSR_KERNEL_GS, next->gs_base_user);
    write_cr3(next->cr3);
    time_vcpu_update(next);
    current = next;
}

/* BVT's choice: the least EVT, but the running vcpu keeps the CPU until
 * its EVT passes that by the allowance (or it yields). */
static struct vcpu *decide(struct vcpu *prev)
{
    struct vcpu *best = least_evt(yielding ? prev : NULL);

    if (prev && runnable(prev)) {
        if (!best)
            return prev;
        if (!yielding &&
            bvt_evt(&prev->bvt) <= bvt_evt(&best->bvt) + BVT_ALLOWANCE)
            return prev;
    }
    return best;
}

/* Idle until some vcpu is runnable; power off when no domain is left. */
static struct vcpu *idle(void)
{
    struct vcpu *next;

    while (!(next = decide(NULL))) {
        if (!domain_count())
            power_off(domains_all_clean() ? POWER_CLEAN : POWER_UNCLEAN);
        timers_reprogram();
        cpu_idle_wait();
    }
    dispatched_at = time_now();
    return next;
}

void schedule(struct regs *frame)
{
    struct vcpu *prev = current, *next = prev;
    uint64_t now;

    if (!need_resched && prev && runnable(prev))
        goto out;                       /* fast path: nothing changed */
    now = time_now();
    if (prev && prev->sched_next) {
        bvt_charge(&prev->bvt, now - dispatched_at, now);
        dispatched_at = now;
    }
    if (domain_reap_pending()) {
        reap();
        prev = current;
    }
    need_resched = false;
    next = decide(prev);
    yielding = false;
    if (!next)
        next = idle();
    now = time_now();
    if (prev && prev != next && runnable(prev))
        runstate_set(prev, RUNSTATE_runnable, now);
    if (next->runstate.state != RUNSTATE_running)
        runstate_set(next, RUNSTATE_running, now);
    {
        struct vcpu *other = least_evt(next);
        uint64_t ns = bvt_runtime(&next->bvt,
                                  other ? bvt_evt(&other->bvt) : UINT64_MAX);
        slice_timer.fn = slice_expired;
        timer_set(&slice_timer, now + (ns ? ns : 1));
    }
    context_switch(current, next);
out:
    pv_deliver_events(next);
    if (!runnable(next)) {              /* the upcall could not be delivered */
        schedule(frame);
        return;
    }
    timers_reprogram();
    *frame = next->regs;
}

void sched_start(void)
{
    static struct regs boot_frame;

    current = NULL;
    need_resched = true;
    dispatched_at = time_now();
    schedule(&boot_frame);
    enter_frame(&boot_frame);
}
