/* buildbad: domain 0 feeds the builder (HVX_DOMCTL_build_pv) images whose
 * start-of-day layout leaves the guest's half or wraps past 2^64, and
 * impossible sizes; each must fail with -EINVAL, quickly, corrupting
 * nothing: the read-only M2P view stays right and no frame leaks. */
#include "../../guest/lifecycle/ctl.h"  /* first: it defines __XEN_TOOLS__ */
#include <libos/time.h>
#include <xen/elfnote.h>
#include <xen/errno.h>
#include "../../guest/check.h"

#define M2P ((const uint64_t *)MACH2PHYS_VIRT_START)
#define MAX_IMAGE (256 * 1024)
#define MS 1000000UL

static uint8_t image[MAX_IMAGE] __attribute__((aligned(4096)));

/* The 8-byte number of the "Xen" note of type t in image, or NULL. */
static uint64_t *xen_note(uint64_t len, uint32_t t)
{
    static const uint32_t head[3] = { 4, 8, 0 };

    for (uint64_t off = 0; off + 24 <= len; off += 4) {
        const uint32_t *n = (const uint32_t *)(image + off);
        if (n[0] == head[0] && n[1] == head[1] && n[2] == t &&
            !memcmp(image + off + 12, "Xen", 4))
            return (uint64_t *)(image + off + 16);
    }
    return NULL;
}

/* A fresh copy of the child moved to virt_base base (ENTRY and
 * HYPERCALL_PAGE keep their offsets, or the page goes to hcpage if
 * nonzero); returns its length, 0 if the notes were not found. */
static uint64_t relocated(uint64_t base, uint64_t hcpage)
{
    uint64_t len = child_image_end - child_image, *vb, *en, *hc, old;

    if (len > MAX_IMAGE)
        return 0;
    memcpy(image, child_image, len);
    vb = xen_note(len, XEN_ELFNOTE_VIRT_BASE);
    en = xen_note(len, XEN_ELFNOTE_ENTRY);
    hc = xen_note(len, XEN_ELFNOTE_HYPERCALL_PAGE);
    if (!vb || !en || !hc)
        return 0;
    old = *vb;
    *vb = base;
    *en = *en - old + base;           /* modulo 2^64, as Xen computes */
    *hc = hcpage ? hcpage : *hc - old + base;
    return len;
}

static long build(domid_t dom, uint64_t len, uint64_t kb, uint64_t maxkb)
{
    struct xen_domctl op = { 0 };
    struct hvx_domctl_build_pv *b = (void *)&op.u;

    b->image = (uint64_t)image;
    b->image_size = len;
    b->memory_kb = kb;
    b->maxmem_kb = maxkb;
    memcpy(b->name, "bad", 4);
    return ctl(&op, HVX_DOMCTL_build_pv, dom);
}

/* Build one relocated image: -EINVAL within a second, not a hang. */
static void check_layout(domid_t dom, const char *what, uint64_t base,
                         uint64_t hcpage)
{
    uint64_t len = relocated(base, hcpage), t0 = time_monotonic_ns();
    char name[96];

    snprintf(name, sizeof(name), "%s (virt_base 0x%lx) refused", what, base);
    CHECK_EQ(name, len ? build(dom, len, 4096, 0) : -1, -XEN_EINVAL);
    CHECK_TRUE("  in under a second", time_monotonic_ns() - t0 < 1000 * MS);
}

/* Every frame of ours reads back its pfn through the read-only M2P. */
static uint64_t m2p_mismatches(void)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
    uint64_t bad = 0;

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        bad += M2P[p2m[pfn]] != pfn;
    return bad;
}

int main(int argc, char **argv)
{
    uint64_t before, len = child_image_end - child_image;
    xen_domctl_getdomaininfo_t info;
    domid_t dom;

    /* the free-frame count is ours alone once the bystander (d1) is gone */
    for (int i = 0; i < 1000 && ctl_info(1, &info) == 0; i++)
        time_sleep_ns(10 * MS);
    CHECK_TRUE("the bystander finished", ctl_info(1, &info) != 0);
    before = free_pages();
    CHECK_EQ("M2P view right at start", m2p_mismatches(), 0);
    CHECK_EQ("create", ctl_create(&dom), 0);
    check_layout(dom, "layout past 2^47", 0x7ffffff80000UL, 0);
    check_layout(dom, "padding ending just past 2^47", 0x7ffffff50000UL, 0);
    check_layout(dom, "image straddling 2^47", 0x7ffffffff000UL, 0);
    check_layout(dom, "layout wrapping past 2^64", 0xfffffffffff00000UL, 0);
    check_layout(dom, "hypercall page + 4096 wrapping", 0xfffffffffff00000UL,
                 0xfffffffffffff000UL);
    check_layout(dom, "base in the hypervisor's slots", 0xffff800000000000UL, 0);
    memcpy(image, child_image, len);
    CHECK_EQ("memory_kb 2^64 - 1", build(dom, len, ~0UL, 0), -XEN_EINVAL);
    CHECK_EQ("memory_kb 2^62", build(dom, len, 1UL << 62, 0), -XEN_EINVAL);
    CHECK_EQ("memory_kb 2^62 + 4096 (nr_pages * 8 wraps)",
             build(dom, len, (1UL << 62) + 4096, 0), -XEN_EINVAL);
    CHECK_EQ("M2P view right after the refusals", m2p_mismatches(), 0);
    CHECK_EQ("the good image still builds", build(dom, len, 1024, 0), 0);
    CHECK_EQ("and is destroyed", ctl_simple(XEN_DOMCTL_destroydomain, dom), 0);
    time_sleep_ns(10 * MS);            /* reaped */
    CHECK_EQ("no frame leaked", free_pages(), before);
    CHECK_EQ("M2P view right at the end", m2p_mismatches(), 0);
    return checks_summary("buildbad");
}
