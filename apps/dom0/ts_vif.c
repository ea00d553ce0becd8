/* A domain's vifs: xl's xenstore entries for both halves, and netback's vif. */
#include "../../net/netback.h"
#include "ts_vif.h"
#include "xenstored/xenstored.h"
#include <errno.h>
#include <libos/time.h>
#include <libos/xenbus.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * For vif <n> of domain <id>, as xl lays them out:
 *   /local/domain/<id>/device/vif/<n>/      owner <id>, dom0 reads
 *     backend, backend-id, handle, mac, mtu, state = 1 (Initialising)
 *   /local/domain/0/backend/vif/<id>/<n>/   owner dom0, <id> reads
 *     frontend, frontend-id, handle, mac, ip, bridge, type, online,
 *     state = 1, and netback's feature-* keys
 * A config entry is "mac=…,ip=…,bridge=…,mtu=…", every key optional:
 * mac defaults to 00:16:3e:<id>:<n> (xl picks one at random), bridge to
 * xenbr0, mtu to 1500 (io/netif.h's default).  ip is "a.b.c.d[/len]";
 * netfront reads it from the backend dir, as Mini-OS does.
 */

struct ts_vif {
    domid_t domid;
    struct nb_vif *nb;
    struct ts_vif *next;
};
static struct ts_vif *vifs;
static bool started;

static int put(const char *dir, const char *key, const char *perms,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* dir/key = the formatted value, with perms. */
static int put(const char *dir, const char *key, const char *perms,
               const char *fmt, ...)
{
    char path[128], val[128];
    va_list ap;
    int rc;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s%s%s", dir, *key ? "/" : "", key);
    rc = xsd_write(path, val, strlen(val));
    return rc ? rc : xsd_set_perms(path, perms);
}

/* Six hex pairs separated by colons, a station (not group) address. */
static bool mac_ok(const char *s)
{
    unsigned b[6];
    char end;

    return sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
                  &b[4], &b[5], &end) == 6 && strlen(s) == 17 && !(b[0] & 1);
}

struct vif_cfg {
    char mac[24], ip[24], bridge[16], mtu[8];
};

/* The entry's keys, defaults filled in; -EINVAL for a bad one. */
static int parse(const char *dev, domid_t id, unsigned n, struct vif_cfg *c)
{
    char *end;

    if (xlcfg_dev_get(dev, "mac", c->mac, sizeof(c->mac)))
        snprintf(c->mac, sizeof(c->mac), "00:16:3e:%02x:%02x:%02x",
                 (id >> 8) & 0xff, id & 0xff, n & 0xff);
    if (xlcfg_dev_get(dev, "ip", c->ip, sizeof(c->ip)))
        c->ip[0] = 0;
    if (xlcfg_dev_get(dev, "bridge", c->bridge, sizeof(c->bridge)))
        strcpy(c->bridge, "xenbr0");
    if (xlcfg_dev_get(dev, "mtu", c->mtu, sizeof(c->mtu)))
        strcpy(c->mtu, "1500");
    if (!mac_ok(c->mac))
        return -EINVAL;
    long mtu = strtol(c->mtu, &end, 10);
    return *end || mtu < 576 || mtu > 65535 - 14 ? -EINVAL : 0;
}

static int write_frontend(domid_t id, unsigned n, const struct vif_cfg *c,
                          const char *fe, const char *be)
{
    char perms[16];
    int rc = 0;

    snprintf(perms, sizeof(perms), "n%u r0", id);
    rc |= put(fe, "", perms, "%s", "");
    rc |= put(fe, "backend", perms, "%s", be);
    rc |= put(fe, "backend-id", perms, "0");
    rc |= put(fe, "handle", perms, "%u", n);
    rc |= put(fe, "mac", perms, "%s", c->mac);
    rc |= put(fe, "mtu", perms, "%s", c->mtu);
    rc |= put(fe, "state", perms, "%d", XenbusStateInitialising);
    return rc;
}

static int write_backend(domid_t id, unsigned n, const struct vif_cfg *c,
                         const char *fe, const char *be)
{
    char perms[16];
    int rc = 0;

    snprintf(perms, sizeof(perms), "n0 r%u", id);
    rc |= put(be, "", perms, "%s", "");
    rc |= put(be, "frontend", perms, "%s", fe);
    rc |= put(be, "frontend-id", perms, "%u", id);
    rc |= put(be, "handle", perms, "%u", n);
    rc |= put(be, "mac", perms, "%s", c->mac);
    if (c->ip[0])
        rc |= put(be, "ip", perms, "%s", c->ip);
    rc |= put(be, "bridge", perms, "%s", c->bridge);
    rc |= put(be, "type", perms, "vif");
    rc |= put(be, "online", perms, "1");
    rc |= put(be, "state", perms, "%d", XenbusStateInitialising);
    return rc;
}

static int add_one(const struct ts_dom *d, unsigned n)
{
    struct vif_cfg c;
    char fe[64], be[64];
    struct ts_vif *t;
    int rc;

    if ((rc = parse(d->cfg.vif[n], d->id, n, &c))) {
        printf("(dom0) create %s: bad vif '%s'\n", d->cfg.name, d->cfg.vif[n]);
        return rc;
    }
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vif/%u", d->id, n);
    snprintf(be, sizeof(be), "/local/domain/0/backend/vif/%u/%u", d->id, n);
    if (write_frontend(d->id, n, &c, fe, be) ||
        write_backend(d->id, n, &c, fe, be))
        return -EIO;
    if (!(t = calloc(1, sizeof(*t))) ||
        !(t->nb = netback_vif_create(d->id, n, fe, be, c.bridge))) {
        free(t);
        return -ENOMEM;
    }
    t->domid = d->id;
    t->next = vifs;
    vifs = t;
    return 0;
}

int ts_vif_create(const struct ts_dom *d)
{
    int rc;

    if (!d->cfg.nr_vifs)
        return 0;
    if (!started) {
        if ((rc = netback_start()))
            return rc;
        started = true;
    }
    for (unsigned n = 0; n < d->cfg.nr_vifs; n++)
        if ((rc = add_one(d, n)))
            return rc;
    return 0;
}

/* The frontend's entries of vif n, as xl's network-detach: netback
 * closes first (its rings unmapped, backend state Closed), the frontend
 * gets DETACH_WAIT_MS to close too (ending its grants), then both
 * halves' entries go. */
#define DETACH_WAIT_MS 2000
int ts_vif_detach(const struct ts_dom *d, unsigned n)
{
    char fe[64], be[64], path[80], buf[8];
    struct ts_vif **pp = &vifs, *t;

    while ((t = *pp) && !(t->domid == d->id && t->nb->handle == n))
        pp = &t->next;
    if (!t)
        return -ENOENT;
    *pp = t->next;
    netback_vif_destroy(t->nb);
    free(t);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vif/%u", d->id, n);
    snprintf(be, sizeof(be), "/local/domain/0/backend/vif/%u/%u", d->id, n);
    if (xenbus_wait_state(fe, XENBUS_STATE_BIT(XenbusStateClosed) |
                              XENBUS_STATE_BIT(XenbusStateUnknown),
                          time_monotonic_ns() + DETACH_WAIT_MS * 1000000ULL) < 0)
        printf("(dom0) d%u vif%u: the frontend did not close in %d ms\n",
               d->id, n, DETACH_WAIT_MS);
    xsd_rm(fe);
    xsd_rm(be);
    /* the domain's last vif gone: no empty directory left behind */
    snprintf(path, sizeof(path), "/local/domain/0/backend/vif/%u", d->id);
    if (xsd_directory(path, buf, sizeof(buf)) == 0)
        xsd_rm(path);
    return 0;
}

void ts_vif_destroy(const struct ts_dom *d)
{
    char path[64], buf[8];

    for (struct ts_vif **pp = &vifs, *t; (t = *pp);) {
        if (t->domid != d->id) {
            pp = &t->next;
            continue;
        }
        *pp = t->next;
        netback_vif_destroy(t->nb);
        free(t);
    }
    snprintf(path, sizeof(path), "/local/domain/0/backend/vif/%u", d->id);
    xsd_rm(path);
    snprintf(path, sizeof(path), "/local/domain/%u/device/vif", d->id);
    xsd_rm(path);
    /* the last vif gone: no empty backend/vif left behind */
    if (xsd_directory("/local/domain/0/backend/vif", buf, sizeof(buf)) == 0)
        xsd_rm("/local/domain/0/backend");
}
