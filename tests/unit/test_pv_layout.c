/* Unit tests for the start-of-day layout (hv/pv_layout.c). */
#include <hv/pv_layout.h>
#include <xen/errno.h>
#include "check.h"

#define MB (1UL << 20)

static void test_pt_frames(void)
{
    CHECK(pv_layout_pt_frames(0x400000, 0x800000) == 1 + 1 + 1 + 2);
    CHECK(pv_layout_pt_frames(0x3ff000, 0x401000) == 1 + 1 + 1 + 2);
    CHECK(pv_layout_pt_frames(0, 1UL << 30) == 1 + 1 + 1 + 512);
    CHECK(pv_layout_pt_frames(0x7fffffe00000, 0x800000200000) == 1 + 2 + 2 + 2);
}

static void test_small_image_order(void)
{
    struct pv_layout l;

    CHECK(pv_layout_compute(0x400000, 0x414540, 0, 1024, &l) == 0);
    CHECK(l.v_start == 0x400000);
    CHECK(l.p2m == 0x415000);
    CHECK(l.start_info == 0x417000);             /* 1024 entries * 8 = 2 pages */
    CHECK(l.xenstore == l.start_info + 4096);
    CHECK(l.console == l.xenstore + 4096);
    CHECK(l.pt_start == l.console + 4096);
    CHECK(l.stack == l.pt_start + l.nr_pt_frames * 4096);
    CHECK(l.v_end % (4 * MB) == 0);
    CHECK(l.v_end - (l.stack + 4096) >= 512 * 1024);
    CHECK(pv_layout_pt_frames(l.v_start, l.v_end) <= l.nr_pt_frames);
}

static void test_p2m_size_follows_pages(void)
{
    struct pv_layout l;

    CHECK(pv_layout_compute(0x400000, 0x401000, 0, 4096, &l) == 0);
    CHECK(l.start_info - l.p2m == 8 * 4096);     /* 4096 entries of 8 bytes */
}

static void test_padding_pushes_end(void)
{
    struct pv_layout l;

    /* an image ending just below 4 MiB boundary leaves < 512 KiB: +4 MiB */
    CHECK(pv_layout_compute(0x400000, 0x7a0000, 0, 4096, &l) == 0);
    CHECK(l.v_end == 0xc00000);
}

static void test_too_small(void)
{
    struct pv_layout l;

    CHECK(pv_layout_compute(0x400000, 0x414540, 0, 64, &l) == -XEN_ENOMEM);
    CHECK(pv_layout_compute(0x400000, 0x414540, 0, 256, &l) == 0);
    CHECK(l.nr_mapped <= 256);
}

static void test_high_base(void)
{
    struct pv_layout l;

    /* Linux-style: virt_base in the top 2 GiB */
    CHECK(pv_layout_compute(0xffffffff80000000UL, 0xffffffff81800000UL, 0, 16384, &l) == 0);
    CHECK(l.v_end > l.stack && (l.v_end & (4 * MB - 1)) == 0);
    CHECK(pv_layout_pt_frames(l.v_start, l.v_end) <= l.nr_pt_frames);
}

/* The old search: the least frame count whose region they can map. */
static uint64_t least_pt_frames(const struct pv_layout *l)
{
    for (uint64_t n = 1;; n++) {
        uint64_t va = l->pt_start + (n + 1) * 4096;
        uint64_t end = (va + 4 * MB - 1) & ~(4 * MB - 1);
        if (end - va < 512 * 1024)
            end += 4 * MB;
        if (pv_layout_pt_frames(l->v_start, end) <= n)
            return n;
    }
}

static void test_pt_frames_least(void)
{
    static const uint64_t pages[] = { 1024, 4096, 65536, 262144 };
    struct pv_layout l;

    for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        CHECK(pv_layout_compute(0x400000, 0x5ff000, 0, pages[i], &l) == 0);
        CHECK(l.nr_pt_frames == least_pt_frames(&l));
        CHECK(pv_layout_pt_frames(l.v_start, l.v_end) <= l.nr_pt_frames);
    }
}

static void test_module(void)
{
    struct pv_layout l;

    CHECK(pv_layout_compute(0x400000, 0x414540, 0, 1024, &l) == 0);
    CHECK(l.mod_start == 0 && l.mod_len == 0 && l.p2m == 0x415000);
    /* Xen's place: after the image, page aligned, before the p2m list */
    CHECK(pv_layout_compute(0x400000, 0x414540, 5000, 1024, &l) == 0);
    CHECK(l.mod_start == 0x415000 && l.mod_len == 5000);
    CHECK(l.p2m == 0x417000);
    CHECK(l.start_info == l.p2m + 2 * 4096);
    CHECK(pv_layout_compute(0x400000, 0x414540, 4096, 1024, &l) == 0);
    CHECK(l.p2m == 0x416000);
    /* a module the domain cannot hold */
    CHECK(pv_layout_compute(0x400000, 0x414540, 8 * MB, 1024, &l) ==
          -XEN_ENOMEM);
}

/* Layouts that run past the top of the lower half are refused. */
static void test_lower_half_top(void)
{
    const uint64_t top = 1UL << 47, base = top - 16 * MB;
    struct pv_layout l;

    CHECK(pv_layout_compute(base, base + 0x10000, 0, 8192, &l) == 0);
    CHECK(l.v_end <= top);
    CHECK(pv_layout_compute(base, top - 0x100000, 0, 8192, &l) == 0);
    CHECK(l.v_end == top);
    /* the image fits, the p2m, tables, stack or padding do not */
    CHECK(pv_layout_compute(base, top - 0x1000, 0, 8192, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(base, top - 0x80000, 0, 8192, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(base, base + 0x10000, 16 * MB, 8192, &l) ==
          -XEN_EINVAL);
    CHECK(pv_layout_compute(base, top, 0, 8192, &l) == -XEN_EINVAL);
    /* a p2m list for more pages than the half has room for */
    CHECK(pv_layout_compute(base, base + 0x10000, 0, 1UL << 22, &l) ==
          -XEN_EINVAL);
    /* a base in the non-canonical hole or in the hypervisor's slots */
    CHECK(pv_layout_compute(top, top + 0x10000, 0, 1024, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(0xffff800000000000UL, 0xffff800000010000UL, 0,
                            1024, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(0xffff87fffff00000UL, 0xffff880000100000UL, 0,
                            1024, &l) == -XEN_EINVAL);
}

/* Sizes that would wrap past 2^64 are refused, at once. */
static void test_wrap(void)
{
    struct pv_layout l;

    CHECK(pv_layout_compute(0xffffffffff000000UL, 0xfffffffffffff000UL, 0,
                            1024, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(0xffffffffff000000UL, 0xffffffffffffffffUL, 0,
                            1024, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(0xfffffffff0000000UL, 0xfffffffff0010000UL, 0,
                            ~0UL, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(0xfffffffff0000000UL, 0xfffffffff0010000UL, ~0UL,
                            1024, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(0x400000, 0x410000, ~0UL - 0xfff, 1024, &l) ==
          -XEN_EINVAL);
    CHECK(pv_layout_compute(0x400000, 0x410000, 0, 1UL << 61, &l) ==
          -XEN_EINVAL);
    CHECK(pv_layout_compute(0x400000, 0x3ff000, 0, 1024, &l) == -XEN_EINVAL);
    /* the last 4 MiB below 2^64 stay out: v_end would be 2^64 */
    CHECK(pv_layout_compute(0xffffffffff000000UL, 0xffffffffff010000UL, 0,
                            1024, &l) == 0);
    CHECK(l.v_end == 0xffffffffff400000UL);
    CHECK(pv_layout_compute(0xffffffffff000000UL, 0xffffffffffb80000UL, 0,
                            4096, &l) == -XEN_EINVAL);
    CHECK(pv_layout_compute(0xffffffffffc00000UL, 0xffffffffffc10000UL, 0,
                            1024, &l) == -XEN_EINVAL);
}

int main(void)
{
    RUN(test_pt_frames);
    RUN(test_small_image_order);
    RUN(test_p2m_size_follows_pages);
    RUN(test_padding_pushes_end);
    RUN(test_too_small);
    RUN(test_high_base);
    RUN(test_pt_frames_least);
    RUN(test_module);
    RUN(test_lower_half_top);
    RUN(test_wrap);
    return check_failures != 0;
}
