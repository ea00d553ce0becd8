/* Hypercall dispatch: one table of handlers indexed by __HYPERVISOR_* number. */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/domain.h>
#include <stdbool.h>
#include <stdint.h>

/* Every handler takes the five argument registers (rdi, rsi, rdx, r10, r8)
 * and returns the value for rax: >= 0, or a negative Xen errno. */
#define HYPERCALL_ARGS uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, \
                       uint64_t a5
typedef long (*hypercall_fn)(HYPERCALL_ARGS);

/* hypercall.c */
/* The hypercall in v's registers; a continuation rewinds v's rip onto
 * its syscall with the arguments of what is left. */
void hypercall_dispatch(struct vcpu *v);
/* Run hypercall nr with args (multicall uses it); -ENOSYS if unknown. */
long hypercall_call(uint64_t nr, const uint64_t args[5]);

/*
 * hc_continue.c: continuations, as Xen's.  A handler doing work sized by
 * the guest calls hypercall_preempt_check() between units, never before
 * the first (so every run makes progress); when it says so, the handler
 * returns hypercall_continue(nr, ...) with arguments describing the work
 * left, and the guest re-issues that call when it next runs.
 */
void hypercall_begin(void);            /* the dispatcher: a call starts */
bool hypercall_preempt_check(void);    /* true: the call's time is up */
long hypercall_continue(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3,
                        uint64_t a4, uint64_t a5);
/* The continuation the last handler made (clearing it): true and *nr,
 * args filled, or false if it finished.  The dispatcher and multicall. */
bool hypercall_take_continuation(uint64_t *nr, uint64_t args[5]);

/* memory.c */
long do_memory_op(HYPERCALL_ARGS);
/* hc_misc.c */
long do_vm_assist(HYPERCALL_ARGS);
long do_multicall(HYPERCALL_ARGS);
/* hc_gnttab.c */
long do_grant_table_op(HYPERCALL_ARGS);
/* domctl.c, sysctl.c (privileged domain only) */
long do_domctl(HYPERCALL_ARGS);
long do_sysctl(HYPERCALL_ARGS);
struct xen_domctl_getdomaininfo;
void domctl_fill_info(struct domain *d, struct xen_domctl_getdomaininfo *i);
/* hc_console.c */
long do_console_io(HYPERCALL_ARGS);
/* hc_version.c */
long do_xen_version(HYPERCALL_ARGS);
/* arch hc_callbacks.c */
long do_set_trap_table(HYPERCALL_ARGS);
long do_set_callbacks(HYPERCALL_ARGS);
long do_callback_op(HYPERCALL_ARGS);
long do_stack_switch(HYPERCALL_ARGS);
long do_iret(HYPERCALL_ARGS);
/* arch hc_cpu.c */
long do_fpu_taskswitch(HYPERCALL_ARGS);
long do_set_segment_base(HYPERCALL_ARGS);
/* arch pv_mm.c */
long do_mmu_update(HYPERCALL_ARGS);
long do_update_va_mapping(HYPERCALL_ARGS);
long do_mmuext_op(HYPERCALL_ARGS);
/* hc_sched.c */
long do_sched_op(HYPERCALL_ARGS);
long do_set_timer_op(HYPERCALL_ARGS);
void vcpu_timer_set(struct vcpu *v, uint64_t deadline);   /* 0: stop */
/* hc_vcpu.c */
long do_vcpu_op(HYPERCALL_ARGS);
/* hc_evtchn.c */
long do_event_channel_op(HYPERCALL_ARGS);

#endif
