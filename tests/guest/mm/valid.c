/* valid: page-table entries the hypervisor must refuse (Xen's errors) or accept. */
#include "../check.h"
#include "mm_test.h"
#include "probe.h"

#define VA(i) (fx.va + (i) * PAGE)
#define L4_SLOT(i) (pte(mm_l4_mfn(), 0) + (i) * 8)

/* One L1 entry for VA(3) with extra flag bits: Xen's answer is want. */
static void l1_flags(const char *name, uint64_t extra, long want)
{
    long rc = mmu1(l1_maddr(VA(3)), pte(fx.mfn[0], RW_FLAGS) | extra);

    CHECK_EQ(name, rc, want);
    mmu1(l1_maddr(VA(3)), 0);
}

static void frames(void)
{
    uint64_t l1 = mm_entry(VA(0), 2) & MM_PTE_ADDR, max_ram;

    CHECK_EQ("mapping a frame of another domain: Xen's -EBUSY",
             hypercall_update_va_mapping(VA(3), pte(fx.foreign, RO_FLAGS),
                                         UVMF_INVLPG), -XEN_EBUSY);
    CHECK_EQ("mapping one of our L1 tables writable: Xen's -EBUSY",
             hypercall_update_va_mapping(VA(3), l1 | RW_FLAGS, UVMF_INVLPG),
             -XEN_EBUSY);
    CHECK_EQ("mapping it read-only is fine",
             hypercall_update_va_mapping(VA(3), l1 | RO_FLAGS, UVMF_INVLPG),
             0);
    CHECK_EQ("... and it reads", probe_read((void *)VA(3)), 0);
    CHECK_EQ("mapping our L4 writable through mmu_update",
             mmu1(l1_maddr(VA(3)), pte(mm_l4_mfn(), RW_FLAGS)), -XEN_EBUSY);
    mmu1(l1_maddr(VA(3)), 0);
    max_ram = hypercall_memory_op(XENMEM_maximum_ram_page, NULL);
    CHECK_EQ("mapping a frame that is not RAM (I/O space, unprivileged)",
             mmu1(l1_maddr(VA(3)), pte(max_ram + 16, RW_FLAGS)), -XEN_EPERM);
}

static void flags(void)
{
    l1_flags("L1 entry with PCD", MM_PTE_PCD, -XEN_EINVAL);
    l1_flags("L1 entry with PWT", MM_PTE_PWT, -XEN_EINVAL);
    l1_flags("L1 entry with PAT (bit 7)", MM_PTE_PSE, -XEN_EINVAL);
    l1_flags("L1 entry with global", MM_PTE_G, 0);
    l1_flags("L1 entry with NX", MM_PTE_NX, 0);
    l1_flags("L1 entry with available bits 9 and 11", 0xa00, 0);
    l1_flags("L1 entry with available bit 10 (Xen: free for the guest)",
             0x400, 0);
    l1_flags("L1 entry with available bit 58 (Xen: 52-61 free for the guest)",
             1UL << 58, 0);
}

static void upper_levels(void)
{
    uint64_t far = fx.va + (64UL << 21);        /* a 2 MiB slot of its own */
    uint64_t l2 = 0, data_pfn, data_mfn;

    mm_entry_maddr(far, 2, &l2);
    CHECK_EQ("superpage: L2 entry with PSE",
             mmu1(l2, pte(fx.mfn[0], MM_PTE_TABLE | MM_PTE_PSE)),
             -XEN_EINVAL);
    data_pfn = page_new(&data_mfn);
    CHECK_EQ("L2 entry naming a writable data page as its L1",
             mmu1(l2, pte(data_mfn, MM_PTE_TABLE)), -XEN_EINVAL);
    mm_free_page(data_pfn);
    CHECK_EQ("writing Xen's L4 slot 256", mmu1(L4_SLOT(256), 0), -XEN_EINVAL);
    CHECK_EQ("writing Xen's L4 slot 271", mmu1(L4_SLOT(271), 0), -XEN_EINVAL);
    CHECK_EQ("writing guest L4 slot 272", mmu1(L4_SLOT(272), 0), 0);
    /* A deviation from Xen, on purpose: Xen accepts read-only linear page
     * tables; this hypervisor refuses every table that reaches itself. */
    CHECK_EQ("L4 entry mapping our L4 read-only (linear: refused here)",
             mmu1(L4_SLOT(3), pte(mm_l4_mfn(), MM_PTE_P | MM_PTE_US)),
             -XEN_EINVAL);
    mmu1(L4_SLOT(3), 0);
    CHECK_EQ("L4 entry mapping our L4 writable",
             mmu1(L4_SLOT(3), pte(mm_l4_mfn(), MM_PTE_TABLE)), -XEN_EINVAL);
    mmu1(L4_SLOT(3), 0);
}

void valid_check(void)
{
    frames();
    flags();
    upper_levels();
}

CHECK_PART(valid)
