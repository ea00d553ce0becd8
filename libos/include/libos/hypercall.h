/* Raw hypercalls through the hypercall page, and typed wrappers over them. */
#ifndef LIBOS_HYPERCALL_H
#define LIBOS_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/event_channel.h>
#include <xen/vcpu.h>
#include <xen/callback.h>

extern char hypercall_page[4096];

/*
 * Call stub nr of the hypercall page (x86_64 PV ABI: rdi, rsi, rdx, r10,
 * r8; result in rax).  Argument registers are treated as clobbered, as Xen
 * may scramble them.
 */
static inline long hypercall5(unsigned nr, uint64_t a1, uint64_t a2,
                              uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    long ret;

    __asm__ volatile("call *%[stub]"
                     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
                       "+r"(r8)
                     : [stub] "r"(hypercall_page + nr * 32)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline long hypercall2(unsigned nr, uint64_t a1, uint64_t a2)
{
    return hypercall5(nr, a1, a2, 0, 0, 0);
}

static inline long hypercall3(unsigned nr, uint64_t a1, uint64_t a2,
                              uint64_t a3)
{
    return hypercall5(nr, a1, a2, a3, 0, 0);
}

static inline long hypercall1(unsigned nr, uint64_t a1)
{
    return hypercall5(nr, a1, 0, 0, 0, 0);
}

static inline long hypercall_set_trap_table(const trap_info_t *table)
{
    return hypercall1(__HYPERVISOR_set_trap_table, (uint64_t)table);
}

static inline long hypercall_set_callbacks(void *event, void *failsafe,
                                           void *syscall)
{
    return hypercall3(__HYPERVISOR_set_callbacks, (uint64_t)event,
                      (uint64_t)failsafe, (uint64_t)syscall);
}

static inline long hypercall_callback_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_callback_op, cmd, (uint64_t)arg);
}

static inline long hypercall_stack_switch(uint64_t ss, uint64_t sp)
{
    return hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

/* The guest's virtual CR0.TS as trap entry must know it (traps.S: while
 * set, an FPU instruction faults, so the FPU/SSE state is not saved).
 * Raised before the hypercall and lowered after it, so it never reads
 * clear while TS is set. */
extern volatile int libos_fpu_ts;

static inline long hypercall_fpu_taskswitch(int set)
{
    long rc;

    if (set)
        libos_fpu_ts = 1;
    rc = hypercall1(__HYPERVISOR_fpu_taskswitch, set);
    if (!set)
        libos_fpu_ts = 0;
    return rc;
}

static inline long hypercall_set_segment_base(int which, uint64_t base)
{
    return hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long hypercall_update_va_mapping(uint64_t va, uint64_t pte,
                                               uint64_t flags)
{
    return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long hypercall_event_channel_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, cmd, (uint64_t)arg);
}

static inline long hypercall_set_timer_op(uint64_t deadline)
{
    return hypercall1(__HYPERVISOR_set_timer_op, deadline);
}

static inline long hypercall_vcpu_op(int cmd, unsigned vcpu, void *arg)
{
    return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, (uint64_t)arg);
}

static inline long hypercall_console_io(int cmd, uint64_t count, void *buf)
{
    return hypercall3(__HYPERVISOR_console_io, cmd, count, (uint64_t)buf);
}

static inline long hypercall_xen_version(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_xen_version, cmd, (uint64_t)arg);
}

static inline long hypercall_sched_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_sched_op, cmd, (uint64_t)arg);
}

#endif
