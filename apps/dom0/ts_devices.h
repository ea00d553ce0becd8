/* The toolstack's devices: backends for a domain's vif and disk entries. */
#ifndef DOM0_TS_DEVICES_H
#define DOM0_TS_DEVICES_H

#include "toolstack.h"

/* ts_devices.c */
/* After the build, before the domain runs: the xenstore entries of its
 * devices (frontend and backend halves, as xl writes them) and whatever
 * the backends need.  0 or -errno (the create then fails and undoes). */
int ts_devices_create(struct ts_dom *d);
/* Before the domain is destroyed: backends disconnected, entries gone.
 * Safe to call on a domain whose ts_devices_create failed half way. */
void ts_devices_destroy(struct ts_dom *d);

#endif
