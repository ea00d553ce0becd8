/* netfront's data path: pbufs granted as they are out, pre-granted pages in. */
#include "netfront.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip4_addr.h"
#include "lwip/tcpip.h"
#include <libos/events.h>
#include <libos/gnttab.h>
#include <libos/libos.h>
#include <libos/mm.h>
#include <libos/time.h>
#include <string.h>

#define NF_RX_BUDGET   64                /* frames per look, then others run */
#define NF_TX_WAIT_NS  (1000ULL * 1000000ULL)

static void notify(struct netfront *nf)
{
    nf->st.notifies++;
    evtchn_send(nf->port);
}

void netfront_event(evtchn_port_t port, void *data)
{
    struct netfront *nf = data;

    nf->st.events++;
    nf->kicks++;
    waitq_wake_one(&nf->wq);
    waitq_wake_all(&nf->tx_wq);
}

/* ---- receive ---- */

static void rxbuf_free(struct pbuf *p);

void netfront_rx_post(struct netfront *nf)
{
    bool n, any = false;

    while (nf->connected && nf->rx_free && !RING_FULL(&nf->rx)) {
        struct nf_rxbuf *b = nf->rx_free;
        RING_IDX i = nf->rx.req_prod_pvt++;
        netif_rx_request_t *r = RING_GET_REQUEST(&nf->rx, i);

        nf->rx_free = b->next;
        /* the response comes back in this slot (both Linux's netback and
         * ours answer in request order); the id is the slot too */
        r->id = i & (NETIF_RX_SIZE - 1);
        r->gref = b->gref;
        nf->rx_posted[r->id] = b;
        any = true;
    }
    if (!any)
        return;
    /* wmb() orders the requests before req_prod; mb() req_prod before
     * reading req_event (does the backend want an event?) */
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, n);
    if (n)
        notify(nf);
}

/* lwIP let go of a receive page: post it again, or, once disconnected
 * (its grant already ended), give it back. */
static void rxbuf_free(struct pbuf *p)
{
    struct nf_rxbuf *b = (struct nf_rxbuf *)p;
    struct netfront *nf = b->nf;

    if (!nf->connected) {
        mm_free_page(mm_va_to_pfn(b->page));
        b->page = NULL;
        return;
    }
    b->next = nf->rx_free;
    nf->rx_free = b;
    netfront_rx_post(nf);
}

int netfront_buffers(struct netfront *nf)
{
    nf->nr_tx_free = 0;
    for (unsigned i = 0; i < NETIF_TX_SIZE; i++) {
        nf->txs[i].p = NULL;
        nf->tx_free[nf->nr_tx_free++] = NETIF_TX_SIZE - 1 - i;
    }
    nf->rx_free = NULL;
    for (unsigned i = 0; i < NETIF_RX_SIZE; i++) {
        struct nf_rxbuf *b = &nf->rxb[i];
        uint64_t pfn = mm_alloc_page();
        int ref;

        if (pfn == MM_NO_PFN)
            return -ENOMEM;
        b->nf = nf;
        b->page = mm_pfn_to_va(pfn);
        if ((ref = gnttab_grant_access(nf->backend_id, mm_pfn_to_mfn(pfn),
                                       0)) < 0) {
            mm_free_page(pfn);
            b->page = NULL;
            return ref;
        }
        b->gref = ref;
        b->next = nf->rx_free;
        nf->rx_free = b;
    }
    return 0;
}

/* A frame's TCP or UDP checksum, for frames the backend did not vouch for
 * (NETRXF_data_validated): true if right, or not ours to check. */
static bool csum_ok(struct netfront *nf, struct pbuf *p)
{
    const uint8_t *f = p->payload;
    unsigned ihl, proto, len;
    ip4_addr_t src, dst;
    bool ok;

    if (p->len < 34 || f[12] != 0x08 || f[13] != 0x00)
        return true;                     /* not IPv4: lwIP judges */
    ihl = (f[14] & 0xf) * 4;
    proto = f[23];
    len = (f[16] << 8 | f[17]) - ihl;
    if ((proto != 6 && proto != 17) || (f[20] & 0x3f) || f[21] ||
        p->len < 14 + ihl || len > p->tot_len - 14 - ihl)
        return true;                     /* fragments: the stack's job */
    if (proto == 17 && p->len >= 14 + ihl + 8 && !f[14 + ihl + 6] &&
        !f[14 + ihl + 7])
        return true;                     /* UDP without a checksum */
    memcpy(&src, f + 26, 4);
    memcpy(&dst, f + 30, 4);
    nf->st.rx_csum_checked++;
    pbuf_remove_header(p, 14 + ihl);
    ok = inet_chksum_pseudo(p, proto, len, &src, &dst) == 0;
    pbuf_add_header(p, 14 + ihl);
    if (!ok)
        nf->st.rx_csum_bad++;
    return ok;
}

/* The ring slots of the frame starting at rsp_cons, up to prod: how many
 * (data and extra), or 0 if its last slot is not there yet. */
static unsigned frame_slots(struct netfront *nf, RING_IDX prod)
{
    RING_IDX i = nf->rx.rsp_cons;

    while (i != prod) {
        netif_rx_response_t *r = RING_GET_RESPONSE(&nf->rx, i++);
        if (r->flags & NETRXF_extra_info) {
            /* extras follow (GSO, hash): never negotiated, skipped */
            struct netif_extra_info x;
            do {
                if (i == prod)
                    return 0;
                memcpy(&x, RING_GET_RESPONSE(&nf->rx, i++), sizeof(x));
            } while (x.flags & XEN_NETIF_EXTRA_FLAG_MORE);
        }
        if (!(r->flags & NETRXF_more_data))
            return i - nf->rx.rsp_cons;
    }
    return 0;
}

/* Take the n slots of one frame off the ring: a chain of custom pbufs, or
 * NULL if the backend reported an error in any of them (pages reposted). */
static struct pbuf *frame_take(struct netfront *nf, unsigned n, uint16_t *flags)
{
    struct pbuf *head = NULL;
    bool bad = false, extra = false;

    *flags = RING_GET_RESPONSE(&nf->rx, nf->rx.rsp_cons)->flags;
    for (unsigned k = 0; k < n; k++) {
        RING_IDX i = nf->rx.rsp_cons++;
        union { netif_rx_response_t r; struct netif_extra_info x; } u;
        netif_rx_response_t r;
        struct nf_rxbuf *b = nf->rx_posted[i & (NETIF_RX_SIZE - 1)];
        struct pbuf *q;

        memcpy(&u, RING_GET_RESPONSE(&nf->rx, i), sizeof(u.r));
        r = u.r;
        nf->rx_posted[i & (NETIF_RX_SIZE - 1)] = NULL;
        nf->st.rx_slots++;
        if (!b)
            continue;                    /* cannot be: we posted every slot */
        if (extra) {
            /* an extra slot: its page carries nothing */
            extra = u.x.flags & XEN_NETIF_EXTRA_FLAG_MORE;
        } else {
            extra = r.flags & NETRXF_extra_info;
            bad |= r.status <= 0 || r.offset + r.status > (int)NETIF_PAGE;
            if (!bad) {
                b->pc.custom_free_function = rxbuf_free;
                q = pbuf_alloced_custom(PBUF_RAW, r.status, PBUF_REF, &b->pc,
                                        b->page + r.offset,
                                        NETIF_PAGE - r.offset);
                if (head)
                    pbuf_cat(head, q);
                else
                    head = q;
                continue;
            }
        }
        b->next = nf->rx_free;
        nf->rx_free = b;
    }
    if (bad && head) {
        pbuf_free(head);                 /* its pages go back to the ring */
        head = NULL;
    }
    return head;
}

/* Frames from the rx ring into lwIP, core locked.  Returns whether the
 * budget ran out with frames left. */
static bool rx_poll(struct netfront *nf)
{
    unsigned done = 0, n;
    bool more;

    do {
        RING_IDX prod = nf->rx.sring->rsp_prod;
        rmb();                           /* see responses up to rsp_prod */
        if (!netif_ring_sane(prod, nf->rx.rsp_cons, NETIF_RX_SIZE))
            return false;                /* a lying backend: ignore it */
        while ((n = frame_slots(nf, prod))) {
            uint16_t flags;
            struct pbuf *p = frame_take(nf, n, &flags);

            if (!p) {
                nf->st.rx_errors++;
                continue;
            }
            nf->st.rx_pkts++;
            if ((!(flags & NETRXF_data_validated) && !csum_ok(nf, p)) ||
                nf->netif.input(p, &nf->netif) != ERR_OK)
                pbuf_free(p);
            if (++done == NF_RX_BUDGET)
                break;
        }
        netfront_rx_post(nf);
        if (done == NF_RX_BUDGET)
            return true;
        /* sets rsp_event for the next response, then looks again (mb()) */
        RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
    } while (more);
    return false;
}

/* ---- transmit ---- */

/* Answered tx slots: grants ended, frames let go. */
static void tx_reap(struct netfront *nf)
{
    RING_IDX prod = nf->tx.sring->rsp_prod, i;

    rmb();                               /* see responses up to rsp_prod */
    if (!netif_ring_sane(prod, nf->tx.rsp_cons, NETIF_TX_SIZE))
        return;
    for (i = nf->tx.rsp_cons; i != prod; i++) {
        netif_tx_response_t *r = RING_GET_RESPONSE(&nf->tx, i);
        struct nf_txslot *s;

        if (r->status == NETIF_RSP_NULL || r->id >= NETIF_TX_SIZE ||
            !(s = &nf->txs[r->id])->p)
            continue;
        if (r->status != NETIF_RSP_OKAY)
            nf->st.tx_errors++;
        /* a backend answers once it stops using the grant (ours copies,
         * Linux's maps and unmaps first): the end cannot be busy */
        gnttab_end_access(s->gref);
        pbuf_free(s->p);
        s->p = NULL;
        nf->tx_free[nf->nr_tx_free++] = r->id;
    }
    nf->tx.rsp_cons = i;
}

bool netfront_tx_busy(struct netfront *nf)
{
    if (!nf->connected)
        return false;
    tx_reap(nf);
    return nf->nr_tx_free != NETIF_TX_SIZE;
}

/* Wait (up to NF_TX_WAIT_NS) until n slots are free. */
static bool tx_room(struct netfront *nf, unsigned n)
{
    uint64_t deadline = time_monotonic_ns() + NF_TX_WAIT_NS;
    bool more;

    tx_reap(nf);
    while (nf->nr_tx_free < n && nf->connected) {
        nf->st.tx_waits++;
        /* ask for an event at the next response, then look (mb()) */
        RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more);
        if (!more &&
            !THREAD_WAIT(&nf->tx_wq, nf->tx.sring->rsp_prod != nf->tx.rsp_cons
                         || !nf->connected, deadline))
            return false;
        tx_reap(nf);
    }
    return nf->connected;
}

/* Slots chain p takes: one per page each pbuf touches. */
static unsigned tx_slots(const struct pbuf *p)
{
    unsigned n = 0;

    for (; p; p = p->next)
        n += netif_pages_spanned((uint64_t)p->payload, p->len);
    return n;
}

/* The checksum offload of frame p: for IPv4 TCP and UDP, not fragmented,
 * headers in the first pbuf, the pseudo-header sum goes into the
 * checksum field and the frame is flagged csum_blank. */
static uint16_t tx_csum(struct pbuf *p)
{
    uint8_t *f = p->payload;
    unsigned ihl, proto, at;
    uint32_t sum = 0;
    uint16_t w;

    if (p->len < 34 || f[12] != 0x08 || f[13] != 0x00)
        return 0;
    ihl = (f[14] & 0xf) * 4;
    proto = f[23];
    if ((proto != 6 && proto != 17) || (f[20] & 0x3f) || f[21])
        return 0;
    at = 14 + ihl + (proto == 6 ? 16 : 6);
    if (p->len < at + 2)
        return 0;
    /* ones' complement sums do not care about byte order: add the words
     * as they lie in memory, and the big-endian fields as stored */
    for (unsigned k = 26; k < 34; k += 2) {
        memcpy(&w, f + k, 2);
        sum += w;
    }
    sum += lwip_htons(proto);
    sum += lwip_htons((f[16] << 8 | f[17]) - ihl);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    w = sum;
    memcpy(f + at, &w, 2);
    return NETTXF_csum_blank | NETTXF_data_validated;
}

/* The machine frame behind a virtual address of ours. */
static uint64_t va_mfn(const void *va)
{
    return (mm_entry((uint64_t)va & ~(uint64_t)(NETIF_PAGE - 1), 1) &
            MM_PTE_ADDR) >> 12;
}

/* Put chain p on the ring, slot by slot; it has room.  false (nothing
 * queued) if a grant cannot be had. */
static bool tx_queue(struct netfront *nf, struct pbuf *p, uint16_t flags)
{
    RING_IDX first = nf->tx.req_prod_pvt;
    netif_tx_request_t *r = NULL;

    for (struct pbuf *q = p; q; q = q->next) {
        uint8_t *a = q->payload;
        for (unsigned left = q->len; left;) {
            unsigned off = (uint64_t)a & (NETIF_PAGE - 1);
            unsigned n = left < NETIF_PAGE - off ? left : NETIF_PAGE - off;
            int ref = gnttab_grant_access(nf->backend_id, va_mfn(a), 1);
            uint16_t id;

            if (ref < 0)
                goto undo;
            id = nf->tx_free[--nf->nr_tx_free];
            nf->txs[id].p = p;
            nf->txs[id].gref = ref;
            pbuf_ref(p);
            if (r)
                r->flags |= NETTXF_more_data;
            r = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt++);
            *r = (netif_tx_request_t){ .gref = ref, .offset = off,
                                       .flags = 0, .id = id, .size = n };
            a += n;
            left -= n;
            nf->st.tx_slots++;
        }
    }
    r = RING_GET_REQUEST(&nf->tx, first);
    r->size = p->tot_len;                /* the first slot: the whole frame */
    r->flags |= flags;
    return true;
undo:
    while (nf->tx.req_prod_pvt != first) {
        r = RING_GET_REQUEST(&nf->tx, --nf->tx.req_prod_pvt);
        gnttab_end_access(nf->txs[r->id].gref);
        nf->txs[r->id].p = NULL;
        nf->tx_free[nf->nr_tx_free++] = r->id;
        pbuf_free(p);
    }
    return false;
}

/* Whether some of p's data is not ours to keep past this call: lwIP's
 * PBUF_REF pbufs (a UDP socket's send points at the caller's buffer,
 * reusable, even freed, once the call returns) and PBUF_ROM.  The ring
 * keeps frames until the backend answers, so these are copied. */
static bool tx_volatile(const struct pbuf *p)
{
    for (; p; p = p->next)
        if (PBUF_NEEDS_COPY(p))
            return true;
    return false;
}

/* Whether frame p's first slot would hold less than an Ethernet header:
 * its first bytes end a page.  Linux's netback drops such a frame (a
 * first request under ETH_HLEN is a "Bad packet size", answered with an
 * error and counted nowhere), and as TCP sends the same pbuf again, at
 * the same address, the connection stalls for good.  io/netif.h does not
 * say so; Linux's netfront bounces such frames too. */
static bool tx_first_short(const struct pbuf *p)
{
    unsigned off, first;

    while (p && !p->len)
        p = p->next;
    if (!p)
        return false;
    off = (uint64_t)p->payload & (NETIF_PAGE - 1);
    first = p->len < NETIF_PAGE - off ? p->len : NETIF_PAGE - off;
    return first < NETIF_ETH_HLEN && first < p->tot_len;
}

/* Chain p copied into one PBUF_RAM pbuf whose first slot holds at least
 * an Ethernet header (the payload moved to the next page's start if it
 * would begin closer than that to a page's end).  NULL: no memory. */
static struct pbuf *tx_flatten(struct pbuf *p)
{
    struct pbuf *q;
    unsigned off;

    if (p->tot_len > 0xffff - NETIF_ETH_HLEN)
        return pbuf_clone(PBUF_RAW, PBUF_RAM, p);
    if (!(q = pbuf_alloc(PBUF_RAW, p->tot_len + NETIF_ETH_HLEN, PBUF_RAM)))
        return NULL;
    off = (uint64_t)q->payload & (NETIF_PAGE - 1);
    if (NETIF_PAGE - off < NETIF_ETH_HLEN)
        pbuf_remove_header(q, NETIF_PAGE - off);
    pbuf_realloc(q, p->tot_len);
    pbuf_copy_partial(p, q->payload, p->tot_len, 0);
    return q;
}

err_t netfront_output(struct netif *netif, struct pbuf *p)
{
    struct netfront *nf = netif->state;
    unsigned n = tx_slots(p);
    struct pbuf *flat = NULL;
    uint64_t *why;                       /* the counter of the copy made */
    uint16_t flags;
    bool ok, notify_it;

    if (!nf->connected)
        return ERR_IF;
    /* more pieces than every backend must take, data the sender may
     * reuse once we return, or a first slot netbacks drop: one copy */
    if ((why = n > XEN_NETIF_NR_SLOTS_MIN ? &nf->st.tx_linearised
               : tx_volatile(p)           ? &nf->st.tx_copied
               : tx_first_short(p)        ? &nf->st.tx_bounced : NULL)) {
        if (!(flat = tx_flatten(p)))
            return ERR_MEM;
        (*why)++;
        p = flat;
        n = tx_slots(p);
    }
    flags = tx_csum(p);
    ok = n <= XEN_NETIF_NR_SLOTS_MIN && tx_room(nf, n) &&
         tx_queue(nf, p, flags);
    if (flat)
        pbuf_free(flat);                 /* the slots hold their refs */
    if (!ok)
        return ERR_MEM;
    nf->st.tx_pkts++;
    /* wmb() orders the requests before req_prod; mb() req_prod before
     * reading req_event: only an idle backend gets an event */
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify_it);
    if (notify_it)
        notify(nf);
    return ERR_OK;
}

/* ---- the thread ---- */

static void *nf_thread(void *arg)
{
    struct netfront *nf = arg;

    for (;;) {
        bool more;
        THREAD_WAIT(&nf->wq, nf->kicks != 0, ~0UL);
        nf->kicks = 0;
        if (!nf->connected || !nf->up)
            continue;                    /* frames wait on the ring */
        LOCK_TCPIP_CORE();
        more = rx_poll(nf);
        tx_reap(nf);
        UNLOCK_TCPIP_CORE();
        if (more) {
            nf->kicks++;
            thread_yield();              /* the app reads what came */
        }
    }
    return NULL;
}

int netfront_thread_start(struct netfront *nf)
{
    if (nf->thread)
        return 0;
    nf->thread = thread_create("netfront", nf_thread, nf, 0);
    return nf->thread ? 0 : -ENOMEM;
}

void netfront_release(struct netfront *nf)
{
    nf->connected = false;
    waitq_wake_all(&nf->tx_wq);
    for (unsigned i = 0; i < NETIF_TX_SIZE; i++)
        if (nf->txs[i].p) {
            gnttab_end_access(nf->txs[i].gref);
            pbuf_free(nf->txs[i].p);
            nf->txs[i].p = NULL;
        }
    /* posted pages come back to the free list; every page's grant ends
     * (pages lwIP holds too: their data is ours now) */
    for (unsigned i = 0; i < NETIF_RX_SIZE; i++)
        if (nf->rx_posted[i]) {
            nf->rx_posted[i]->next = nf->rx_free;
            nf->rx_free = nf->rx_posted[i];
            nf->rx_posted[i] = NULL;
        }
    for (unsigned i = 0; i < NETIF_RX_SIZE; i++)
        if (nf->rxb[i].page)
            gnttab_end_access(nf->rxb[i].gref);
    /* pages not in lwIP's hands: freed now; the rest in rxbuf_free */
    for (struct nf_rxbuf *b = nf->rx_free; b; b = b->next) {
        mm_free_page(mm_va_to_pfn(b->page));
        b->page = NULL;
    }
    nf->rx_free = NULL;
}
