/* domctl and sysctl wrappers for the control domain tests. */
#ifndef TESTS_LIFECYCLE_CTL_H
#define TESTS_LIFECYCLE_CTL_H

#define __XEN_TOOLS__ 1
#include <hvx_domctl.h>
#include <libos/hypercall.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>

extern char child_image[], child_image_end[];

/* domctl cmd on domain dom; *op is used in and out. */
static inline long ctl(struct xen_domctl *op, uint32_t cmd, domid_t dom)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return hypercall1(__HYPERVISOR_domctl, (uint64_t)op);
}

static inline long ctl_create(domid_t *dom)
{
    struct xen_domctl op = { 0 };
    long rc = ctl(&op, XEN_DOMCTL_createdomain, 0);

    *dom = op.domain;
    return rc;
}

static inline long ctl_build(domid_t dom, const char *name, uint64_t kb,
                             const char *cmdline)
{
    struct xen_domctl op = { 0 };
    struct hvx_domctl_build_pv *b = (void *)&op.u;

    b->image = (uint64_t)child_image;
    b->image_size = child_image_end - child_image;
    b->memory_kb = kb;
    b->cmdline = (uint64_t)cmdline;
    for (int i = 0; name[i] && i < HVX_NAME_LEN - 1; i++)
        b->name[i] = name[i];
    return ctl(&op, HVX_DOMCTL_build_pv, dom);
}

static inline long ctl_simple(uint32_t cmd, domid_t dom)
{
    struct xen_domctl op = { 0 };

    return ctl(&op, cmd, dom);
}

static inline long ctl_info(domid_t dom, xen_domctl_getdomaininfo_t *info)
{
    struct xen_domctl op = { 0 };
    long rc = ctl(&op, XEN_DOMCTL_getdomaininfo, dom);

    *info = op.u.getdomaininfo;
    return rc;
}

static inline uint64_t free_pages(void)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo,
                             .interface_version = XEN_SYSCTL_INTERFACE_VERSION };

    return hypercall1(__HYPERVISOR_sysctl, (uint64_t)&op) ? 0
                                                          : op.u.physinfo.free_pages;
}

#endif
