/* The hypercall table; numbers without a handler return -ENOSYS. */
#include <hv/hypercall.h>
#include <xen/errno.h>
#include <xen/xen.h>

static const hypercall_fn hypercall_table[] = {
    [__HYPERVISOR_set_trap_table]   = do_set_trap_table,
    [__HYPERVISOR_mmu_update]       = do_mmu_update,
    [__HYPERVISOR_stack_switch]     = do_stack_switch,
    [__HYPERVISOR_set_callbacks]    = do_set_callbacks,
    [__HYPERVISOR_fpu_taskswitch]   = do_fpu_taskswitch,
    [__HYPERVISOR_grant_table_op]   = do_grant_table_op,
    [__HYPERVISOR_vm_assist]        = do_vm_assist,
    [__HYPERVISOR_iret]             = do_iret,
    [__HYPERVISOR_set_segment_base] = do_set_segment_base,
    [__HYPERVISOR_mmuext_op]        = do_mmuext_op,
    [__HYPERVISOR_callback_op]      = do_callback_op,
    [__HYPERVISOR_memory_op]        = do_memory_op,
    [__HYPERVISOR_multicall]        = do_multicall,
    [__HYPERVISOR_update_va_mapping] = do_update_va_mapping,
    [__HYPERVISOR_set_timer_op]     = do_set_timer_op,
    [__HYPERVISOR_xen_version]      = do_xen_version,
    [__HYPERVISOR_console_io]       = do_console_io,
    [__HYPERVISOR_vcpu_op]          = do_vcpu_op,
    [__HYPERVISOR_sched_op]         = do_sched_op,
    [__HYPERVISOR_event_channel_op] = do_event_channel_op,
    [__HYPERVISOR_sysctl]           = do_sysctl,
    [__HYPERVISOR_domctl]           = do_domctl,
};

/*
 * A syscall from the guest kernel: number in rax, arguments in rdi, rsi,
 * rdx, r10, r8 (x86_64 PV ABI), result back in rax.  The handler may
 * shut the domain down; it is reaped only after we have switched away.
 */
static hypercall_fn handler(uint64_t nr)
{
    return nr < sizeof(hypercall_table) / sizeof(hypercall_table[0])
               ? hypercall_table[nr] : 0;
}

long hypercall_call(uint64_t nr, const uint64_t args[5])
{
    hypercall_fn fn = handler(nr);

    return fn ? fn(args[0], args[1], args[2], args[3], args[4]) : -XEN_ENOSYS;
}

/* Re-issue hypercall nr with args when r resumes: rip back onto the
 * 2-byte syscall, number and arguments in their registers. */
static void hypercall_restart(struct regs *r, uint64_t nr,
                              const uint64_t args[5])
{
    r->rip -= 2;
    r->rax = nr;
    r->rdi = args[0], r->rsi = args[1], r->rdx = args[2];
    r->r10 = args[3], r->r8 = args[4];
}

/* The arguments go straight from the frame to the handler; an unknown
 * number cannot continue, so it skips the continuation bookkeeping. */
void hypercall_dispatch(struct vcpu *v)
{
    struct regs *r = &v->regs;
    hypercall_fn fn = handler(r->rax);
    uint64_t args[5], nr;
    long rc;

    if (!fn) {
        r->rax = -XEN_ENOSYS;
        return;
    }
    hypercall_begin();
    rc = fn(r->rdi, r->rsi, r->rdx, r->r10, r->r8);
    if (hypercall_take_continuation(&nr, args))
        hypercall_restart(r, nr, args);
    else
        r->rax = rc;
}
