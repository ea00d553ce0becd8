/* gnttab: domains share pages through grant tables; roles, events and helpers. */
#include <libos/time.h>
#include "../check.h"
#include "gnttab_test.h"
#include "../peer.h"

#define M2P ((const uint64_t *)MACH2PHYS_VIRT_START)

volatile unsigned events;

void on_event(evtchn_port_t port, void *data)
{
    (*(volatile unsigned *)(data ? data : (void *)&events))++;
}

int wait_count(volatile unsigned *count, unsigned n)
{
    return TIME_WAIT(*count >= n, time_monotonic_ns() + 10000 * MS) ? 0 : -1;
}

int connect_to(domid_t dom, evtchn_port_t *port)
{
    return peer_connect(dom, port, 5000 * MS);
}

uint64_t foreign_frame(void)
{
    return peer_foreign_frame(mm_pfn_to_mfn);
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
