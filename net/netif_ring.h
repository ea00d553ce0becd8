/* Ring arithmetic both netif ends share: index sanity, slots a buffer needs. */
#ifndef NET_NETIF_RING_H
#define NET_NETIF_RING_H

/* <xen/io/ring.h> leaves xen_mb and friends to us: barrier.h first.  The
 * host unit tests define them themselves (NETIF_RING_HOST). */
#ifndef NETIF_RING_HOST
#include <libos/barrier.h>
#endif
#include <stdbool.h>
#include <stddef.h>                    /* offsetof, for __CONST_RING_SIZE */
#include <stdint.h>
#include <xen/io/netif.h>

#define NETIF_PAGE 4096u
#define NETIF_TX_SIZE __CONST_RING_SIZE(netif_tx, NETIF_PAGE)   /* 256 */
#define NETIF_RX_SIZE __CONST_RING_SIZE(netif_rx, NETIF_PAGE)   /* 256 */
#define NETIF_ETH_HLEN 14

/*
 * Indexes are free-running 32-bit counters (RING_IDX): only differences
 * mean anything, and they stay right across the wrap at 2^32.  A peer
 * controls its producer index, so a consumer checks that the producer is
 * at most a ring ahead of what it consumed and, for requests, that
 * requests plus unanswered ones fit in the ring; anything else is a lie.
 */
static inline bool netif_ring_sane(RING_IDX prod, RING_IDX cons,
                                   unsigned size)
{
    return (RING_IDX)(prod - cons) <= size;
}

/* Requests visible but not consumed, given rsp_prod_pvt (responses made
 * so far): -1 when the producer index lies (more than the ring holds). */
static inline int netif_req_avail(RING_IDX req_prod, RING_IDX req_cons,
                                  RING_IDX rsp_prod_pvt, unsigned size)
{
    RING_IDX avail = req_prod - req_cons;
    RING_IDX owed = req_cons - rsp_prod_pvt;

    if (owed > size || avail > size - owed)
        return -1;
    return (int)avail;
}

/* How many pages (ring slots) the bytes [addr, addr + len) touch. */
static inline unsigned netif_pages_spanned(uint64_t addr, uint32_t len)
{
    if (!len)
        return 0;
    return (unsigned)(((addr + len - 1) / NETIF_PAGE) - addr / NETIF_PAGE + 1);
}

/* Whether a tx slot's window stays inside its page. */
static inline bool netif_slot_fits(uint16_t offset, uint16_t size)
{
    return (uint32_t)offset + size <= NETIF_PAGE;
}

#endif
