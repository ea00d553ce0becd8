/* mm: conformance of the memory hypercalls, run on libos's own page tables. */
#include <libos/events.h>
#include <libos/time.h>
#include "../check.h"
#include "mm_test.h"
#include "../peer.h"
#include "probe.h"

#define MS 1000000UL
#define M2P ((const uint64_t *)MACH2PHYS_VIRT_START)

struct fixture fx;
static volatile unsigned events;

static void count(evtchn_port_t port, void *data)
{
    events++;
}

long mmu1(uint64_t ptr, uint64_t val)
{
    mmu_update_t u = { ptr, val };

    return hypercall_mmu_update(&u, 1, NULL, DOMID_SELF);
}

long ext1(unsigned cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1,
                            .arg2.src_mfn = arg2 };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

uint64_t l1_maddr(uint64_t va)
{
    uint64_t ma = 0;

    mm_entry_maddr(va, 1, &ma);
    return ma;
}

uint64_t page_new(uint64_t *mfn)
{
    uint64_t pfn = mm_alloc_page();

    if (pfn == MM_NO_PFN) {
        printf("mm: out of pages\n");
        libos_exit(1);
    }
    memset(mm_pfn_to_va(pfn), 0, PAGE);
    *mfn = mm_pfn_to_mfn(pfn);
    return pfn;
}

/* The peer keeps its frames (our foreign ones) until we are done. */
static int peer(domid_t main_dom)
{
    evtchn_port_t port;
    uint64_t end = time_monotonic_ns() + 60000 * MS;

    CHECK_EQ("peer: alloc_unbound", evtchn_alloc_unbound(main_dom, &port), 0);
    evtchn_set_handler(port, count, 0);
    TIME_WAIT(events, end);
    CHECK_EQ("peer: the main guest said done", events, 1);
    return checks_summary("mm peer");
}


static void fixture_init(domid_t peer_dom)
{
    fx.peer = peer_dom;
    fx.foreign = peer_foreign_frame(mm_pfn_to_mfn);   /* the peer's */
    CHECK_TRUE("a frame of the peer is in the M2P", fx.foreign != 0);
    fx.va = mm_va_alloc(4);
    CHECK_TRUE("mm_va_alloc", fx.va != 0);
    for (unsigned i = 0; i < NR(fx.pfn); i++)
        fx.pfn[i] = page_new(&fx.mfn[i]);
}

/* pfns whose own address does not map them (the builder maps only a
 * 4 MiB-rounded region: mm_init maps the rest) */
static unsigned unmapped_pfns(void)
{
    unsigned bad = 0;

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
        uint64_t e = mm_entry((uint64_t)mm_pfn_to_va(pfn), 1);
        bad += !(e & MM_PTE_P) ||
               ((e & MM_PTE_ADDR) >> 12 != mm_pfn_to_mfn(pfn) &&
                (void *)mm_pfn_to_va(pfn) != shared_info);
    }
    return bad;
}

/* mm_init pinned and switched to new tables and freed the builder's. */
static void check_switch(void)
{
    uint64_t free_before = mm_free_pages();
    const void *old_l4 = (void *)start_info->pt_base;

    CHECK_EQ("mm_init", mm_init(), 0);
    CHECK_EQ("mm_init again is a no-op", mm_init(), 0);
    CHECK_TRUE("the builder's tables joined the free pages",
               mm_free_pages() > free_before + start_info->nr_pt_frames);
    CHECK_TRUE("our L4 is not the builder's",
               mm_l4_mfn() != mm_pfn_to_mfn(mm_va_to_pfn((void *)old_l4)));
    CHECK_EQ("the builder's L4 is no longer pinned",
             ext1(MMUEXT_UNPIN_TABLE,
                  mm_pfn_to_mfn(mm_va_to_pfn((void *)old_l4)), 0),
             -XEN_EINVAL);
    CHECK_EQ("our L4 is read-only to us",
             probe_write(mm_pfn_to_va(mm_mfn_to_pfn(mm_l4_mfn())), 0), 1);
    CHECK_EQ("pinning our (pinned) L4 again",
             ext1(MMUEXT_PIN_L4_TABLE, mm_l4_mfn(), 0), -XEN_EINVAL);
    CHECK_EQ("NEW_BASEPTR to the current L4", ext1(MMUEXT_NEW_BASEPTR,
                                                   mm_l4_mfn(), 0), 0);
    CHECK_EQ("every pfn is mapped at its own address", unmapped_pfns(), 0);
}

static int run(domid_t peer_dom)
{
    evtchn_port_t port;
    int run = 0, failed = 0;

    probe_init();
    check_switch();
    CHECK_EQ("connect to the peer", peer_connect(peer_dom, &port, 5000 * MS), 0);
    fixture_init(peer_dom);
    mmu_check();
    valid_check();
    ext_check();
    misc_check();
    memop_check();
    evtchn_send(port);
    mmu_counts(&run, &failed);
    valid_counts(&run, &failed);
    ext_counts(&run, &failed);
    memop_counts(&run, &failed);
    misc_counts(&run, &failed);
    checks_run += run;
    checks_failed += failed;
    return checks_summary("mm");
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "peer"))
        return peer((domid_t)(argv[2][0] - '0'));
    if (argc == 3 && !strcmp(argv[1], "main"))
        return run((domid_t)(argv[2][0] - '0'));
    printf("usage: mm main <peer domid> | peer <main domid>\n");
    return 2;
}
