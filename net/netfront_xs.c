/* netfront's handshake: keys from xenstore, rings granted, XenbusState. */
#include "netfront.h"
#include <errno.h>
#include <libos/gnttab.h>
#include <libos/libos.h>
#include <libos/mm.h>
#include <libos/time.h>
#include <libos/xenbus.h>
#include <string.h>

#define NF_WAIT_NS (30ULL * 1000000000ULL) /* for the backend, each step */

/*
 * The frontend's walk (io/xenbus.h, as Linux's netfront):
 *   Initialising  the toolstack wrote us so; read backend, mac, mtu
 *   (backend InitWait: its features are there)
 *   Connected     rings and rx pages granted, port allocated, keys
 *                 written in one transaction (Linux skips Initialised too)
 *   (backend Connected: frames may flow)
 *   Closing, Closed on close; every grant ends.
 */

/* What the toolstack and the backend tell us. */
static int read_config(struct netfront *nf)
{
    char *s = NULL;
    long v;
    int rc;

    if ((rc = xenbus_read_str(XBT_NIL, nf->dir, "backend", &s)))
        return rc;
    snprintf(nf->backend, sizeof(nf->backend), "%s", s);
    free(s);
    if ((rc = xenbus_read_int(XBT_NIL, nf->dir, "backend-id", &v)))
        return rc;
    nf->backend_id = v;
    if ((rc = xenbus_read_mac(XBT_NIL, nf->dir, "mac", nf->mac)))
        return rc;
    nf->mtu = xenbus_read_int(XBT_NIL, nf->dir, "mtu", &v) ? 1500 : v;
    nf->ip[0] = 0;
    if (!xenbus_read_str(XBT_NIL, nf->backend, "ip", &s)) {
        snprintf(nf->ip, sizeof(nf->ip), "%s", s);
        free(s);
    }
    return 0;
}

/* The backend's features, once it is in InitWait. */
static int read_features(struct netfront *nf)
{
    long v;

    if (xenbus_read_int(XBT_NIL, nf->backend, "feature-rx-copy", &v) || v != 1) {
        printf("netfront: %s: the backend cannot copy to us\n", nf->dir);
        return -ENODEV;
    }
    nf->backend_sg = !xenbus_read_int(XBT_NIL, nf->backend, "feature-sg", &v)
                     && v == 1;
    if (!nf->backend_sg && nf->mtu > 1500)
        nf->mtu = 1500;                  /* one page per frame, then */
    return 0;
}

/* A zeroed page granted to the backend, shared ring initialised. */
static int ring_page(struct netfront *nf, uint64_t *pfn, grant_ref_t *ref)
{
    int r;

    if ((*pfn = mm_alloc_page()) == MM_NO_PFN)
        return -ENOMEM;
    memset(mm_pfn_to_va(*pfn), 0, NETIF_PAGE);
    if ((r = gnttab_grant_access(nf->backend_id, mm_pfn_to_mfn(*pfn), 0)) < 0) {
        mm_free_page(*pfn);
        *pfn = MM_NO_PFN;
        return r;
    }
    *ref = r;
    return 0;
}

static int rings(struct netfront *nf)
{
    netif_tx_sring_t *txs;
    netif_rx_sring_t *rxs;
    int rc;

    if ((rc = ring_page(nf, &nf->tx_ring_pfn, &nf->tx_ring_ref)) ||
        (rc = ring_page(nf, &nf->rx_ring_pfn, &nf->rx_ring_ref)))
        return rc;
    txs = mm_pfn_to_va(nf->tx_ring_pfn);
    rxs = mm_pfn_to_va(nf->rx_ring_pfn);
    SHARED_RING_INIT(txs);
    SHARED_RING_INIT(rxs);
    FRONT_RING_INIT(&nf->tx, txs, NETIF_PAGE);
    FRONT_RING_INIT(&nf->rx, rxs, NETIF_PAGE);
    if ((rc = evtchn_alloc_unbound(nf->backend_id, &nf->port)))
        return rc;
    evtchn_set_handler(nf->port, netfront_event, nf);
    return netfront_buffers(nf);
}

/* Our keys, in one transaction (may run more than once). */
static int write_keys(xenbus_xact_t t, void *arg)
{
    struct netfront *nf = arg;
    int rc;

    if ((rc = xenbus_printf(t, nf->dir, "tx-ring-ref", "%u", nf->tx_ring_ref)) ||
        (rc = xenbus_printf(t, nf->dir, "rx-ring-ref", "%u", nf->rx_ring_ref)) ||
        (rc = xenbus_printf(t, nf->dir, "event-channel", "%u", nf->port)) ||
        (rc = xenbus_printf(t, nf->dir, "request-rx-copy", "1")) ||
        (rc = xenbus_printf(t, nf->dir, "feature-rx-notify", "1")) ||
        (rc = xenbus_printf(t, nf->dir, "feature-sg", "1")))
        return rc;
    return 0;
}

/* Everything rings() took, given back (grants ended: the backend has
 * unmapped, or is gone; a still-mapped ring page stays ours, lost). */
static void unring(struct netfront *nf)
{
    netfront_release(nf);
    if (nf->port) {
        evtchn_mask(nf->port);
        evtchn_set_handler(nf->port, NULL, NULL);
        evtchn_close(nf->port);
        nf->port = 0;
    }
    if (nf->tx_ring_pfn != MM_NO_PFN && !gnttab_end_access(nf->tx_ring_ref))
        mm_free_page(nf->tx_ring_pfn);
    if (nf->rx_ring_pfn != MM_NO_PFN && !gnttab_end_access(nf->rx_ring_ref))
        mm_free_page(nf->rx_ring_pfn);
    nf->tx_ring_pfn = nf->rx_ring_pfn = MM_NO_PFN;
}

int netfront_connect(struct netfront *nf, unsigned handle)
{
    uint64_t dl = time_monotonic_ns() + NF_WAIT_NS;
    int rc;

    nf->handle = handle;
    nf->tx_ring_pfn = nf->rx_ring_pfn = MM_NO_PFN;
    snprintf(nf->dir, sizeof(nf->dir), "device/vif/%u", handle);
    if ((rc = gnttab_init()) || (rc = read_config(nf)))
        return rc;
    rc = xenbus_wait_state(nf->backend,
                           XENBUS_STATE_BIT(XenbusStateInitWait) |
                           XENBUS_STATE_BIT(XenbusStateConnected), dl);
    if (rc < 0 || (rc = read_features(nf)) || (rc = rings(nf)) ||
        (rc = xenbus_transact(write_keys, nf)) < 0)
        goto fail;
    nf->connected = true;
    netfront_rx_post(nf);
    if ((rc = netfront_thread_start(nf)) ||
        (rc = xenbus_switch_state(nf->dir, XenbusStateConnected)))
        goto fail;
    rc = xenbus_wait_state(nf->backend, XENBUS_STATE_BIT(XenbusStateConnected),
                           dl);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    printf("netfront: %s: cannot connect: %d\n", nf->dir, rc);
    netfront_close(nf);
    return rc < 0 ? rc : -EIO;
}

void netfront_close(struct netfront *nf)
{
    uint64_t dl = time_monotonic_ns() + NF_WAIT_NS / 10;

    nf->connected = false;
    xenbus_switch_state(nf->dir, XenbusStateClosing);
    /* the backend unmaps our rings before it says Closing or Closed */
    xenbus_wait_state(nf->backend, XENBUS_STATE_BIT(XenbusStateClosing) |
                      XENBUS_STATE_BIT(XenbusStateClosed) |
                      XENBUS_STATE_BIT(XenbusStateUnknown), dl);
    unring(nf);
    xenbus_switch_state(nf->dir, XenbusStateClosed);
}
