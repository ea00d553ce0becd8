/* Unit tests for the netif ring arithmetic (net/netif_ring.h) over Xen's
 * io/ring.h macros, across the 2^32 wrap of the indexes. */
#define NETIF_RING_HOST
#define xen_mb()  __sync_synchronize()
#define xen_rmb() __sync_synchronize()
#define xen_wmb() __sync_synchronize()
#include "../../net/netif_ring.h"
#include "check.h"
#include <stdlib.h>
#include <string.h>

static void test_netif_ring_sizes(void)
{
    CHECK(NETIF_TX_SIZE == 256);
    CHECK(NETIF_RX_SIZE == 256);
    CHECK(sizeof(netif_tx_request_t) == 12);
    CHECK(sizeof(netif_rx_response_t) == 8);
}

static void test_netif_ring_sane(void)
{
    CHECK(netif_ring_sane(0, 0, 256));
    CHECK(netif_ring_sane(256, 0, 256));
    CHECK(!netif_ring_sane(257, 0, 256));
    CHECK(!netif_ring_sane(0, 1, 256));        /* producer behind */
    /* across the wrap */
    CHECK(netif_ring_sane(10, 0xfffffff0u, 256));
    CHECK(!netif_ring_sane(0x200, 0xfffffff0u, 256));
}

static void test_netif_req_avail(void)
{
    /* nothing owed: up to a ring of new requests */
    CHECK(netif_req_avail(5, 0, 0, 256) == 5);
    CHECK(netif_req_avail(256, 0, 0, 256) == 256);
    CHECK(netif_req_avail(257, 0, 0, 256) == -1);
    /* 200 consumed, 100 answered: 100 owed, room for 156 more */
    CHECK(netif_req_avail(356, 200, 100, 256) == 156);
    CHECK(netif_req_avail(357, 200, 100, 256) == -1);
    /* a producer behind the consumer lies */
    CHECK(netif_req_avail(199, 200, 100, 256) == -1);
    /* across the wrap */
    CHECK(netif_req_avail(0x10, 0xfffffff8u, 0xfffffff0u, 256) == 0x18);
    CHECK(netif_req_avail(0x100, 0xfffffff8u, 0xfffffff0u, 256) == -1);
}

static void test_netif_pages_spanned(void)
{
    CHECK(netif_pages_spanned(0x1000, 0) == 0);
    CHECK(netif_pages_spanned(0x1000, 1) == 1);
    CHECK(netif_pages_spanned(0x1000, 4096) == 1);
    CHECK(netif_pages_spanned(0x1001, 4096) == 2);
    CHECK(netif_pages_spanned(0x1fff, 2) == 2);
    CHECK(netif_pages_spanned(0x1f00, 9000) == 4);
    CHECK(netif_slot_fits(0, 4096));
    CHECK(!netif_slot_fits(1, 4096));
    CHECK(!netif_slot_fits(0xffff, 0xffff));   /* no 16-bit wrap */
}

/* Both ends through io/ring.h's macros, the indexes started just below
 * 2^32 so they wrap: every request answered once, in order, and the
 * notification checks fire only when the other end asked. */
static void test_netif_ring_wrap(void)
{
    netif_tx_sring_t *s = aligned_alloc(4096, 4096);
    netif_tx_front_ring_t f;
    netif_tx_back_ring_t b;
    RING_IDX start = 0xffffff00u;
    unsigned sent = 0, got = 0, answered = 0, notifies = 0;
    bool n, more;

    SHARED_RING_INIT(s);
    s->req_prod = s->rsp_prod = start;
    s->req_event = s->rsp_event = start + 1;
    FRONT_RING_ATTACH(&f, s, start, 4096);
    BACK_RING_ATTACH(&b, s, start, 4096);
    for (int round = 0; round < 20; round++) {
        unsigned burst = 1 + round * 13 % 200;
        for (unsigned k = 0; k < burst && !RING_FULL(&f); k++) {
            RING_GET_REQUEST(&f, f.req_prod_pvt++)->id = sent++ & 0xffff;
        }
        RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, n);
        notifies += n;
        do {
            int avail = netif_req_avail(s->req_prod, b.req_cons,
                                        b.rsp_prod_pvt, NETIF_TX_SIZE);
            CHECK(avail >= 0);
            while (avail-- > 0) {
                netif_tx_request_t r;
                RING_COPY_REQUEST(&b, b.req_cons++, &r);
                CHECK(r.id == (got++ & 0xffff));
                RING_GET_RESPONSE(&b, b.rsp_prod_pvt++)->id = r.id;
            }
            RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, n);
            RING_FINAL_CHECK_FOR_REQUESTS(&b, more);
        } while (more);
        while (f.rsp_cons != s->rsp_prod) {
            CHECK(RING_GET_RESPONSE(&f, f.rsp_cons)->id ==
                  (answered++ & 0xffff));
            f.rsp_cons++;
        }
    }
    CHECK(sent == got && got == answered && sent > 256);
    CHECK((RING_IDX)(f.req_prod_pvt - start) == sent);
    CHECK(f.req_prod_pvt < start);             /* it did wrap */
    /* the back end was idle before each burst: one event per burst */
    CHECK(notifies == 20);
    free(s);
}

int main(void)
{
    RUN(test_netif_ring_sizes);
    RUN(test_netif_ring_sane);
    RUN(test_netif_req_avail);
    RUN(test_netif_pages_spanned);
    RUN(test_netif_ring_wrap);
    return check_failures != 0;
}
