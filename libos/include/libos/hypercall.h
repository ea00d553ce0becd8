/* Raw hypercalls through the hypercall page, and typed wrappers over them. */
#ifndef LIBOS_HYPERCALL_H
#define LIBOS_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/version.h>

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
