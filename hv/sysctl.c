/* sysctl for the privileged domain: physinfo (free frames) and the domain list. */
#define __XEN_TOOLS__ 1                /* sysctl.h is for control tools */
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/timer.h>
#include <xen/errno.h>
#include <xen/sysctl.h>

static void physinfo(struct xen_sysctl_physinfo *p)
{
    memset(p, 0, sizeof(*p));
    p->threads_per_core = p->cores_per_socket = p->nr_cpus = 1;
    p->nr_nodes = 1;
    p->cpu_khz = tsc_khz;
    p->capabilities = XEN_SYSCTL_PHYSCAP_pv;
    p->free_pages = frame_free_count();
    p->total_pages = frame_table_size;
    p->max_mfn = frame_table_size - 1;
}

static long domain_list(struct xen_sysctl_getdomaininfolist *l)
{
    xen_domctl_getdomaininfo_t info;
    uint32_t n = 0;

    for (unsigned id = l->first_domain;
         id < DOMID_FIRST_RESERVED && n < l->max_domains; id++) {
        struct domain *d = domain_by_id(id);
        if (!d)
            continue;
        domctl_fill_info(d, &info);
        if (copy_to_guest((uint64_t)l->buffer.p + n * sizeof(info), &info,
                          sizeof(info)))
            return -XEN_EFAULT;
        n++;
    }
    l->num_domains = n;
    return 0;
}

long do_sysctl(HYPERCALL_ARGS)
{
    struct xen_sysctl op;
    long rc;

    if (!current->dom->privileged)
        return -XEN_EPERM;
    if (copy_from_guest(&op, a1, sizeof(op)))
        return -XEN_EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -XEN_EACCES;
    switch (op.cmd) {
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        rc = 0;
        break;
    case XEN_SYSCTL_getdomaininfolist:
        rc = domain_list(&op.u.getdomaininfolist);
        break;
    default:
        return -XEN_ENOSYS;
    }
    if (!rc && copy_to_guest(a1, &op, sizeof(op)))
        return -XEN_EFAULT;
    return rc;
}
