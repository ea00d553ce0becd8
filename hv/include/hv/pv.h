/* The PV CPU interface: exception and event delivery into guests, guest addresses. */
#ifndef HV_PV_H
#define HV_PV_H

#include <arch/regs.h>
#include <hv/domain.h>

/* Flags of a bounce: which optional words the guest frame carries. */
#define TBF_ERRCODE   1     /* an error code below RIP */
#define TBF_INTERRUPT 2     /* mask events on entry (evtchn_upcall_mask = 1) */
#define TBF_FAILSAFE  4     /* DS, ES, FS, GS below the error code slot */

/* A guest may name va: canonical and outside the hypervisor's slots. */
static inline bool guest_va_ok(uint64_t va)
{
    if ((uint64_t)((int64_t)(va << 16) >> 16) != va)
        return false;
    return va < HYPERVISOR_VIRT_START || va >= HYPERVISOR_VIRT_END;
}

/* pv_traps.c */
/*
 * Push Xen's 64-bit PV exception frame { RCX, R11, [DS..GS], [ERR], RIP,
 * CS|mask<<32, RFLAGS, RSP, SS } on the guest kernel stack and resume the
 * vcpu at handler.  Returns 0, or -EFAULT when the stack is not writable.
 */
int pv_bounce(struct vcpu *v, uint64_t handler, unsigned flags, uint64_t error);
/* A guest exception (v->regs hold the faulting state): bounce it to the
 * guest's handler, or kill the domain when there is none or it cannot be
 * delivered. */
void pv_exception(struct vcpu *v, uint64_t vector, uint64_t error);
/* Enter v's event callback (events pending, not masked), or kill it. */
void pv_deliver_upcall(struct vcpu *v);
/* On the way back to v: enter its event callback if events are pending
 * and not masked.  Inline: every exit tests it. */
static inline void pv_deliver_events(struct vcpu *v)
{
    if (!v->info->evtchn_upcall_mask && v->info->evtchn_upcall_pending)
        pv_deliver_upcall(v);
}
/* Allocate the vcpu's trap table page (domain creation). */
int pv_vcpu_init(struct vcpu *v);

#endif
