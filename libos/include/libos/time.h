/* Guest time: pvclock monotonic time, wallclock, one-shot timers, blocking. */
#ifndef LIBOS_TIME_H
#define LIBOS_TIME_H

#include <stdint.h>
#include <libos/events.h>

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
 * system time reaches deadline; handlers have run when it returns.
 * Called with events disabled, it returns with them disabled again: the
 * block re-enables them atomically, so an event that came after the
 * caller's last look at its condition is never slept through. */
void time_block_until(uint64_t deadline);
void time_sleep_ns(uint64_t ns);

/*
 * Wait until cond holds or system time reaches deadline; true if cond.
 * cond is evaluated with events disabled, and the wait is a
 * time_block_until, so a handler that makes cond true between the test
 * and the sleep cannot be missed.  Handlers run in between tests.
 */
#define TIME_WAIT(cond, deadline)                                        \
    ({                                                                   \
        unsigned saved_ = events_save();                                 \
        uint64_t dl_ = (deadline);                                       \
        int ok_;                                                         \
        while (!(ok_ = !!(cond)) && time_monotonic_ns() < dl_)           \
            time_block_until(dl_);                                       \
        events_restore(saved_);                                          \
        ok_;                                                             \
    })

#endif
