/* sched_op (yield, block, poll, shutdown) and set_timer_op. */
#include <hv/console.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <xen/errno.h>
#include <hvx_sched.h>
#include <xen/sched.h>

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

/* The console's last partial line first, then one line saying how d ends
 * (as Xen: any reason is taken; unknown ones are logged as such), then the
 * shutdown itself (domain.c decides what follows). */
static void shutdown_logged(struct domain *d, unsigned reason, const char *by)
{
    console_guest_flush(d);
    if (reason <= SHUTDOWN_MAX)
        LOG("d%u (%s) shut down%s: %s", d->id, d->name, by,
            shutdown_names[reason]);
    else
        LOG("d%u (%s) shut down%s: unknown reason %u", d->id, d->name, by,
            reason);
    domain_shutdown(d, reason);
}

/* SCHEDOP_shutdown: the calling domain ends. */
static long sched_shutdown_op(uint64_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -XEN_EFAULT;
    shutdown_logged(current->dom, s.reason, "");
    return 0;
}

/* HVX_SCHEDOP_exit (include/hvx_sched.h): a shutdown that says it is an
 * exit status, not a crash, where no toolstack hears of the status. */
static long sched_exit_op(uint64_t arg)
{
    struct domain *d = current->dom;
    struct hvx_sched_exit e;

    if (copy_from_guest(&e, arg, sizeof(e)))
        return -XEN_EFAULT;
    console_guest_flush(d);
    LOG("d%u (%s) exited with status %d", d->id, d->name, e.status);
    domain_shutdown(d, e.status ? SHUTDOWN_crash : SHUTDOWN_poweroff);
    return 0;
}

/* SCHEDOP_remote_shutdown: the control domain shuts another one down. */
static long sched_remote_shutdown_op(uint64_t arg)
{
    struct sched_remote_shutdown r;
    struct domain *d;
    char by[16];

    if (!current->dom->privileged)
        return -XEN_EPERM;
    if (copy_from_guest(&r, arg, sizeof(r)))
        return -XEN_EFAULT;
    if (!(d = domain_by_id(r.domain_id)) || domain_dying(d))
        return -XEN_ESRCH;
    if (d == current->dom)
        return -XEN_EINVAL;            /* SCHEDOP_shutdown is for oneself */
    snprintf(by, sizeof(by), " by d%u", current->dom->id);
    shutdown_logged(d, r.reason, by);
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

/* SCHEDOP_poll: return at once if a port is pending, else sleep on them. */
static long sched_poll_op(uint64_t arg)
{
    struct domain *d = current->dom;
    evtchn_port_t ports[SCHED_POLL_MAX];
    struct sched_poll p;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -XEN_EFAULT;
    if (p.nr_ports > SCHED_POLL_MAX)
        return -XEN_EINVAL;
    if (copy_from_guest(ports, (uint64_t)p.ports.p,
                        p.nr_ports * sizeof(ports[0])))
        return -XEN_EFAULT;
    for (unsigned i = 0; i < p.nr_ports; i++) {
        if (ports[i] >= evtchn_max_ports(d))
            return -XEN_EINVAL;
        if (evtchn_is_pending(d, ports[i]))
            return 0;
    }
    if (p.timeout && p.timeout <= time_now())
        return 0;
    sched_poll(current, ports, p.nr_ports, p.timeout);
    return 0;
}

long do_sched_op(HYPERCALL_ARGS)
{
    switch (a1) {
    case SCHEDOP_yield:
        sched_yield();
        return 0;
    case SCHEDOP_block:
        return sched_block_op();
    case SCHEDOP_shutdown:
        return sched_shutdown_op(a2);
    case SCHEDOP_poll:
        return sched_poll_op(a2);
    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown_op(a2);
    case HVX_SCHEDOP_exit:
        return sched_exit_op(a2);
    }
    return -XEN_ENOSYS;
}

static void sshot_fire(void *data)
{
    evtchn_send_vcpu_virq(data, VIRQ_TIMER);
}

/* Arm (or with 0 stop) v's one-shot timer at system time deadline. */
void vcpu_timer_set(struct vcpu *v, uint64_t deadline)
{
    if (!deadline) {
        timer_stop(&v->sshot_timer);
        return;
    }
    v->sshot_timer.fn = sshot_fire;
    v->sshot_timer.data = v;
    timer_set(&v->sshot_timer, deadline);
}

/* set_timer_op(timeout): VIRQ_TIMER at absolute system time timeout (a
 * past one fires at once); 0 cancels. */
long do_set_timer_op(HYPERCALL_ARGS)
{
    vcpu_timer_set(current, a1);
    return 0;
}
