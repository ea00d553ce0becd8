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

    CHECK(pv_layout_compute(0x400000, 0x414540, 1024, &l) == 0);
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

    CHECK(pv_layout_compute(0x400000, 0x401000, 4096, &l) == 0);
    CHECK(l.start_info - l.p2m == 8 * 4096);     /* 4096 entries of 8 bytes */
}

static void test_padding_pushes_end(void)
{
    struct pv_layout l;

    /* an image ending just below 4 MiB boundary leaves < 512 KiB: +4 MiB */
    CHECK(pv_layout_compute(0x400000, 0x7a0000, 4096, &l) == 0);
    CHECK(l.v_end == 0xc00000);
}

static void test_too_small(void)
{
    struct pv_layout l;

    CHECK(pv_layout_compute(0x400000, 0x414540, 64, &l) == -XEN_ENOMEM);
    CHECK(pv_layout_compute(0x400000, 0x414540, 256, &l) == 0);
    CHECK(l.nr_mapped <= 256);
}

static void test_high_base(void)
{
    struct pv_layout l;

    /* Linux-style: virt_base in the top 2 GiB */
    CHECK(pv_layout_compute(0xffffffff80000000UL, 0xffffffff81800000UL,
                            16384, &l) == 0);
    CHECK(l.v_end > l.stack && (l.v_end & (4 * MB - 1)) == 0);
    CHECK(pv_layout_pt_frames(l.v_start, l.v_end) <= l.nr_pt_frames);
}

int main(void)
{
    RUN(test_pt_frames);
    RUN(test_small_image_order);
    RUN(test_p2m_size_follows_pages);
    RUN(test_padding_pushes_end);
    RUN(test_too_small);
    RUN(test_high_base);
    return check_failures != 0;
}
