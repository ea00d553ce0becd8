/* vcpu_op for single-vcpu guests: is_up, vcpu_info placement, one-shot timer, runstate. */
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv_pt.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <xen/errno.h>
#include <xen/vcpu.h>

/* Move vcpu_info into a guest frame (mfn, offset), carrying its contents. */
static long register_vcpu_info(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_vcpu_info r;
    vcpu_info_t *new;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -XEN_EFAULT;
    if (r.offset > PAGE_SIZE - sizeof(vcpu_info_t) || r.rsvd)
        return -XEN_EINVAL;
    if (v->info != &v->dom->shared_info->vcpu_info[v->id])
        return -XEN_EINVAL;            /* already moved, as Xen refuses */
    /* the hypervisor writes it: it must be a frame the guest could write,
     * never one of its page tables; the type reference lives as long as
     * the domain */
    if (page_get_and_type(v->dom, r.mfn, PGT_writable))
        return -XEN_EINVAL;
    new = (vcpu_info_t *)((uint8_t *)mfn_to_virt(r.mfn) + r.offset);
    memcpy(new, v->info, sizeof(*new));
    v->info = new;
    /* the guest may have missed an upcall bit: re-derive it, as Xen does */
    new->evtchn_upcall_pending = 1;
    new->evtchn_pending_sel = ~0UL;
    return 0;
}

static long singleshot(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_singleshot_timer t;

    if (copy_from_guest(&t, arg, sizeof(t)))
        return -XEN_EFAULT;
    /* VCPU_SSHOTTMR_future "can be ignored" (vcpu.h) and Xen 4.17 does:
     * a timeout in the past fires at once */
    vcpu_timer_set(v, t.timeout_abs_ns ? t.timeout_abs_ns : 1);
    return 0;
}

long do_vcpu_op(HYPERCALL_ARGS)
{
    struct vcpu *v = current;

    if (a2 != 0)
        return -XEN_ENOENT;            /* one vcpu per domain */
    switch (a1) {
    case VCPUOP_is_up:
        return 1;
    case VCPUOP_up:
    case VCPUOP_down:
    case VCPUOP_initialise:
        return -XEN_EINVAL;            /* vcpu 0 is up and stays up */
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, a3);
    case VCPUOP_set_singleshot_timer:
        return singleshot(v, a3);
    case VCPUOP_stop_singleshot_timer:
        vcpu_timer_set(v, 0);
        return 0;
    case VCPUOP_get_runstate_info:
        sched_runstate_sync(v);
        return copy_to_guest(a3, &v->runstate, sizeof(v->runstate))
                   ? -XEN_EFAULT : 0;
    }
    return -XEN_ENOSYS;
}
