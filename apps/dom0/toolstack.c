/* Domain creation and teardown as xl does them, over xc.c, xenstored and
 * the console backend. */
#include "initrd.h"
#include "toolstack.h"
#include "ts_devices.h"
#include "ts_store.h"
#include "xc.h"
#include "xs_glue.h"
#include <errno.h>
#include <libos/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include <xen/sched.h>

/* Every domain the toolstack built and has not destroyed, newest first.
 * Only dom0's threads touch it (never event handlers), and threads switch
 * only when one blocks, so no lock is needed: but a call that blocks (a
 * xenstore request, a sleep) may find the list changed when it returns. */
static struct ts_dom *doms;
static unsigned nr_doms;

struct ts_dom *ts_first(void)
{
    return doms;
}

unsigned ts_count(void)
{
    return nr_doms;
}

struct ts_dom *ts_find(const char *s)
{
    char *end;
    unsigned long id = strtoul(s, &end, 10);

    for (struct ts_dom *d = doms; d; d = d->next)
        if ((*s && !*end && d->id == id) || !strcmp(d->cfg.name, s))
            return d;
    return NULL;
}

/* The kernel a config names, as images/mkinitrd.sh packs it:
 * kernel/<app>.elf for an app name, kernel/<basename> for a path. */
static int find_kernel(const struct xlcfg *cfg, struct initrd_file *f)
{
    const char *slash = strrchr(cfg->kernel, '/');
    char name[XLCFG_PATH_LEN + 16];

    if (slash)
        snprintf(name, sizeof(name), "kernel/%s", slash + 1);
    else
        snprintf(name, sizeof(name), "kernel/%s.elf", cfg->kernel);
    return initrd_find(name, f);
}

/*
 * Ports for the store and the console, and the build itself.  As libxl
 * does: the new domain's ports are allocated unbound to the backend
 * (dom0) before the build, so the builder can write them into start_info;
 * the backends bind to them once the domain is introduced.  Both backends
 * are dom0 here; a driver domain would be named in store_/console_domid.
 */
static int build(struct ts_dom *d, const struct initrd_file *k)
{
    struct hvx_domctl_build_pv b = {
        .image = (uint64_t)k->data, .image_size = k->size,
        .memory_kb = (uint64_t)d->cfg.memory_mb << 10,
        .maxmem_kb = (uint64_t)d->cfg.maxmem_mb << 10,
        .cmdline = (uint64_t)d->cfg.cmdline, .weight = d->cfg.weight,
        .store_domid = 0, .console_domid = 0,
    };
    int rc;

    snprintf(b.name, sizeof(b.name), "%s", d->cfg.name);
    if ((rc = xc_evtchn_alloc_unbound(d->id, 0, &d->store_port)) ||
        (rc = xc_evtchn_alloc_unbound(d->id, 0, &d->console_port)))
        return rc;
    b.store_port = d->store_port;
    b.console_port = d->console_port;
    return xc_domain_build(d->id, &b);
}

/*
 * Backends and store entries, then it runs.  The order matters: the store
 * entries exist before xenstored serves the ring (a guest's first read of
 * "name" must not race the toolstack), and the console is attached before
 * unpause so no early line is lost (the ring would hold it anyway, up to
 * its 2 KiB).
 */
static int connect(struct ts_dom *d)
{
    int rc;

    if ((rc = ts_store_domain(d)) ||
        (rc = xs_glue_introduce(d->id, d->store_port)))
        return rc;
    if (!(d->con = console_back_attach(d->id, d->cfg.name, d->console_port)))
        return -EIO;
    if ((rc = ts_devices_create(d)))
        return rc;
    return xc_domain_unpause(d->id);
}

int ts_create(const struct xlcfg *cfg, struct ts_dom **out)
{
    struct ts_dom *d = calloc(1, sizeof(*d));
    struct initrd_file k;
    int rc;

    if (!d)
        return -ENOMEM;
    d->cfg = *cfg;
    if (ts_find(cfg->name)) {
        printf("(dom0) create %s: a domain of that name exists\n", cfg->name);
        free(d);
        return -EEXIST;
    }
    if (find_kernel(cfg, &k)) {
        printf("(dom0) create %s: kernel %s not in the initrd\n", cfg->name,
               cfg->kernel);
        free(d);
        return -ENOENT;
    }
    d->created_ns = time_monotonic_ns();
    if ((rc = xc_domain_create(&d->id))) {
        printf("(dom0) create %s: no domain: %d\n", cfg->name, rc);
        free(d);
        return rc;
    }
    d->next = doms;
    doms = d;
    nr_doms++;
    if ((rc = build(d, &k)) || (rc = connect(d))) {
        printf("(dom0) create %s: failed: %d\n", cfg->name, rc);
        ts_destroy(d);
        return rc;
    }
    printf("(dom0) created %s as d%u (%u MiB)\n", cfg->name, d->id,
           cfg->memory_mb);
    if (out)
        *out = d;
    return 0;
}

int ts_create_text(const char *file, const char *text, size_t len)
{
    static struct xlcfg cfg;
    char err[256];

    if (xlcfg_parse(text, len, file, &cfg, err, sizeof(err))) {
        printf("(dom0) %s\n", err);
        return -EINVAL;
    }
    return ts_create(&cfg, NULL);
}

void ts_destroy(struct ts_dom *d)
{
    int rc;

    ts_devices_destroy(d);
    console_back_detach(d->con);
    xs_glue_release(d->id);
    ts_store_forget(d);
    if ((rc = xc_domain_destroy(d->id)) && rc != -XEN_ESRCH)
        printf("(dom0) destroy d%u: %d\n", d->id, rc);
    for (struct ts_dom **pp = &doms; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            nr_doms--;
            break;
        }
    free(d);
}

int ts_pause(struct ts_dom *d)
{
    return xc_domain_pause(d->id);
}

int ts_unpause(struct ts_dom *d)
{
    return xc_domain_unpause(d->id);
}

const char *ts_state(const struct ts_dom *d, char buf[8])
{
    xen_domctl_getdomaininfo_t i;
    unsigned reason;

    if (xc_domain_info(d->id, &i))
        return "-";
    reason = (i.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    snprintf(buf, 8, "%c%c%c%c%c",
             i.flags & XEN_DOMINF_running ? 'r' : '-',
             i.flags & XEN_DOMINF_blocked ? 'b' : '-',
             i.flags & XEN_DOMINF_paused ? 'p' : '-',
             (i.flags & XEN_DOMINF_shutdown) && reason != SHUTDOWN_crash ? 's' : '-',
             (i.flags & XEN_DOMINF_shutdown) && reason == SHUTDOWN_crash ? 'c' :
             (i.flags & XEN_DOMINF_dying) ? 'd' : '-');
    return buf;
}
