/* dom0's control interface to the hypervisor (libxc's job): domctl, sysctl,
 * event channels on behalf of other domains, remote shutdown. */
#ifndef DOM0_XC_H
#define DOM0_XC_H

#ifndef __XEN_TOOLS__
#error "dom0 is built with -D__XEN_TOOLS__ (apps/build.mk)"
#endif
#include <hvx_domctl.h>
#include <stdint.h>
#include <xen/domctl.h>
#include <xen/event_channel.h>
#include <xen/sysctl.h>
#include <xen/xen.h>

/* Every call returns 0 or a negative Xen errno (xen/errno.h). */

/* A new paused domain; its id in *dom. */
int xc_domain_create(domid_t *dom);
/* Build b (image, memory, ports ... see hvx_domctl.h) into dom; the OUT
 * fields of b are filled. */
int xc_domain_build(domid_t dom, struct hvx_domctl_build_pv *b);
int xc_domain_pause(domid_t dom);
int xc_domain_unpause(domid_t dom);
int xc_domain_destroy(domid_t dom);
/* SCHEDOP_remote_shutdown: shut dom down with reason SHUTDOWN_*. */
int xc_domain_shutdown(domid_t dom, unsigned reason);
/* The domain dom names, or -ESRCH. */
int xc_domain_info(domid_t dom, xen_domctl_getdomaininfo_t *info);
/* Free machine frames. */
uint64_t xc_free_pages(void);
/* An unbound port of dom that remote may bind to. */
int xc_evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port);

#endif
