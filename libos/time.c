/* pvclock time, wallclock, a sorted list of one-shot timers on VIRQ_TIMER, blocking. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/time.h>

static struct libos_timer *timers;     /* sorted by deadline */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* system_time + scale(tsc - tsc_timestamp), re-read while the hypervisor
 * updates (odd version or version changed under us). */
uint64_t time_monotonic_ns(void)
{
    volatile vcpu_time_info_t *t = &shared_info->vcpu_info[0].time;
    static uint64_t last;
    uint32_t ver;
    uint64_t delta, ns;

    do {
        ver = t->version;
        __asm__ volatile("" : : : "memory");
        delta = rdtsc() - t->tsc_timestamp;
        if (t->tsc_shift < 0)
            delta >>= -t->tsc_shift;
        else
            delta <<= t->tsc_shift;
        ns = t->system_time +
             (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
        __asm__ volatile("" : : : "memory");
    } while ((ver & 1) || ver != t->version);
    if (ns < last)
        ns = last;          /* rounding of two samples must not go back */
    last = ns;
    return ns;
}

void time_wallclock(uint64_t *sec, uint32_t *nsec)
{
    volatile shared_info_t *s = shared_info;
    uint32_t ver;
    uint64_t ws, now;
    uint32_t wn;

    do {
        ver = s->wc_version;
        __asm__ volatile("" : : : "memory");
        ws = s->wc_sec | ((uint64_t)s->wc_sec_hi << 32);
        wn = s->wc_nsec;
        __asm__ volatile("" : : : "memory");
    } while ((ver & 1) || ver != s->wc_version);
    now = time_monotonic_ns() + wn;
    *sec = ws + now / 1000000000;
    *nsec = now % 1000000000;
}

/* Tell the hypervisor the earliest deadline.  For set_timer_op 0 means
 * "none", so a deadline of 0 (already past) is sent as 1: it fires now. */
static void timers_program(void)
{
    if (!timers)
        hypercall_set_timer_op(0);
    else
        hypercall_set_timer_op(timers->deadline ? timers->deadline : 1);
}

static void list_remove(struct libos_timer *t)
{
    for (struct libos_timer **p = &timers; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            break;
        }
    t->armed = 0;
}

void timer_start(struct libos_timer *t, uint64_t deadline)
{
    struct libos_timer **p;
    unsigned saved = events_save();

    if (t->armed)
        list_remove(t);
    t->deadline = deadline;
    for (p = &timers; *p && (*p)->deadline <= deadline; p = &(*p)->next)
        ;
    t->next = *p;
    *p = t;
    t->armed = 1;
    timers_program();
    events_restore(saved);
}

void timer_cancel(struct libos_timer *t)
{
    unsigned saved = events_save();

    if (t->armed)
        list_remove(t);
    timers_program();
    events_restore(saved);
}

/* VIRQ_TIMER: run what expired (in deadline order), re-arm for the rest. */
static void timer_virq(evtchn_port_t port, void *unused)
{
    uint64_t now = time_monotonic_ns();

    while (timers && timers->deadline <= now) {
        struct libos_timer *t = timers;
        timers = t->next;
        t->armed = 0;
        if (t->fn)
            t->fn(t);
    }
    timers_program();
}

void time_init(void)
{
    evtchn_port_t port;
    int rc = evtchn_bind_virq(VIRQ_TIMER, &port);

    if (rc) {
        printf("libos: cannot bind VIRQ_TIMER: %d\n", rc);
        libos_exit(1);
    }
    evtchn_set_handler(port, timer_virq, 0);
}

void time_block_until(uint64_t deadline)
{
    struct libos_timer wake = { .fn = 0 };
    unsigned saved = events_save();

    timer_start(&wake, deadline);
    if (time_monotonic_ns() < deadline) {
        /* unmasks and sleeps in one step; pending events are delivered
         * on the way back, then the caller's masking is restored */
        hypercall_sched_op(SCHEDOP_block, 0);
        events_disable();
    }
    timer_cancel(&wake);
    events_restore(saved);
}

void time_sleep_ns(uint64_t ns)
{
    uint64_t deadline = time_monotonic_ns() + ns;

    while (time_monotonic_ns() < deadline)
        time_block_until(deadline);
}
