/* pvabi: conformance of the foundation hypercalls, positive and negative. */
#include <libos/hypercall.h>
#include <xen/errno.h>
#include <xen/features.h>
#include "../check.h"

#define BAD_LOW  0x10UL                  /* below the image: unmapped */
#define BAD_HV   0xffff830000100000UL    /* hypervisor text */

/* A hypercall issued with syscall directly, as images without a
 * HYPERCALL_PAGE note do. */
static long raw_syscall2(long nr, long a1, long a2)
{
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret), "+D"(a1), "+S"(a2)
                     : "a"(nr)
                     : "rcx", "r11", "rdx", "r10", "r8", "memory");
    return ret;
}

static int contains(const char *s, const char *sub)
{
    size_t n = strlen(sub);

    for (; *s; s++)
        if (!strncmp(s, sub, n))
            return 1;
    return 0;
}

static void check_version(void)
{
    xen_capabilities_info_t caps;
    xen_platform_parameters_t pp;
    xen_feature_info_t fi = { .submap_idx = 0 };
    long v = hypercall_xen_version(XENVER_version, 0);

    CHECK_EQ("version is 4.17", v, (4 << 16) | 17);
    CHECK_EQ("version via raw syscall", raw_syscall2(__HYPERVISOR_xen_version,
                                                     XENVER_version, 0), v);
    CHECK_EQ("capabilities", hypercall_xen_version(XENVER_capabilities, caps), 0);
    CHECK_TRUE("capabilities name xen-3.0-x86_64", contains(caps, "xen-3.0-x86_64"));
    CHECK_EQ("platform parameters",
             hypercall_xen_version(XENVER_platform_parameters, &pp), 0);
    CHECK_EQ("virt_start", pp.virt_start, HYPERVISOR_VIRT_START);
    CHECK_EQ("get_features submap 0", hypercall_xen_version(XENVER_get_features, &fi), 0);
    fi.submap_idx = XENFEAT_NR_SUBMAPS;
    CHECK_EQ("get_features bad submap", hypercall_xen_version(XENVER_get_features, &fi),
             -XEN_EINVAL);
    CHECK_EQ("pagesize", hypercall_xen_version(XENVER_pagesize, 0), 4096);
    CHECK_EQ("version unknown cmd", hypercall_xen_version(999, 0), -XEN_ENOSYS);
    CHECK_EQ("extraversion to bad pointer",
             hypercall_xen_version(XENVER_extraversion, (void *)BAD_LOW), -XEN_EFAULT);
    CHECK_EQ("capabilities into hypervisor",
             hypercall_xen_version(XENVER_capabilities, (void *)BAD_HV), -XEN_EFAULT);
}

static void check_console(void)
{
    char buf[8];
    long want_read = (start_info->flags & SIF_PRIVILEGED) ? 0 : -XEN_EPERM;

    CHECK_EQ("console write", hypercall_console_io(CONSOLEIO_write, 3, "ok\n"), 0);
    CHECK_EQ("console write count 0", hypercall_console_io(CONSOLEIO_write, 0, 0), 0);
    CHECK_EQ("console write bad pointer",
             hypercall_console_io(CONSOLEIO_write, 4, (void *)BAD_LOW), -XEN_EFAULT);
    CHECK_EQ("console write from hypervisor memory",
             hypercall_console_io(CONSOLEIO_write, 4, (void *)BAD_HV), -XEN_EFAULT);
    CHECK_EQ("console write read-only page-table read is fine",
             hypercall_console_io(CONSOLEIO_write, 0, (void *)start_info->pt_base), 0);
    CHECK_EQ(want_read ? "console read refused (unprivileged)"
                       : "console read allowed (privileged)",
             hypercall_console_io(CONSOLEIO_read, sizeof(buf), buf), want_read);
    CHECK_EQ("console unknown cmd", hypercall_console_io(77, 0, 0), -XEN_ENOSYS);
}

static void check_sched_and_table(void)
{
    CHECK_EQ("sched yield", hypercall_sched_op(SCHEDOP_yield, 0), 0);
    CHECK_EQ("sched unknown cmd", hypercall_sched_op(99, 0), -XEN_ENOSYS);
    CHECK_EQ("shutdown bad pointer",
             hypercall_sched_op(SCHEDOP_shutdown, (void *)BAD_LOW), -XEN_EFAULT);
    CHECK_EQ("unimplemented hypercall 39", hypercall2(39, 0, 0), -XEN_ENOSYS);
    CHECK_EQ("hypercall past the table", hypercall2(127, 0, 0), -XEN_ENOSYS);
    CHECK_EQ("raw syscall number 5000", raw_syscall2(5000, 0, 0), -XEN_ENOSYS);
}

/* The M2P is mapped read-only in every guest and inverts the p2m. */
static void check_memory(void)
{
    const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    unsigned long bad = 0;

    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (m2p[p2m[pfn]] != pfn)
            bad++;
    CHECK_EQ("m2p inverts p2m for every page", bad, 0);
    CHECK_TRUE("start_info magic", !strncmp(start_info->magic, "xen-3.0-x86_64", 14));
    CHECK_TRUE("shared_info is a machine address",
               start_info->shared_info && !(start_info->shared_info & 0xfff));
}

int main(int argc, char **argv)
{
    check_version();
    check_console();
    check_sched_and_table();
    check_memory();
    return checks_summary("pvabi");
}
