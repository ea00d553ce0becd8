/* Bad pointers, continued: grant_table_op, multicall, vcpu_op, vcpumasks. */
#include "mmattack.h"
#include "mmcheck.h"

#define SELF_REF    8
#define NR_MC       11

static uint8_t gtab[4096] __attribute__((aligned(4096)));
static uint8_t granted[4096] __attribute__((aligned(4096)));
static uint8_t ro_page[4096] __attribute__((aligned(4096)));

static void grant_sweep(uint64_t p)
{
    char name[96];
    unsigned bad = 0;

    for (unsigned cmd = 0; cmd <= GNTTABOP_cache_flush + 1; cmd++) {
        long rc = hc_grant_table_op(cmd, (void *)p, 1);
        if (rc >= 0) {
            bad++;
            printf("mmattack: grant_table_op %u with 0x%lx returned %ld\n",
                   cmd, p, rc);
        }
    }
    snprintf(name, sizeof(name), "grant_table_op: every command with 0x%lx "
             "fails", p);
    CHECK_EQ(name, bad, 0);
}

/* Good operation structures whose own pointers and frames are bad. */
static void grant_args_bad(grant_entry_v1_t *t, domid_t me, uint64_t p)
{
    struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 2 };
    gnttab_map_grant_ref_t m = { .host_addr = p, .flags = GNTMAP_host_map,
                                 .ref = SELF_REF, .dom = me };
    long rc;

    set_xen_guest_handle(s.frame_list, (xen_pfn_t *)p);
    check_err("setup_table of 2 frames, frame_list nowhere", p,
              hc_grant_table_op(GNTTABOP_setup_table, &s, 1), -XEN_EFAULT);
    rc = hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
    /* Xen's create_grant_pv_mapping finds no L1 there: general error */
    check_err("map our own grant at", p, rc ? rc : m.status,
              GNTST_general_error);
    CHECK_EQ("  the grant is left unpinned", t[SELF_REF].flags,
             GTF_permit_access);
}

static void grant_frames_bad(domid_t me)
{
    uint64_t g = va_to_mfn((uint64_t)granted);
    gnttab_copy_t c = { .source = { .u.gmfn = g, .domid = DOMID_SELF },
                        .dest = { .u.gmfn = 1UL << 40, .domid = DOMID_SELF },
                        .len = 8 };
    gnttab_unmap_grant_ref_t u = { .host_addr = BAD_HV, .handle = 0xffff };

    check_err("copy to a frame past RAM", c.dest.u.gmfn, gnt_copy(&c),
              GNTST_bad_page);
    c.dest.u.gmfn = HV_TEXT_MFN;
    check_err("copy to the hypervisor's text", HV_TEXT_MFN, gnt_copy(&c),
              GNTST_bad_page);
    c.dest.u.gmfn = g;
    c.source.u.gmfn = 0;
    check_err("copy from machine frame 0", 0, gnt_copy(&c), GNTST_bad_page);
    c.source.u.gmfn = g;
    c.len = 4097;
    check_err("copy of 4097 bytes", 4097, gnt_copy(&c), GNTST_bad_copy_arg);
    c.len = 2;
    c.dest.offset = 4095;
    check_err("copy across the page end", 4095, gnt_copy(&c),
              GNTST_bad_copy_arg);
    c.dest.offset = 0;
    c.source.domid = 999;
    check_err("copy from domain", 999, gnt_copy(&c), GNTST_bad_domain);
    CHECK_EQ("unmap of a handle never given: runs",
             hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
    check_err("  status", 0xffff, u.status, GNTST_bad_handle);
}

static void grant_bad(void)
{
    grant_entry_v1_t *t = gnt_table(gtab);
    domid_t me = own_domid();

    CHECK_TRUE("our grant table is mapped", t != NULL);
    if (!t)
        return;
    gnt_offer(t, SELF_REF, me, va_to_mfn((uint64_t)granted), 0);
    for (unsigned i = 0; i < NR(bad_ptrs); i++) {
        grant_sweep(bad_ptrs[i]);
        grant_args_bad(t, me, bad_ptrs[i]);
    }
    grant_frames_bad(me);
}

/* Entries each of which is refused; result i must be want[i]. */
static void multicall_entries_bad(uint64_t p)
{
    static multicall_entry_t mc[NR_MC];
    static mmu_update_t same;
    const long want[NR_MC] = { -XEN_EFAULT, -XEN_EFAULT, -XEN_EFAULT,
                               -XEN_EFAULT, -XEN_EFAULT, -XEN_EFAULT,
                               -XEN_EFAULT, -XEN_EINVAL, -XEN_EINVAL,
                               -XEN_EINVAL, -XEN_ENOSYS };
    const multicall_entry_t e[NR_MC] = {
        { __HYPERVISOR_memory_op, 0, { XENMEM_current_reservation, p } },
        { __HYPERVISOR_mmu_update, 0, { p, 1, 0, DOMID_SELF } },
        { __HYPERVISOR_mmu_update, 0, { (uint64_t)&same, 1, p, DOMID_SELF } },
        { __HYPERVISOR_mmuext_op, 0, { p, 1, 0, DOMID_SELF } },
        { __HYPERVISOR_grant_table_op, 0, { GNTTABOP_setup_table, p, 1 } },
        { __HYPERVISOR_vcpu_op, 0, { VCPUOP_register_vcpu_info, 0, p } },
        { __HYPERVISOR_event_channel_op, 0, { EVTCHNOP_alloc_unbound, p } },
        { __HYPERVISOR_update_va_mapping, 0, { p, 0, UVMF_INVLPG } },
        { __HYPERVISOR_multicall, 0, { (uint64_t)mc, 1 } },
        { __HYPERVISOR_iret, 0, { 0 } },
        { 99, 0, { p, p, p, p, p, p } },
    };
    char name[96];
    unsigned bad = 0;
    long rc;

    same = (mmu_update_t){ l1e_maddr((uint64_t)gtab),
                           l1e_read((uint64_t)gtab) };
    memcpy(mc, e, sizeof(mc));
    rc = hc_multicall(mc, NR_MC);
    for (unsigned i = 0; i < NR_MC; i++)
        if ((long)mc[i].result != want[i]) {
            bad++;
            printf("mmattack: multicall entry %u (op %lu) with 0x%lx: %ld, "
                   "want %ld\n", i, mc[i].op, p, (long)mc[i].result,
                   want[i]);
        }
    snprintf(name, sizeof(name), "multicall of %u entries using 0x%lx: "
             "runs, each refused", NR_MC, p);
    CHECK_EQ(name, rc | bad, 0);
}

static void multicall_bad(void *hole)
{
    multicall_entry_t *last = (multicall_entry_t *)hole - 1;
    multicall_entry_t *ro = (multicall_entry_t *)ro_page;
    uint64_t va = (uint64_t)ro_page;

    for (unsigned i = 0; i < NR(bad_ptrs); i++) {
        check_err("multicall: list", bad_ptrs[i],
                  hc_multicall((void *)bad_ptrs[i], 1), -XEN_EFAULT);
        multicall_entries_bad(bad_ptrs[i]);
    }
    *last = (multicall_entry_t){ __HYPERVISOR_xen_version, 0, { 0 } };
    check_err("multicall: 2^31 entries, the first readable", 1UL << 31,
              hc_multicall(last, 1UL << 31), -XEN_EFAULT);
    CHECK_TRUE("  the first ran", (long)last->result > 0);
    *ro = *last;
    hypercall_update_va_mapping(va, va_to_mfn(va) << 12 | PTE_RO_FLAGS,
                                UVMF_INVLPG);
    check_err("multicall: list read-only", va, hc_multicall(ro, 1),
              -XEN_EFAULT);
    hypercall_update_va_mapping(va, va_to_mfn(va) << 12 | PTE_RW_FLAGS,
                                UVMF_INVLPG);
}

static long register_vcpu_info(uint64_t mfn, uint32_t offset)
{
    struct vcpu_register_vcpu_info r = { .mfn = mfn, .offset = offset };

    return hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

static void vcpu_and_va_bad(void)
{
    const uint64_t mfns[] = { l1e_maddr((uint64_t)gtab) >> 12,
                              va_to_mfn(start_info->pt_base), foreign_mfn(),
                              HV_TEXT_MFN, 1UL << 39 };
    const uint64_t vas[] = { BAD_LOW, BAD_HV, BAD_NONCANON,
                             0xffff800000000000UL };
    uint64_t mine = va_to_mfn((uint64_t)granted);

    for (unsigned i = 0; i < NR(bad_ptrs); i++)
        check_err("register_vcpu_info: argument", bad_ptrs[i],
                  hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0,
                                    (void *)bad_ptrs[i]), -XEN_EFAULT);
    /* our L1, our L4, another domain's frame, hypervisor, past RAM */
    for (unsigned i = 0; i < NR(mfns); i++)
        check_err("register_vcpu_info: frame", mfns[i],
                  register_vcpu_info(mfns[i], 0), -XEN_EINVAL);
    check_err("register_vcpu_info: offset", 4096 - 63,
              register_vcpu_info(va_to_mfn((uint64_t)ro_page), 4096 - 63),
              -XEN_EINVAL);
    for (unsigned i = 0; i < NR(vas); i++)
        check_err("update_va_mapping: no L1 of ours there", vas[i],
                  hypercall_update_va_mapping(vas[i], mine << 12 |
                                              PTE_RW_FLAGS, UVMF_INVLPG),
                  -XEN_EINVAL);
    check_err("update_va_mapping_otherdomain, domain 0", 0,
              hypercall5(__HYPERVISOR_update_va_mapping_otherdomain,
                         (uint64_t)granted, mine << 12 | PTE_RW_FLAGS, 0, 0,
                         0) < 0, 1);
}

/*
 * Flush requests naming vcpus through a bitmap in guest memory: in Xen a
 * bad bitmap pointer makes update_va_mapping -EFAULT (the update itself is
 * done) and MMUEXT_{TLB_FLUSH,INVLPG}_MULTI -EINVAL.
 */
static void vcpumask_bad(void)
{
    uint64_t va = (uint64_t)granted, e = l1e_read(va);
    unsigned uvmf = 0, multi = 0;
    char name[96];

    for (unsigned i = 0; i < NR(bad_ptrs); i++) {
        struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_MULTI };
        set_xen_guest_handle(op.arg2.vcpumask, (void *)bad_ptrs[i]);
        uvmf += hypercall_update_va_mapping(va, e, UVMF_TLB_FLUSH |
                                            bad_ptrs[i]) == -XEN_EFAULT;
        uvmf += hypercall_update_va_mapping(va, e, UVMF_INVLPG |
                                            bad_ptrs[i]) == -XEN_EFAULT;
        multi += hc_mmuext_op(&op, 1, NULL, DOMID_SELF) == -XEN_EINVAL;
        op.cmd = MMUEXT_INVLPG_MULTI;
        op.arg1.linear_addr = va;
        multi += hc_mmuext_op(&op, 1, NULL, DOMID_SELF) == -XEN_EINVAL;
    }
    snprintf(name, sizeof(name), "update_va_mapping, vcpumask at each bad "
             "pointer: -EFAULT (%u of %u)", uvmf, 2 * (unsigned)NR(bad_ptrs));
    CHECK_EQ(name, uvmf, 2 * NR(bad_ptrs));
    snprintf(name, sizeof(name), "mmuext_op *_MULTI, vcpumask at each bad "
             "pointer: -EINVAL (%u of %u)", multi, 2 * (unsigned)NR(bad_ptrs));
    CHECK_EQ(name, multi, 2 * NR(bad_ptrs));
    CHECK_EQ("our page is still mapped", l1e_read(va), e);
}

void badptr_more(void *hole, int *run, int *failed)
{
    grant_bad();
    multicall_bad(hole);
    vcpu_and_va_bad();
    vcpumask_bad();
    *run = checks_run;
    *failed = checks_failed;
}
