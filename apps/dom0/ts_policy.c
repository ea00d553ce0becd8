/* What happens when a domain shuts down: VIRQ_DOM_EXC, its outcome, and
 * the config's on_poweroff / on_reboot / on_crash. */
#include "toolstack.h"
#include "ts_store.h"
#include "xc.h"
#include <errno.h>
#include <libos/events.h>
#include <libos/thread.h>
#include <libos/time.h>
#include <stdio.h>
#include <string.h>
#include <xen/sched.h>

#define MAX_RESTARTS 10                /* then a crash loop is destroyed */
#define GONE_KEPT    16

static struct waitq exc = WAITQ_INIT;
static volatile unsigned exc_events;
static char gone[GONE_KEPT][80];       /* the last outcomes, for `list` */
static unsigned nr_gone;

static void on_dom_exc(evtchn_port_t port, void *data)
{
    exc_events++;
    waitq_wake_all(&exc);
}

/* "exited 3" for an app's exit status, else the shutdown reason. */
static void describe(struct ts_dom *d, unsigned reason)
{
    int status = ts_store_exit_status(d);

    if (reason == SHUTDOWN_poweroff && status >= 0)
        snprintf(d->outcome, sizeof(d->outcome), "exited %d", status);
    else if (reason == SHUTDOWN_poweroff)
        snprintf(d->outcome, sizeof(d->outcome), "powered off");
    else if (reason == SHUTDOWN_crash)
        snprintf(d->outcome, sizeof(d->outcome), "crashed");
    else if (reason == SHUTDOWN_reboot)
        snprintf(d->outcome, sizeof(d->outcome), "rebooted");
    else
        snprintf(d->outcome, sizeof(d->outcome), "shut down (reason %u)",
                 reason);
}

static enum xlcfg_action action_for(const struct ts_dom *d, unsigned reason)
{
    if (reason == SHUTDOWN_poweroff)
        return d->cfg.on_poweroff;
    if (reason == SHUTDOWN_reboot)
        return d->cfg.on_reboot;
    if (reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog)
        return d->cfg.on_crash;
    return XLCFG_DESTROY;
}

static void remember(const struct ts_dom *d)
{
    snprintf(gone[nr_gone++ % GONE_KEPT], sizeof(gone[0]), "%-5u %-16s %s",
             d->id, d->cfg.name, d->outcome);
}

/* d has shut down: say how, then apply its config's action.  A restart
 * destroys and builds anew from the same config (as xl does for PV
 * domains); the count carries over so that a domain crashing at boot is
 * given up after MAX_RESTARTS instead of looping forever. */
static void handle(struct ts_dom *d, unsigned reason)
{
    enum xlcfg_action a = action_for(d, reason);
    struct xlcfg cfg = d->cfg;
    unsigned restarts = d->restarts;
    struct ts_dom *nd;

    describe(d, reason);
    d->shut_down = true;
    if (a == XLCFG_RESTART && restarts >= MAX_RESTARTS) {
        printf("(dom0) %s: restarted %u times, destroying it\n", cfg.name,
               restarts);
        a = XLCFG_DESTROY;
    }
    printf("(dom0) d%u %s: %s (%s)\n", d->id, cfg.name, d->outcome,
           xlcfg_action_name(a));
    if (a == XLCFG_PRESERVE)
        return;
    remember(d);
    ts_destroy(d);
    if (a == XLCFG_RESTART && !ts_create(&cfg, &nd))
        nd->restarts = restarts + 1;
}

/*
 * Every domain that shut down and is not handled yet.  VIRQ_DOM_EXC says
 * only that some domain changed; the hypervisor keeps the reason in
 * getdomaininfo's flags, so each of ours is asked (as xl's monitor asks
 * about its own).  Dying domains are past handling: the toolstack
 * destroyed them itself.  handle() may destroy and re-create, changing
 * the list, hence the restart from the top after each.
 */
static void scan(void)
{
    for (struct ts_dom *d = ts_first(), *n; d; d = n) {
        xen_domctl_getdomaininfo_t i;
        n = d->next;
        if (d->shut_down || xc_domain_info(d->id, &i) ||
            !(i.flags & XEN_DOMINF_shutdown) || (i.flags & XEN_DOMINF_dying))
            continue;
        handle(d, (i.flags >> XEN_DOMINF_shutdownshift) &
                      XEN_DOMINF_shutdownmask);
        n = ts_first();                /* the list changed: start over */
    }
}

static void *watcher(void *unused)
{
    for (;;) {
        THREAD_WAIT(&exc, exc_events != 0, ~0UL);
        exc_events = 0;
        scan();
    }
    return NULL;
}

int ts_start(void)
{
    evtchn_port_t port;
    int rc = evtchn_bind_virq(VIRQ_DOM_EXC, &port);

    if (rc)
        return rc;
    evtchn_set_handler(port, on_dom_exc, NULL);
    return thread_create("toolstack", watcher, NULL, 0) ? 0 : -ENOMEM;
}

/* Xen's PV protocol first: write control/shutdown and let the guest shut
 * itself down (libos's control thread answers it); a guest without that
 * watch, or one that does not answer in time, is shut down by the
 * hypervisor (SCHEDOP_remote_shutdown, xl shutdown -F's fallback). */
int ts_shutdown(struct ts_dom *d, unsigned timeout_ms)
{
    uint64_t end = time_monotonic_ns() + timeout_ms * 1000000ULL;
    xen_domctl_getdomaininfo_t i;

    ts_store_request_shutdown(d, "poweroff");
    while (time_monotonic_ns() < end) {
        if (xc_domain_info(d->id, &i) || (i.flags & XEN_DOMINF_shutdown))
            return 0;
        thread_sleep_ns(1000000);
    }
    return xc_domain_shutdown(d->id, SHUTDOWN_poweroff);
}

void ts_print_gone(void)
{
    unsigned n = nr_gone < GONE_KEPT ? nr_gone : GONE_KEPT;

    for (unsigned i = nr_gone - n; i < nr_gone; i++)
        printf("%s\n", gone[i % GONE_KEPT]);
}
