/* netback's data path: frames from tx rings to rx rings by hypervisor copy. */
#include "bridge.h"
#include "netback.h"
#include <errno.h>
#include <libos/gnttab.h>
#include <libos/mm.h>
#include <libos/time.h>
#include <stdio.h>
#include <string.h>

/*
 * One pass over a sender's tx ring, a batch of up to NB_BATCH frames:
 *  1. gather: copy each frame's requests out of the shared ring (the
 *     frontend may rewrite them; we judge our copy) and check them;
 *  2. one GNTTABOP_copy brings the frames' Ethernet headers here;
 *  3. route: the bridge names the receiver(s); each receiver's rx
 *     requests are taken and copy ops written from the sender's grants
 *     straight into the receiver's;
 *  4. one GNTTABOP_copy moves every payload of the batch;
 *  5. responses on both rings, one notification per ring if it asks.
 * A receiver short of rx slots holds the sender back (its frame stays on
 * the ring) for up to NB_STALL_NS, then the frame is dropped for it: a
 * dead or stuck receiver cannot block the others for long.
 */
#define NB_BATCH    64
#define NB_MAX_OPS  1024
#define NB_MAX_RX   512                  /* rx slots filled per batch */
#define NB_STALL_NS (200ULL * 1000000ULL)
#define NB_BRIDGES  4
#define NB_HDR      64                   /* bytes per header in hdrs[] */

struct nb_pkt {
    RING_IDX first;                      /* its first tx request */
    unsigned nslots, ndata;              /* requests in all, data ones */
    netif_tx_request_t req[XEN_NETIF_NR_SLOTS_MIN];
    uint16_t size;                       /* the whole frame */
    uint16_t txflags;                    /* of its first request */
    int16_t status;                      /* NETIF_RSP_* for the sender */
    unsigned hop;                        /* its header op in ops[] */
};

/* One rx slot filled in a receiver: the response it will get. */
struct nb_rxslot {
    struct nb_vif *to;
    uint16_t id, flags, size;
    unsigned pkt;                        /* index in pkts[] */
    unsigned op0, nops;                  /* its ops in ops[] */
};

struct nb_stats netback_stats;
static struct nb_vif *vifs;              /* attached, in attach order */
static struct bridge bridges[NB_BRIDGES];
static unsigned nr_bridges;
static struct nb_vif *by_port[NB_BRIDGES][BRIDGE_MAX_PORTS];
static struct waitq work_wq = WAITQ_INIT;
static volatile unsigned work;           /* events since the thread looked */

/* The batch being built (one thread: static, not on a stack). */
static struct nb_pkt pkts[NB_BATCH];
static unsigned nr_pkts;
static gnttab_copy_t ops[NB_MAX_OPS];
static unsigned nr_ops;
static struct nb_rxslot rxs[NB_MAX_RX];
static unsigned nr_rxs;
/* Headers land here: one page, so one frame number for the copy ops. */
static uint8_t hdrs[NB_BATCH][NB_HDR] __attribute__((aligned(4096)));
static uint64_t hdrs_mfn;

void netback_event(evtchn_port_t port, void *data)
{
    struct nb_vif *v = data;

    v->kicked = true;
    work++;
    waitq_wake_one(&work_wq);
}

static void notify(struct nb_vif *v)
{
    netback_stats.notifies++;
    evtchn_send(v->port);
}

/* ---- 1. gather ---- */

/* Copy the frame starting at v's req_cons into p.  1: a whole frame;
 * 0: not all of its requests are there yet; -1: v lies (told). */
static int gather_one(struct nb_vif *v, struct nb_pkt *p, int avail)
{
    RING_IDX i = v->tx.req_cons;
    netif_tx_request_t r;
    bool more, extra;

    p->first = i;
    p->nslots = p->ndata = 0;
    do {
        if ((int)p->nslots == avail)
            return 0;
        RING_COPY_REQUEST(&v->tx, i + p->nslots, &r);
        p->nslots++;
        if (p->ndata == XEN_NETIF_NR_SLOTS_MIN) {
            netback_vif_fail(v, "a frame of too many slots");
            return -1;
        }
        p->req[p->ndata++] = r;
        more = r.flags & NETTXF_more_data;
        /* extra info slots follow the first request (GSO, multicast):
         * none is negotiated, but skip them as the protocol lays out */
        for (extra = p->ndata == 1 && (r.flags & NETTXF_extra_info); extra;) {
            union { netif_tx_request_t r; struct netif_extra_info x; } u;
            if ((int)p->nslots == avail)
                return 0;
            RING_COPY_REQUEST(&v->tx, i + p->nslots, &u.r);
            p->nslots++;
            extra = u.x.flags & XEN_NETIF_EXTRA_FLAG_MORE;
            if (p->nslots > 2 * XEN_NETIF_NR_SLOTS_MIN) {
                netback_vif_fail(v, "a chain of extra slots");
                return -1;
            }
        }
    } while (more);
    return 1;
}

/* Whether p's requests describe a frame: each window inside its page,
 * the first (total) size covering the others, the first slot holding an
 * Ethernet header.  A frame that fails gets NETIF_RSP_ERROR. */
static bool frame_ok(struct nb_pkt *p)
{
    uint32_t rest = 0;

    for (unsigned k = 1; k < p->ndata; k++)
        rest += p->req[k].size;
    p->size = p->req[0].size;
    if (rest > p->size || p->size < NETIF_ETH_HLEN)
        return false;
    p->req[0].size = p->size - rest;     /* the first slot's own bytes */
    /* as Linux's netback: the first slot holds the Ethernet header (a
     * frontend must not split it, and ours does not: netfront.c) */
    if (p->req[0].size < NETIF_ETH_HLEN)
        return false;
    for (unsigned k = 0; k < p->ndata; k++)
        if (!netif_slot_fits(p->req[k].offset, p->req[k].size))
            return false;
    return true;
}

static void add_op(domid_t sdom, grant_ref_t sref, uint16_t soff,
                   bool dgref, domid_t ddom, uint64_t dst, uint16_t doff,
                   uint16_t len)
{
    gnttab_copy_t *op = &ops[nr_ops++];

    op->source.u.ref = sref;
    op->source.domid = sdom;
    op->source.offset = soff;
    if (dgref)
        op->dest.u.ref = dst;
    else
        op->dest.u.gmfn = dst;
    op->dest.domid = ddom;
    op->dest.offset = doff;
    op->len = len;
    op->flags = GNTCOPY_source_gref | (dgref ? GNTCOPY_dest_gref : 0);
}

/* The op bringing frame p's Ethernet header into hdrs[at] (it lies in
 * the first slot: frame_ok). */
static void header_op(struct nb_vif *v, struct nb_pkt *p, unsigned at)
{
    p->hop = nr_ops;
    add_op(v->domid, p->req[0].gref, p->req[0].offset, false, DOMID_SELF,
           hdrs_mfn, at * NB_HDR, NETIF_ETH_HLEN);
}

/* Take up to NB_BATCH frames off v's tx ring, with their header ops.
 * Returns false if v was failed. */
static bool gather(struct nb_vif *v)
{
    int avail = netif_req_avail(v->tx.sring->req_prod, v->tx.req_cons,
                                v->tx.rsp_prod_pvt, NETIF_TX_SIZE);

    if (avail < 0) {
        netback_vif_fail(v, "tx ring indexes that lie");
        return false;
    }
    rmb();                               /* see requests up to req_prod */
    while (nr_pkts < NB_BATCH && avail > 0) {
        struct nb_pkt *p = &pkts[nr_pkts];
        int rc = gather_one(v, p, avail);
        if (rc <= 0)
            return rc == 0;
        v->tx.req_cons += p->nslots;
        avail -= p->nslots;
        p->txflags = p->req[0].flags;
        p->status = frame_ok(p) ? NETIF_RSP_OKAY : NETIF_RSP_ERROR;
        if (p->status == NETIF_RSP_OKAY)
            header_op(v, p, nr_pkts);
        nr_pkts++;
    }
    return true;
}

/* Run ops[from..nr_ops) in one hypercall.  A failed hypercall fails
 * every op (their statuses cannot be trusted). */
static void run_ops(unsigned from)
{
    int rc;

    if (from == nr_ops)
        return;
    netback_stats.copy_calls++;
    netback_stats.copy_ops += nr_ops - from;
    if ((rc = gnttab_copy_batch(&ops[from], nr_ops - from)))
        for (unsigned k = from; k < nr_ops; k++)
            ops[k].status = GNTST_general_error;
}

/* ---- 3. route ---- */

/* Rx slots v holds ready for us (-1: v lies, and was failed). */
static int rx_avail(struct nb_vif *v)
{
    int n = netif_req_avail(v->rx.sring->req_prod, v->rx.req_cons,
                            v->rx.rsp_prod_pvt, NETIF_RX_SIZE);
    if (n < 0)
        netback_vif_fail(v, "rx ring indexes that lie");
    rmb();                               /* see requests up to req_prod */
    return n;
}

static uint16_t rx_csum_flags(uint16_t txflags)
{
    if (txflags & NETTXF_csum_blank)
        return NETRXF_csum_blank | NETRXF_data_validated;
    return txflags & NETTXF_data_validated ? NETRXF_data_validated : 0;
}

/* Ops copying frame p of src into rx slots taken from to's ring (it has
 * enough: checked by the caller).  Each rx page is filled from offset 0;
 * a tx slot crossing into the next rx page becomes two ops. */
static void fill(struct nb_vif *src, unsigned pi, struct nb_vif *to)
{
    struct nb_pkt *p = &pkts[pi];
    struct nb_rxslot *s = NULL;
    unsigned k = 0, koff = 0, room = 0;
    netif_rx_request_t rr;

    while (k < p->ndata) {
        unsigned len;
        if (!room) {
            RING_COPY_REQUEST(&to->rx, to->rx.req_cons++, &rr);
            /* the checksum flags go on the frame's first slot only */
            uint16_t f = NETRXF_more_data | (s ? 0 : rx_csum_flags(p->txflags));
            s = &rxs[nr_rxs++];
            *s = (struct nb_rxslot){ to, rr.id, f, 0, pi, nr_ops, 0 };
            room = NETIF_PAGE;
        }
        len = p->req[k].size - koff;
        if (len > room)
            len = room;
        if (len)
            add_op(src->domid, p->req[k].gref, p->req[k].offset + koff, true,
                   to->domid, rr.gref, NETIF_PAGE - room, len);
        s->nops += len ? 1 : 0;
        s->size += len;
        room -= len;
        koff += len;
        if (koff == p->req[k].size)
            k++, koff = 0;
    }
    if (s)
        s->flags &= ~NETRXF_more_data;   /* the last slot of the frame */
    to->touched = true;
    netback_stats.copy_bytes += p->size;
    netback_stats.rx_pkts++;
}

/* Rx slots frame p needs at to, or 0 if to cannot take it at all. */
static unsigned slots_needed(const struct nb_pkt *p, const struct nb_vif *to)
{
    unsigned n = (p->size + NETIF_PAGE - 1) / NETIF_PAGE;

    return n > 1 && !to->sg ? 0 : n;
}

/* Whether another frame fits the batch's arrays (worst case: one op per
 * tx slot plus one per rx page, for every port of a flood). */
static bool room_for(const struct nb_pkt *p, unsigned dests)
{
    unsigned pages = (p->size + NETIF_PAGE - 1) / NETIF_PAGE;

    return nr_ops + dests * (p->ndata + pages) <= NB_MAX_OPS &&
           nr_rxs + dests * pages <= NB_MAX_RX;
}

/* Frame pi of src to one receiver.  false: hold the sender back here
 * (to is short of rx slots and may still catch up). */
static bool deliver(struct nb_vif *src, unsigned pi, struct nb_vif *to,
                    bool unicast, uint64_t now)
{
    struct nb_pkt *p = &pkts[pi];
    unsigned need = slots_needed(p, to);
    int have;

    if (!need || !to->active || (have = rx_avail(to)) < 0) {
        netback_stats.drops++;
        return true;
    }
    if ((unsigned)have < need) {
        /* ask for an event once it has posted enough, then look once
         * again (mb(): req_event written before req_prod is read).  Not
         * RING_FINAL_CHECK_FOR_REQUESTS: with some requests there but too
         * few it leaves req_event stale, and the frontend's next posts
         * would never notify us (the sender then waited NB_STALL_NS). */
        to->rx.sring->req_event = to->rx.req_cons + need;
        mb();
        if ((have = rx_avail(to)) >= (int)need)
            goto ok;
        if (unicast && (!src->stalled_on || now - src->stall_ns < NB_STALL_NS)) {
            if (!src->stalled_on) {
                src->stall_ns = now;
                netback_stats.stalls++;
            }
            src->stalled_on = to;
            return false;
        }
        netback_stats.drops++;
        return true;
    }
ok:
    fill(src, pi, to);
    return true;
}

/* Route every gathered frame; a frame that must wait, and those after
 * it, go back on src's ring (req_cons rewound) for a later pass. */
static void route(struct nb_vif *src, struct bridge *br, unsigned bi)
{
    uint64_t now = time_monotonic_ns();

    for (unsigned pi = 0; pi < nr_pkts; pi++) {
        struct nb_pkt *p = &pkts[pi];
        const uint8_t *h = hdrs[pi];
        int out;
        bool go = true;

        if (p->status != NETIF_RSP_OKAY || ops[p->hop].status != GNTST_okay) {
            if (src->bad_frames++ < 3)
                printf("netback: vif%u.%u: bad tx frame (%u bytes, %u slots)\n",
                       src->domid, src->handle, p->size, p->nslots);
            p->status = NETIF_RSP_ERROR;
            continue;
        }
        out = bridge_forward(br, src->bport, h, h + 6, now);
        if (!room_for(p, out == BRIDGE_FLOOD ? br->nr_ports : 1))
            go = false;
        else if (out >= 0 && by_port[bi][out])
            go = deliver(src, pi, by_port[bi][out], true, now);
        else if (out == BRIDGE_FLOOD)
            for (struct nb_vif *to = vifs; to; to = to->next)
                if (to != src && to->bport >= 0 && !strcmp(to->bridge, src->bridge))
                    deliver(src, pi, to, false, now);
        if (!go) {
            src->tx.req_cons = p->first;
            nr_pkts = pi;
            return;
        }
        src->stalled_on = NULL;
    }
}

/* ---- 5. responses ---- */

/* Whether op's source grant can be read: a failed copy is the sender's
 * fault only then, not the receiver's (whose bad rx grant must not turn
 * the sender's good frame into an error).  A byte copied to our header
 * page, only on this rare path. */
static bool source_ok(const gnttab_copy_t *op)
{
    gnttab_copy_t probe = { .source = op->source, .len = 1,
                            .flags = GNTCOPY_source_gref };

    probe.dest.u.gmfn = hdrs_mfn;
    probe.dest.domid = DOMID_SELF;
    return !gnttab_copy_batch(&probe, 1) && probe.status == GNTST_okay;
}

static void respond_rx(void)
{
    for (unsigned k = 0; k < nr_rxs; k++) {
        struct nb_rxslot *s = &rxs[k];
        netif_rx_response_t *r;
        int16_t status = s->size;

        for (unsigned o = s->op0; o < s->op0 + s->nops; o++)
            if (ops[o].status != GNTST_okay) {
                status = NETIF_RSP_ERROR;
                if (!source_ok(&ops[o]))
                    pkts[s->pkt].status = NETIF_RSP_ERROR;
            }
        if (!s->to->active)
            continue;                    /* failed meanwhile: no ring */
        r = RING_GET_RESPONSE(&s->to->rx, s->to->rx.rsp_prod_pvt++);
        r->id = s->id;
        r->offset = 0;
        r->flags = s->flags;
        r->status = status;
    }
}

static void respond_tx(struct nb_vif *v)
{
    for (unsigned pi = 0; pi < nr_pkts; pi++) {
        struct nb_pkt *p = &pkts[pi];
        for (unsigned k = 0; k < p->nslots; k++) {
            netif_tx_response_t *r =
                RING_GET_RESPONSE(&v->tx, v->tx.rsp_prod_pvt++);
            /* data requests first, then extras: ids from our copies */
            r->id = k < p->ndata ? p->req[k].id : 0;
            r->status = k < p->ndata ? p->status : NETIF_RSP_NULL;
        }
        if (p->status != NETIF_RSP_OKAY)
            netback_stats.errors++;
        netback_stats.tx_pkts++;
        netback_stats.tx_bytes += p->size;
    }
}

/* Publish responses and send the events their rings ask for. */
static void push(struct nb_vif *v)
{
    bool n;

    if (v->active && nr_pkts) {
        /* RING_PUSH_RESPONSES_AND_CHECK_NOTIFY: wmb() orders responses
         * before rsp_prod, mb() orders rsp_prod before reading rsp_event */
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->tx, n);
        if (n)
            notify(v);
    }
    for (struct nb_vif *to = vifs; to; to = to->next)
        if (to->touched) {
            to->touched = false;
            if (!to->active)
                continue;
            RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&to->rx, n);
            if (n)
                notify(to);
        }
}

static unsigned bridge_index(const char *name)
{
    for (unsigned i = 0; i < nr_bridges; i++)
        if (!strcmp(bridges[i].name, name))
            return i;
    return NB_BRIDGES;
}

/* One batch from v.  Returns whether v has more to do right now. */
static bool tx_batch(struct nb_vif *v)
{
    unsigned bi = bridge_index(v->bridge);
    bool more = false;
    unsigned hdr_ops;

    nr_pkts = nr_ops = nr_rxs = 0;
    if (!gather(v) || !nr_pkts)
        goto idle;
    hdr_ops = nr_ops;
    run_ops(0);                          /* the headers */
    for (unsigned k = 0; k < hdr_ops; k++)
        netback_stats.hdr_bytes += ops[k].len;
    route(v, &bridges[bi], bi);
    run_ops(hdr_ops);                    /* the payloads */
    respond_rx();
    respond_tx(v);
    push(v);
    if (v->stalled_on || !v->active)
        return false;
    if (nr_pkts == NB_BATCH)
        return true;
idle:
    if (!v->active || v->stalled_on)
        return false;
    /* sets req_event so the frontend's next request sends an event,
     * then looks once more (mb() between) for one that came meanwhile */
    RING_FINAL_CHECK_FOR_REQUESTS(&v->tx, more);
    return more;
}

/* The earliest moment a stalled sender gives up waiting; ~0 if none. */
static uint64_t next_deadline(void)
{
    uint64_t d = ~0ULL;

    for (struct nb_vif *v = vifs; v; v = v->next)
        if (v->stalled_on && v->stall_ns + NB_STALL_NS < d)
            d = v->stall_ns + NB_STALL_NS;
    return d;
}

static void *netback_thread(void *unused)
{
    for (;;) {
        bool again;
        THREAD_WAIT(&work_wq, work != 0, next_deadline());
        work = 0;
        do {
            again = false;
            for (struct nb_vif *v = vifs; v; v = v->next) {
                if (!v->active || (!v->kicked && !v->stalled_on))
                    continue;
                v->kicked = false;
                if (tx_batch(v)) {
                    v->kicked = true;
                    again = true;
                }
            }
            thread_yield();              /* the shell and xenstored too */
        } while (again);
    }
    return NULL;
}

int netback_start(void)
{
    hdrs_mfn = mm_pfn_to_mfn(mm_va_to_pfn(hdrs));
    return thread_create("netback", netback_thread, NULL, 0) ? 0 : -ENOMEM;
}

static int bridge_get(const char *name)
{
    unsigned i = bridge_index(name);

    if (i < NB_BRIDGES)
        return i;
    if (nr_bridges == NB_BRIDGES)
        return -ENOSPC;
    bridge_init(&bridges[nr_bridges], name);
    return nr_bridges++;
}

int netback_attach(struct nb_vif *v)
{
    int bi = bridge_get(v->bridge), port;

    if (bi < 0 || (port = bridge_port_add(&bridges[bi])) < 0)
        return -ENOSPC;
    v->bport = port;
    by_port[bi][port] = v;
    v->stalled_on = NULL;
    v->touched = false;
    v->next = vifs;
    vifs = v;
    v->active = true;
    v->kicked = true;                    /* requests may be queued already */
    work++;
    waitq_wake_one(&work_wq);
    return 0;
}

void netback_detach(struct nb_vif *v)
{
    unsigned bi;

    for (struct nb_vif **pp = &vifs; *pp; pp = &(*pp)->next)
        if (*pp == v) {
            *pp = v->next;
            break;
        }
    for (struct nb_vif *o = vifs; o; o = o->next)
        if (o->stalled_on == v)
            o->stalled_on = NULL;        /* nothing waits for a gone vif */
    v->active = false;
    if ((bi = bridge_index(v->bridge)) < NB_BRIDGES && v->bport >= 0) {
        bridge_port_del(&bridges[bi], v->bport);
        by_port[bi][v->bport] = NULL;
    }
    v->bport = -1;
}
