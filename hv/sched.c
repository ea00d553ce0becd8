/* BVT scheduling over heaps of the runnable vcpus: decisions, context switch, idle, reaping. */
#include <arch/cpu.h>
#include <arch/desc.h>
#include <hv/domain.h>
#include <hv/heap.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/power.h>
#include <hv/pv.h>
#include <hv/sched.h>
#include <hv/time.h>

struct vcpu *current;
static bool need_resched, yielding;
static uint64_t dispatched_at;     /* when current last started running */
static struct timer slice_timer;

/*
 * The runnable vcpus (added, not blocked, not paused), in two heaps: by
 * EVT for BVT's choice, by AVT for SVT.  Every decision reads a root or
 * its children; block, wake, add and remove are O(log n) in the runnable;
 * a blocked vcpu is in neither heap and costs nothing.
 */
#define VCPUS_MAX DOMID_FIRST_RESERVED      /* one vcpu per domain */
static struct heap_node *evt_slots[VCPUS_MAX], *avt_slots[VCPUS_MAX];
static struct heap by_evt = HEAP_INIT(evt_slots);
static struct heap by_avt = HEAP_INIT(avt_slots);

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
    return heap_queued(&v->by_evt);
}

/* Whether v belongs in the heaps now. */
static bool wants_cpu(const struct vcpu *v)
{
    return v->on_sched && !v->blocked && v->dom->state == DOMAIN_RUNNING &&
           !v->dom->paused;
}

/* Put v into the heaps or take it out, as wants_cpu says. */
static void requeue(struct vcpu *v)
{
    if (wants_cpu(v) && !runnable(v)) {
        /* both heaps have room for every vcpu there can be */
        heap_insert(&by_evt, &v->by_evt, bvt_evt(&v->bvt));
        heap_insert(&by_avt, &v->by_avt, v->bvt.avt);
    } else if (!wants_cpu(v) && runnable(v)) {
        heap_remove(&by_evt, &v->by_evt);
        heap_remove(&by_avt, &v->by_avt);
    }
}

static struct vcpu *vcpu_by_evt(struct heap_node *n)
{
    return n ? (struct vcpu *)((char *)n - offsetof(struct vcpu, by_evt)) : 0;
}

/* The runnable vcpu with the least EVT, other than skip (may be NULL). */
static struct vcpu *least_evt(const struct vcpu *skip)
{
    return vcpu_by_evt(heap_min_other(&by_evt, skip ? &skip->by_evt : 0));
}

/* Scheduler virtual time: the least AVT of the runnable vcpus. */
static uint64_t svt(void)
{
    struct heap_node *n = heap_min(&by_avt);

    return n ? n->key : 0;
}

/* Account v's running since dispatched_at; its keys move with its AVT. */
static void charge(struct vcpu *v, uint64_t now)
{
    bvt_charge(&v->bvt, now - dispatched_at, now);
    dispatched_at = now;
    if (runnable(v)) {
        heap_update(&by_evt, &v->by_evt, bvt_evt(&v->bvt));
        heap_update(&by_avt, &v->by_avt, v->bvt.avt);
    }
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
    v->on_sched = true;
    requeue(v);
    need_resched = true;
}

void sched_remove(struct vcpu *v)
{
    timer_stop(&v->poll_timer);
    timer_stop(&v->sshot_timer);
    if (!v->on_sched)
        return;
    v->on_sched = false;
    requeue(v);
    need_resched = true;
}

void sched_block(struct vcpu *v)
{
    v->blocked = true;
    requeue(v);
    runstate_set(v, RUNSTATE_blocked, time_now());
    need_resched = true;
}

static void unblock(struct vcpu *v)
{
    uint64_t now = time_now(), vt;

    if (!v->blocked)
        return;
    vt = svt();                      /* of the others: v is not queued yet */
    v->blocked = false;
    v->polling = false;
    timer_stop(&v->poll_timer);
    bvt_wake(&v->bvt, vt, now);
    requeue(v);
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

void sched_request(void)
{
    need_resched = true;
}

void sched_pause_changed(struct vcpu *v)
{
    requeue(v);
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
    desc_set_guest_frame(&next->regs);
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

/* next may run until its EVT passes the next best one's by the allowance. */
static void arm_slice(struct vcpu *next, uint64_t now)
{
    struct vcpu *other = least_evt(next);
    uint64_t ns = bvt_runtime(&next->bvt,
                              other ? bvt_evt(&other->bvt) : UINT64_MAX);

    slice_timer.fn = slice_expired;
    timer_set(&slice_timer, now + (ns ? ns : 1));
}

_Static_assert(__builtin_offsetof(struct vcpu, regs) == 0 &&
               _Alignof(struct vcpu) % 16 == 0,
               "a vcpu's regs end 16-byte aligned, as the CPU wants rsp0");

/* The decision proper: something changed (or current cannot go on). */
static __attribute__((noinline)) struct regs *reschedule(void)
{
    struct vcpu *prev = current, *next = prev;
    uint64_t now;

    now = time_now();
    if (prev && prev->on_sched)
        charge(prev, now);
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
    arm_slice(next, now);
    context_switch(current, next);
    pv_deliver_events(next);
    if (!runnable(next))                /* the upcall could not be delivered */
        return reschedule();
    timers_reprogram();
    return &next->regs;
}

/* Most exits change nothing: current goes on, with its events. */
struct regs *schedule(void)
{
    struct vcpu *v = current;

    if (__builtin_expect(need_resched || !v || !runnable(v), 0))
        return reschedule();
    pv_deliver_events(v);
    if (__builtin_expect(!runnable(v), 0))
        return reschedule();            /* the upcall killed it */
    timers_reprogram();
    return &v->regs;
}

void sched_start(void)
{
    current = NULL;
    need_resched = true;
    dispatched_at = time_now();
    enter_frame(reschedule());
}
