/* Device backends for the toolstack.  No backend exists yet: a config
 * that names a vif or a disk is refused rather than silently run without
 * it. */
#include "ts_devices.h"
#include <errno.h>
#include <stdio.h>

int ts_devices_create(struct ts_dom *d)
{
    if (d->cfg.nr_vifs || d->cfg.nr_disks) {
        printf("(dom0) create %s: vif and disk devices are not supported yet\n",
               d->cfg.name);
        return -ENODEV;
    }
    return 0;
}

void ts_devices_destroy(struct ts_dom *d)
{
}
