/* Run mode (`make run CFGS=...`): each config of the initrd run once, one
 * line per domain's outcome, and a power-off status that says whether every
 * domain exited 0.  dom0's command line for it: noauto script=run.rc, with
 * run.rc holding "run-all MS" and "poweroff-status". */
#include "initrd.h"
#include "toolstack.h"
#include <libos/thread.h>
#include <libos/time.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS 1000000ULL

struct run_dom {
    char name[XLCFG_NAME_LEN + 8];
    char outcome[48];
    struct ts_dom *d;                  /* while it runs; NULL once done */
};

static struct run_dom *runs;
static unsigned nr_runs, cap_runs, nr_failed;
static bool ran;
static char run_dir[64] = "cfg/";      /* the initrd folder run-all takes */

static bool is_cfg(const struct initrd_file *f, const char **name)
{
    size_t n = strlen(f->name), d = strlen(run_dir);

    *name = strncmp(f->name, "./", 2) ? f->name : f->name + 2;
    return !strncmp(*name, run_dir, d) && n > 4 &&
           !strcmp(f->name + n - 4, ".cfg");
}

static void count_one(void *arg, const struct initrd_file *f)
{
    const char *name;

    cap_runs += is_cfg(f, &name);
}

/* The domain ended (or never started): say how, and whether it failed. */
static void run_done(struct run_dom *r, const char *outcome)
{
    snprintf(r->outcome, sizeof(r->outcome), "%s", outcome);
    r->d = NULL;
    if (strcmp(outcome, "exited 0") && strcmp(outcome, "powered off"))
        nr_failed++;
    printf("(dom0) run: %s: %s\n", r->name, r->outcome);
}

/* Create it with every on_* action "preserve": this loop, not the config's
 * policy, decides what follows a shutdown, so each domain runs once and
 * its first outcome is the one reported. */
static void create_one(void *arg, const struct initrd_file *f)
{
    static struct xlcfg cfg;
    struct run_dom *r = &runs[nr_runs];
    const char *file;
    char err[256];

    if (!is_cfg(f, &file) || nr_runs == cap_runs)
        return;
    nr_runs++;
    if (xlcfg_parse(f->data, f->size, file, &cfg, err, sizeof(err))) {
        printf("(dom0) %s\n", err);
        snprintf(r->name, sizeof(r->name), "%s", file);
        run_done(r, "rejected");
        return;
    }
    snprintf(r->name, sizeof(r->name), "%s", cfg.name);
    cfg.on_poweroff = cfg.on_reboot = cfg.on_crash = XLCFG_PRESERVE;
    if (ts_create(&cfg, &r->d))
        run_done(r, "rejected");
}

/* Collect the domains that shut down; how many still run. */
static unsigned reap(void)
{
    unsigned left = 0;

    for (unsigned i = 0; i < nr_runs; i++) {
        struct run_dom *r = &runs[i];
        if (!r->d)
            continue;
        if (!r->d->shut_down) {
            left++;
            continue;
        }
        struct ts_dom *d = r->d;
        run_done(r, d->outcome);
        ts_destroy(d);
    }
    return left;
}

/* run-all [MS [DIR/]]: create every DIR/NAME.cfg of the initrd (default
 * cfg/, the configs dom0 creates at boot unless "noauto"), wait until all
 * are gone (at most MS, default an hour), then one summary line. */
int shell_cmd_run_all(int argc, char **argv)
{
    uint64_t ms = argc > 1 ? strtoul(argv[1], NULL, 10) : 3600000;
    uint64_t end = time_monotonic_ns() + ms * MS;

    if (ran)
        return printf("run-all: runs once per boot\n"), -1;
    ran = true;
    if (argc > 2)
        snprintf(run_dir, sizeof(run_dir), "%s", argv[2]);
    initrd_each(count_one, NULL);
    if (cap_runs && !(runs = calloc(cap_runs, sizeof(*runs))))
        return printf("run-all: out of memory\n"), -1;
    initrd_each(create_one, NULL);
    while (reap() && time_monotonic_ns() < end)
        thread_sleep_ns(MS);
    for (unsigned i = 0; i < nr_runs; i++)
        if (runs[i].d) {
            struct ts_dom *d = runs[i].d;
            run_done(&runs[i], "still running at the time limit (destroyed)");
            ts_destroy(d);
        }
    printf("(dom0) run: %u domains, %u did not exit 0\n", nr_runs, nr_failed);
    return 0;
}

/* poweroff-status: end dom0, and the machine, with status 0 only if
 * run-all ran and every domain exited 0 (QEMU then exits 1, else 3). */
int shell_cmd_poweroff_status(int argc, char **argv)
{
    int status = !ran || nr_failed || !nr_runs;

    printf("poweroff: status %d (%s)\n", status,
           status ? "not every domain exited 0" : "every domain exited 0");
    fflush(stdout);
    exit(status);
}
