/* netback's handshake: XenbusState with the frontend, rings mapped, port bound. */
#include "netback.h"
#include <errno.h>
#include <libos/gnttab.h>
#include <libos/mm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The backend's side of the state machine, as Linux's netback walks it:
 *   InitWait   features written; waiting for the frontend's rings
 *   Connected  the frontend is Initialised or Connected and its rings,
 *              port and request-rx-copy are good
 *   Closing    the frontend closes (or lied to the data path)
 *   Closed     the frontend is Closed; InitWait again if it reinitialises
 * Each vif has one thread that reacts to its frontend's state node; the
 * toolstack's destroy sets dying and wakes it.
 */

/* Map ref of v's domain writable; 0 with *va and *h, or an error. */
static int map_ring(struct nb_vif *v, long ref, uint64_t *va,
                    grant_handle_t *h)
{
    int rc;

    if (!(*va = mm_mapslot_get()))
        return -ENOMEM;
    if ((rc = gnttab_map(v->domid, ref, *va, 0, h))) {
        mm_mapslot_put(*va);
        *va = 0;
        return rc;
    }
    return 0;
}

static void unmap_ring(uint64_t *va, grant_handle_t h)
{
    int rc;

    if (!*va)
        return;
    if ((rc = gnttab_unmap(h, *va)))
        printf("netback: ring unmap failed: %d\n", rc);
    else
        mm_mapslot_put(*va);
    *va = 0;
}

/* Everything connect() took, given back; the vif is off the data path. */
static void disconnect(struct nb_vif *v)
{
    netback_detach(v);
    if (v->port) {
        evtchn_mask(v->port);
        evtchn_set_handler(v->port, NULL, NULL);
        evtchn_close(v->port);
        v->port = 0;
    }
    unmap_ring(&v->tx_va, v->tx_handle);
    unmap_ring(&v->rx_va, v->rx_handle);
    v->mapped = false;
}

/* The frontend's keys (io/netif.h): ring refs, one event channel, and
 * request-rx-copy (the only receive mode we have). */
struct fe_keys {
    long tx_ref, rx_ref, evtchn, rx_copy, sg, rx_notify;
};

static int read_keys(struct nb_vif *v, struct fe_keys *k)
{
    int rc;

    if ((rc = xenbus_read_int(XBT_NIL, v->fe, "tx-ring-ref", &k->tx_ref)) ||
        (rc = xenbus_read_int(XBT_NIL, v->fe, "rx-ring-ref", &k->rx_ref)))
        return printf("netback: vif%u.%u: no ring refs\n", v->domid,
                      v->handle), rc;
    if (xenbus_read_int(XBT_NIL, v->fe, "event-channel", &k->evtchn))
        return printf("netback: vif%u.%u: no event-channel (split channels "
                      "are not offered)\n", v->domid, v->handle), -EINVAL;
    if (xenbus_read_int(XBT_NIL, v->fe, "request-rx-copy", &k->rx_copy) ||
        k->rx_copy != 1)
        return printf("netback: vif%u.%u: request-rx-copy is required\n",
                      v->domid, v->handle), -EINVAL;
    if (xenbus_read_int(XBT_NIL, v->fe, "feature-sg", &k->sg))
        k->sg = 0;
    if (xenbus_read_int(XBT_NIL, v->fe, "feature-rx-notify", &k->rx_notify))
        k->rx_notify = 0;
    return 0;
}

/* Rings mapped, port bound, data path on.  0 or an error (all undone). */
static int connect(struct nb_vif *v)
{
    struct fe_keys k;
    int rc;

    if ((rc = read_keys(v, &k)))
        return rc;
    if ((rc = map_ring(v, k.tx_ref, &v->tx_va, &v->tx_handle)) ||
        (rc = map_ring(v, k.rx_ref, &v->rx_va, &v->rx_handle)))
        goto fail;
    v->mapped = true;
    /* the frontend initialised the shared rings: take its indexes */
    BACK_RING_ATTACH(&v->tx, (netif_tx_sring_t *)v->tx_va,
                     ((netif_tx_sring_t *)v->tx_va)->rsp_prod, NETIF_PAGE);
    BACK_RING_ATTACH(&v->rx, (netif_rx_sring_t *)v->rx_va,
                     ((netif_rx_sring_t *)v->rx_va)->rsp_prod, NETIF_PAGE);
    v->sg = k.sg;
    v->rx_notify = k.rx_notify;
    if ((rc = evtchn_bind_interdomain(v->domid, k.evtchn, &v->port)))
        goto fail;
    evtchn_set_handler(v->port, netback_event, v);
    if ((rc = netback_attach(v)))
        goto fail;
    return 0;
fail:
    printf("netback: vif%u.%u: cannot connect: %d\n", v->domid, v->handle, rc);
    disconnect(v);
    return rc;
}

/* What we offer the frontend (io/netif.h): scatter-gather, copying
 * receive, rx notifications; no GSO, split channels or multi-queue. */
static int write_features(struct nb_vif *v)
{
    static const char *const keys[] = { "feature-sg", "feature-rx-copy",
                                        "feature-rx-notify" };
    int rc = 0;

    for (unsigned i = 0; !rc && i < sizeof(keys) / sizeof(keys[0]); i++)
        rc = xenbus_printf(XBT_NIL, v->be, keys[i], "1");
    if (!rc)
        rc = xenbus_printf(XBT_NIL, v->be, "feature-rx-flip", "0");
    return rc;
}

static void set_state(struct nb_vif *v, XenbusState s)
{
    int rc = xenbus_switch_state(v->be, s);

    if (rc)
        printf("netback: vif%u.%u: state %d: %d\n", v->domid, v->handle, s,
               rc);
}

/* React to the frontend's state fe (and to a failure of the data path). */
static void step(struct nb_vif *v, XenbusState fe, XenbusState *be)
{
    if (v->failed) {
        disconnect(v);
        if (*be != XenbusStateClosing && *be != XenbusStateClosed)
            set_state(v, *be = XenbusStateClosing);
        return;
    }
    switch (fe) {
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (*be == XenbusStateInitWait && !connect(v))
            set_state(v, *be = XenbusStateConnected);
        break;
    case XenbusStateClosing:
        disconnect(v);
        if (*be != XenbusStateClosing && *be != XenbusStateClosed)
            set_state(v, *be = XenbusStateClosing);
        break;
    case XenbusStateClosed:
    case XenbusStateUnknown:             /* its node gone: the domain is */
        disconnect(v);
        if (*be != XenbusStateClosed)
            set_state(v, *be = XenbusStateClosed);
        break;
    case XenbusStateInitialising:
        /* a frontend starting (over): offer ourselves again */
        if (*be == XenbusStateClosed || *be == XenbusStateClosing) {
            disconnect(v);
            set_state(v, *be = XenbusStateInitWait);
        }
        break;
    default:
        break;
    }
}

static void *vif_thread(void *arg)
{
    struct nb_vif *v = arg;
    XenbusState be = XenbusStateInitWait;
    char path[80], *fired;

    snprintf(path, sizeof(path), "%s/state", v->fe);
    if (write_features(v) || xenbus_watch_start(&v->watch, path)) {
        printf("netback: vif%u.%u: no handshake\n", v->domid, v->handle);
        THREAD_WAIT(&v->watch.waiters, v->dying, ~0UL);
        return NULL;
    }
    set_state(v, be);
    while (!v->dying) {
        step(v, xenbus_read_state(v->fe), &be);
        /* xenbus_watch's queue and waiters are public: waiting on them
         * directly lets destroy and the data path wake us as well */
        THREAD_WAIT(&v->watch.waiters,
                    v->watch.head || v->dying || (v->failed && v->mapped),
                    ~0UL);
        if (!v->dying && v->watch.head &&
            xenbus_watch_wait(&v->watch, &fired, 0) == 0)
            free(fired);
    }
    disconnect(v);
    xenbus_watch_stop(&v->watch);
    set_state(v, XenbusStateClosed);
    return NULL;
}

/* A vif's handshake thread needs 8 KiB at most (measured over the net
 * tests, the adversarial one included, xenstored's in-process calls
 * being the deepest); one per vif, so dom0's memory for a thousand vifs
 * is 24 MiB, not 64.  The stack's guard page catches a miscount. */
#define NB_XS_STACK (24 * 1024)

struct nb_vif *netback_vif_create(domid_t domid, unsigned handle,
                                  const char *fe, const char *be,
                                  const char *bridge)
{
    struct nb_vif *v = calloc(1, sizeof(*v));

    if (!v)
        return NULL;
    v->domid = domid;
    v->handle = handle;
    v->bport = -1;
    snprintf(v->fe, sizeof(v->fe), "%s", fe);
    snprintf(v->be, sizeof(v->be), "%s", be);
    snprintf(v->bridge, sizeof(v->bridge), "%s", bridge);
    if (!(v->xs = thread_create("netback-xs", vif_thread, v, NB_XS_STACK))) {
        free(v);
        return NULL;
    }
    return v;
}

void netback_vif_destroy(struct nb_vif *v)
{
    if (!v)
        return;
    v->dying = true;
    waitq_wake_all(&v->watch.waiters);
    thread_join(v->xs);
    free(v);
}

void netback_vif_fail(struct nb_vif *v, const char *why)
{
    if (v->failed)
        return;
    printf("netback: vif%u.%u: %s: disconnected\n", v->domid, v->handle, why);
    v->failed = true;
    netback_detach(v);                   /* off the data path at once */
    waitq_wake_all(&v->watch.waiters);
}
