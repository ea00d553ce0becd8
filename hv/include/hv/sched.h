/* The scheduler: which vcpu runs next (round robin until BVT arrives). */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <arch/regs.h>
#include <hv/domain.h>

/* sched.c */
void sched_add(struct vcpu *v);          /* new vcpu joins the ring */
void sched_remove(struct vcpu *v);       /* leaves it (domain dying) */
void sched_block(struct vcpu *v);        /* wait for an event */
void sched_wake(struct vcpu *v);
void sched_request(void);                /* reschedule before returning */
/*
 * Called on every way back to a guest: reap dead domains, pick the next
 * runnable vcpu (idling with hlt while there is none, powering off when no
 * domain is left) and load its registers into frame.
 */
void schedule(struct regs *frame);
/* Enter the first guest; never returns. */
void sched_start(void) __attribute__((noreturn));

#endif
