/* The guest's virtual IDT and callbacks: set_trap_table, set_callbacks, callback_op, stack_switch, iret. */
#include <arch/cpu.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv.h>
#include <xen/callback.h>
#include <xen/errno.h>

/*
 * set_trap_table(traps): entries until one with address 0; NULL clears the
 * table.  Stricter than Xen: a handler outside the guest's range is refused
 * with -EINVAL (Xen would store it and crash the guest on delivery).  The
 * list has no length, so a guest can make it as long as its address space:
 * preemptible between entries, continuing at the next one, as Xen.
 */
long do_set_trap_table(HYPERCALL_ARGS)
{
    struct trap_table *t = current->traps;
    trap_info_t ti;

    if (!a1) {
        memset(t, 0, sizeof(*t));
        return 0;
    }
    for (uint64_t gva = a1;; gva += sizeof(ti)) {
        if (gva != a1 && hypercall_preempt_check())
            return hypercall_continue(__HYPERVISOR_set_trap_table, gva, 0, 0,
                                      0, 0);
        if (copy_from_guest(&ti, gva, sizeof(ti)))
            return -XEN_EFAULT;
        if (!ti.address)
            return 0;
        if (!guest_va_ok(ti.address))
            return -XEN_EINVAL;
        t->address[ti.vector] = ti.address;
        t->flags[ti.vector] = ti.flags;
    }
}

/* Store one callback; the address must be the guest's.  NMIs, sysenter
 * and 32-bit syscalls never reach a 64-bit unikernel here: their
 * callbacks are accepted, as Xen does, and never used. */
static long callback_set(struct vcpu *v, unsigned type, uint64_t addr,
                         bool mask)
{
    if (addr && !guest_va_ok(addr))
        return -XEN_EINVAL;
    switch (type) {
    case CALLBACKTYPE_nmi:
    case CALLBACKTYPE_sysenter:
    case CALLBACKTYPE_syscall32:
        return 0;
    case CALLBACKTYPE_event:
        v->event_callback = addr;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->failsafe_callback = addr;
        v->failsafe_masks_events = mask;
        return 0;
    case CALLBACKTYPE_syscall:
        v->syscall_callback = addr;
        v->syscall_masks_events = mask;
        return 0;
    }
    return -XEN_ENOSYS;
}

/* set_callbacks(event, failsafe, syscall), the x86_64 form. */
long do_set_callbacks(HYPERCALL_ARGS)
{
    struct vcpu *v = current;

    if (!guest_va_ok(a1) || !guest_va_ok(a2) || !guest_va_ok(a3))
        return -XEN_EINVAL;
    callback_set(v, CALLBACKTYPE_event, a1, false);
    callback_set(v, CALLBACKTYPE_failsafe, a2, false);
    callback_set(v, CALLBACKTYPE_syscall, a3, false);
    return 0;
}

long do_callback_op(HYPERCALL_ARGS)
{
    struct callback_register reg;
    struct callback_unregister unreg;

    switch (a1) {
    case CALLBACKOP_register:
        if (copy_from_guest(&reg, a2, sizeof(reg)))
            return -XEN_EFAULT;
        return callback_set(current, reg.type, reg.address,
                            reg.flags & CALLBACKF_mask_events);
    case CALLBACKOP_unregister:
        /* As Xen: only the NMI callback can be unregistered. */
        if (copy_from_guest(&unreg, a2, sizeof(unreg)))
            return -XEN_EFAULT;
        switch (unreg.type) {
        case CALLBACKTYPE_nmi:
            return 0;
        case CALLBACKTYPE_event:
        case CALLBACKTYPE_failsafe:
        case CALLBACKTYPE_syscall:
        case CALLBACKTYPE_syscall32:
        case CALLBACKTYPE_sysenter:
            return -XEN_EINVAL;
        }
        return -XEN_ENOSYS;
    }
    return -XEN_ENOSYS;
}

/* stack_switch(ss, sp): the kernel stack for entries from user mode. */
long do_stack_switch(HYPERCALL_ARGS)
{
    if (!guest_va_ok(a2))
        return -XEN_EINVAL;
    current->kernel_ss = a1;
    current->kernel_sp = a2;
    return 0;
}

/* cs and ss are 16-bit selectors: bits above (the saved upcall mask of a
 * bounce frame, in bits 32-39) are not part of them. */
static bool iret_frame_ok(const struct iret_context *c)
{
    uint64_t cs = (c->cs & 0xffff) | 3, ss = (c->ss & 0xffff) | 3;

    return (cs == FLAT_RING3_CS64 || cs == FLAT_RING3_CS32) &&
           ss == FLAT_RING3_SS64 && guest_va_ok(c->rip);
}

/*
 * iret: the frame { rax, r11, rcx, flags, rip, cs, rflags, rsp, ss } is at
 * the guest's rsp.  RPL 0-2 in cs returns to kernel mode; RPL 3 asks for
 * user mode, which needs user page tables this hypervisor does not offer
 * yet, so like Xen without them it kills the domain.  Restores the event
 * mask from rflags.IF; the saved rax is what the guest sees in rax.
 */
long do_iret(HYPERCALL_ARGS)
{
    struct vcpu *v = current;
    struct regs *r = &v->regs;
    struct iret_context c;

    if (copy_from_guest(&c, r->rsp, sizeof(c))) {
        domain_kill(v->dom, "iret: frame at 0x%lx not readable", r->rsp);
        return 0;
    }
    c.cs &= 0xffff;
    c.ss &= 0xffff;
    if ((c.cs & 3) == 3 || !iret_frame_ok(&c)) {
        domain_kill(v->dom, "iret to cs 0x%lx ss 0x%lx rip 0x%lx refused",
                    c.cs, c.ss, c.rip);
        return 0;
    }
    r->rip = c.rip;
    r->cs = c.cs | 3;
    r->rflags = (c.rflags & ~(uint64_t)(RFLAGS_IOPL | RFLAGS_VM)) | RFLAGS_IF;
    r->rsp = c.rsp;
    r->ss = c.ss | 3;
    if (!(c.flags & VGCF_in_syscall)) {
        r->r11 = c.r11;
        r->rcx = c.rcx;
    }
    v->info->evtchn_upcall_mask = !(c.rflags & RFLAGS_IF);
    return c.rax;
}
