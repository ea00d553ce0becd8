/* Grant attacks: a grant meant for a third domain, and a read-only grant. */
#include "mmattack.h"
#include "gntshare.h"
#include "mmcheck.h"

static char window[4096] __attribute__((aligned(4096)));
static char buf[4096] __attribute__((aligned(4096)));

/* A grant not ours to use: Xen's map and copy answer GNTST_general_error
 * for a grant naming another grantee and for a write to a read-only one;
 * GNTST_permission_denied is an explicit refusal too. */
static void check_refused(const char *what, uint64_t arg, long st)
{
    char name[128];

    snprintf(name, sizeof(name), "%s, 0x%lx: refused, status %ld", what,
             arg, st);
    CHECK_TRUE(name, st == GNTST_general_error ||
               st == GNTST_permission_denied);
}

static gnttab_copy_t copy_ref(domid_t dom, grant_ref_t ref, int to_ref)
{
    struct gnttab_copy_ptr mine = { .u.gmfn = va_to_mfn((uint64_t)buf),
                                    .domid = DOMID_SELF };
    struct gnttab_copy_ptr theirs = { .u.ref = ref, .domid = dom };
    gnttab_copy_t c = { .len = 64 };

    c.source = to_ref ? mine : theirs;
    c.dest = to_ref ? theirs : mine;
    c.flags = to_ref ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
    return c;
}

/* Copies naming frames, not grants: only our own frames may be named. */
static void copy_by_frame_refused(domid_t granter)
{
    uint64_t other = foreign_mfn();
    gnttab_copy_t c = { .source = { .u.gmfn = other, .domid = granter },
                        .dest = { .u.gmfn = va_to_mfn((uint64_t)buf),
                                  .domid = DOMID_SELF }, .len = 64 };

    check_err("copy from a granter's frame without a grant", other,
              gnt_copy(&c), GNTST_permission_denied);
    c.source.domid = DOMID_SELF;
    check_err("copy from another domain's frame named as ours", other,
              gnt_copy(&c), GNTST_bad_page);
}

/* argv: gnt-thief GRANTER GRANTEE */
int gnt_thief(int argc, char **argv)
{
    domid_t granter = gnt_await_granter(argc, argv);
    domid_t grantee = argc > 3 ? parse_uint(argv[3]) : DOMID_INVALID;
    uint64_t own = l1e_read((uint64_t)window);
    grant_handle_t h;
    gnttab_copy_t c;
    int16_t st;

    memset(buf, 0, PAGE);
    memcpy(buf, GNT_TEXT_THIEF, sizeof(GNT_TEXT_THIEF));
    check_refused("map the grant meant for the grantee", GNT_REF_A,
                  gnt_map(granter, GNT_REF_A, window, GNTMAP_host_map, &h));
    check_refused("map it read-only", GNT_REF_A, gnt_map(granter, GNT_REF_A,
                  window, GNTMAP_host_map | GNTMAP_readonly, &h));
    check_refused("map the read-only writer's grant", GNT_REF_B,
                  gnt_map(granter, GNT_REF_B, window, GNTMAP_host_map |
                          GNTMAP_readonly, &h));
    /* the grantee may be gone by now: then there is no such domain */
    st = gnt_map(grantee, GNT_REF_A, window, GNTMAP_host_map, &h);
    if (st != GNTST_bad_domain)
        check_refused("map a ref of the grantee's own table", GNT_REF_A, st);
    check_err("map a ref past the granter's table", 100000,
              gnt_map(granter, 100000, window, GNTMAP_host_map, &h),
              GNTST_bad_gntref);
    check_err("map from domain", 999, gnt_map(999, GNT_REF_A, window,
              GNTMAP_host_map, &h), GNTST_bad_domain);
    check_err("map from DOMID_XEN", DOMID_XEN, gnt_map(DOMID_XEN, GNT_REF_A,
              window, GNTMAP_host_map, &h), GNTST_bad_domain);
    CHECK_EQ("our window is untouched", l1e_read((uint64_t)window), own);
    c = copy_ref(granter, GNT_REF_A, 0);
    check_refused("copy from the grantee's grant", GNT_REF_A, gnt_copy(&c));
    c = copy_ref(granter, GNT_REF_A, 1);
    check_refused("copy into the grantee's grant", GNT_REF_A, gnt_copy(&c));
    CHECK_TRUE("our buffer is untouched", !strcmp(buf, GNT_TEXT_THIEF));
    copy_by_frame_refused(granter);
    return checks_summary(attack_name);
}

/* The read-only mapping, written every way: by hand and by the hypervisor. */
static void ro_writes_refused(domid_t granter, uint64_t frame)
{
    uint64_t va = (uint64_t)window, ma = l1e_maddr(va), e = l1e_read(va);
    gnttab_copy_t c = copy_ref(granter, GNT_REF_B, 1);

    CHECK_EQ("a write through it faults", probe_write(window, 'X'), -1);
    CHECK_EQ("at the window", probe_last_cr2(), va);
    check_err("update_va_mapping it writable", frame,
              hypercall_update_va_mapping(va, e | PTE_RW, UVMF_INVLPG),
              -XEN_EINVAL);
    check_err("mmu_update it writable", frame, pte_write(ma, e | PTE_RW),
              -XEN_EINVAL);
    check_err("mmu_update it away behind the grant table", frame,
              pte_write(ma, 0), -XEN_EINVAL);
    check_err("map its frame by hand, read-only", frame,
              hypercall_update_va_mapping((uint64_t)buf, frame << 12 |
                                          PTE_RO_FLAGS, UVMF_INVLPG),
              -XEN_EBUSY);
    check_refused("copy into the read-only grant", GNT_REF_B, gnt_copy(&c));
    c = copy_ref(granter, GNT_REF_B, 0);
    check_err("copy out of it (allowed)", GNT_REF_B, gnt_copy(&c),
              GNTST_okay);
    CHECK_TRUE("the copy reads page B", !strcmp(buf, GNT_TEXT_B));
}

/* Grants that name frames their granter may not give. */
static void bad_grants_refused(domid_t granter)
{
    grant_handle_t h;

    check_err("map the granter's L1 writable", GNT_REF_PT,
              gnt_map(granter, GNT_REF_PT, buf, GNTMAP_host_map, &h),
              GNTST_bad_page);
    check_err("map a frame its granter does not own", GNT_REF_FOREIGN,
              gnt_map(granter, GNT_REF_FOREIGN, buf, GNTMAP_host_map |
                      GNTMAP_readonly, &h), GNTST_bad_page);
}

/* argv: gnt-rowrite GRANTER */
int gnt_rowrite(int argc, char **argv)
{
    domid_t granter = gnt_await_granter(argc, argv);
    uint64_t own = l1e_read((uint64_t)window), frame;
    grant_handle_t h;
    gnttab_map_grant_ref_t m = { .host_addr = (uint64_t)window,
                                 .flags = GNTMAP_host_map | GNTMAP_readonly,
                                 .ref = GNT_REF_B, .dom = granter };

    probe_init();
    check_refused("map the read-only grant writable", GNT_REF_B,
                  gnt_map(granter, GNT_REF_B, window, GNTMAP_host_map, &h));
    CHECK_EQ("map it read-only", hc_grant_table_op(GNTTABOP_map_grant_ref,
             &m, 1) | m.status, 0);
    frame = m.dev_bus_addr >> 12;
    CHECK_TRUE("it shows page B", !strcmp(window, GNT_TEXT_B));
    ro_writes_refused(granter, frame);
    bad_grants_refused(granter);
    check_err("unmap at the wrong address", m.handle,
              gnt_unmap(m.handle, buf), GNTST_general_error);
    check_err("unmap", m.handle, gnt_unmap(m.handle, window), GNTST_okay);
    check_err("unmap again", m.handle, gnt_unmap(m.handle, window),
              GNTST_bad_handle);
    CHECK_EQ("the window is unmapped", probe_read(window), -1);
    CHECK_EQ("restore our page", hypercall_update_va_mapping(
             (uint64_t)window, own, UVMF_INVLPG), 0);
    return checks_summary(attack_name);
}
