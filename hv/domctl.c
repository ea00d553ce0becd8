/* domctl for the privileged domain: create, build, pause, unpause, destroy, query. */
#define __XEN_TOOLS__ 1                /* domctl.h is for control tools */
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hvx_domctl.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/sched.h>

_Static_assert(sizeof(struct hvx_domctl_build_pv) <=
               sizeof(((struct xen_domctl *)0)->u.pad), "fits the union");

static bool built(const struct domain *d)
{
    return d->state != DOMAIN_CREATED;
}

/* Xen reports a crash for a domain the hypervisor killed. */
static uint32_t shutdown_flags(const struct domain *d)
{
    int reason = d->shutdown_reason < 0 ? SHUTDOWN_crash : d->shutdown_reason;

    if (d->state == DOMAIN_DYING)
        return XEN_DOMINF_dying | XEN_DOMINF_shutdown |
               ((uint32_t)(reason & XEN_DOMINF_shutdownmask)
                << XEN_DOMINF_shutdownshift);
    if (d->state != DOMAIN_SHUTDOWN)
        return 0;
    return XEN_DOMINF_shutdown |
           ((uint32_t)(reason & XEN_DOMINF_shutdownmask)
            << XEN_DOMINF_shutdownshift);
}

void domctl_fill_info(struct domain *d, xen_domctl_getdomaininfo_t *i)
{
    struct vcpu *v = &d->vcpu0;

    memset(i, 0, sizeof(*i));
    i->domain = d->id;
    i->flags = shutdown_flags(d) |
               (d->paused ? XEN_DOMINF_paused : 0) |
               (v->blocked ? XEN_DOMINF_blocked : 0) |
               (v == current ? XEN_DOMINF_running : 0);
    i->tot_pages = d->nr_pages;
    i->max_pages = d->max_pages;
    i->shared_info_frame = d->shared_info_mfn;
    sched_runstate_sync(v);
    i->cpu_time = v->runstate.time[RUNSTATE_running];
    i->nr_online_vcpus = 1;
    i->max_vcpu_id = 0;
}

static long build_pv(struct domain *d, struct hvx_domctl_build_pv *a)
{
    char cmdline[1024] = "", name[HVX_NAME_LEN];
    struct domain_config cfg;
    void *image;
    long rc;

    if (built(d))
        return -XEN_EEXIST;
    if (!a->image_size || a->image_size > HVX_IMAGE_MAX)
        return -XEN_EINVAL;
    if (a->cmdline && copy_from_guest(cmdline, a->cmdline, sizeof(cmdline) - 1))
        return -XEN_EFAULT;
    memcpy(name, a->name, sizeof(name));
    name[sizeof(name) - 1] = 0;
    strlcpy(d->name, name, sizeof(d->name));
    cfg = (struct domain_config){
        .name = d->name, .memory_kb = a->memory_kb, .maxmem_kb = a->maxmem_kb,
        .weight = a->weight ? a->weight : BVT_DEFAULT_WEIGHT,
        .cmdline = cmdline, .store_port = a->store_port,
        .console_port = a->console_port, .store_domid = a->store_domid,
        .console_domid = a->console_domid };
    if (!(image = vmap_guest_range(a->image, a->image_size)))
        return -XEN_EFAULT;
    rc = pv_build_into(d, &cfg, image, a->image_size);
    vmap_release();
    a->store_mfn = cfg.store_mfn;
    a->console_mfn = cfg.console_mfn;
    return rc;
}

/* Operations on an existing domain named by op->domain. */
static long on_domain(struct xen_domctl *op, struct domain *d)
{
    switch (op->cmd) {
    case XEN_DOMCTL_pausedomain:
        if (d == current->dom)
            return -XEN_EINVAL;        /* as Xen: not oneself */
        d->paused = true;
        sched_pause_changed(&d->vcpu0);
        return 0;
    case XEN_DOMCTL_unpausedomain:
        if (!built(d))
            return -XEN_EINVAL;        /* nothing to run yet */
        d->paused = false;
        sched_pause_changed(&d->vcpu0);
        return 0;
    case XEN_DOMCTL_destroydomain:
        if (d == current->dom)
            return -XEN_EINVAL;
        if (!domain_dying(d)) {
            LOG("d%u (%s) destroyed by d%u", d->id, d->name,
                current->dom->id);
            domain_destroy(d);
        }
        return 0;
    case XEN_DOMCTL_max_mem:
        d->max_pages = MAX(d->nr_pages, op->u.max_mem.max_memkb / 4);
        return 0;
    case HVX_DOMCTL_build_pv:
        return build_pv(d, (struct hvx_domctl_build_pv *)&op->u);
    }
    return -XEN_ENOSYS;
}

static long create(struct xen_domctl *op)
{
    struct domain *d;

    if (op->domain && op->domain < DOMID_FIRST_RESERVED &&
        domain_by_id(op->domain))
        return -XEN_EEXIST;
    if (!(d = domain_create("new")))
        return -XEN_ENOMEM;
    d->paused = true;                  /* as Xen: created paused */
    op->domain = d->id;
    return 0;
}

/* getdomaininfo: the domain op->domain names, or the next one after it. */
static long getdomaininfo(struct xen_domctl *op)
{
    for (unsigned id = op->domain; id < DOMID_FIRST_RESERVED; id++) {
        struct domain *d = domain_by_id(id);
        if (d) {
            domctl_fill_info(d, &op->u.getdomaininfo);
            op->domain = id;
            return 0;
        }
    }
    return -XEN_ESRCH;
}

long do_domctl(HYPERCALL_ARGS)
{
    struct xen_domctl op;
    struct domain *d;
    long rc;

    if (!current->dom->privileged)
        return -XEN_EPERM;
    if (copy_from_guest(&op, a1, sizeof(op)))
        return -XEN_EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -XEN_EACCES;
    if (op.cmd == XEN_DOMCTL_createdomain)
        rc = create(&op);
    else if (op.cmd == XEN_DOMCTL_getdomaininfo)
        rc = getdomaininfo(&op);
    else if (!(d = domain_by_id(op.domain)))
        return -XEN_ESRCH;
    else
        rc = on_domain(&op, d);
    if (!rc && copy_to_guest(a1, &op, sizeof(op)))
        return -XEN_EFAULT;
    return rc;
}
