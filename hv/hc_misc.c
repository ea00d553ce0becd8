/* vm_assist and multicall. */
#include <stddef.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <xen/errno.h>
#include <xen/xen.h>

/* The assists Xen accepts from 64-bit PV guests.  They are recorded;
 * none changes what this hypervisor does (writable_pagetables emulation is
 * not offered: guests that need it update through mmu_update). */
#define VMASST_VALID ((1UL << VMASST_TYPE_4gb_segments) |                 \
                      (1UL << VMASST_TYPE_4gb_segments_notify) |          \
                      (1UL << VMASST_TYPE_writable_pagetables) |          \
                      (1UL << VMASST_TYPE_pae_extended_cr3) |             \
                      (1UL << VMASST_TYPE_architectural_iopl) |           \
                      (1UL << VMASST_TYPE_runstate_update_flag) |         \
                      (1UL << VMASST_TYPE_m2p_strict))

long do_vm_assist(HYPERCALL_ARGS)
{
    struct domain *d = current->dom;

    if (a2 >= 64 || !(VMASST_VALID & (1UL << a2)))
        return -XEN_EINVAL;
    switch (a1) {
    case VMASST_CMD_enable:
        d->vm_assist |= 1UL << a2;
        return 0;
    case VMASST_CMD_disable:
        d->vm_assist &= ~(1UL << a2);
        return 0;
    }
    return -XEN_ENOSYS;
}

/*
 * multicall(calls, nr): each entry's op runs through the hypercall table
 * and its result is written back.  multicall and iret cannot be batched.
 * The batch stops early if the domain dies.
 */
long do_multicall(HYPERCALL_ARGS)
{
    struct domain *d = current->dom;
    multicall_entry_t mc;

    for (uint64_t i = 0; i < a2 && domain_alive(d); i++) {
        uint64_t gva = a1 + i * sizeof(mc);
        if (copy_from_guest(&mc, gva, sizeof(mc)))
            return -XEN_EFAULT;
        if (mc.op == __HYPERVISOR_multicall || mc.op == __HYPERVISOR_iret)
            mc.result = -XEN_EINVAL;
        else
            mc.result = hypercall_call(mc.op, mc.args);
        if (copy_to_guest(gva + offsetof(multicall_entry_t, result),
                          &mc.result, sizeof(mc.result)))
            return -XEN_EFAULT;
    }
    return 0;
}
