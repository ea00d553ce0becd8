/* netfront: a libos guest's half of io/netif.h, an lwIP netif without copies. */
#ifndef NET_NETFRONT_H
#define NET_NETFRONT_H

#include "netif_ring.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include <libos/thread.h>
#include <stdbool.h>
#include <stdint.h>
#include <xen/grant_table.h>

/*
 * Zero copy, both ways:
 *  - transmit: each pbuf of a chain is granted to the backend read-only
 *    where it lies, one ring slot per page it touches (NETTXF_more_data
 *    between them); the chain is referenced until the backend answers.
 *    Copied instead: data the sender may reuse (PBUF_REF/ROM), chains of
 *    more than XEN_NETIF_NR_SLOTS_MIN slots, and frames whose first slot
 *    would hold less than an Ethernet header (Linux's netback drops them).
 *  - receive: NETIF_RX_SIZE pages, granted once and kept granted, are
 *    posted as rx requests; a frame comes back in one or more of them
 *    and goes up to lwIP as a chain of custom pbufs over those pages.
 *    When lwIP frees one, its page is posted again.
 * TCP/UDP checksums are offloaded: sent frames carry NETTXF_csum_blank
 * with the pseudo-header sum in the checksum field (what Linux calls
 * CHECKSUM_PARTIAL); received frames marked NETRXF_data_validated are
 * believed, others are checked here.
 */

struct netfront;

/* A receive page, as lwIP sees it once it holds a frame. */
struct nf_rxbuf {
    struct pbuf_custom pc;               /* first: lwIP frees through it */
    struct netfront *nf;
    uint8_t *page;
    grant_ref_t gref;                    /* granted to the backend, writable */
    struct nf_rxbuf *next;               /* free list */
};

struct nf_txslot {
    struct pbuf *p;                      /* the frame it belongs to; NULL: free */
    grant_ref_t gref;
};

struct nf_stats {
    uint64_t tx_pkts, tx_slots, tx_linearised, tx_copied, tx_bounced,
             tx_errors, tx_waits;
    uint64_t rx_pkts, rx_slots, rx_errors, rx_csum_checked, rx_csum_bad;
    uint64_t notifies, events;
};

struct netfront {
    /* from xenstore (netfront_xs.c) */
    char dir[40];                        /* device/vif/<n> */
    char backend[80];
    domid_t backend_id;
    unsigned handle, mtu;
    uint8_t mac[6];
    char ip[24];                         /* "a.b.c.d[/len]" or "" */
    bool backend_sg;

    /* the rings and their event channel */
    bool connected;
    bool up;                             /* lwIP has the netif: rx may flow */
    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    uint64_t tx_ring_pfn, rx_ring_pfn;
    grant_ref_t tx_ring_ref, rx_ring_ref;
    evtchn_port_t port;

    /* transmit: slot ids are indexes of txs[] */
    struct nf_txslot txs[NETIF_TX_SIZE];
    uint16_t tx_free[NETIF_TX_SIZE];
    unsigned nr_tx_free;
    struct waitq tx_wq;                  /* output waiting for slots */

    /* receive: rx_posted[] by ring slot, as the responses come back */
    struct nf_rxbuf rxb[NETIF_RX_SIZE];
    struct nf_rxbuf *rx_posted[NETIF_RX_SIZE];
    struct nf_rxbuf *rx_free;

    /* the thread that takes responses */
    struct thread *thread;
    struct waitq wq;
    volatile unsigned kicks;

    struct netif netif;
    struct nf_stats st;
};

/* netfront.c: the data path */
/* Set up the free lists and grant the rx pages (allocated here) to the
 * backend.  0, or -ENOMEM / a grant error (what was taken is given back
 * by netfront_release). */
int netfront_buffers(struct netfront *nf);
/* Post every free rx page; push, and notify if the backend asks. */
void netfront_rx_post(struct netfront *nf);
/* The event handler and the thread that serves nf's rings. */
void netfront_event(evtchn_port_t port, void *data);
int netfront_thread_start(struct netfront *nf);
/* lwIP's linkoutput: queue chain p on the tx ring (no copy). */
err_t netfront_output(struct netif *netif, struct pbuf *p);
/* Disconnected (netfront_xs.c closed the rings): end every grant of the
 * data path, free what lwIP does not hold; pages lwIP holds are freed
 * when it lets go.  In-flight frames are given back to lwIP. */
void netfront_release(struct netfront *nf);

/* netfront_xs.c: the handshake */
/* Bring up device/vif/<handle>: read its keys, grant the rings, write
 * ours, Connected, wait for the backend's Connected.  0 or -errno. */
int netfront_connect(struct netfront *nf, unsigned handle);
/* Close: state Closing then Closed, rings and port given back. */
void netfront_close(struct netfront *nf);

/* lwip/vif.c: the lwIP side */
/* Every vif in device/vif up as an lwIP netif (the first is the default
 * route's), each printing its address.  How many came up. */
int netfront_start_all(void);
/* Whether nf's tx ring still holds frames the backend has not answered. */
bool netfront_tx_busy(struct netfront *nf);
/* lwip/drain.c: exit() waits (a few seconds at most) until TCP's unsent
 * and unacknowledged data and the vifs' tx rings are empty. */
void net_drain_at_exit(void);

/* lwip/vif_link.c: a thread that takes nf's netif down and closes nf
 * when its backend closes or goes.  0, or -1 if it cannot start. */
int vif_link_watch(struct netfront *nf);

#endif
