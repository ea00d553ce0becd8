/* dom0's control hypercalls: thin typed wrappers, no policy. */
#include "xc.h"
#include <libos/hypercall.h>
#include <string.h>
#include <xen/errno.h>
#include <xen/sched.h>

static int domctl(struct xen_domctl *op, uint32_t cmd, domid_t dom)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return hypercall1(__HYPERVISOR_domctl, (uint64_t)op);
}

static int domctl_simple(uint32_t cmd, domid_t dom)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    return domctl(&op, cmd, dom);
}

int xc_domain_create(domid_t *dom)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = domctl(&op, XEN_DOMCTL_createdomain, 0);
    *dom = op.domain;
    return rc;
}

int xc_domain_build(domid_t dom, struct hvx_domctl_build_pv *b)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    memcpy(&op.u, b, sizeof(*b));
    rc = domctl(&op, HVX_DOMCTL_build_pv, dom);
    memcpy(b, &op.u, sizeof(*b));
    return rc;
}

int xc_domain_pause(domid_t dom)
{
    return domctl_simple(XEN_DOMCTL_pausedomain, dom);
}

int xc_domain_unpause(domid_t dom)
{
    return domctl_simple(XEN_DOMCTL_unpausedomain, dom);
}

int xc_domain_destroy(domid_t dom)
{
    return domctl_simple(XEN_DOMCTL_destroydomain, dom);
}

int xc_domain_shutdown(domid_t dom, unsigned reason)
{
    struct sched_remote_shutdown r = { .domain_id = dom, .reason = reason };

    return hypercall_sched_op(SCHEDOP_remote_shutdown, &r);
}

/* XEN_DOMCTL_getdomaininfo answers for the first domain at or above the
 * one asked (Xen's contract, for walking the list): asking for one domain
 * means checking that the answer is that one. */
int xc_domain_info(domid_t dom, xen_domctl_getdomaininfo_t *info)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = domctl(&op, XEN_DOMCTL_getdomaininfo, dom);
    if (!rc && op.domain != dom)
        return -XEN_ESRCH;             /* the call answers the next one up */
    *info = op.u.getdomaininfo;
    return rc;
}

uint64_t xc_free_pages(void)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo,
                             .interface_version = XEN_SYSCTL_INTERFACE_VERSION };

    return hypercall1(__HYPERVISOR_sysctl, (uint64_t)&op) ? 0
                                                          : op.u.physinfo.free_pages;
}

int xc_evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    evtchn_alloc_unbound_t a = { .dom = dom, .remote_dom = remote };
    int rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    *port = a.port;
    return rc;
}
