/* gnttab: domains share pages through grant tables; roles, events and helpers. */
#include <libos/time.h>
#include "../check.h"
#include "gnttab_test.h"

#define M2P ((const uint64_t *)MACH2PHYS_VIRT_START)

volatile unsigned events;

void on_event(evtchn_port_t port, void *data)
{
    (*(volatile unsigned *)(data ? data : (void *)&events))++;
}

int wait_count(volatile unsigned *count, unsigned n)
{
    uint64_t end = time_monotonic_ns() + 10000 * MS;

    while (*count < n)
        if (time_monotonic_ns() >= end)
            return -1;
        else
            time_block_until(end);
    return 0;
}

int connect_to(domid_t dom, evtchn_port_t *port)
{
    uint64_t end = time_monotonic_ns() + 5000 * MS;

    while (time_monotonic_ns() < end) {
        for (evtchn_port_t p = 1; p < 64; p++)
            if (evtchn_bind_interdomain(dom, p, port) == 0)
                return 0;
        time_sleep_ns(MS);
    }
    return -1;
}

uint64_t foreign_frame(void)
{
    xen_machphys_mapping_t m;

    if (hypercall_memory_op(XENMEM_machphys_mapping, &m))
        return 0;
    for (uint64_t mfn = 1; mfn <= m.max_mfn; mfn++) {
        uint64_t pfn = M2P[mfn];
        if (pfn != ~0UL && mm_pfn_to_mfn(pfn) != mfn)
            return mfn;
    }
    return 0;
}

uint8_t *page_filled(uint8_t c, uint64_t *mfn)
{
    uint64_t pfn = mm_alloc_page();

    if (pfn == MM_NO_PFN) {
        printf("gnttab: out of pages\n");
        libos_exit(1);
    }
    memset(mm_pfn_to_va(pfn), c, MM_PAGE_SIZE);
    *mfn = mm_pfn_to_mfn(pfn);
    return mm_pfn_to_va(pfn);
}

unsigned bytes_not(const uint8_t *p, uint8_t c, unsigned n)
{
    unsigned bad = 0;

    for (unsigned i = 0; i < n; i++)
        bad += p[i] != c;
    return bad;
}

int main(int argc, char **argv)
{
    domid_t peer = argc == 3 ? (domid_t)(argv[2][0] - '0') : 0;

    if (argc == 3 && !strcmp(argv[1], "granter")) {
        granter_run(peer);
        granter_counts(&checks_run, &checks_failed);
        return checks_summary("gnttab granter");
    }
    if (argc == 3 && !strcmp(argv[1], "mapper")) {
        mapper_run(peer);
        mapper_counts(&checks_run, &checks_failed);
        return checks_summary("gnttab mapper");
    }
    if (argc == 3 && !strcmp(argv[1], "dier")) {
        dier_run(peer);
        mapper_counts(&checks_run, &checks_failed);
        return checks_summary("gnttab dier");
    }
    printf("usage: gnttab granter <mapper domid> | mapper <granter domid> | "
           "dier <granter domid>\n");
    return 2;
}
