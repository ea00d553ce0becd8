/* netattack: a domU that attacks dom0's netback through its vifs, while
 * a bystander ttcp pair on the same bridge must be served right.
 *   vif0  requests netback must answer NETIF_RSP_ERROR (bad gref, a
 *         window past its page, a frame shorter than its header, a
 *         header split over slots, slot sizes that disagree, a revoked
 *         grant), odd ids echoed, a flood
 *         of frames and one of events; then broadcasts for vif3 and vif4
 *   vif1  tx ring indexes that lie: disconnected
 *   vif2  a frame of more slots than the protocol allows: disconnected
 *   vif3  rx ring indexes that lie: disconnected when a frame comes
 *   vif4  rx requests with bad grants: the frame's slots answered with
 *         errors, the vif kept
 *   vif5  keys that make no sense (a ring ref that is no number, an
 *         event channel that is not ours): never connected
 * Frames go to our own MAC (the bridge drops them on the port they came
 * from) or to broadcast with an ethertype no stack takes. */
#include "rawvif.h"
#include <libos/gnttab.h>
#include <libos/libos.h>
#include <libos/mm.h>
#include <libos/time.h>
#include <libos/xenbus.h>
#include "../../guest/check.h"

#define MS 1000000ULL
#define SELF_OFF  0                    /* frames in vif0's page */
#define BCAST_OFF 128
#define FLOOD     20000
#define NET_TX_RING_SIZE __CONST_RING_SIZE(netif_tx, RAW_PAGE)

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static struct rawvif v[6];

/* One request on vif0 and the status netback gives it. */
static int one(grant_ref_t gref, uint16_t off, uint16_t id, uint16_t size)
{
    rawvif_tx(&v[0], gref, off, 0, id, size);
    rawvif_push(&v[0]);
    return rawvif_tx_status(&v[0], id, 2000);
}

static void bad_requests(void)
{
    struct rawvif *a = &v[0];
    grant_ref_t gone;
    uint64_t pfn = mm_alloc_page();

    rawvif_frame(a, SELF_OFF, a->mac, 60);
    rawvif_frame(a, BCAST_OFF, bcast, 60);
    CHECK_EQ("a good frame: okay", one(a->frames_ref, SELF_OFF, 1, 60),
             NETIF_RSP_OKAY);
    CHECK_EQ("a grant that does not exist: error", one(0x7ffffff, 0, 2, 60),
             NETIF_RSP_ERROR);
    CHECK_EQ("a window past its page: error", one(a->frames_ref, 4090, 3, 60),
             NETIF_RSP_ERROR);
    CHECK_EQ("shorter than an Ethernet header: error",
             one(a->frames_ref, SELF_OFF, 4, 10), NETIF_RSP_ERROR);
    /* the first slot's size is the frame's: 20 cannot hold 20 + 100 */
    rawvif_tx(a, a->frames_ref, SELF_OFF, NETTXF_more_data, 5, 20);
    rawvif_tx(a, a->frames_ref, SELF_OFF, 0, 6, 100);
    rawvif_push(a);
    CHECK_EQ("slot sizes that disagree: error (first)",
             rawvif_tx_status(a, 5, 2000), NETIF_RSP_ERROR);
    CHECK_EQ("slot sizes that disagree: error (second)",
             rawvif_tx_status(a, 6, 2000), NETIF_RSP_ERROR);
    /* the header split over two slots (the first holds 60 - 54 = 6 bytes):
     * Linux's netback refuses it, ours too */
    rawvif_tx(a, a->frames_ref, SELF_OFF, NETTXF_more_data, 11, 60);
    rawvif_tx(a, a->frames_ref, SELF_OFF + 6, 0, 12, 54);
    rawvif_push(a);
    CHECK_EQ("a first slot shorter than an Ethernet header: error",
             rawvif_tx_status(a, 11, 2000), NETIF_RSP_ERROR);
    /* a grant ended before the request: the backend must not read it */
    gone = gnttab_grant_access(a->backend_id, mm_pfn_to_mfn(pfn), 1);
    CHECK_TRUE("a grant to revoke", gone > 0 && !gnttab_end_access(gone));
    CHECK_EQ("a revoked grant: error", one(gone, 0, 7, 60), NETIF_RSP_ERROR);
    CHECK_EQ("an id far past the ring's size: echoed",
             one(a->frames_ref, SELF_OFF, 65000, 60), NETIF_RSP_OKAY);
    CHECK_EQ("still served after all that", one(a->frames_ref, SELF_OFF, 8, 60),
             NETIF_RSP_OKAY);
}

/* FLOOD frames as fast as the ring takes them, then 100,000 events. */
static void floods(void)
{
    struct rawvif *a = &v[0];
    unsigned ok = 0, sent = 0;
    uint64_t t0 = time_monotonic_ns();

    while (sent < FLOOD) {
        unsigned n = 0;
        while (n < NET_TX_RING_SIZE && sent < FLOOD)
            rawvif_tx(a, a->frames_ref, SELF_OFF, 0, n++, 60), sent++;
        rawvif_push(a);
        for (unsigned id = 0; id < n; id++)
            ok += rawvif_tx_status(a, id, 5000) == NETIF_RSP_OKAY;
    }
    printf("netattack: %u frames flooded, %u answered okay in %llu ms\n",
           sent, ok, (unsigned long long)((time_monotonic_ns() - t0) / MS));
    CHECK_EQ("a frame flood: every frame answered", ok, FLOOD);
    for (unsigned i = 0; i < 100000; i++)
        evtchn_send(a->port);
    CHECK_EQ("an event storm: still served", one(a->frames_ref, SELF_OFF, 9, 60),
             NETIF_RSP_OKAY);
}

static void lying_tx(void)
{
    rawvif_tx(&v[1], v[1].frames_ref, 0, 0, 1, 60);
    v[1].tx.sring->req_prod = v[1].tx.req_prod_pvt + 5 * NET_TX_RING_SIZE;
    evtchn_send(v[1].port);
    CHECK_TRUE("tx ring indexes that lie: dropped", rawvif_dropped(&v[1], 5000));
}

static void too_many_slots(void)
{
    rawvif_frame(&v[2], 0, v[2].mac, 60);
    for (unsigned k = 0; k < XEN_NETIF_NR_SLOTS_MIN + 2; k++)
        rawvif_tx(&v[2], v[2].frames_ref, 0,
                  k == XEN_NETIF_NR_SLOTS_MIN + 1 ? 0 : NETTXF_more_data, k,
                  k ? 60 : 60 * (XEN_NETIF_NR_SLOTS_MIN + 2));
    rawvif_push(&v[2]);
    CHECK_TRUE("a frame of too many slots: dropped", rawvif_dropped(&v[2], 5000));
}

/* vif3 lies about its rx ring, vif4 offers grants that do not exist;
 * a broadcast from vif0 reaches both. */
static void bad_receivers(void)
{
    struct rawvif *b = &v[4];
    unsigned errors = 0, got = 0;
    uint64_t end;

    v[3].rx.sring->req_prod = 3 * __CONST_RING_SIZE(netif_rx, RAW_PAGE);
    for (unsigned i = 0; i < 4; i++) {
        netif_rx_request_t *r = RING_GET_REQUEST(&b->rx, b->rx.req_prod_pvt++);
        r->id = i;
        r->gref = 0x7fffff0 + i;
    }
    RING_PUSH_REQUESTS(&b->rx);
    CHECK_EQ("a broadcast", one(v[0].frames_ref, BCAST_OFF, 10, 60),
             NETIF_RSP_OKAY);
    CHECK_TRUE("rx ring indexes that lie: dropped", rawvif_dropped(&v[3], 5000));
    end = time_monotonic_ns() + 3000 * MS;
    while (!got && time_monotonic_ns() < end) {
        RING_IDX prod = b->rx.sring->rsp_prod;
        rmb();                         /* responses up to rsp_prod */
        while (b->rx.rsp_cons != prod) {
            netif_rx_response_t *r = RING_GET_RESPONSE(&b->rx, b->rx.rsp_cons++);
            got++;
            errors += r->status < 0;
        }
        time_sleep_ns(MS);
    }
    CHECK_TRUE("bad rx grants: the frame's slot answered with an error",
               got == 1 && errors == 1);
    CHECK_TRUE("bad rx grants: the vif is kept", !rawvif_dropped(b, 200));
}

/* Keys that make no sense: netback says so and never connects. */
static void bad_keys(void)
{
    struct rawvif *k = &v[5];
    char *s;
    long id;

    snprintf(k->dir, sizeof(k->dir), "device/vif/5");
    if (xenbus_read_str(XBT_NIL, k->dir, "backend", &s) ||
        xenbus_read_int(XBT_NIL, k->dir, "backend-id", &id)) {
        CHECK_TRUE("vif5 is there", 0);
        return;
    }
    snprintf(k->backend, sizeof(k->backend), "%s", s);
    free(s);
    xenbus_wait_state(k->backend, XENBUS_STATE_BIT(XenbusStateInitWait),
                      time_monotonic_ns() + 20000 * MS);
    xenbus_printf(XBT_NIL, k->dir, "tx-ring-ref", "banana");
    xenbus_printf(XBT_NIL, k->dir, "rx-ring-ref", "99999999");
    xenbus_printf(XBT_NIL, k->dir, "event-channel", "4000");
    xenbus_printf(XBT_NIL, k->dir, "request-rx-copy", "1");
    xenbus_switch_state(k->dir, XenbusStateConnected);
    time_sleep_ns(1000 * MS);
    CHECK_TRUE("nonsense keys: never connected",
               xenbus_read_state(k->backend) != XenbusStateConnected);
}

int main(int argc, char **argv)
{
    for (unsigned i = 0; i < 5; i++) {
        char name[48];
        snprintf(name, sizeof(name), "vif%u connects", i);
        CHECK_EQ(name, rawvif_connect(&v[i], i), 0);
    }
    if (checks_failed)
        return checks_summary("netattack");
    bad_requests();
    floods();
    lying_tx();
    too_many_slots();
    bad_receivers();
    bad_keys();
    return checks_summary("netattack");
}
