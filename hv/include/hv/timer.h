/* The local timer hardware: calibration, one-shot arming, acknowledgement. */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <stdint.h>

/* apic.c: calibrate the local APIC timer and the TSC against the PIT. */
void timer_init(void);
/* Interrupt on VEC_TIMER in about ns nanoseconds (one-shot). */
void timer_arm(uint64_t ns);
/* Acknowledge the timer interrupt. */
void timer_eoi(void);
extern uint64_t tsc_khz;

#endif
