/* dom0's toolstack: domains from xl-style configs, their lifecycle policy. */
#ifndef DOM0_TOOLSTACK_H
#define DOM0_TOOLSTACK_H

#include "../../images/xlcfg.h"
#include "console_back.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

/* A domain the toolstack built. */
struct ts_dom {
    domid_t id;
    struct xlcfg cfg;
    const void *image;                 /* in the initrd */
    size_t image_size;
    uint32_t store_port, console_port; /* the domU's ends */
    struct console_back *con;
    unsigned restarts;
    bool shut_down;                    /* preserved after its shutdown */
    char outcome[48];                  /* "exited 3", "crashed", ... */
    uint64_t created_ns;               /* system time of xc_domain_create */
    struct ts_dom *next;
};

/* toolstack.c */
/* Watch VIRQ_DOM_EXC and apply on_poweroff/on_reboot/on_crash.  0 or -errno. */
int ts_start(void);
/* Build and start a domain from cfg (its kernel looked up in the initrd).
 * 0 with *out set, or -errno after one line naming the config. */
int ts_create(const struct xlcfg *cfg, struct ts_dom **out);
/* Parse the config text of file and create it. */
int ts_create_text(const char *file, const char *text, size_t len);
/* Tear a domain down: backends detached, xenstore entries removed, then
 * destroyed; the record freed. */
void ts_destroy(struct ts_dom *d);
/* Ask it to shut down (control/shutdown, then SCHEDOP_remote_shutdown if it
 * has not within timeout_ms); its on_poweroff then applies. */
int ts_shutdown(struct ts_dom *d, unsigned timeout_ms);
int ts_pause(struct ts_dom *d);
int ts_unpause(struct ts_dom *d);
/* By name or decimal id; NULL if none. */
struct ts_dom *ts_find(const char *name_or_id);
struct ts_dom *ts_first(void);
/* Domains the toolstack holds. */
unsigned ts_count(void);
/* xl's one-letter states: r, b, p, s (shut down), c (crashed), d (dying);
 * "-" when the hypervisor no longer knows it. */
const char *ts_state(const struct ts_dom *d, char buf[8]);
/* Outcomes of domains that are gone, for `list` and the last line. */
void ts_print_gone(void);

#endif
