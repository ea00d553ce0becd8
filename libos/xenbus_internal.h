/* What the xenbus files share among themselves (not for other components). */
#ifndef LIBOS_XENBUS_INTERNAL_H
#define LIBOS_XENBUS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <libos/xenbus.h>

/* One piece of a request's payload; XB_STR covers a string and its NUL. */
struct xb_part {
    const void *p;
    size_t len;
};
#define XB_STR(s) ((struct xb_part){ (s), strlen(s) + 1 })

/* xenbus.c */
/*
 * Send one request of type (XS_*) in transaction t, its payload the
 * concatenated parts, and wait for the reply until deadline.  The reply's
 * payload length, with the payload in *reply (malloc'd, NUL-terminated;
 * freed here if reply is NULL); or a negative errno (xenstored's XS_ERROR
 * mapped, -ETIMEDOUT, -ENODEV, -E2BIG for a payload over
 * XENSTORE_PAYLOAD_MAX, -EIO for a reply of another type).
 */
int xb_request(uint32_t type, xenbus_xact_t t, const struct xb_part *parts,
               unsigned n, char **reply, uint64_t deadline);

/* xenbus_watch.c: an XS_WATCH_EVENT payload ("path\0token\0", len bytes). */
void xb_watch_fire(const char *body, size_t len);

/* xenbus_ring.c: the store ring (start_info's store_mfn, store_evtchn). */
extern const struct xenbus_transport xb_ring_transport;
/* True if start_info gives this domain a store ring. */
bool xb_ring_present(void);
/* Map the ring, bind its port and start the reader thread (once; later
 * calls give the first answer): 0 or a negative errno. */
int xb_ring_attach(void);

#endif
