/* netback: dom0's half of io/netif.h, one vif per frontend, on a bridge. */
#ifndef NET_NETBACK_H
#define NET_NETBACK_H

#include "netif_ring.h"
#include <libos/thread.h>
#include <libos/xenbus.h>
#include <stdbool.h>
#include <stdint.h>
#include <xen/grant_table.h>

/*
 * Two halves, as the protocol has two phases: netback_xs.c runs the
 * XenbusState handshake of each vif in a thread of its own and maps the
 * rings; netback.c is the data path, one thread for every vif, which
 * moves each frame with GNTTABOP_copy from the sender's tx grants into
 * the receiver's rx grants, after copying only the Ethernet header here
 * to choose the receiver.  Threads are cooperative, so the two halves
 * never run at once; event handlers only set flags and wake threads.
 */

struct nb_stats {
    uint64_t tx_pkts, tx_bytes;          /* frames taken from tx rings */
    uint64_t rx_pkts;                    /* frames put on rx rings */
    uint64_t copy_calls, copy_ops;       /* GNTTABOP_copy hypercalls, ops */
    uint64_t copy_bytes;                 /* payload bytes copied by them */
    uint64_t hdr_bytes;                  /* bytes copied into dom0 */
    uint64_t notifies;                   /* events sent to frontends */
    uint64_t drops, errors, stalls;
};

struct nb_vif {
    /* identity, from the toolstack */
    domid_t domid;
    unsigned handle;
    char fe[64], be[64];                 /* frontend and backend dirs */
    char bridge[16];

    /* the data path's view (netback.c); valid while active */
    bool active;
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    evtchn_port_t port;
    bool sg, rx_notify;
    int bport;                           /* bridge port */
    volatile bool kicked;                /* an event came */
    struct nb_vif *stalled_on;           /* waiting for its rx slots */
    uint64_t stall_ns;
    bool touched;                        /* responses to push this batch */
    unsigned bad_frames;                 /* logged up to 3 */

    /* the handshake's (netback_xs.c) */
    struct thread *xs;
    struct xenbus_watch watch;           /* on the frontend's state */
    volatile bool dying;                 /* netback_vif_destroy asked */
    volatile bool failed;                /* the data path gave up on it */
    bool mapped;
    uint64_t tx_va, rx_va;
    grant_handle_t tx_handle, rx_handle;

    struct nb_vif *next;                 /* netback.c's active list */
};

/* netback.c */
/* The data-path thread and the bridge(s); once, before any vif. */
int netback_start(void);
/* Put v (rings mapped, port bound to netback_event) on its bridge and
 * start serving it.  0, or -ENOSPC when the bridge has no free port. */
int netback_attach(struct nb_vif *v);
/* Stop serving v: off the bridge, no frame waits for it any more.  Safe
 * on a vif that is not attached. */
void netback_detach(struct nb_vif *v);
/* v's event handler (the port is v's one channel for tx and rx). */
void netback_event(evtchn_port_t port, void *data);
extern struct nb_stats netback_stats;

/* netback_xs.c */
/*
 * A vif for frontend domain domid, device handle, whose xenstore entries
 * the toolstack wrote (fe and be as in struct nb_vif); the handshake
 * thread starts at once and connects when the frontend does.  NULL when
 * out of memory.
 */
struct nb_vif *netback_vif_create(domid_t domid, unsigned handle,
                                  const char *fe, const char *be,
                                  const char *bridge);
/* Disconnect (every mapping and port released), end the handshake thread
 * and free v.  The frontend may be dead: nothing waits for it. */
void netback_vif_destroy(struct nb_vif *v);
/* The data path found v's frontend lying: disconnect it (one log line
 * names why).  Callable from the data path; the handshake thread does the
 * unmapping. */
void netback_vif_fail(struct nb_vif *v, const char *why);

#endif
