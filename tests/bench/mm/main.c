/* mm bench: mmu_update per entry batched vs not, grant copy of a page, domain
 * create-to-main; in guest ns (= instructions under icount shift=0). */
#include "../../guest/lifecycle/ctl.h"  /* first: it defines __XEN_TOOLS__ */
#include <libos/events.h>
#include <libos/libos.h>
#include <libos/time.h>
#include <xen/grant_table.h>
#include "../../guest/peer.h"

#define N 4096
#define BATCH 64
#define MS 1000000UL

static uint8_t scratch[4096] __attribute__((aligned(4096)));
static uint8_t page[4096] __attribute__((aligned(4096)));
static volatile unsigned received;

static void on_event(evtchn_port_t port, void *data)
{
    received++;
}

static void report(const char *name, uint64_t ns, uint64_t ref)
{
    printf("bench: %s %lu ns (%lu.%02lu x a 4 KiB memcpy)\n", name, ns,
           ns / ref, ns * 100 / ref % 100);
}

/* Machine address of the L1 entry mapping va, walking our own tables
 * through their read-only mappings (pfn n is at VIRT_BASE + n pages). */
static uint64_t l1e_maddr(uint64_t va)
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    uint64_t table = start_info->pt_base, e = 0;

    for (int lvl = 4; lvl >= 1; lvl--) {
        unsigned idx = (va >> (12 + 9 * (lvl - 1))) & 511;
        uint64_t mfn = ((const uint64_t *)table)[idx] >> 12 & 0xffffffffff;
        e = (table - 0x400000) / 4096;     /* pfn of this table */
        e = ((const uint64_t *)start_info->mfn_list)[e] << 12 | idx * 8;
        table = 0x400000 + m2p[mfn] * 4096;
    }
    return e;
}

static uint64_t memcpy_ref(void)
{
    static uint8_t a[4096], b[4096];
    uint64_t t0 = time_monotonic_ns();

    for (int i = 0; i < N; i++) {
        memcpy(a, b, sizeof(a));
        __asm__ volatile("" : : : "memory");
    }
    return (time_monotonic_ns() - t0) / N;
}

/* Toggle the RW bit of scratch's PTE N times: one call per entry, or
 * BATCH entries per call. */
static void mmu_update_costs(uint64_t ref)
{
    mmu_update_t req[BATCH];
    uint64_t ptr = l1e_maddr((uint64_t)scratch), pte, t0;

    scratch[0] = 1;                        /* present and writable */
    pte = ((const uint64_t *)start_info->mfn_list)
              [((uint64_t)scratch - 0x400000) / 4096] << 12 | 0x67;
    for (int i = 0; i < BATCH; i++)
        req[i] = (mmu_update_t){ ptr, i % 2 ? pte : pte & ~2UL };
    t0 = time_monotonic_ns();
    for (int i = 0; i < N; i++)
        hypercall5(__HYPERVISOR_mmu_update, (uint64_t)&req[i % 2], 1, 0,
                   DOMID_SELF, 0);
    report("mmu_update_unbatched_per_entry", (time_monotonic_ns() - t0) / N, ref);
    t0 = time_monotonic_ns();
    for (int i = 0; i < N / BATCH; i++)
        hypercall5(__HYPERVISOR_mmu_update, (uint64_t)req, BATCH, 0,
                   DOMID_SELF, 0);
    report("mmu_update_batched64_per_entry", (time_monotonic_ns() - t0) / N, ref);
}

/* GNTTABOP_copy of a whole page granted by the peer into our own frame. */
static void grant_copy_cost(domid_t granter, uint64_t ref)
{
    gnttab_copy_t op = { 0 };
    uint64_t t0, ns;

    TIME_WAIT(received, ~0UL);            /* the peer's "ready" */
    op.source.u.ref = 8;                  /* the peer's convention */
    op.source.domid = granter;
    op.dest.u.gmfn = ((const uint64_t *)start_info->mfn_list)
                         [((uint64_t)page - 0x400000) / 4096];
    op.dest.domid = DOMID_SELF;
    op.len = 4096;
    op.flags = GNTCOPY_source_gref;
    t0 = time_monotonic_ns();
    for (int i = 0; i < N; i++)
        hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_copy, (uint64_t)&op, 1);
    ns = (time_monotonic_ns() - t0) / N;
    report("grant_copy_4k", ns, ref);
    printf("bench: grant copy status %d, %lu MB/s of guest time\n", op.status,
           4096UL * 1000 / (ns ? ns : 1));
}

/* From createdomain to the child's main signalling us, best of 10. */
static void create_to_main(uint64_t ref)
{
    uint64_t best = ~0UL;

    for (int i = 0; i < 10; i++) {
        char cmd[32];
        evtchn_port_t port;
        unsigned before = received;
        uint64_t t0 = time_monotonic_ns(), t;
        domid_t dom;
        ctl_create(&dom);
        evtchn_alloc_unbound(dom, &port);
        evtchn_set_handler(port, on_event, 0);
        snprintf(cmd, sizeof(cmd), "notify 0 %u", port);
        ctl_build(dom, "child", 1024, cmd);
        ctl_simple(XEN_DOMCTL_unpausedomain, dom);
        TIME_WAIT(received != before, ~0UL);
        t = time_monotonic_ns() - t0;
        best = t < best ? t : best;
        evtchn_close(port);
    }
    report("domain_create_to_main", best, ref);
}

/* The peer: grant our page to domain 0 as ref 8 and say so. */
static int granter(void)
{
    grant_entry_v1_t *gt = (grant_entry_v1_t *)scratch;
    evtchn_port_t port;
    gnttab_setup_table_t st = { .dom = DOMID_SELF, .nr_frames = 1 };
    xen_pfn_t frame;

    set_xen_guest_handle(st.frame_list, &frame);
    hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table, (uint64_t)&st, 1);
    hypercall3(__HYPERVISOR_update_va_mapping, (uint64_t)scratch,
               frame << 12 | 7, UVMF_INVLPG);
    gt[8].domid = 0;
    gt[8].frame = ((const uint64_t *)start_info->mfn_list)
                      [((uint64_t)page - 0x400000) / 4096];
    __asm__ volatile("" : : : "memory");
    gt[8].flags = GTF_permit_access;
    peer_connect(0, &port, ~0UL / 2);
    evtchn_send(port);
    time_block_until(time_monotonic_ns() + 60000 * MS);
    return 0;
}

int main(int argc, char **argv)
{
    evtchn_port_t port;
    uint64_t ref;

    if (argc == 2 && !strcmp(argv[1], "granter"))
        return granter();
    evtchn_alloc_unbound(1, &port);
    evtchn_set_handler(port, on_event, 0);
    ref = memcpy_ref();
    printf("bench: memcpy_4k %lu ns\n", ref);
    mmu_update_costs(ref);
    grant_copy_cost(1, ref);
    create_to_main(ref);
    ctl_simple(XEN_DOMCTL_destroydomain, 1);
    return 0;
}
