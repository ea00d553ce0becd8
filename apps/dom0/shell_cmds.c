/* The shell's commands: xl's verbs over the toolstack, xenstore tools, and
 * a few for scripts (sleep, wait, cycle, poweroff). */
#include "initrd.h"
#include "shell.h"
#include "toolstack.h"
#include "ts_vif.h"
#include "../../net/netback.h"
#include "xc.h"
#include "xenstored/xenstored.h"
#include <libos/libos.h>
#include <libos/thread.h>
#include <libos/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/sched.h>

#define MS 1000000ULL

static struct ts_dom *dom_arg(int argc, char **argv)
{
    struct ts_dom *d = argc > 1 ? ts_find(argv[1]) : NULL;

    if (!d)
        printf("%s: no domain %s\n", argv[0], argc > 1 ? argv[1] : "given");
    return d;
}

static int done(const char *what, const struct ts_dom *d, int rc)
{
    if (rc)
        printf("%s %s: failed (%d)\n", what, d->cfg.name, rc);
    else
        printf("%s %s: done\n", what, d->cfg.name);
    return rc ? -1 : 0;
}

static int cmd_list(int argc, char **argv)
{
    xen_domctl_getdomaininfo_t i;
    char st[8];

    printf("%-5s %-16s %-6s %8s %10s  %s\n", "ID", "Name", "State", "Mem(MiB)",
           "Time(s)", "Outcome");
    if (!xc_domain_info(0, &i))
        printf("%-5u %-16s %-6s %8lu %10.3f\n", 0, "dom0", "r----",
               (unsigned long)(i.tot_pages >> 8), i.cpu_time / 1e9);
    for (struct ts_dom *d = ts_first(); d; d = d->next) {
        if (xc_domain_info(d->id, &i))
            memset(&i, 0, sizeof(i));
        printf("%-5u %-16s %-6s %8lu %10.3f  %s\n", d->id, d->cfg.name,
               ts_state(d, st), (unsigned long)(i.tot_pages >> 8),
               i.cpu_time / 1e9, d->outcome);
    }
    ts_print_gone();
    return 0;
}

/* A config in the initrd: its path as given, or cfg/<name>.cfg. */
static int cmd_create(int argc, char **argv)
{
    struct initrd_file f;
    char path[96];

    if (argc != 2) {
        printf("create: usage: create CFG\n");
        return -1;
    }
    snprintf(path, sizeof(path), "cfg/%s.cfg", argv[1]);
    if (initrd_find(argv[1], &f) && initrd_find(path, &f)) {
        printf("create: no config %s in the initrd\n", argv[1]);
        return -1;
    }
    return ts_create_text(f.name, f.data, f.size) ? -1 : 0;
}

static int cmd_destroy(int argc, char **argv)
{
    struct ts_dom *d = dom_arg(argc, argv);
    char name[XLCFG_NAME_LEN];

    if (!d)
        return -1;
    snprintf(name, sizeof(name), "%s", d->cfg.name);
    ts_destroy(d);
    printf("destroy %s: done\n", name);
    return 0;
}

static int cmd_net_detach(int argc, char **argv)
{
    struct ts_dom *d = dom_arg(argc, argv);
    char *end;
    unsigned long n;

    if (!d)
        return -1;
    n = argc == 3 ? strtoul(argv[2], &end, 10) : 0;
    if (argc != 3 || *end || end == argv[2]) {
        printf("network-detach: usage: network-detach NAME DEVID\n");
        return -1;
    }
    if (ts_vif_detach(d, n)) {
        printf("network-detach %s: no vif %lu\n", d->cfg.name, n);
        return -1;
    }
    printf("network-detach %s %lu: done\n", d->cfg.name, n);
    return 0;
}

/* netback's counters since boot: what a transfer cost in frames, copy
 * hypercalls and events. */
static int cmd_net_stats(int argc, char **argv)
{
    const struct nb_stats *s = &netback_stats;

    printf("net-stats: tx %llu frames %llu bytes, rx %llu frames; "
           "%llu copy calls, %llu ops, %llu payload bytes, %llu header "
           "bytes; %llu events sent; %llu drops, %llu errors, %llu stalls\n",
           (unsigned long long)s->tx_pkts, (unsigned long long)s->tx_bytes,
           (unsigned long long)s->rx_pkts, (unsigned long long)s->copy_calls,
           (unsigned long long)s->copy_ops, (unsigned long long)s->copy_bytes,
           (unsigned long long)s->hdr_bytes, (unsigned long long)s->notifies,
           (unsigned long long)s->drops, (unsigned long long)s->errors,
           (unsigned long long)s->stalls);
    return 0;
}

static int cmd_shutdown(int argc, char **argv)
{
    struct ts_dom *d = dom_arg(argc, argv);

    return d ? done("shutdown", d, ts_shutdown(d, 1000)) : -1;
}

static int cmd_pause(int argc, char **argv)
{
    struct ts_dom *d = dom_arg(argc, argv);

    return d ? done("pause", d, ts_pause(d)) : -1;
}

static int cmd_unpause(int argc, char **argv)
{
    struct ts_dom *d = dom_arg(argc, argv);

    return d ? done("unpause", d, ts_unpause(d)) : -1;
}

/* Attach to a domain's console: its output raw, our input to it, until
 * Ctrl-] (0x1d). */
static int cmd_console(int argc, char **argv)
{
    struct ts_dom *d = dom_arg(argc, argv);
    char log[CONSOLE_LOG_SIZE];
    size_t n;

    if (!d || !d->con)
        return d ? printf("console: %s has none\n", d->cfg.name), -1 : -1;
    printf("console %s: attached, Ctrl-] detaches\n", d->cfg.name);
    n = console_back_log(d->con, log, sizeof(log));
    console_write(log, n);
    console_back_attach_tty(d->con, 1);
    for (int c; (c = shell_getc()) != 0x1d;) {
        char ch = c;
        if (ts_find(argv[1]) != d)
            break;                     /* it went meanwhile */
        console_back_input(d->con, &ch, 1);
    }
    if (ts_find(argv[1]) == d)
        console_back_attach_tty(d->con, 0);
    printf("\nconsole %s: detached\n", argv[1]);
    return 0;
}

/* send NAME TEXT: TEXT and a newline on the domain's console input, as if
 * typed while attached (for scripts). */
static int cmd_send(int argc, char **argv)
{
    struct ts_dom *d = dom_arg(argc, argv);
    char line[128];
    size_t n;

    if (!d || !d->con || argc != 3)
        return printf("send: usage: send NAME TEXT (a running domain)\n"), -1;
    n = snprintf(line, sizeof(line), "%s\n", argv[2]);
    if (n >= sizeof(line) || console_back_input(d->con, line, n) != n)
        return printf("send %s: its console input is full\n", argv[1]), -1;
    printf("send %s: %zu bytes\n", argv[1], n);
    return 0;
}

static void ls_one(void *arg, const char *path, const char *value, size_t len)
{
    printf("%s = \"%.*s\"\n", path, (int)len, value);
}

static int cmd_xs_ls(int argc, char **argv)
{
    int rc = xsd_walk(argc > 1 ? argv[1] : "/", ls_one, NULL);

    if (rc)
        printf("xenstore-ls: %s: error %d\n", argc > 1 ? argv[1] : "/", rc);
    return rc ? -1 : 0;
}

static int cmd_xs_read(int argc, char **argv)
{
    char buf[4096];
    int n;

    if (argc != 2)
        return printf("xenstore-read: usage: xenstore-read PATH\n"), -1;
    if ((n = xsd_read(argv[1], buf, sizeof(buf))) < 0)
        return printf("xenstore-read %s: error %d\n", argv[1], n), -1;
    printf("%.*s\n", n < (int)sizeof(buf) ? n : (int)sizeof(buf), buf);
    return 0;
}

static int cmd_xs_write(int argc, char **argv)
{
    int rc;

    if (argc != 3)
        return printf("xenstore-write: usage: xenstore-write PATH VALUE\n"), -1;
    if ((rc = xsd_write(argv[1], argv[2], strlen(argv[2]))))
        return printf("xenstore-write %s: error %d\n", argv[1], rc), -1;
    printf("xenstore-write %s: done\n", argv[1]);
    return 0;
}

static int cmd_xs_rm(int argc, char **argv)
{
    int rc;

    if (argc != 2)
        return printf("xenstore-rm: usage: xenstore-rm PATH\n"), -1;
    if ((rc = xsd_rm(argv[1])))
        return printf("xenstore-rm %s: error %d\n", argv[1], rc), -1;
    printf("xenstore-rm %s: done\n", argv[1]);
    return 0;
}

static int cmd_sleep(int argc, char **argv)
{
    unsigned long ms = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;

    thread_sleep_ns(ms * MS);
    printf("slept %lu ms\n", ms);
    return 0;
}

/* wait NAME gone|shutdown|up [MS]: until the domain reaches that state
 * (up: it has printed on its console). */
static int reached(const char *name, const char *what)
{
    struct ts_dom *d = ts_find(name);

    if (!strcmp(what, "gone"))
        return !d;
    if (!strcmp(what, "shutdown"))
        return d && d->shut_down;
    if (!strcmp(what, "up"))
        return d && d->con && console_back_bytes(d->con) > 0;
    return -1;
}

static int cmd_wait(int argc, char **argv)
{
    uint64_t ms = argc > 3 ? strtoul(argv[3], NULL, 10) : 10000;
    uint64_t end = time_monotonic_ns() + ms * MS;
    int r;

    if (argc < 3 || reached(argv[1], argv[2]) < 0)
        return printf("wait: usage: wait NAME gone|shutdown|up [MS]\n"), -1;
    while (!(r = reached(argv[1], argv[2])) && time_monotonic_ns() < end)
        thread_sleep_ns(MS);
    printf("wait %s %s: %s\n", argv[1], argv[2], r ? "reached" : "timed out");
    return r ? 0 : -1;
}

static int cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("%s%s", argv[i], i + 1 < argc ? " " : "");
    printf("\n");
    return 0;
}

static int cmd_poweroff(int argc, char **argv)
{
    int status = argc > 1 ? atoi(argv[1]) : 0;

    printf("poweroff: %d domains left, status %d\n", ts_count(), status);
    fflush(stdout);
    exit(status);
}

int shell_cmd_cycle(int argc, char **argv);
int shell_cmd_run_all(int argc, char **argv);          /* shell_run.c */
int shell_cmd_poweroff_status(int argc, char **argv);
int shell_cmd_stats(int argc, char **argv);
static int cmd_help(int argc, char **argv);

const struct shell_cmd shell_cmds[] = {
    { "help", "", "this list", cmd_help },
    { "list", "", "domains: id, name, state, memory, CPU time", cmd_list },
    { "create", "CFG", "create a domain from a config in the initrd", cmd_create },
    { "destroy", "NAME", "destroy a domain now", cmd_destroy },
    { "shutdown", "NAME", "ask a domain to power off (forced after 1 s)", cmd_shutdown },
    { "pause", "NAME", "stop running a domain", cmd_pause },
    { "unpause", "NAME", "let it run again", cmd_unpause },
    { "console", "NAME", "attach to its console (Ctrl-] detaches)", cmd_console },
    { "network-detach", "NAME DEVID", "take a vif away (netback closes, then the frontend)", cmd_net_detach },
    { "send", "NAME TEXT", "a line on its console input", cmd_send },
    { "xenstore-ls", "[PATH]", "the store under PATH", cmd_xs_ls },
    { "xenstore-read", "PATH", "one value", cmd_xs_read },
    { "xenstore-write", "PATH VALUE", "set a value", cmd_xs_write },
    { "xenstore-rm", "PATH", "remove a subtree", cmd_xs_rm },
    { "stats", "", "free frames, store nodes, dom0's ports", shell_cmd_stats },
    { "net-stats", "", "netback's counters: frames, copy calls, events", cmd_net_stats },
    { "cycle", "CFG N", "create and destroy N times; report leaks", shell_cmd_cycle },
    { "wait", "NAME gone|shutdown|up [MS]", "wait for a domain's state", cmd_wait },
    { "sleep", "MS", "pause the script", cmd_sleep },
    { "echo", "TEXT", "print a line", cmd_echo },
    { "poweroff", "[STATUS]", "end dom0, and with it the machine", cmd_poweroff },
    { "run-all", "[MS [DIR/]]", "create each cfg/ config once, wait until all are gone", shell_cmd_run_all },
    { "poweroff-status", "", "poweroff, status 0 only if run-all's domains all exited 0", shell_cmd_poweroff_status },
    { NULL, NULL, NULL, NULL },
};

static int cmd_help(int argc, char **argv)
{
    for (const struct shell_cmd *c = shell_cmds; c->name; c++)
        printf("  %-15s %-28s %s\n", c->name, c->args, c->help);
    return 0;
}
