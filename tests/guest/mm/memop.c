/* memop: memory_op facts, and the reservation growing to maxmem and shrinking. */
#include "../check.h"
#include "mm_test.h"

#define M2P ((const uint64_t *)MACH2PHYS_VIRT_START)
#define MAXMEM_PAGES 3072      /* maxmem = 12 in tests/boot/mm/b-main.cfg */

struct e820 {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static long reservation_of(unsigned cmd, domid_t dom)
{
    return hypercall_memory_op(cmd, &dom);
}

static long raw(unsigned cmd, domid_t dom, uint64_t *x, unsigned n,
                unsigned order)
{
    struct xen_memory_reservation r = { .nr_extents = n,
                                        .extent_order = order, .domid = dom };

    set_xen_guest_handle(r.extent_start, x);
    return hypercall_memory_op(cmd, &r);
}

static uint64_t our_top_mfn(void)
{
    uint64_t top = 0;

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (mm_pfn_to_mfn(pfn) > top && mm_pfn_to_mfn(pfn) != MM_NO_MFN)
            top = mm_pfn_to_mfn(pfn);
    return top;
}

static void facts(void)
{
    struct e820 e[4] = { { 0, 0, 0 } };
    struct xen_memory_map map = { .nr_entries = 4 };
    xen_machphys_mapping_t m;
    uint64_t top = our_top_mfn();

    CHECK_EQ("current_reservation", reservation_of(
                 XENMEM_current_reservation, DOMID_SELF),
             start_info->nr_pages);
    CHECK_EQ("maximum_reservation is maxmem", reservation_of(
                 XENMEM_maximum_reservation, DOMID_SELF), MAXMEM_PAGES);
    CHECK_EQ("current_reservation of the peer (unprivileged)",
             reservation_of(XENMEM_current_reservation, fx.peer), -XEN_EPERM);
    CHECK_EQ("maximum_reservation of no domain",
             reservation_of(XENMEM_maximum_reservation, 200), -XEN_ESRCH);
    set_xen_guest_handle(map.buffer, e);
    CHECK_EQ("memory_map", hypercall_memory_op(XENMEM_memory_map, &map), 0);
    CHECK_EQ("memory_map: one entry", map.nr_entries, 1);
    CHECK_TRUE("memory_map: RAM from 0 covering our pages",
               e[0].addr == 0 && e[0].type == 1 &&
               e[0].size >= start_info->nr_pages * PAGE);
    map.nr_entries = 0;
    CHECK_EQ("memory_map with room for no entry",
             hypercall_memory_op(XENMEM_memory_map, &map), 0);
    CHECK_EQ("memory_map with room for no entry: none", map.nr_entries, 0);
    CHECK_EQ("machphys_mapping", hypercall_memory_op(XENMEM_machphys_mapping,
                                                     &m), 0);
    CHECK_EQ("machphys_mapping: start", m.v_start, MACH2PHYS_VIRT_START);
    CHECK_TRUE("machphys_mapping: covers our frames",
               m.max_mfn >= top && m.v_end >= m.v_start + (top + 1) * 8);
    CHECK_TRUE("maximum_ram_page is above our frames",
               (uint64_t)hypercall_memory_op(XENMEM_maximum_ram_page, NULL) >=
                   top);
    CHECK_EQ("memory_op 99", hypercall_memory_op(99, NULL), -XEN_ENOSYS);
    printf("memop: maximum_ram_page %ld, machphys_mapping max_mfn 0x%lx "
           "v_end 0x%lx, our top mfn 0x%lx\n",
           hypercall_memory_op(XENMEM_maximum_ram_page, NULL), m.max_mfn,
           m.v_end, top);
}

static void grow_and_shrink(void)
{
    long cur = reservation_of(XENMEM_current_reservation, DOMID_SELF);
    uint64_t x[2], pfn, mfn;
    unsigned bad = 0;
    long got;

    CHECK_EQ("grow up to maxmem", mm_reservation_grow(4096),
             MAXMEM_PAGES - cur);
    CHECK_EQ("current_reservation is maxmem", reservation_of(
                 XENMEM_current_reservation, DOMID_SELF), MAXMEM_PAGES);
    CHECK_EQ("grow beyond maxmem", mm_reservation_grow(1), 0);
    CHECK_EQ("increase_reservation at maxmem",
             raw(XENMEM_increase_reservation, DOMID_SELF, x, 1, 0), 0);
    CHECK_EQ("shrink by 16", mm_reservation_shrink(16), 16);
    CHECK_EQ("current_reservation after shrinking", reservation_of(
                 XENMEM_current_reservation, DOMID_SELF), MAXMEM_PAGES - 16);
    CHECK_EQ("grow again: populate_physmap refills the holes",
             mm_reservation_grow(16), 16);
    for (pfn = 0; pfn < MAXMEM_PAGES; pfn++) {
        mfn = mm_pfn_to_mfn(pfn);
        bad += mfn == MM_NO_MFN || M2P[mfn] != pfn;
    }
    CHECK_EQ("p2m and M2P agree on every pfn", bad, 0);
    CHECK_EQ("shrink by 2 (room for one order-1 extent)",
             mm_reservation_shrink(2), 2);
    /* Deviation from Xen: only single pages (extent order 0) are offered */
    got = raw(XENMEM_increase_reservation, DOMID_SELF, x, 1, 1);
    CHECK_EQ("increase_reservation of an order-1 extent: -EINVAL here", got,
             -XEN_EINVAL);
    if (got == 1)
        CHECK_EQ("decrease_reservation of it",
                 raw(XENMEM_decrease_reservation, DOMID_SELF, x, 1, 1), 1);
    CHECK_EQ("grow by 2 again", mm_reservation_grow(2), 2);
}

static void refusals(void)
{
    uint64_t x[1] = { fx.foreign }, mfn, pfn;

    CHECK_EQ("decrease_reservation of the peer's frame",
             raw(XENMEM_decrease_reservation, DOMID_SELF, x, 1, 0), 0);
    CHECK_EQ("increase_reservation for the peer (unprivileged)",
             raw(XENMEM_increase_reservation, fx.peer, x, 1, 0), -XEN_EPERM);
    CHECK_EQ("increase_reservation for no domain",
             raw(XENMEM_increase_reservation, 200, x, 1, 0), -XEN_ESRCH);
    /* The rule, stricter than Xen (which frees such a frame once
     * its last mapping goes): a frame still in use is not freed at all */
    pfn = page_new(&mfn);
    x[0] = mfn;
    CHECK_EQ("decrease_reservation of a frame still mapped: refused",
             raw(XENMEM_decrease_reservation, DOMID_SELF, x, 1, 0), 0);
    hypercall_update_va_mapping((uint64_t)mm_pfn_to_va(pfn), 0, UVMF_INVLPG);
}

void memop_check(void)
{
    facts();
    grow_and_shrink();
    refusals();
}

CHECK_PART(memop)
