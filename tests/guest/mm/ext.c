/* ext: mmuext_op: pins at every level, base pointers, flushes, page ops, refusals. */
#include "../check.h"
#include "mm_test.h"
#include "probe.h"

static uint64_t vcpu_mask = 1;

/* A zeroed page, read-only to us: ready to be pinned as a table. */
static uint64_t table_page(uint64_t *mfn)
{
    uint64_t pfn = page_new(mfn);

    mm_protect(pfn, 0);
    return pfn;
}

static void pin_level(unsigned lvl)
{
    static const unsigned cmd[] = { MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE,
                                    MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE };
    uint64_t mfn, pfn = table_page(&mfn);
    char name[80];

    snprintf(name, sizeof(name), "pin an empty L%u", lvl);
    CHECK_EQ(name, ext1(cmd[lvl - 1], mfn, 0), 0);
    snprintf(name, sizeof(name), "pin the L%u twice", lvl);
    CHECK_EQ(name, ext1(cmd[lvl - 1], mfn, 0), -XEN_EINVAL);
    if (lvl == 1)
        CHECK_EQ("a pinned L1 cannot be mapped writable: Xen's -EBUSY",
                 mm_protect(pfn, 1), -XEN_EBUSY);
    if (lvl == 4)
        CHECK_TRUE("pinning an L4 fills Xen's slot 256 (the M2P)",
                   ((uint64_t *)mm_pfn_to_va(pfn))[256] & MM_PTE_P);
    snprintf(name, sizeof(name), "unpin the L%u", lvl);
    CHECK_EQ(name, ext1(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
    snprintf(name, sizeof(name), "unpin the L%u again", lvl);
    CHECK_EQ(name, ext1(MMUEXT_UNPIN_TABLE, mfn, 0), -XEN_EINVAL);
    snprintf(name, sizeof(name), "the unpinned L%u is a plain page again",
             lvl);
    CHECK_EQ(name, mm_protect(pfn, 1), 0);
    mm_free_page(pfn);
}

static void pinning(void)
{
    uint64_t mfn, data_mfn, pfn, data_pfn = page_new(&data_mfn);

    for (unsigned lvl = 1; lvl <= 4; lvl++)
        pin_level(lvl);
    CHECK_EQ("pin a page mapped writable", ext1(MMUEXT_PIN_L1_TABLE,
                                                 data_mfn, 0), -XEN_EINVAL);
    CHECK_EQ("pin a frame of another domain",
             ext1(MMUEXT_PIN_L1_TABLE, fx.foreign, 0), -XEN_EINVAL);
    CHECK_EQ("unpin a frame of another domain",
             ext1(MMUEXT_UNPIN_TABLE, fx.foreign, 0), -XEN_EINVAL);
    pfn = page_new(&mfn);
    ((uint64_t *)mm_pfn_to_va(pfn))[0] = pte(data_mfn, MM_PTE_TABLE);
    mm_protect(pfn, 0);
    CHECK_EQ("pin an L2 whose entry names a writable page",
             ext1(MMUEXT_PIN_L2_TABLE, mfn, 0), -XEN_EINVAL);
    mm_protect(pfn, 1);
    mm_free_page(pfn);
    CHECK_EQ("NEW_BASEPTR to a plain page",
             ext1(MMUEXT_NEW_BASEPTR, data_mfn, 0), -XEN_EINVAL);
    CHECK_EQ("NEW_USER_BASEPTR 0 (none)", ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0),
             0);
    mm_free_page(data_pfn);
}

static void flushes(void)
{
    struct mmuext_op multi = { .cmd = MMUEXT_TLB_FLUSH_MULTI };
    struct mmuext_op bad = { .cmd = MMUEXT_INVLPG_MULTI,
                             .arg1.linear_addr = fx.va };

    CHECK_EQ("TLB_FLUSH_LOCAL", ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
    CHECK_EQ("TLB_FLUSH_ALL", ext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
    CHECK_EQ("INVLPG_LOCAL", ext1(MMUEXT_INVLPG_LOCAL, fx.va, 0), 0);
    CHECK_EQ("INVLPG_ALL", ext1(MMUEXT_INVLPG_ALL, fx.va, 0), 0);
    set_xen_guest_handle(multi.arg2.vcpumask, &vcpu_mask);
    CHECK_EQ("TLB_FLUSH_MULTI with vcpu 0",
             hypercall_mmuext_op(&multi, 1, NULL, DOMID_SELF), 0);
    set_xen_guest_handle(bad.arg2.vcpumask, (void *)(fx.va + 4 * PAGE));
    CHECK_EQ("INVLPG_MULTI with an unreadable vcpu mask",
             hypercall_mmuext_op(&bad, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    CHECK_EQ("SET_LDT with no entries", ext1(MMUEXT_SET_LDT, 0, 0), 0);
}

static void page_ops(void)
{
    uint8_t *a = mm_pfn_to_va(fx.pfn[1]), *b = mm_pfn_to_va(fx.pfn[2]);
    unsigned bad = 0;

    memset(a, 0x5a, PAGE);
    CHECK_EQ("COPY_PAGE", ext1(MMUEXT_COPY_PAGE, fx.mfn[2], fx.mfn[1]), 0);
    for (unsigned i = 0; i < PAGE; i++)
        bad += b[i] != 0x5a;
    CHECK_EQ("COPY_PAGE copied every byte", bad, 0);
    CHECK_EQ("CLEAR_PAGE", ext1(MMUEXT_CLEAR_PAGE, fx.mfn[2], 0), 0);
    for (unsigned i = bad = 0; i < PAGE; i++)
        bad += b[i] != 0;
    CHECK_EQ("CLEAR_PAGE cleared every byte", bad, 0);
    CHECK_EQ("CLEAR_PAGE of our L4", ext1(MMUEXT_CLEAR_PAGE, mm_l4_mfn(), 0),
             -XEN_EINVAL);
    CHECK_EQ("CLEAR_PAGE of the peer's frame",
             ext1(MMUEXT_CLEAR_PAGE, fx.foreign, 0), -XEN_EINVAL);
    CHECK_EQ("COPY_PAGE from the peer's frame",
             ext1(MMUEXT_COPY_PAGE, fx.mfn[2], fx.foreign), -XEN_EINVAL);
    CHECK_EQ("COPY_PAGE onto our L4",
             ext1(MMUEXT_COPY_PAGE, mm_l4_mfn(), fx.mfn[1]), -XEN_EINVAL);
}

/* The second op lies on an unmapped page: one done, then -EFAULT. */
static void efault_mid_batch(void)
{
    uint64_t buf = mm_va_alloc(1), mfn, pfn = page_new(&mfn);
    struct mmuext_op *edge = (struct mmuext_op *)(buf + PAGE) - 1;
    unsigned done = 99;

    mm_map(buf, mfn, MM_WRITABLE);
    *edge = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    CHECK_EQ("mmuext list running into an unmapped page",
             hypercall_mmuext_op(edge, 2, &done, DOMID_SELF), -XEN_EFAULT);
    CHECK_EQ("mmuext list running into an unmapped page: done", done, 1);
    mm_unmap(buf);
    mm_free_page(pfn);
}

static void refused(void)
{
    struct mmuext_op ops[3] = {
        { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
        { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = fx.mfn[0] },  /* writable */
        { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
    };
    unsigned done = 99;

    CHECK_EQ("FLUSH_CACHE without devices", ext1(MMUEXT_FLUSH_CACHE, 0, 0),
             -XEN_EACCES);
    CHECK_EQ("FLUSH_CACHE_GLOBAL without devices",
             ext1(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0), -XEN_EINVAL);
    CHECK_EQ("MARK_SUPER", ext1(MMUEXT_MARK_SUPER, fx.mfn[0], 0),
             -XEN_EOPNOTSUPP);
    CHECK_EQ("unknown mmuext command 99", ext1(99, 0, 0), -XEN_ENOSYS);
    CHECK_EQ("mmuext batch failing in the middle",
             hypercall_mmuext_op(ops, 3, &done, DOMID_SELF), -XEN_EINVAL);
    CHECK_EQ("mmuext batch failing in the middle: done", done, 1);
    CHECK_EQ("mmuext_op with the peer as foreign domain (unprivileged)",
             hypercall_mmuext_op(ops, 1, NULL, fx.peer), -XEN_EPERM);
    efault_mid_batch();
}

void ext_check(void)
{
    pinning();
    flushes();
    page_ops();
    refused();
}

CHECK_PART(ext)
