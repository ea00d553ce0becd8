/* Per-vcpu CPU state a PV guest may set: fpu_taskswitch, set_segment_base. */
#include <arch/cpu.h>
#include <hv/hypercall.h>
#include <hv/pv.h>
#include <xen/errno.h>

/* fpu_taskswitch(set): the guest's virtual CR0.TS.  While set, its next
 * FPU/SSE instruction raises #NM, delivered to its handler (lazy FPU). */
long do_fpu_taskswitch(HYPERCALL_ARGS)
{
    current->fpu_ts = a1 != 0;
    if (current->fpu_ts)
        write_cr0(read_cr0() | (1UL << 3));
    else
        __asm__ volatile("clts");
    return 0;
}

/* set_segment_base(which, base): fs and gs bases, e.g. for TLS. */
long do_set_segment_base(HYPERCALL_ARGS)
{
    struct vcpu *v = current;

    switch (a1) {
    case SEGBASE_FS:
    case SEGBASE_GS_USER:
    case SEGBASE_GS_KERNEL:
        if ((uint64_t)((int64_t)(a2 << 16) >> 16) != a2)
            return -XEN_EINVAL;
        break;
    case SEGBASE_GS_USER_SEL:
        /* A null selector is all a 64-bit guest needs here. */
        if (a2 & 0xffff)
            return -XEN_EINVAL;
        v->gs_base_user = 0;
        wrmsr(MSR_KERNEL_GS, 0);
        return 0;
    default:
        return -XEN_EINVAL;
    }
    if (a1 == SEGBASE_FS) {
        v->fs_base = a2;
        wrmsr(MSR_FS_BASE, a2);
    } else if (a1 == SEGBASE_GS_KERNEL) {
        v->gs_base_kernel = a2;
        wrmsr(MSR_GS_BASE, a2);
    } else {
        v->gs_base_user = a2;
        wrmsr(MSR_KERNEL_GS, a2);
    }
    return 0;
}
