/* System time (ns since boot, from the TSC), guest pvclock, wallclock, timers. */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/heap.h>
#include <stdbool.h>
#include <stdint.h>

struct domain;
struct vcpu;

/* pvclock.c: the scale guests use, ns = (tsc_delta << shift or >> -shift)
 * * mul >> 32 (vcpu_time_info's tsc_to_system_mul, tsc_shift). */
struct time_scale {
    uint32_t mul;
    int8_t shift;
};
/* The scale turning ticks at hz into nanoseconds; mul in [2^31, 2^32). */
struct time_scale time_scale_for(uint64_t hz);
uint64_t time_scale_apply(struct time_scale s, uint64_t ticks);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);

/* time.c */
void time_init(void);                      /* after timer_init: scale, RTC */
uint64_t time_now(void);                   /* system time, ns */
void time_domain_init(struct domain *d);   /* wallclock in shared_info */
void time_vcpu_update(struct vcpu *v);     /* refresh vcpu_time_info */

/* One-shot timers, in a heap by deadline (O(log n) set and stop, however
 * many domains have one armed); they fire from the timer interrupt. */
struct timer {
    uint64_t expires;                      /* system time, ns */
    void (*fn)(void *data);
    void *data;
    struct heap_node node;                 /* queued while armed */
};
/* Arm t for expires (re-arming moves it).  Every struct timer of the
 * hypervisor fits the heap: TIMERS_MAX covers two per vcpu and a few. */
void timer_set(struct timer *t, uint64_t expires);
void timer_stop(struct timer *t);
/* Run expired timers; returns the next deadline (or UINT64_MAX). */
uint64_t timers_run(uint64_t now);
/* Arm the hardware for the earliest timer (at most 100 ms away).  Inline
 * test: most exits changed no timer and have nothing to do. */
extern bool timers_dirty;
void timers_program(void);
static inline void timers_reprogram(void)
{
    if (timers_dirty)
        timers_program();
}
/* The timer interrupt: acknowledge it and run what expired. */
void time_interrupt(void);

#endif
