/* sched_op: yield, block, shutdown. */
#include <hv/console.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <xen/errno.h>
#include <xen/sched.h>

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

/*
 * SCHEDOP_shutdown.  With no control domain yet to act on it, the
 * hypervisor's policy is to tear the domain down for every reason.
 */
static long sched_shutdown_op(uint64_t arg)
{
    struct domain *d = current->dom;
    struct sched_shutdown s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -XEN_EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -XEN_EINVAL;
    console_guest_flush(d);
    LOG("d%u (%s) shut down: %s", d->id, d->name, shutdown_names[s.reason]);
    domain_shutdown(d, s.reason);
    return 0;
}

/* SCHEDOP_block: enable event delivery and sleep unless one is pending. */
static long sched_block_op(void)
{
    vcpu_info_t *vi = current->info;

    vi->evtchn_upcall_mask = 0;
    __asm__ volatile("" : : : "memory");  /* unmask before testing pending */
    if (!vi->evtchn_upcall_pending)
        sched_block(current);
    return 0;
}

long do_sched_op(HYPERCALL_ARGS)
{
    switch (a1) {
    case SCHEDOP_yield:
        sched_request();
        return 0;
    case SCHEDOP_block:
        return sched_block_op();
    case SCHEDOP_shutdown:
        return sched_shutdown_op(a2);
    }
    return -XEN_ENOSYS;
}
