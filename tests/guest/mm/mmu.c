/* mmu: mmu_update (normal, PRESERVE_AD, MACHPHYS, batches) and update_va_mapping. */
#include "../check.h"
#include "mm_test.h"
#include "probe.h"

#define VA(i) (fx.va + (i) * PAGE)

static uint64_t done_mask = 1;          /* vcpu 0: a UVMF_MULTI bitmap */

static void normal_updates(void)
{
    volatile uint64_t *p = (uint64_t *)VA(0);
    uint64_t *own = mm_pfn_to_va(fx.pfn[0]);

    CHECK_EQ("mmu_update: normal update",
             mmu1(l1_maddr(VA(0)), pte(fx.mfn[0], RW_FLAGS)), 0);
    p[0] = 0x1122334455667788UL;
    CHECK_EQ("mmu_update: the frame is mapped there", own[0],
             0x1122334455667788UL);
    CHECK_EQ("mmu_update: PRESERVE_AD",
             mmu1(l1_maddr(VA(0)) | MMU_PT_UPDATE_PRESERVE_AD,
                  pte(fx.mfn[0], MM_PTE_P | MM_PTE_US | MM_PTE_RW)), 0);
    CHECK_EQ("mmu_update: PRESERVE_AD kept accessed and dirty",
             mm_entry(VA(0), 1) & (MM_PTE_A | MM_PTE_D),
             MM_PTE_A | MM_PTE_D);
    CHECK_EQ("mmu_update: PT_UPDATE_NO_TRANSLATE is a normal update for PV",
             mmu1(l1_maddr(VA(1)) | MMU_PT_UPDATE_NO_TRANSLATE,
                  pte(fx.mfn[1], RW_FLAGS)), 0);
    CHECK_EQ("mmu_update: unknown command 7", mmu1(l1_maddr(VA(1)) | 7, 0),
             -XEN_ENOSYS);
    CHECK_EQ("mmu_update: a plain page is written as data",
             mmu1(pte(fx.mfn[2], 0) + 8, 0xabcdUL), 0);
    CHECK_EQ("mmu_update: ... and holds the value",
             ((uint64_t *)mm_pfn_to_va(fx.pfn[2]))[1], 0xabcdUL);
    CHECK_EQ("mmu_update: count 0", hypercall_mmu_update(NULL, 0, NULL,
                                                         DOMID_SELF), 0);
}

static void machphys(void)
{
    uint64_t pfn = fx.pfn[0], mfn = fx.mfn[0];
    const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;

    CHECK_EQ("MACHPHYS_UPDATE of our frame",
             mmu1(pte(mfn, 0) | MMU_MACHPHYS_UPDATE, 0x12345), 0);
    CHECK_EQ("MACHPHYS_UPDATE: the M2P says so", m2p[mfn], 0x12345);
    CHECK_EQ("MACHPHYS_UPDATE back", mmu1(pte(mfn, 0) | MMU_MACHPHYS_UPDATE,
                                          pfn), 0);
    CHECK_EQ("MACHPHYS_UPDATE: restored", m2p[mfn], pfn);
    CHECK_EQ("MACHPHYS_UPDATE of the peer's frame",
             mmu1(pte(fx.foreign, 0) | MMU_MACHPHYS_UPDATE, 1), -XEN_EINVAL);
}

static void batches(void)
{
    mmu_update_t req[3];
    unsigned done = 99;
    uint64_t buf = mm_va_alloc(1), pfn, mfn;
    mmu_update_t *edge = (mmu_update_t *)(buf + PAGE) - 1;

    for (unsigned i = 0; i < 3; i++)
        req[i] = (mmu_update_t){ l1_maddr(VA(i)), pte(fx.mfn[i], RW_FLAGS) };
    CHECK_EQ("batch of 3", hypercall_mmu_update(req, 3, &done, DOMID_SELF),
             0);
    CHECK_EQ("batch of 3: done", done, 3);
    CHECK_EQ("batch of 3: the last entry", mm_entry(VA(2), 1) & MM_PTE_ADDR,
             pte(fx.mfn[2], 0));
    /* the second fails (a frame of the peer): the third is not done */
    req[0].val = 0;
    req[1].val = pte(fx.foreign, RO_FLAGS);
    req[2].val = 0;
    done = 99;
    CHECK_EQ("failing mid-batch: Xen's error for a foreign frame",
             hypercall_mmu_update(req, 3, &done, DOMID_SELF), -XEN_EBUSY);
    CHECK_EQ("failing mid-batch: done", done, 1);
    CHECK_EQ("failing mid-batch: the first was done", mm_entry(VA(0), 1), 0);
    CHECK_EQ("failing mid-batch: the second is unchanged",
             mm_entry(VA(1), 1) & MM_PTE_ADDR, pte(fx.mfn[1], 0));
    CHECK_TRUE("failing mid-batch: the third is not done",
               mm_entry(VA(2), 1) & MM_PTE_P);
    /* the second request lies on an unmapped page */
    pfn = page_new(&mfn);
    CHECK_EQ("map a request page", mm_map(buf, mfn, MM_WRITABLE), 0);
    edge[0] = (mmu_update_t){ l1_maddr(VA(0)), pte(fx.mfn[0], RW_FLAGS) };
    done = 99;
    CHECK_EQ("request list running into an unmapped page",
             hypercall_mmu_update(edge, 2, &done, DOMID_SELF), -XEN_EFAULT);
    CHECK_EQ("request list running into an unmapped page: done", done, 1);
    CHECK_TRUE("... and the first was done", mm_entry(VA(0), 1) & MM_PTE_P);
    mm_unmap(buf);
    mm_free_page(pfn);
}

static void foreign_domains(void)
{
    mmu_update_t u = { l1_maddr(VA(3)), 0 };

    CHECK_EQ("mmu_update with the peer as foreign domain (unprivileged)",
             hypercall_mmu_update(&u, 1, NULL, fx.peer), -XEN_EPERM);
    CHECK_EQ("mmu_update with a foreign domain that does not exist",
             hypercall_mmu_update(&u, 1, NULL, 200), -XEN_ESRCH);
}

static void update_va_mapping(void)
{
    static const struct { const char *name; uint64_t flags; } flush[] = {
        { "UVMF_NONE", UVMF_NONE },
        { "UVMF_INVLPG", UVMF_INVLPG },
        { "UVMF_TLB_FLUSH", UVMF_TLB_FLUSH },
        { "UVMF_INVLPG | UVMF_ALL", UVMF_INVLPG | UVMF_ALL },
        { "UVMF_TLB_FLUSH | UVMF_ALL", UVMF_TLB_FLUSH | UVMF_ALL },
    };
    volatile uint8_t *p = (uint8_t *)VA(3);
    char name[96];

    for (unsigned i = 0; i < NR(flush); i++) {
        snprintf(name, sizeof(name), "update_va_mapping, %s", flush[i].name);
        CHECK_EQ(name, hypercall_update_va_mapping(
                           VA(3), pte(fx.mfn[i % 3], RW_FLAGS),
                           flush[i].flags), 0);
    }
    CHECK_EQ("update_va_mapping, UVMF_INVLPG with a vcpu bitmap",
             hypercall_update_va_mapping(VA(3), pte(fx.mfn[0], RW_FLAGS),
                                         UVMF_INVLPG | (uint64_t)&done_mask),
             0);
    CHECK_EQ("update_va_mapping: the page is there", probe_write(p, 7), 0);
    CHECK_EQ("update_va_mapping: and holds what we wrote",
             ((uint8_t *)mm_pfn_to_va(fx.pfn[0]))[0], 7);
    CHECK_EQ("update_va_mapping, UVMF_INVLPG with an unreadable bitmap",
             hypercall_update_va_mapping(VA(3), pte(fx.mfn[0], RW_FLAGS),
                                         UVMF_INVLPG | (VA(4))), -XEN_EFAULT);
    CHECK_EQ("update_va_mapping: read-only",
             hypercall_update_va_mapping(VA(3), pte(fx.mfn[0], RO_FLAGS),
                                         UVMF_INVLPG), 0);
    CHECK_EQ("update_va_mapping: read-only reads", probe_read(p), 0);
    CHECK_EQ("update_va_mapping: read-only refuses writes", probe_write(p, 1),
             1);
    CHECK_EQ("update_va_mapping: ... with a protection fault",
             probe_error() & 3, 3);
    CHECK_EQ("update_va_mapping: unmap", hypercall_update_va_mapping(
                                             VA(3), 0, UVMF_INVLPG), 0);
    CHECK_EQ("update_va_mapping: unmapped reads fault", probe_read(p), 1);
    CHECK_EQ("update_va_mapping: ... at that address", probe_cr2(), VA(3));
    CHECK_EQ("update_va_mapping where no L1 table exists",
             hypercall_update_va_mapping(0x100000000000UL,
                                         pte(fx.mfn[0], RW_FLAGS), 0),
             -XEN_EINVAL);
    CHECK_EQ("update_va_mapping in the hypervisor's area",
             hypercall_update_va_mapping(0xffff830000000000UL, 0, 0),
             -XEN_EINVAL);
    CHECK_EQ("update_va_mapping at a non-canonical address",
             hypercall_update_va_mapping(0x0000800000000000UL, 0, 0),
             -XEN_EINVAL);
}

void mmu_check(void)
{
    normal_updates();
    machphys();
    batches();
    foreign_domains();
    update_va_mapping();
}

CHECK_PART(mmu)
