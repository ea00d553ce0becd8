/* xen_version: which Xen interface we implement and its features. */
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <xen/errno.h>
#include <xen/features.h>
#include <xen/version.h>

/* We implement the interface of Xen 4.17, whose headers we build against. */
#define XEN_MAJOR 4
#define XEN_MINOR 17

static long put(uint64_t gva, const void *src, uint64_t len)
{
    return copy_to_guest(gva, src, len) ? -XEN_EFAULT : 0;
}

static long version_string(uint64_t gva, uint64_t size, const char *s)
{
    char buf[1024] = { 0 };

    strlcpy(buf, s, size);
    return put(gva, buf, size);
}

static long get_features(uint64_t gva)
{
    xen_feature_info_t fi;

    if (copy_from_guest(&fi, gva, sizeof(fi)))
        return -XEN_EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return -XEN_EINVAL;
    /* No optional PV feature is offered yet: guests use the base ABI. */
    fi.submap = 0;
    return put(gva, &fi, sizeof(fi));
}

long do_xen_version(HYPERCALL_ARGS)
{
    switch (a1) {
    case XENVER_version:
        return (XEN_MAJOR << 16) | XEN_MINOR;
    case XENVER_extraversion:
        return version_string(a2, sizeof(xen_extraversion_t), ".0-hv");
    case XENVER_compile_info: {
        xen_compile_info_t ci = { "gcc", "hv", "localdomain", __DATE__ };
        return put(a2, &ci, sizeof(ci));
    }
    case XENVER_capabilities:
        return version_string(a2, sizeof(xen_capabilities_info_t),
                              "xen-3.0-x86_64");
    case XENVER_changeset:
        return version_string(a2, sizeof(xen_changeset_info_t), "unavailable");
    case XENVER_platform_parameters: {
        xen_platform_parameters_t pp = { HYPERVISOR_VIRT_START };
        return put(a2, &pp, sizeof(pp));
    }
    case XENVER_get_features:
        return get_features(a2);
    case XENVER_pagesize:
        return PAGE_SIZE;
    }
    return -XEN_ENOSYS;
}
