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

/* Entry gva's op was preempted: store the arguments of what is left in
 * the entry (its result is written when it finishes). */
static long entry_rewrite(uint64_t gva, const uint64_t args[5])
{
    return copy_to_guest(gva + offsetof(multicall_entry_t, args), args,
                         5 * sizeof(args[0])) ? -XEN_EFAULT : 0;
}

/* Run one entry; returns 1 if its op was preempted (the multicall then
 * continues at this entry), 0 when done, or -EFAULT. */
static long entry_run(uint64_t gva)
{
    multicall_entry_t mc;
    uint64_t nr;

    if (copy_from_guest(&mc, gva, sizeof(mc)))
        return -XEN_EFAULT;
    if (mc.op == __HYPERVISOR_multicall || mc.op == __HYPERVISOR_iret)
        mc.result = -XEN_EINVAL;
    else
        mc.result = hypercall_call(mc.op, mc.args);
    if (hypercall_take_continuation(&nr, mc.args))
        return entry_rewrite(gva, mc.args) ?: 1;
    if (copy_to_guest(gva + offsetof(multicall_entry_t, result), &mc.result,
                      sizeof(mc.result)))
        return -XEN_EFAULT;
    return 0;
}

/*
 * multicall(calls, nr): each entry's op runs through the hypercall table
 * and its result is written back.  multicall and iret cannot be batched.
 * The batch stops early if the domain dies.  nr is 32-bit (the ABI's
 * unsigned int).  Preemptible, as Xen: between entries (the continuation
 * starts at the next one), and inside an entry whose op makes its own
 * continuation (its arguments are rewritten; the multicall continues at it).
 */
long do_multicall(HYPERCALL_ARGS)
{
    struct domain *d = current->dom;
    uint32_t n = (uint32_t)a2;
    long rc;

    for (uint32_t i = 0; i < n && domain_alive(d); i++) {
        uint64_t gva = a1 + (uint64_t)i * sizeof(multicall_entry_t);
        if ((i && hypercall_preempt_check()) || (rc = entry_run(gva)) > 0)
            return hypercall_continue(__HYPERVISOR_multicall, gva, n - i,
                                      0, 0, 0);
        if (rc)
            return rc;
    }
    return 0;
}
