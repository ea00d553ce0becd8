/* Attacks on mappings: foreign and hypervisor frames, Xen's L4 slots. */
#include "mmattack.h"
#include "mmcheck.h"

#define PTE_AD       0x60UL                 /* set by the CPU's walks */

static uint8_t spare[4096] __attribute__((aligned(4096)));
static uint64_t l4_copy[512] __attribute__((aligned(4096)));

/* What Xen's get_page_from_l1e answers for a frame an L1 entry may not
 * name: -EPERM past the end of machine memory (an I/O frame, for a
 * domU), -EBUSY for a frame that exists but cannot be ours. */
static long l1_refusal(uint64_t mfn)
{
    long top = hc_memory_op(XENMEM_maximum_ram_page, NULL);

    return (long)mfn > top ? -XEN_EPERM : -XEN_EBUSY;
}

/* Every way of putting mfn into the L1 entry of va: all refused. */
static void map_refused(const char *whose, uint64_t va, uint64_t mfn)
{
    uint64_t ma = l1e_maddr(va);
    long want = l1_refusal(mfn);
    char what[96];
    mmu_update_t ad = { .ptr = ma | MMU_PT_UPDATE_PRESERVE_AD,
                        .val = mfn << 12 | PTE_RO_FLAGS };

    snprintf(what, sizeof(what), "update_va_mapping %s writable", whose);
    check_err(what, mfn, hypercall_update_va_mapping(va, mfn << 12 |
              PTE_RW_FLAGS, UVMF_INVLPG), want);
    snprintf(what, sizeof(what), "update_va_mapping %s read-only", whose);
    check_err(what, mfn, hypercall_update_va_mapping(va, mfn << 12 |
              PTE_RO_FLAGS, UVMF_INVLPG), want);
    snprintf(what, sizeof(what), "mmu_update %s writable", whose);
    check_err(what, mfn, pte_write(ma, mfn << 12 | PTE_RW_FLAGS),
              want);
    snprintf(what, sizeof(what), "mmu_update %s read-only", whose);
    check_err(what, mfn, pte_write(ma, mfn << 12 | PTE_RO_FLAGS),
              want);
    snprintf(what, sizeof(what), "mmu_update preserve-AD %s", whose);
    check_err(what, mfn, hc_mmu_update(&ad, 1, NULL, DOMID_SELF),
              want);
}

/* Table entries above L1 naming the frame as a lower-level table. */
static void tables_refused(uint64_t mfn)
{
    uint64_t l2 = table_mfn(VIRT_BASE, 2), l3 = table_mfn(VIRT_BASE, 3);
    uint64_t l4 = table_mfn(VIRT_BASE, 4);

    check_err("our L2 entry naming it as an L1", mfn,
              pte_write(l2 << 12 | FREE_L2_SLOT * 8, mfn << 12 | PTE_RW_FLAGS),
              -XEN_EINVAL);
    check_err("our L3 entry naming it as an L2", mfn,
              pte_write(l3 << 12 | 1 * 8, mfn << 12 | PTE_RW_FLAGS),
              -XEN_EINVAL);
    check_err("our L4 entry naming it as an L3", mfn,
              pte_write(l4 << 12 | 1 * 8, mfn << 12 | PTE_RW_FLAGS),
              -XEN_EINVAL);
}

/* Frames we do not own, used every other way a guest names a frame. */
static void other_uses_refused(uint64_t other)
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    unsigned long pfn = m2p[other];
    mmu_update_t m2p_set = { .ptr = other << 12 | MMU_MACHPHYS_UPDATE,
                             .val = 7 };
    struct mmuext_op copy = { .cmd = MMUEXT_COPY_PAGE,
                              .arg1.mfn = va_to_mfn((uint64_t)spare),
                              .arg2.src_mfn = other };

    check_err("mmu_update writing into another domain's frame", other,
              pte_write(other << 12, 0), -XEN_EINVAL);
    check_err("mmu_update for domain 0 (foreigndom)", 0,
              hc_mmu_update(&m2p_set, 0, NULL, 0), -XEN_EPERM);
    check_err("MMU_MACHPHYS_UPDATE of another domain's frame", other,
              hc_mmu_update(&m2p_set, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    CHECK_EQ("its M2P entry unchanged", m2p[other], pfn);
    check_err("MMUEXT_CLEAR_PAGE of another domain's frame", other,
              mmuext(MMUEXT_CLEAR_PAGE, other), -XEN_EINVAL);
    spare[0] = 0x5a;
    check_err("MMUEXT_COPY_PAGE from another domain's frame", other,
              hc_mmuext_op(&copy, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    CHECK_EQ("our page not overwritten", spare[0], 0x5a);
    check_err("MMUEXT_PIN_L1_TABLE of another domain's frame", other,
              mmuext(MMUEXT_PIN_L1_TABLE, other), -XEN_EINVAL);
    check_err("MMUEXT_NEW_BASEPTR to another domain's frame", other,
              mmuext(MMUEXT_NEW_BASEPTR, other), -XEN_EINVAL);
}

int attack_foreign_map(int argc, char **argv)
{
    uint64_t va = (uint64_t)spare, orig = l1e_read(va);
    uint64_t other = foreign_mfn();
    uint64_t dom_page = (start_info->shared_info >> 12) + 1;
    long top = hc_memory_op(XENMEM_maximum_ram_page, NULL);
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;

    probe_init();
    spare[0] = 0xa5;
    CHECK_TRUE("found another domain's frame in the M2P", other != 0);
    CHECK_EQ("unmap our spare page", hypercall_update_va_mapping(va, 0,
             UVMF_INVLPG), 0);
    map_refused("another domain's frame", va, other);
    map_refused("the hypervisor's text", va, HV_TEXT_MFN);
    /* allocated with our shared_info, on the hypervisor's heap */
    CHECK_EQ("the frame above shared_info is nobody's in the M2P",
             m2p[dom_page], ~0UL);
    map_refused("the hypervisor's heap frame", va, dom_page);
    map_refused("the frame past the top of RAM", va, top + 1);
    map_refused("a frame far beyond RAM", va, 1UL << 39);
    CHECK_EQ("the entry stayed empty", l1e_read(va), 0);
    CHECK_EQ("the page stayed unmapped", probe_read(spare), -1);
    CHECK_EQ("remap our own page", hypercall_update_va_mapping(va, orig,
             UVMF_INVLPG), 0);
    CHECK_EQ("our page is back", probe_read(spare), 0xa5);
    tables_refused(other);
    tables_refused(HV_TEXT_MFN);
    other_uses_refused(other);
    return checks_summary(attack_name);
}

/* Xen's slots of our L4, each way a guest could write them. */
static void hv_slots_refused(uint64_t l4, const uint64_t *t)
{
    uint64_t own_l3 = table_mfn(VIRT_BASE, 3);
    unsigned bad = 0;

    for (unsigned s = HV_SLOT_FIRST; s <= HV_SLOT_LAST; s++) {
        mmu_update_t ad = { .ptr = l4 << 12 | s * 8 |
                                   MMU_PT_UPDATE_PRESERVE_AD, .val = 0 };
        bad += pte_write(l4 << 12 | s * 8, 0) != -XEN_EINVAL;
        bad += pte_write(l4 << 12 | s * 8, t[s]) != -XEN_EINVAL;
        bad += pte_write(l4 << 12 | s * 8, own_l3 << 12 | PTE_RW_FLAGS) !=
               -XEN_EINVAL;
        bad += hc_mmu_update(&ad, 1, NULL, DOMID_SELF) != -XEN_EINVAL;
        bad += t[s] != l4_copy[s];
    }
    CHECK_EQ("L4 slots 256-271: clear, rewrite, redirect, preserve-AD all "
             "-EINVAL, entries unchanged", bad, 0);
}

/* A guest-built L4 gets Xen's slots whatever it put there. */
static void new_l4_slots_forced(const uint64_t *t)
{
    uint64_t va = (uint64_t)spare, mfn = va_to_mfn(va), *p = (uint64_t *)spare;
    unsigned bad = 0;

    for (unsigned s = 0; s < 512; s++)
        p[s] = s < 256 ? t[s] : 0;
    for (unsigned s = HV_SLOT_FIRST; s <= HV_SLOT_LAST; s++)
        p[s] = mfn << 12 | PTE_RW_FLAGS;           /* our own data page */
    CHECK_EQ("map the new L4 read-only", hypercall_update_va_mapping(va,
             mfn << 12 | PTE_RO_FLAGS, UVMF_INVLPG), 0);
    CHECK_EQ("pin it as an L4", mmuext(MMUEXT_PIN_L4_TABLE, mfn), 0);
    for (unsigned s = HV_SLOT_FIRST; s <= HV_SLOT_LAST; s++)
        bad += (p[s] & ~PTE_AD) != (t[s] & ~PTE_AD);
    CHECK_EQ("its slots 256-271 are the hypervisor's", bad, 0);
    CHECK_EQ("unpin it", mmuext(MMUEXT_UNPIN_TABLE, mfn), 0);
    CHECK_EQ("map it writable again", hypercall_update_va_mapping(va,
             mfn << 12 | PTE_RW_FLAGS, UVMF_INVLPG), 0);
}

int attack_l4_hv_slot(int argc, char **argv)
{
    const uint64_t *t = (const uint64_t *)start_info->pt_base;
    uint64_t l4 = va_to_mfn(start_info->pt_base);
    uint64_t hv_l3 = PTE_MFN(t[HV_SLOT_FIRST]);
    const uint64_t hv_vas[] = { 0xffff800000000000UL, BAD_HV,
                                0xffff87fffffff000UL };

    probe_init();
    memcpy(l4_copy, t, sizeof(l4_copy));
    hv_slots_refused(l4, t);
    check_err("L4 slot 272 naming the hypervisor's L3", hv_l3,
              pte_write(l4 << 12 | 272 * 8, t[HV_SLOT_FIRST]), -XEN_EINVAL);
    check_err("L4 slot 255 naming the hypervisor's L3", hv_l3,
              pte_write(l4 << 12 | 255 * 8, t[HV_SLOT_FIRST]), -XEN_EINVAL);
    check_err("L4 slot 1 naming the direct map's L3",
              PTE_MFN(t[262]), pte_write(l4 << 12 | 1 * 8, t[262]),
              -XEN_EINVAL);
    check_err("L1 entry mapping the hypervisor's L3", hv_l3,
              pte_write(l1e_maddr((uint64_t)spare), hv_l3 << 12 |
                        PTE_RO_FLAGS), -XEN_EBUSY);
    CHECK_EQ("slots 1, 255 and 272 still empty", t[1] | t[255] | t[272], 0);
    for (unsigned i = 0; i < NR(hv_vas); i++)
        check_err("update_va_mapping inside the hypervisor's slots",
                  hv_vas[i], hypercall_update_va_mapping(hv_vas[i],
                  va_to_mfn((uint64_t)spare) << 12 | PTE_RW_FLAGS,
                  UVMF_INVLPG), -XEN_EINVAL);
    CHECK_EQ("hypervisor text stays unreadable", probe_read((void *)BAD_HV),
             -1);
    CHECK_EQ("the M2P stays read-only",
             probe_write((void *)MACH2PHYS_VIRT_START, 0), -1);
    new_l4_slots_forced(t);
    return checks_summary(attack_name);
}
