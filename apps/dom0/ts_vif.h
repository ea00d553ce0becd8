/* The toolstack's vifs: xenstore entries and netback's half of each. */
#ifndef DOM0_TS_VIF_H
#define DOM0_TS_VIF_H

#include "toolstack.h"

/* ts_vif.c */
/* d's cfg.vif entries: both halves' xenstore entries, xl's layout and
 * permissions, and a netback vif for each, waiting for its frontend.
 * Starts netback on first use.  0 or -errno (-EINVAL: a bad entry). */
int ts_vif_create(const struct ts_dom *d);
/* Vif n of d detached, as xl network-detach: netback closes, the
 * frontend has a moment to close, both halves' entries go.  -ENOENT if d
 * has no such vif. */
int ts_vif_detach(const struct ts_dom *d, unsigned n);
/* Every vif of d disconnected and freed, its entries removed.  Safe after
 * a ts_vif_create that failed half way, or for a domain with none. */
void ts_vif_destroy(const struct ts_dom *d);

#endif
