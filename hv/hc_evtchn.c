/* event_channel_op: copy the argument in, run the operation, copy results out. */
#include <hv/evtchn.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <xen/errno.h>

/* Size of each command's argument; 0 for commands not offered. */
static const uint8_t arg_size[] = {
    [EVTCHNOP_bind_interdomain] = sizeof(evtchn_bind_interdomain_t),
    [EVTCHNOP_bind_virq]        = sizeof(evtchn_bind_virq_t),
    [EVTCHNOP_close]            = sizeof(evtchn_close_t),
    [EVTCHNOP_send]             = sizeof(evtchn_send_t),
    [EVTCHNOP_status]           = sizeof(evtchn_status_t),
    [EVTCHNOP_alloc_unbound]    = sizeof(evtchn_alloc_unbound_t),
    [EVTCHNOP_bind_ipi]         = sizeof(evtchn_bind_ipi_t),
    [EVTCHNOP_unmask]           = sizeof(evtchn_unmask_t),
    [EVTCHNOP_bind_vcpu]        = sizeof(evtchn_bind_vcpu_t),
    [EVTCHNOP_reset]            = sizeof(evtchn_reset_t),
    [EVTCHNOP_init_control]     = sizeof(evtchn_init_control_t),
    [EVTCHNOP_expand_array]     = sizeof(evtchn_expand_array_t),
    [EVTCHNOP_set_priority]     = sizeof(evtchn_set_priority_t),
};

/* Commands with OUT fields: only their argument is copied back. */
static bool has_out(unsigned cmd)
{
    return cmd == EVTCHNOP_bind_interdomain || cmd == EVTCHNOP_bind_virq ||
           cmd == EVTCHNOP_status || cmd == EVTCHNOP_alloc_unbound ||
           cmd == EVTCHNOP_bind_ipi || cmd == EVTCHNOP_init_control;
}

static int run(struct domain *d, unsigned cmd, void *a)
{
    switch (cmd) {
    case EVTCHNOP_bind_interdomain: return evtchn_bind_interdomain(d, a);
    case EVTCHNOP_bind_virq:        return evtchn_bind_virq(d, a);
    case EVTCHNOP_close:  return evtchn_close(d, ((evtchn_close_t *)a)->port);
    case EVTCHNOP_send:   return evtchn_send(d, ((evtchn_send_t *)a)->port);
    case EVTCHNOP_status:           return evtchn_status(d, a);
    case EVTCHNOP_alloc_unbound:    return evtchn_alloc_unbound(d, a);
    case EVTCHNOP_bind_ipi:         return evtchn_bind_ipi(d, a);
    case EVTCHNOP_unmask: return evtchn_unmask(d, ((evtchn_unmask_t *)a)->port);
    case EVTCHNOP_bind_vcpu:        return evtchn_bind_vcpu(d, a);
    case EVTCHNOP_reset:            return evtchn_reset(d, a);
    case EVTCHNOP_init_control:     return evtchn_fifo_init_control(d, a);
    case EVTCHNOP_expand_array:     return evtchn_fifo_expand_array(d, a);
    case EVTCHNOP_set_priority:     return evtchn_fifo_set_priority(d, a);
    }
    return -XEN_ENOSYS;
}

/* The 2-level and FIFO ABIs; pirqs are -ENOSYS (no physical devices). */
long do_event_channel_op(HYPERCALL_ARGS)
{
    uint64_t buf[4];       /* the largest argument is 24 bytes */
    unsigned size;
    int rc;

    if (a1 == EVTCHNOP_send) {         /* the hot one: 4 bytes in, none out */
        evtchn_send_t s;
        return copy_from_guest(&s, a2, sizeof(s)) ? -XEN_EFAULT
                                                  : evtchn_send(current->dom, s.port);
    }
    if (a1 >= sizeof(arg_size) || !(size = arg_size[a1]))
        return -XEN_ENOSYS;
    if (copy_from_guest(buf, a2, size))
        return -XEN_EFAULT;
    rc = run(current->dom, a1, buf);
    if (!rc && has_out(a1) && copy_to_guest(a2, buf, size))
        return -XEN_EFAULT;
    return rc;
}
