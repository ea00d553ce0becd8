/* Device backends for the toolstack: vifs (ts_vif.c).  No disk backend
 * exists yet: a config that names a disk is refused rather than silently
 * run without it. */
#include "ts_devices.h"
#include "ts_vif.h"
#include <errno.h>
#include <stdio.h>

int ts_devices_create(struct ts_dom *d)
{
    if (d->cfg.nr_disks) {
        printf("(dom0) create %s: disk devices are not supported yet\n",
               d->cfg.name);
        return -ENODEV;
    }
    return ts_vif_create(d);
}

void ts_devices_destroy(struct ts_dom *d)
{
    ts_vif_destroy(d);
}
