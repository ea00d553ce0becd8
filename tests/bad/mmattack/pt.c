/* Attacks on page-table frames: writable mappings, pinning, unpinning. */
#include "mmattack.h"
#include "mmcheck.h"


static uint8_t spare[4096] __attribute__((aligned(4096)));
static uint64_t table[512] __attribute__((aligned(4096)));

static long remap(void *p, uint64_t flags)
{
    uint64_t va = (uint64_t)p;

    return hypercall_update_va_mapping(va, va_to_mfn(va) << 12 | flags,
                                       UVMF_INVLPG);
}

/* table[] as a page table: written while writable, then mapped read-only
 * so that it can be pinned; returns the pin's result, undone if 0. */
static long try_pin(unsigned cmd)
{
    uint64_t mfn = va_to_mfn((uint64_t)table);
    long rc;

    remap(table, PTE_RO_FLAGS);
    rc = mmuext(cmd, mfn);
    if (rc == 0)
        mmuext(MMUEXT_UNPIN_TABLE, mfn);
    remap(table, PTE_RW_FLAGS);
    return rc;
}

/* Each bootstrap table frame: no writable mapping, by any door. */
static void tables_not_writable(void)
{
    uint64_t va = (uint64_t)spare, ma = l1e_maddr(va), orig = l1e_read(va);
    unsigned n = start_info->nr_pt_frames, bad = 0;
    char name[96];

    for (unsigned i = 0; i < n; i++) {
        uint64_t pva = start_info->pt_base + i * PAGE, mfn = va_to_mfn(pva);
        mmu_update_t ad = { .ptr = ma | MMU_PT_UPDATE_PRESERVE_AD,
                            .val = mfn << 12 | PTE_RW_FLAGS };
        bad += hypercall_update_va_mapping(va, mfn << 12 | PTE_RW_FLAGS,
                                           UVMF_INVLPG) != -XEN_EBUSY;
        bad += pte_write(ma, mfn << 12 | PTE_RW_FLAGS) != -XEN_EBUSY;
        bad += hc_mmu_update(&ad, 1, NULL, DOMID_SELF) != -XEN_EBUSY;
        bad += hypercall_update_va_mapping(pva, mfn << 12 | PTE_RW_FLAGS,
                                           UVMF_INVLPG) != -XEN_EBUSY;
        bad += (l1e_read(pva) & PTE_RW) != 0;
    }
    snprintf(name, sizeof(name), "all %u page-table frames: writable "
             "mapping refused 4 ways", n);
    CHECK_EQ(name, bad, 0);
    CHECK_EQ("our spare page's entry unchanged", l1e_read(va), orig);
    CHECK_EQ("a read-only mapping of our L4 is allowed",
             hypercall_update_va_mapping(va, va_to_mfn(start_info->pt_base)
                                         << 12 | PTE_RO_FLAGS, UVMF_INVLPG),
             0);
    CHECK_TRUE("and reads our L4", words_equal((const uint64_t *)spare,
               (const uint64_t *)start_info->pt_base, 512));
    CHECK_EQ("restore the spare page", hypercall_update_va_mapping(va, orig,
             UVMF_INVLPG), 0);
}

/* A page we map writable can be neither a page table nor our base. */
static void writable_not_pinnable(void)
{
    uint64_t mfn = va_to_mfn((uint64_t)spare);
    unsigned bad = 0;

    for (unsigned cmd = MMUEXT_PIN_L1_TABLE; cmd <= MMUEXT_PIN_L4_TABLE; cmd++)
        bad += mmuext(cmd, mfn) != -XEN_EINVAL;
    CHECK_EQ("pin a writable-mapped page as L1, L2, L3, L4: -EINVAL", bad, 0);
    check_err("new_baseptr to a writable-mapped page", mfn,
              mmuext(MMUEXT_NEW_BASEPTR, mfn), -XEN_EINVAL);
    CHECK_EQ("the page is still writable", probe_write(spare, 2), 0);
}

/* Tables whose entries would make a page table writable, or reach out. */
static void bad_tables_refused(void)
{
    uint64_t self = va_to_mfn((uint64_t)table);
    uint64_t l4 = va_to_mfn(start_info->pt_base);
    uint64_t mine = va_to_mfn((uint64_t)spare), other = foreign_mfn();

    memset(table, 0, PAGE);
    CHECK_EQ("an empty L1 pins", try_pin(MMUEXT_PIN_L1_TABLE), 0);
    table[0] = l4 << 12 | PTE_RO_FLAGS;
    CHECK_EQ("an L1 mapping our L4 read-only pins",
             try_pin(MMUEXT_PIN_L1_TABLE), 0);
    table[0] = self << 12 | PTE_RW_FLAGS;
    check_err("an L1 mapping itself writable", self,
              try_pin(MMUEXT_PIN_L1_TABLE), -XEN_EBUSY);
    table[0] = l4 << 12 | PTE_RW_FLAGS;
    check_err("an L1 mapping our L4 writable", l4,
              try_pin(MMUEXT_PIN_L1_TABLE), -XEN_EBUSY);
    table[0] = other << 12 | PTE_RO_FLAGS;
    check_err("an L1 mapping another domain's frame", other,
              try_pin(MMUEXT_PIN_L1_TABLE), -XEN_EBUSY);
    table[0] = self << 12 | PTE_RW_FLAGS;
    check_err("an L2 naming itself as its L1", self,
              try_pin(MMUEXT_PIN_L2_TABLE), -XEN_EINVAL);
    table[0] = mine << 12 | PTE_RW_FLAGS;
    check_err("an L2 naming a writable page as its L1", mine,
              try_pin(MMUEXT_PIN_L2_TABLE), -XEN_EINVAL);
    table[0] = l4 << 12 | PTE_RW_FLAGS;
    check_err("an L4 naming our L4 as its L3", l4,
              try_pin(MMUEXT_PIN_L4_TABLE), -XEN_EINVAL);
    memset(table, 0, PAGE);
}

/* The hypervisor writing into our page tables for us: refused too. */
static void hv_writes_refused(void)
{
    uint64_t l1 = l1e_maddr((uint64_t)spare) >> 12;
    uint64_t l4 = va_to_mfn(start_info->pt_base);
    uint64_t mine = va_to_mfn((uint64_t)spare);
    const uint64_t *l1t = pt_va(l1);
    static uint64_t saved[512];
    struct mmuext_op cp = { .cmd = MMUEXT_COPY_PAGE, .arg1.mfn = l4,
                            .arg2.src_mfn = mine };
    gnttab_copy_t c = { .source = { .u.gmfn = mine, .domid = DOMID_SELF },
                        .dest = { .u.gmfn = l1, .domid = DOMID_SELF },
                        .len = 8 };

    memcpy(saved, l1t, sizeof(saved));
    memset(spare, 0xff, PAGE);
    check_err("MMUEXT_CLEAR_PAGE of our L1", l1,
              mmuext(MMUEXT_CLEAR_PAGE, l1), -XEN_EINVAL);
    check_err("MMUEXT_COPY_PAGE onto our L4", l4,
              hc_mmuext_op(&cp, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    CHECK_EQ("GNTTABOP_copy into our L1: runs",
             hc_grant_table_op(GNTTABOP_copy, &c, 1), 0);
    check_err("GNTTABOP_copy into our L1: status", l1, c.status,
              GNTST_bad_page);
    c.dest.u.gmfn = l4;
    hc_grant_table_op(GNTTABOP_copy, &c, 1);
    check_err("GNTTABOP_copy into our L4: status", l4, c.status,
              GNTST_bad_page);
    CHECK_TRUE("our L1 is unchanged", words_equal(saved, l1t, 512));
    memset(spare, 0, PAGE);
}

int attack_pt_writable(int argc, char **argv)
{
    probe_init();
    tables_not_writable();
    writable_not_pinnable();
    bad_tables_refused();
    hv_writes_refused();
    return checks_summary(attack_name);
}

/* A table our L2 uses stays a table after its unpin. */
static void hooked_table_unpinned(void)
{
    uint64_t t = va_to_mfn((uint64_t)table), l2 = table_mfn(VIRT_BASE, 2);
    uint64_t slot = l2 << 12 | FREE_L2_SLOT * 8;

    memset(table, 0, PAGE);
    table[0] = va_to_mfn((uint64_t)spare) << 12 | PTE_RO_FLAGS;
    spare[0] = 0x77;
    CHECK_EQ("map a new table read-only", remap(table, PTE_RO_FLAGS), 0);
    CHECK_EQ("pin it as an L1", mmuext(MMUEXT_PIN_L1_TABLE, t), 0);
    CHECK_EQ("hook it into our L2", pte_write(slot, t << 12 |
             PTE_RW_FLAGS), 0);
    CHECK_EQ("unpin it while our L2 uses it", mmuext(MMUEXT_UNPIN_TABLE, t),
             0);
    check_err("map it writable now", t, remap(table, PTE_RW_FLAGS),
              -XEN_EBUSY);
    check_err("free it", t, release_mfn(t), 0);
    CHECK_EQ("it still maps our page", probe_read((void *)HOOK_VA), 0x77);
    CHECK_EQ("unhook it", pte_write(slot, 0), 0);
    CHECK_EQ("the hooked range is gone", probe_read((void *)HOOK_VA), -1);
    CHECK_EQ("map it writable again", remap(table, PTE_RW_FLAGS), 0);
}

int attack_unpin_in_use(int argc, char **argv)
{
    uint64_t l4 = va_to_mfn(start_info->pt_base);
    uint64_t l1 = l1e_maddr((uint64_t)spare) >> 12;
    uint64_t va = (uint64_t)spare, mine = va_to_mfn(va);

    probe_init();
    CHECK_EQ("unpin our L4 while it is CR3: allowed, as in Xen",
             mmuext(MMUEXT_UNPIN_TABLE, l4), 0);
    check_err("map it writable now", l4, hypercall_update_va_mapping(va,
              l4 << 12 | PTE_RW_FLAGS, UVMF_INVLPG), -XEN_EBUSY);
    check_err("pin it as an L3", l4, mmuext(MMUEXT_PIN_L3_TABLE, l4),
              -XEN_EINVAL);
    check_err("free it: extents done", l4, release_mfn(l4), 0);
    check_err("unpin it a second time", l4, mmuext(MMUEXT_UNPIN_TABLE, l4),
              -XEN_EINVAL);
    CHECK_EQ("pin it again", mmuext(MMUEXT_PIN_L4_TABLE, l4), 0);
    check_err("pin it twice", l4, mmuext(MMUEXT_PIN_L4_TABLE, l4),
              -XEN_EINVAL);
    check_err("unpin an L1 nobody pinned", l1, mmuext(MMUEXT_UNPIN_TABLE, l1),
              -XEN_EINVAL);
    check_err("unpin a data page", mine, mmuext(MMUEXT_UNPIN_TABLE, mine),
              -XEN_EINVAL);
    check_err("unpin another domain's frame", foreign_mfn(),
              mmuext(MMUEXT_UNPIN_TABLE, foreign_mfn()), -XEN_EINVAL);
    check_err("unpin a frame beyond RAM", 1UL << 39,
              mmuext(MMUEXT_UNPIN_TABLE, 1UL << 39), -XEN_EINVAL);
    CHECK_EQ("pin an L1 in use", mmuext(MMUEXT_PIN_L1_TABLE, l1), 0);
    CHECK_EQ("and unpin it", mmuext(MMUEXT_UNPIN_TABLE, l1), 0);
    hooked_table_unpinned();
    CHECK_EQ("still running on our own tables", probe_write(spare, 1), 0);
    return checks_summary(attack_name);
}
