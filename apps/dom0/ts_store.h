/* The toolstack's part of xenstore: a domain's entries as xl lays them out. */
#ifndef DOM0_TS_STORE_H
#define DOM0_TS_STORE_H

#include "toolstack.h"

/* ts_store.c */
/* /local/domain/<id>/ with name, domid, vm, memory/, console/, store/,
 * control/shutdown, data/, device/, and /vm/<uuid>/, with xl's permissions
 * (the guest reads its home; it owns data/ and control/shutdown).
 * 0 or -errno. */
int ts_store_domain(const struct ts_dom *d);
/* Remove both subtrees. */
void ts_store_forget(const struct ts_dom *d);
/* The app's exit status from data/exit-status; -1 if it left none. */
int ts_store_exit_status(const struct ts_dom *d);
/* control/shutdown = what ("poweroff", "reboot"). */
int ts_store_request_shutdown(const struct ts_dom *d, const char *what);

#endif
