/* rawvif: the handshake and ring plumbing of a frontend with no stack. */
#include "rawvif.h"
#include <errno.h>
#include <libos/gnttab.h>
#include <libos/libos.h>
#include <libos/mm.h>
#include <libos/time.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS 1000000ULL

/* Tx responses met while looking for another id: status + 1 << 16. */
static int32_t seen[65536];

/* A zeroed page of ours granted to the backend. */
static void *grant_page(struct rawvif *v, int readonly, grant_ref_t *ref)
{
    uint64_t pfn = mm_alloc_page();
    int r;

    if (pfn == MM_NO_PFN)
        return NULL;
    memset(mm_pfn_to_va(pfn), 0, RAW_PAGE);
    if ((r = gnttab_grant_access(v->backend_id, mm_pfn_to_mfn(pfn), readonly)) < 0)
        return NULL;
    *ref = r;
    return mm_pfn_to_va(pfn);
}

static int write_keys(xenbus_xact_t t, void *arg)
{
    struct rawvif *v = arg;
    int rc;

    if ((rc = xenbus_printf(t, v->dir, "tx-ring-ref", "%u", v->tx_ref)) ||
        (rc = xenbus_printf(t, v->dir, "rx-ring-ref", "%u", v->rx_ref)) ||
        (rc = xenbus_printf(t, v->dir, "event-channel", "%u", v->port)) ||
        (rc = xenbus_printf(t, v->dir, "request-rx-copy", "1")) ||
        (rc = xenbus_printf(t, v->dir, "feature-sg", "1")))
        return rc;
    return 0;
}

int rawvif_connect(struct rawvif *v, unsigned handle)
{
    uint64_t dl = time_monotonic_ns() + 20000 * MS;
    netif_tx_sring_t *txs;
    netif_rx_sring_t *rxs;
    char *s;
    long id;
    int rc;

    memset(v, 0, sizeof(*v));
    v->handle = handle;
    snprintf(v->dir, sizeof(v->dir), "device/vif/%u", handle);
    if ((rc = gnttab_init()) ||
        (rc = xenbus_read_str(XBT_NIL, v->dir, "backend", &s)))
        return rc;
    snprintf(v->backend, sizeof(v->backend), "%s", s);
    free(s);
    if ((rc = xenbus_read_int(XBT_NIL, v->dir, "backend-id", &id)) ||
        (rc = xenbus_read_mac(XBT_NIL, v->dir, "mac", v->mac)))
        return rc;
    v->backend_id = id;
    if ((rc = xenbus_wait_state(v->backend,
                                XENBUS_STATE_BIT(XenbusStateInitWait), dl)) < 0)
        return rc;
    if (!(txs = grant_page(v, 0, &v->tx_ref)) ||
        !(rxs = grant_page(v, 0, &v->rx_ref)) ||
        !(v->frames = grant_page(v, 1, &v->frames_ref)))
        return -ENOMEM;
    SHARED_RING_INIT(txs);
    SHARED_RING_INIT(rxs);
    FRONT_RING_INIT(&v->tx, txs, RAW_PAGE);
    FRONT_RING_INIT(&v->rx, rxs, RAW_PAGE);
    if ((rc = evtchn_alloc_unbound(v->backend_id, &v->port)) ||
        (rc = xenbus_transact(write_keys, v)) < 0 ||
        (rc = xenbus_switch_state(v->dir, XenbusStateConnected)))
        return rc;
    rc = xenbus_wait_state(v->backend, XENBUS_STATE_BIT(XenbusStateConnected), dl);
    return rc < 0 ? rc : 0;
}

void rawvif_frame(struct rawvif *v, unsigned off, const uint8_t dst[6],
                  unsigned len)
{
    uint8_t *f = v->frames + off;

    memset(f, 0, len);
    memcpy(f, dst, 6);
    memcpy(f + 6, v->mac, 6);
    f[12] = 0x88;                      /* 0x88b5: IEEE local experimental */
    f[13] = 0xb5;
}

void rawvif_tx(struct rawvif *v, grant_ref_t gref, uint16_t off,
               uint16_t flags, uint16_t id, uint16_t size)
{
    netif_tx_request_t *r = RING_GET_REQUEST(&v->tx, v->tx.req_prod_pvt++);

    *r = (netif_tx_request_t){ .gref = gref, .offset = off, .flags = flags,
                               .id = id, .size = size };
}

void rawvif_push(struct rawvif *v)
{
    int notify;

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&v->tx, notify);
    evtchn_send(v->port);              /* always: attacks need no economy */
    (void)notify;
}

int rawvif_tx_status(struct rawvif *v, uint16_t id, unsigned ms)
{
    uint64_t end = time_monotonic_ns() + ms * MS;

    for (;;) {
        RING_IDX prod = v->tx.sring->rsp_prod;
        rmb();                         /* responses up to rsp_prod */
        while (v->tx.rsp_cons != prod) {
            netif_tx_response_t *r = RING_GET_RESPONSE(&v->tx, v->tx.rsp_cons++);
            seen[r->id] = (uint16_t)r->status | 1 << 16;
        }
        v->tx.sring->rsp_event = v->tx.rsp_cons + 1;
        if (seen[id]) {
            int st = (int16_t)(seen[id] & 0xffff);
            seen[id] = 0;
            return st;
        }
        if (time_monotonic_ns() > end)
            return 1;
        time_sleep_ns(MS);
    }
}

int rawvif_dropped(struct rawvif *v, unsigned ms)
{
    return xenbus_wait_state(v->backend,
                             XENBUS_STATE_BIT(XenbusStateClosing) |
                             XENBUS_STATE_BIT(XenbusStateClosed),
                             time_monotonic_ns() + ms * MS) >= 0;
}
