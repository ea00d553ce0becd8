/* Attack: give back (decrease_reservation) frames that are still in use. */
#include <libos/events.h>
#include "mmattack.h"
#include "mmcheck.h"

#define SELF_REF    8                       /* the grant we give ourselves */

static uint8_t spare[4096] __attribute__((aligned(4096)));
static uint8_t loose[4096] __attribute__((aligned(4096)));
static uint8_t alias[4096] __attribute__((aligned(4096)));
static uint8_t granted[4096] __attribute__((aligned(4096)));
static uint8_t gmap[4096] __attribute__((aligned(4096)));
static uint8_t gtab[4096] __attribute__((aligned(4096)));
static uint8_t vinfo[4096] __attribute__((aligned(4096)));

static long map_at(void *p, uint64_t mfn, uint64_t flags)
{
    return hypercall_update_va_mapping((uint64_t)p, mfn ? mfn << 12 | flags
                                       : 0, UVMF_INVLPG);
}

/* Frames in use as tables, shared with the hypervisor, or not ours. */
static void in_use_refused(void)
{
    uint64_t mine = va_to_mfn((uint64_t)spare);
    uint64_t l1 = l1e_maddr((uint64_t)spare) >> 12;
    uint64_t l4 = va_to_mfn(start_info->pt_base);
    uint64_t shinfo = start_info->shared_info >> 12, gf = gnt_frame();
    long top = hc_memory_op(XENMEM_maximum_ram_page, NULL);

    spare[0] = 0x11;
    check_err("free our mapped page: extents done", mine, release_mfn(mine),
              0);
    CHECK_EQ("it stays ours and usable", probe_write(spare, 0x12) == 0 &&
             probe_read(spare) == 0x12, 1);
    check_err("free an L1 page table", l1, release_mfn(l1), 0);
    check_err("free our L4 (pinned, CR3)", l4, release_mfn(l4), 0);
    check_err("free the shared_info frame", shinfo, release_mfn(shinfo), 0);
    CHECK_TRUE("found our grant-table frame", gf != 0);
    check_err("free the grant-table frame (not mapped)", gf, release_mfn(gf),
              0);
    CHECK_EQ("it is still ours: map it", map_at(gtab, gf, PTE_RW_FLAGS), 0);
    check_err("free another domain's frame", foreign_mfn(),
              release_mfn(foreign_mfn()), 0);
    check_err("free the hypervisor's text", HV_TEXT_MFN,
              release_mfn(HV_TEXT_MFN), 0);
    check_err("free the frame past the top of RAM", top + 1,
              release_mfn(top + 1), 0);
}

/* Two mappings of one frame: dropping one leaves it in use. */
static void alias_refused(void)
{
    uint64_t mine = va_to_mfn((uint64_t)spare);
    uint64_t own = va_to_mfn((uint64_t)alias);

    CHECK_EQ("map our page a second time", map_at(alias, mine,
             PTE_RW_FLAGS), 0);
    CHECK_EQ("unmap the first mapping", map_at(spare, 0, 0), 0);
    check_err("free it while the alias maps it", mine, release_mfn(mine), 0);
    CHECK_EQ("the alias still reads it", probe_read(alias), 0x12);
    CHECK_EQ("restore both mappings", map_at(spare, mine, PTE_RW_FLAGS) |
             map_at(alias, own, PTE_RW_FLAGS), 0);
}

/* A batch stops at the first frame in use; the free one is gone for good. */
static void batch_stops(void)
{
    uint64_t u = va_to_mfn((uint64_t)loose);
    xen_pfn_t list[2] = { u, va_to_mfn((uint64_t)spare) };
    struct xen_memory_reservation r = { .nr_extents = 2, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, list);
    CHECK_EQ("unmap a page of ours", map_at(loose, 0, 0), 0);
    check_err("free [unmapped page, mapped page]: extents done", u,
              hc_memory_op(XENMEM_decrease_reservation, &r), 1);
    check_err("map the freed frame again", u, map_at(loose, u,
              PTE_RW_FLAGS), -XEN_EBUSY);
    check_err("free it a second time", u, release_mfn(u), 0);
}

/* A frame reachable only through a grant mapping (our own grant). */
static void grant_mapped_refused(void)
{
    grant_entry_v1_t *t = (grant_entry_v1_t *)gtab;
    uint64_t g = va_to_mfn((uint64_t)granted), own = va_to_mfn((uint64_t)gmap);
    domid_t me = own_domid();
    grant_handle_t h = 0;

    granted[0] = 0x33;
    gnt_offer(t, SELF_REF, me, g, 0);
    CHECK_EQ("map our own grant", gnt_map(me, SELF_REF, gmap,
             GNTMAP_host_map, &h), GNTST_okay);
    CHECK_EQ("unmap the frame's own mapping", map_at(granted, 0, 0), 0);
    check_err("free a frame only a grant maps", g, release_mfn(g), 0);
    CHECK_EQ("the grant mapping still reads it", probe_read(gmap), 0x33);
    CHECK_EQ("unmap the grant", gnt_unmap(h, gmap), GNTST_okay);
    CHECK_EQ("restore both pages", map_at(granted, g, PTE_RW_FLAGS) |
             map_at(gmap, own, PTE_RW_FLAGS), 0);
    t[SELF_REF].flags = 0;
}

/* Last: our vcpu_info moves into a page (libos time stops working). */
static void vcpu_info_refused(void)
{
    uint64_t v = va_to_mfn((uint64_t)vinfo);
    struct vcpu_register_vcpu_info r = { .mfn = v, .offset = 0 };

    events_disable();               /* the copy must arrive masked */
    CHECK_EQ("move our vcpu_info into a page",
             hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), 0);
    CHECK_EQ("unmap that page", map_at(vinfo, 0, 0), 0);
    check_err("free it while the hypervisor writes it", v, release_mfn(v),
              0);
}

int attack_free_mapped(int argc, char **argv)
{
    long before = reservation_now();

    probe_init();
    in_use_refused();
    alias_refused();
    batch_stops();
    grant_mapped_refused();
    vcpu_info_refused();
    CHECK_EQ("our reservation: exactly one frame less", reservation_now(),
             before - 1);
    return checks_summary(attack_name);
}
