/* The hypervisor's periodic tick and time base. */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <stdint.h>

#define TIMER_HZ 100

/* apic.c: calibrate the local APIC timer (and the TSC) against the PIT and
 * start a TIMER_HZ periodic tick on VEC_TIMER. */
void timer_init(void);
/* Tick interrupt: acknowledge, ask for a reschedule, poll devices. */
void timer_interrupt(void);
/* Work done on every tick and every idle wake-up (serial input). */
void timer_poll(void);
/* Nanoseconds since timer_init, from the TSC. */
uint64_t timer_now_ns(void);
extern uint64_t tsc_khz;

#endif
