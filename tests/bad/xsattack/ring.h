/* A raw client of the xenstore ring, for attacks the libos client would never make. */
#ifndef XSATTACK_RING_H
#define XSATTACK_RING_H

#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

struct xsd_reply {
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1];   /* NUL-terminated copy */
};

/* ring.c */
int ring_open(void);                       /* 0, or -1 without a store ring */
struct xenstore_domain_interface *ring_intf(void);
void ring_notify(void);
/* Put n raw bytes on the request ring (waits for space up to 1 s): 0/-1. */
int ring_put(const void *buf, size_t n);
/* Send a message: type, tx_id and len bytes of payload (as given). */
int ring_send(uint32_t type, uint32_t tx, const void *payload, size_t len);
/* The next message that is not a watch event (watch events are counted),
 * waiting up to ms: 0, or -1 on timeout. */
int ring_recv(struct xsd_reply *r, unsigned ms);
unsigned ring_watch_events(void);
/* send + recv: the reply type, or -1 on timeout; the error name (or the
 * value) in r->body. */
int ring_call(uint32_t type, uint32_t tx, const void *payload, size_t len,
              struct xsd_reply *r);

#endif
