/* Attack: bad pointers and frames to the memory hypercalls. */
#include "mmattack.h"
#include "mmcheck.h"

/*
 * Bad pointers (unmapped, hypervisor, non-canonical) and bad frame
 * numbers to every memory hypercall that takes them: mmu_update,
 * mmuext_op, memory_op, grant_table_op, multicall (and the hypercalls its
 * entries make), vcpu_op register_vcpu_info, update_va_mapping.  Each must
 * fail (or report 0 done) without hurting us or the hypervisor.
 */

/* edge[0] is mapped, edge[1] is not: a list that runs off its end */
static uint8_t edge[2][4096] __attribute__((aligned(4096)));
static uint8_t spare[4096] __attribute__((aligned(4096)));

static void *at_edge(size_t size)
{
    return edge[1] - size;
}

static void mmu_bad(void)
{
    uint64_t va = (uint64_t)spare;
    mmu_update_t same = { .ptr = l1e_maddr(va), .val = l1e_read(va) };
    mmu_update_t *last = at_edge(sizeof(*last));
    struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    unsigned done = 99;

    hypercall_update_va_mapping((uint64_t)edge[1], 0, UVMF_INVLPG);
    for (unsigned i = 0; i < NR(bad_ptrs); i++) {
        void *p = (void *)bad_ptrs[i];
        check_err("mmu_update: requests", bad_ptrs[i],
                  hc_mmu_update(p, 1, NULL, DOMID_SELF), -XEN_EFAULT);
        check_err("mmu_update: done count", bad_ptrs[i],
                  hc_mmu_update(&same, 1, p, DOMID_SELF), -XEN_EFAULT);
        check_err("mmuext_op: ops", bad_ptrs[i],
                  hc_mmuext_op(p, 1, NULL, DOMID_SELF), -XEN_EFAULT);
        check_err("mmuext_op: done count", bad_ptrs[i],
                  hc_mmuext_op(&flush, 1, p, DOMID_SELF), -XEN_EFAULT);
    }
    *last = same;
    /* counts are 32-bit and bit 31 marks a continuation (Xen's
     * MMU_UPDATE_PREEMPTED): 2^31 - 1 is the largest real count */
    check_err("mmu_update: 2^31 - 1 requests, the first readable",
              (1UL << 31) - 1, hc_mmu_update(last, (1UL << 31) - 1, &done,
                                             DOMID_SELF), -XEN_EFAULT);
    CHECK_EQ("  one done", done, 1);
    done = 99;
    check_err("mmu_update: 2^32 + 1 requests is 1 (32-bit count)",
              (1UL << 32) + 1, hc_mmu_update(last, (1UL << 32) + 1, &done,
                                             DOMID_SELF), 0);
    CHECK_EQ("  one done", done, 1);
    *(struct mmuext_op *)at_edge(sizeof(flush)) = flush;
    done = 99;
    check_err("mmuext_op: 2^31 - 1 ops, the first readable", (1UL << 31) - 1,
              hc_mmuext_op(at_edge(sizeof(flush)), (1UL << 31) - 1, &done,
                           DOMID_SELF), -XEN_EFAULT);
    CHECK_EQ("  one done", done, 1);
    /* Xen: ptr & 7 is the request; 4-7 are none (-ENOSYS) */
    for (unsigned t = MMU_PT_UPDATE_NO_TRANSLATE + 1; t < 8; t++) {
        mmu_update_t u = { .ptr = same.ptr | t, .val = same.val };
        check_err("mmu_update: unknown request type", t,
                  hc_mmu_update(&u, 1, NULL, DOMID_SELF), -XEN_ENOSYS);
    }
    check_err("mmu_update of machine address 0", 0, pte_write(0, 0),
              -XEN_EINVAL);
    check_err("mmu_update of a machine address past RAM", 1UL << 51,
              pte_write(1UL << 51, 0), -XEN_EINVAL);
    check_err("mmu_update of the hypervisor's text", HV_TEXT_MFN << 12,
              pte_write(HV_TEXT_MFN << 12, 0), -XEN_EINVAL);
    CHECK_EQ("our page is still ours", probe_write(spare, 1), 0);
}

/* Every memory_op command but maximum_ram_page (no argument), with p. */
static void memory_op_sweep(uint64_t p)
{
    char name[96];
    unsigned bad = 0;

    for (unsigned cmd = 0; cmd < 32; cmd++) {
        long rc;
        if (cmd == XENMEM_maximum_ram_page)
            continue;
        rc = hc_memory_op(cmd, (void *)p);
        if (rc >= 0) {
            bad++;
            printf("mmattack: memory_op %u with 0x%lx returned %ld\n", cmd,
                   p, rc);
        }
    }
    snprintf(name, sizeof(name), "memory_op: every command with 0x%lx "
             "fails", p);
    CHECK_EQ(name, bad, 0);
}

/* Good reservation structures whose lists point nowhere. */
static void extent_lists_bad(uint64_t p)
{
    struct xen_memory_reservation r = { .nr_extents = 1,
                                        .domid = DOMID_SELF };
    struct xen_memory_map m = { .nr_entries = 1 };

    set_xen_guest_handle(r.extent_start, (xen_pfn_t *)p);
    check_err("increase_reservation, extents nowhere: done", p,
              hc_memory_op(XENMEM_increase_reservation, &r), 0);
    check_err("populate_physmap, extents nowhere: done", p,
              hc_memory_op(XENMEM_populate_physmap, &r), 0);
    check_err("decrease_reservation, extents nowhere: done", p,
              hc_memory_op(XENMEM_decrease_reservation, &r), 0);
    set_xen_guest_handle(m.buffer, (void *)p);
    check_err("memory_map, buffer nowhere", p,
              hc_memory_op(XENMEM_memory_map, &m), -XEN_EFAULT);
}

static void memory_bad(void)
{
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = 0 };
    long before = reservation_now();

    for (unsigned i = 0; i < NR(bad_ptrs); i++) {
        memory_op_sweep(bad_ptrs[i]);
        extent_lists_bad(bad_ptrs[i]);
    }
    check_err("decrease_reservation of domain 0", 0,
              hc_memory_op(XENMEM_decrease_reservation, &r), -XEN_EPERM);
    printf("mmattack: reservation %ld -> %ld (maxmem allows growth; a frame "
           "allocated but not reported stays ours, as in Xen)\n", before,
           reservation_now());
    CHECK_TRUE("at most one frame per refused increase",
               reservation_now() - before <= (long)NR(bad_ptrs));
}

int attack_bad_pointers(int argc, char **argv)
{
    int run, failed;

    probe_init();
    mmu_bad();
    memory_bad();
    badptr_more(edge[1], &run, &failed);   /* its checks count here too */
    checks_run += run;
    checks_failed += failed;
    return checks_summary(attack_name);
}
