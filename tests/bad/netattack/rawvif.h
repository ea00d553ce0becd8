/* rawvif: a netif frontend with no stack behind it, for netattack: the
 * XenbusState handshake, both rings, and a page of frames to point
 * requests at; the attacks write the requests themselves. */
#ifndef NETATTACK_RAWVIF_H
#define NETATTACK_RAWVIF_H

#include <libos/barrier.h>
#include <libos/events.h>
#include <stdint.h>
#include <xen/grant_table.h>
#include <xen/io/netif.h>

#define RAW_PAGE 4096

struct rawvif {
    unsigned handle;
    char dir[32], backend[96];
    domid_t backend_id;
    uint8_t mac[6];
    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    grant_ref_t tx_ref, rx_ref;
    evtchn_port_t port;
    uint8_t *frames;                   /* a page the backend may read */
    grant_ref_t frames_ref;
};

/* Handshake vif handle up to the backend's Connected; 0 or an error. */
int rawvif_connect(struct rawvif *v, unsigned handle);
/* An Ethernet frame of len bytes at frames + off: to dst, from our MAC,
 * an experimental ethertype (no stack takes it). */
void rawvif_frame(struct rawvif *v, unsigned off, const uint8_t dst[6],
                  unsigned len);
/* One tx request as given (published, with an event). */
void rawvif_tx(struct rawvif *v, grant_ref_t gref, uint16_t off,
               uint16_t flags, uint16_t id, uint16_t size);
/* Publish what is queued and notify. */
void rawvif_push(struct rawvif *v);
/* The status of the tx response for id, waiting up to ms; 1 (not a
 * NETIF_RSP_*) if none came. */
int rawvif_tx_status(struct rawvif *v, uint16_t id, unsigned ms);
/* Whether the backend's state reaches Closing or Closed within ms. */
int rawvif_dropped(struct rawvif *v, unsigned ms);

#endif
