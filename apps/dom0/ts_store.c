/* A domain's xenstore entries, written and removed by dom0 (domain 0). */
#include "ts_store.h"
#include "xenstored/xenstored.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/grant_table.h>

static int put(const char *perms, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write value at the formatted path (a directory when value is NULL), then
 * its permissions ("n0 r5": dom0 owns, domain 5 may read). */
static int put(const char *perms, const char *value, const char *fmt, ...)
{
    char path[128];
    va_list ap;
    int rc;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    rc = value ? xsd_write(path, value, strlen(value)) : xsd_mkdir(path);
    if (!rc && perms)
        rc = xsd_set_perms(path, perms);
    return rc;
}

static void uuid_of(const struct ts_dom *d, char *buf, size_t n)
{
    snprintf(buf, n, "00000000-0000-0000-0000-%012x", d->id);
}

int ts_store_domain(const struct ts_dom *d)
{
    char ro[16], own[16], num[64], uuid[40];
    const char *home = "/local/domain";
    unsigned id = d->id;
    int rc = 0;

    snprintf(ro, sizeof(ro), "n0 r%u", id);     /* the guest reads */
    snprintf(own, sizeof(own), "n%u", id);      /* the guest owns */
    uuid_of(d, uuid, sizeof(uuid));
    snprintf(num, sizeof(num), "%u", id);
    rc |= put(ro, NULL, "%s/%u", home, id);
    rc |= put(ro, d->cfg.name, "%s/%u/name", home, id);
    rc |= put(ro, num, "%s/%u/domid", home, id);
    rc |= put(ro, NULL, "/vm/%s", uuid);
    rc |= put(ro, d->cfg.name, "/vm/%s/name", uuid);
    rc |= put(ro, uuid, "/vm/%s/uuid", uuid);
    snprintf(num, sizeof(num), "/vm/%s", uuid);
    rc |= put(ro, num, "%s/%u/vm", home, id);
    snprintf(num, sizeof(num), "%u", d->cfg.memory_mb << 10);
    rc |= put(ro, num, "%s/%u/memory/target", home, id);
    snprintf(num, sizeof(num), "%u",
             (d->cfg.maxmem_mb ? d->cfg.maxmem_mb : d->cfg.memory_mb) << 10);
    rc |= put(ro, num, "%s/%u/memory/static-max", home, id);
    snprintf(num, sizeof(num), "%u", d->console_port);
    rc |= put(ro, num, "%s/%u/console/port", home, id);
    snprintf(num, sizeof(num), "%u", GNTTAB_RESERVED_CONSOLE);
    rc |= put(ro, num, "%s/%u/console/ring-ref", home, id);
    rc |= put(ro, "xenconsoled", "%s/%u/console/type", home, id);
    snprintf(num, sizeof(num), "%u", d->store_port);
    rc |= put(ro, num, "%s/%u/store/port", home, id);
    rc |= put(ro, NULL, "%s/%u/control", home, id);
    rc |= put(own, "", "%s/%u/control/shutdown", home, id);
    rc |= put(own, NULL, "%s/%u/data", home, id);
    rc |= put(ro, NULL, "%s/%u/device", home, id);
    return rc ? -EIO : 0;               /* the store refused one */
}

void ts_store_forget(const struct ts_dom *d)
{
    char path[64], uuid[40];

    uuid_of(d, uuid, sizeof(uuid));
    snprintf(path, sizeof(path), "/vm/%s", uuid);
    xsd_rm(path);
    snprintf(path, sizeof(path), "/local/domain/%u", d->id);
    xsd_rm(path);
}

int ts_store_exit_status(const struct ts_dom *d)
{
    char path[64], val[16];
    int n;

    snprintf(path, sizeof(path), "/local/domain/%u/data/exit-status", d->id);
    n = xsd_read(path, val, sizeof(val) - 1);
    if (n <= 0 || n >= (int)sizeof(val))
        return -1;
    val[n] = 0;
    return atoi(val);
}

int ts_store_request_shutdown(const struct ts_dom *d, const char *what)
{
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", d->id);
    return xsd_write(path, what, strlen(what));
}
