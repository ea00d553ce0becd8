/* Guest time: pvclock monotonic time, wallclock, one-shot timers, blocking. */
#ifndef LIBOS_TIME_H
#define LIBOS_TIME_H

#include <stdint.h>

struct libos_timer {
    uint64_t deadline;                  /* system time, ns */
    void (*fn)(struct libos_timer *t);  /* runs in the event upcall */
    struct libos_timer *next;
    int armed;
};

/* time.c */
void time_init(void);                   /* bind VIRQ_TIMER (after events_init) */
/* ns since the hypervisor booted, from vcpu_time_info (never decreases). */
uint64_t time_monotonic_ns(void);
/* Wall time: shared_info's wallclock plus system time. */
void time_wallclock(uint64_t *sec, uint32_t *nsec);
/* Start (or move) t to fire at system time deadline; cancel it. */
void timer_start(struct libos_timer *t, uint64_t deadline);
void timer_cancel(struct libos_timer *t);
/* Sleep in the hypervisor (SCHEDOP_block) until an event arrives or
 * system time reaches deadline; handlers have run when it returns. */
void time_block_until(uint64_t deadline);
void time_sleep_ns(uint64_t ns);

#endif
