/* Leak accounting for scripts: frames, store nodes and dom0's ports, and
 * `cycle`, which creates and destroys a domain N times and compares them. */
#include "initrd.h"
#include "shell.h"
#include "toolstack.h"
#include "xc.h"
#include "xenstored/xenstored.h"
#include <libos/hypercall.h>
#include <libos/thread.h>
#include <libos/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS 1000000ULL

struct tally {
    uint64_t frames;
    unsigned nodes, ports;
};

/* Ports in use in dom0.  The valid ports are a prefix (the hypervisor
 * grows the table from 0), so the first one it refuses ends the count. */
static unsigned ports_in_use(void)
{
    unsigned n = 0;

    for (evtchn_port_t p = 1; p < LIBOS_MAX_PORTS; p++) {
        evtchn_status_t st = { .dom = DOMID_SELF, .port = p };
        if (hypercall_event_channel_op(EVTCHNOP_status, &st))
            break;
        n += st.status != EVTCHNSTAT_closed;
    }
    return n;
}

/* After the hypervisor has reaped what was destroyed (it does so at its
 * next scheduling point: a short sleep lets it). */
static void tally(struct tally *t)
{
    thread_sleep_ns(5 * MS);
    t->frames = xc_free_pages();
    t->nodes = xsd_node_count();
    t->ports = ports_in_use();
}

int shell_cmd_stats(int argc, char **argv)
{
    struct tally t;

    tally(&t);
    printf("stats: %lu free frames, %u store nodes, %u dom0 ports, %u domains\n",
           (unsigned long)t.frames, t.nodes, t.ports, ts_count());
    return 0;
}

/* One round: create, wait for its first console byte, destroy.  Returns
 * the create -> first output time in ns, or 0 on failure. */
static uint64_t one_round(const struct initrd_file *f)
{
    struct xlcfg cfg;
    struct ts_dom *d;
    char err[160];
    uint64_t t0 = time_monotonic_ns(), end = t0 + 5000 * MS, first = 0;

    if (xlcfg_parse(f->data, f->size, f->name, &cfg, err, sizeof(err)) ||
        ts_create(&cfg, &d))
        return 0;
    if (d->con && console_back_wait_output(d->con, end))
        first = time_monotonic_ns() - t0;
    ts_destroy(d);
    return first;
}

int shell_cmd_cycle(int argc, char **argv)
{
    struct initrd_file f;
    struct tally before, after;
    unsigned n = argc > 2 ? strtoul(argv[2], NULL, 10) : 0, ok = 0;
    uint64_t total = 0, t;
    char path[96];

    snprintf(path, sizeof(path), "cfg/%s.cfg", argc > 1 ? argv[1] : "");
    if (argc != 3 || !n || (initrd_find(argv[1], &f) && initrd_find(path, &f)))
        return printf("cycle: usage: cycle CFG N (a config in the initrd)\n"), -1;
    tally(&before);
    for (unsigned i = 0; i < n; i++)
        if ((t = one_round(&f)))
            ok++, total += t;
    tally(&after);
    printf("cycle: %u of %u rounds, create->first output %lu us average; "
           "frames %lu/%lu, store nodes %u/%u, dom0 ports %u/%u (before/after)\n",
           ok, n, ok ? (unsigned long)(total / ok / 1000) : 0,
           (unsigned long)before.frames, (unsigned long)after.frames,
           before.nodes, after.nodes, before.ports, after.ports);
    return ok == n && before.frames == after.frames &&
           before.nodes == after.nodes && before.ports == after.ports ? 0 : -1;
}
