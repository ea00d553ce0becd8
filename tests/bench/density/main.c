/* density bench: domain 0 fills the machine with idle 1 MiB domains step by
 * step; at each population it measures what one more domain's life costs
 * (create -> main, a block/wake round trip with it, destroy), then destroys
 * them all and checks every frame came back. */
#include "../../guest/lifecycle/ctl.h"  /* first: it defines __XEN_TOOLS__ */
#include <libos/events.h>
#include <libos/libos.h>
#include <libos/time.h>

#define MAX_DOMS 12000
#define PROBES   3                     /* per step; the least of each counts */
#define ROUNDS   200                   /* round trips per probe */
#define SEC      1000000000UL

static domid_t doms[MAX_DOMS];
static unsigned nr_idle;
static volatile unsigned events;

struct cost {
    uint64_t create, wake, destroy;    /* guest ns (instructions under icount) */
};

static void on_event(evtchn_port_t port, void *unused)
{
    events++;
}

/* Add one idle child (it sleeps until destroyed); 0, or -1 when full. */
static int grow_one(void)
{
    domid_t *d = &doms[nr_idle];

    if (nr_idle == MAX_DOMS || ctl_create(d))
        return -1;
    if (ctl_build(*d, "idle", 1024, 0) ||
        ctl_simple(XEN_DOMCTL_unpausedomain, *d)) {
        ctl_simple(XEN_DOMCTL_destroydomain, *d);
        return -1;
    }
    nr_idle++;
    return 0;
}

/* Wait for the event count to pass seen; 0, or -1 after a second. */
static int wait_event(unsigned seen)
{
    return TIME_WAIT(events != seen, time_monotonic_ns() + SEC) ? 0 : -1;
}

/* One echo child's life: create -> its main's hello, ROUNDS round trips,
 * destroy.  0, or -1 if a step failed. */
static int probe(struct cost *c)
{
    uint64_t t0 = time_monotonic_ns(), t1;
    evtchn_port_t port;
    unsigned seen = events;
    char cmd[32];
    domid_t dom;

    if (ctl_create(&dom))
        return -1;
    if (evtchn_alloc_unbound(dom, &port))
        goto fail;
    evtchn_set_handler(port, on_event, 0);
    snprintf(cmd, sizeof(cmd), "echo 0 %u", port);
    if (ctl_build(dom, "probe", 1024, cmd) ||
        ctl_simple(XEN_DOMCTL_unpausedomain, dom) || wait_event(seen))
        goto fail;
    t1 = time_monotonic_ns();
    c->create = t1 - t0;
    for (unsigned i = 0; i < ROUNDS; i++) {
        seen = events;
        evtchn_send(port);
        if (wait_event(seen))
            goto fail;
    }
    c->wake = (time_monotonic_ns() - t1) / ROUNDS;
    evtchn_close(port);
    t0 = time_monotonic_ns();
    ctl_simple(XEN_DOMCTL_destroydomain, dom);
    c->destroy = time_monotonic_ns() - t0;
    return 0;
fail:
    ctl_simple(XEN_DOMCTL_destroydomain, dom);
    return -1;
}

/* The least of PROBES probes, field by field; -1 if any failed. */
static int measure(struct cost *best)
{
    struct cost c;

    *best = (struct cost){ ~0UL, ~0UL, ~0UL };
    for (int i = 0; i < PROBES; i++) {
        if (probe(&c))
            return -1;
        best->create = c.create < best->create ? c.create : best->create;
        best->wake = c.wake < best->wake ? c.wake : best->wake;
        best->destroy = c.destroy < best->destroy ? c.destroy : best->destroy;
    }
    return 0;
}

static void report(unsigned n, const struct cost *c, uint64_t build_each)
{
    printf("density: N %5u  create->main %8lu  destroy %8lu  wake rtt %6lu  "
           "build(step) %8lu\n", n, c->create, c->destroy, c->wake, build_each);
    printf("bench: create_main_n%u %lu ns\n", n, c->create);
    printf("bench: destroy_n%u %lu ns\n", n, c->destroy);
    printf("bench: wake_rtt_n%u %lu ns\n", n, c->wake);
}

/* argv: the populations to measure at (running domains, domain 0 counted). */
int main(int argc, char **argv)
{
    uint64_t free0 = free_pages();
    struct cost c;
    unsigned step, full = 0;

    printf("density: N = running domains when the probe is created\n");
    for (int a = 1; a < argc && !full; a++) {
        unsigned want = strtoul(argv[a], 0, 10), had = nr_idle;
        uint64_t t0 = time_monotonic_ns();

        while (nr_idle + 1 < want)
            if (grow_one()) {
                full = 1;
                break;
            }
        step = nr_idle > had ? (time_monotonic_ns() - t0) / (nr_idle - had) : 0;
        if (measure(&c)) {
            printf("density: a probe failed at N %u\n", nr_idle + 1);
            break;
        }
        report(nr_idle + 1, &c, step);
    }
    printf("bench: density_domains %u domains (1 MiB each, %lu frames each "
           "with the hypervisor's)\n", nr_idle + 1,
           nr_idle ? (free0 - free_pages()) / nr_idle : 0);
    for (unsigned i = 0; i < nr_idle; i++)
        ctl_simple(XEN_DOMCTL_destroydomain, doms[i]);
    time_sleep_ns(SEC / 10);
    printf("density: %u domains destroyed, free frames %lu before, %lu after\n",
           nr_idle, free0, free_pages());
    return 0;
}
