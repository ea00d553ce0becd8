/* The scheduler: BVT over the runnable vcpus, blocking, polling, waking. */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <arch/regs.h>
#include <hv/domain.h>

/* sched.c */
void sched_add(struct vcpu *v, uint32_t weight);   /* new vcpu, runnable */
void sched_remove(struct vcpu *v);       /* domain dying: off the CPU, reaped later */
void sched_block(struct vcpu *v);        /* SCHEDOP_block: until an upcall is pending */
/* SCHEDOP_poll: sleep until one of ports is pending or system time timeout
 * (0: none).  The caller has checked the ports. */
void sched_poll(struct vcpu *v, const evtchn_port_t *ports, unsigned n,
                uint64_t timeout);
/* An event was set pending for v on port: wake v if it waits for it. */
void sched_wake_event(struct vcpu *v, evtchn_port_t port);
void sched_yield(void);
void sched_request(void);                /* reconsider at the next exit */
/* v's domain was paused or unpaused: v leaves or rejoins the runnable. */
void sched_pause_changed(struct vcpu *v);
/* Bring v's runstate times up to now (VCPUOP_get_runstate_info). */
void sched_runstate_sync(struct vcpu *v);
/*
 * Called on every way back to a guest: reap dead domains, choose the vcpu
 * to run (BVT), idling with hlt while none is runnable and powering off
 * when no domain is left, deliver its pending events; returns its
 * register frame, for entry.S to leave through.
 */
struct regs *schedule(void);
/* Enter the first guest; never returns. */
void sched_start(void) __attribute__((noreturn));

#endif
