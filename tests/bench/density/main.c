/* density bench: domain 0 builds 1 MiB domains (running, then idle) until
 * memory runs out, reports how many and what each cost, then destroys them. */
#include "../../guest/lifecycle/ctl.h"  /* first: it defines __XEN_TOOLS__ */
#include <libos/libos.h>
#include <libos/time.h>

#define MAX 4000
#define MS 1000000UL

static domid_t doms[MAX];

int main(int argc, char **argv)
{
    uint64_t free0 = free_pages(), t0 = time_monotonic_ns(), t1;
    unsigned n = 0;

    while (n < MAX && !ctl_create(&doms[n])) {
        if (ctl_build(doms[n], "tiny", 1024, 0) ||
            ctl_simple(XEN_DOMCTL_unpausedomain, doms[n])) {
            ctl_simple(XEN_DOMCTL_destroydomain, doms[n]);
            break;
        }
        n++;
    }
    t1 = time_monotonic_ns();
    time_sleep_ns(100 * MS);           /* every child reaches its idle loop */
    printf("bench: density_domains %u domains (1 MiB each, %lu frames each "
           "with the hypervisor's)\n", n, n ? (free0 - free_pages()) / n : 0);
    printf("bench: density_build_each %lu ns\n", n ? (t1 - t0) / n : 0);
    for (unsigned i = 0; i < n; i++)
        ctl_simple(XEN_DOMCTL_destroydomain, doms[i]);
    time_sleep_ns(100 * MS);
    printf("density: %u domains destroyed, free frames %lu before, %lu after\n",
           n, free0, free_pages());
    return 0;
}
