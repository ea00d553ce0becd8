/* lifecycle: a control domain creates, builds, pauses, unpauses and destroys
 * 100 domains; the free-frame count must come back exactly. */
#include "ctl.h"                   /* first: it defines __XEN_TOOLS__ */
#include <libos/events.h>
#include <libos/time.h>
#include <xen/errno.h>
#include "../check.h"

#define ROUNDS 100
#define MS 1000000UL

/* Every domctl result of one round must be 0; count the rounds that were. */
static int round_trip(unsigned i)
{
    xen_domctl_getdomaininfo_t info;
    char name[16], cmd[8];
    domid_t dom;

    snprintf(name, sizeof(name), "child%u", i);
    snprintf(cmd, sizeof(cmd), "%u", i);
    if (ctl_create(&dom) || ctl_build(dom, name, 1024, cmd))
        return -1;
    if (ctl_info(dom, &info) || info.domain != dom ||
        !(info.flags & XEN_DOMINF_paused) || info.tot_pages != 256)
        return -2;
    if (ctl_simple(XEN_DOMCTL_unpausedomain, dom))
        return -3;
    if (ctl_simple(XEN_DOMCTL_pausedomain, dom))
        return -4;
    if (ctl_info(dom, &info) || !(info.flags & XEN_DOMINF_paused))
        return -5;
    if (ctl_simple(XEN_DOMCTL_unpausedomain, dom))
        return -6;
    if (i % 2)
        time_sleep_ns(MS);             /* let half of them run a little */
    return ctl_simple(XEN_DOMCTL_destroydomain, dom) ? -7 : 0;
}

static void errors(void)
{
    struct xen_domctl op = { 0 };
    xen_domctl_getdomaininfo_t info;
    domid_t dom;

    CHECK_EQ("destroy a domain that does not exist",
             ctl_simple(XEN_DOMCTL_destroydomain, 999), -XEN_ESRCH);
    CHECK_EQ("pause oneself", ctl_simple(XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL);
    op.cmd = XEN_DOMCTL_pausedomain;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    op.domain = 0;
    CHECK_EQ("stale interface version",
             hypercall1(__HYPERVISOR_domctl, (uint64_t)&op), -XEN_EACCES);
    CHECK_EQ("getdomaininfo past the last domain", ctl_info(900, &info),
             -XEN_ESRCH);
    CHECK_EQ("create", ctl_create(&dom), 0);
    CHECK_EQ("unpause before build", ctl_simple(XEN_DOMCTL_unpausedomain, dom),
             -XEN_EINVAL);
    child_image[1]++;                  /* "\177ELF" no more */
    CHECK_EQ("build a broken image", ctl_build(dom, "broken", 1024, 0),
             -XEN_EINVAL);
    child_image[1]--;
    CHECK_EQ("build too small", ctl_build(dom, "tiny", 64, 0), -XEN_ENOMEM);
    CHECK_EQ("build", ctl_build(dom, "late", 1024, 0), 0);
    CHECK_EQ("build twice", ctl_build(dom, "again", 1024, 0), -XEN_EEXIST);
    CHECK_EQ("destroy it", ctl_simple(XEN_DOMCTL_destroydomain, dom), 0);
}

/* 80 built domains destroyed by one multicall: more deaths at once than
 * any fixed table of the dead would hold. */
#define MASS 80
static void mass_destroy(uint64_t before)
{
    static struct xen_domctl ops[MASS];
    static multicall_entry_t mc[MASS];
    unsigned built = 0, failed = 0;

    for (unsigned i = 0; i < MASS; i++) {
        domid_t dom;
        if (ctl_create(&dom) || ctl_build(dom, "mass", 1024, 0))
            continue;
        ops[built] = (struct xen_domctl){
            .cmd = XEN_DOMCTL_destroydomain,
            .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
            .domain = dom };
        mc[built] = (multicall_entry_t){ .op = __HYPERVISOR_domctl,
                                         .args = { (uint64_t)&ops[built] } };
        built++;
    }
    CHECK_EQ("build 80 domains", built, MASS);
    CHECK_EQ("one multicall destroys them all",
             hypercall2(__HYPERVISOR_multicall, (uint64_t)mc, built), 0);
    for (unsigned i = 0; i < built; i++)
        failed += mc[i].result != 0;
    CHECK_EQ("  every destroy succeeded", failed, 0);
    time_sleep_ns(10 * MS);
    CHECK_EQ("  and their frames came back", free_pages(), before);
}

static void domain_list(void)
{
    xen_domctl_getdomaininfo_t list[4];
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_getdomaininfolist,
                             .interface_version = XEN_SYSCTL_INTERFACE_VERSION };

    op.u.getdomaininfolist.first_domain = 0;
    op.u.getdomaininfolist.max_domains = 4;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, list);
    CHECK_EQ("sysctl getdomaininfolist",
             hypercall1(__HYPERVISOR_sysctl, (uint64_t)&op), 0);
    CHECK_TRUE("lists at least this domain", op.u.getdomaininfolist.num_domains >= 1 &&
                                             list[0].domain == 0);
    CHECK_EQ("with its pages", list[0].tot_pages, start_info->nr_pages);
    CHECK_TRUE("running", list[0].flags & XEN_DOMINF_running);
}

int main(int argc, char **argv)
{
    uint64_t before, after;
    unsigned ok = 0;
    int rc = 0;

    domain_list();
    time_sleep_ns(10 * MS);            /* boot-time module frames settled */
    before = free_pages();
    for (unsigned i = 0; i < ROUNDS; i++)
        if (!(rc = round_trip(i)))
            ok++;
        else
            printf("lifecycle: round %u failed at step %d\n", i, -rc);
    time_sleep_ns(10 * MS);            /* the last destroyed ones reaped */
    after = free_pages();
    printf("lifecycle: %u rounds, free frames %lu before, %lu after\n", ok,
           before, after);
    CHECK_EQ("100 create/build/pause/unpause/destroy rounds", ok, ROUNDS);
    CHECK_EQ("no frame leaked", after, before);
    errors();
    CHECK_EQ("no frame leaked by the error cases", free_pages(), before);
    mass_destroy(before);
    return checks_summary("lifecycle");
}
