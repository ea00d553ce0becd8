/* xenstored's transport: one store ring per domain, a service thread, and
 * dom0's own xenbus client in-process. */
#include "foreign.h"
#include "xenstored/xenstored.h"
#include "xs_glue.h"
#include <errno.h>
#include <libos/barrier.h>
#include <libos/thread.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/xs_wire.h>

struct xs_dom {
    domid_t id;
    struct foreign_page ring;          /* struct xenstore_domain_interface */
    struct xs_conn *conn;
    struct xs_dom *next;               /* every served domain */
    bool dirty;                        /* on the dirty list */
    struct xs_dom *next_dirty;
};

/*
 * The service thread looks only at dirty domains: those whose port fired
 * and those the store queued output for (a reply, or a watch another
 * domain's write fired).  So a request costs the same with 10 domains as
 * with 10,000.
 */
static struct xs_dom *doms, *dirty;
static struct waitq kick = WAITQ_INIT;
static volatile unsigned kicks;        /* reasons to look since the last pass */

/* From event handlers and from inside xsd calls: note and wake, no more. */
static void mark_dirty(struct xs_dom *d)
{
    if (!d->dirty) {
        d->dirty = true;
        d->next_dirty = dirty;
        dirty = d;
    }
    kicks++;
    waitq_wake_one(&kick);
}

static struct xs_dom *pop_dirty(void)
{
    unsigned saved = events_save();    /* handlers push too */
    struct xs_dom *d = dirty;

    if (d) {
        dirty = d->next_dirty;
        d->dirty = false;
    }
    events_restore(saved);
    return d;
}

static struct xs_dom *find(domid_t id)
{
    for (struct xs_dom *d = doms; d; d = d->next)
        if (d->id == id)
            return d;
    return NULL;
}

/* Event handler: any store event means "look at both directions". */
static void on_event(evtchn_port_t port, void *data)
{
    mark_dirty(data);
}

/* Requests from the ring into the store: the bytes taken off the ring, or
 * -1 if the guest broke the ring protocol (indexes further apart than the
 * ring) or the store wants the connection dropped. */
static int pull(struct xs_dom *d)
{
    struct xenstore_domain_interface *r = d->ring.va;
    char buf[XENSTORE_RING_SIZE];
    XENSTORE_RING_IDX cons = r->req_cons, prod = r->req_prod;
    size_t n = 0;

    rmb();                             /* see requests up to req_prod */
    if (prod - cons > XENSTORE_RING_SIZE)
        return -1;
    while (cons != prod && n < sizeof(buf))
        buf[n++] = r->req[MASK_XENSTORE_IDX(cons++)];
    if (!n || !xsd_conn_can_read(d->conn))
        return 0;                      /* held until output drains */
    mb();                              /* done reading before freeing space */
    r->req_cons = cons;
    return xsd_conn_input(d->conn, buf, n) ? -1 : (int)n;
}

/* Replies and watch events from the store onto the ring, as they fit:
 * the bytes written, or -1 for lying indexes. */
static int push(struct xs_dom *d)
{
    struct xenstore_domain_interface *r = d->ring.va;
    XENSTORE_RING_IDX cons = r->rsp_cons, prod = r->rsp_prod;
    char buf[XENSTORE_RING_SIZE];
    size_t space, n;

    mb();                              /* read rsp_cons before writing */
    if (prod - cons > XENSTORE_RING_SIZE)
        return -1;
    space = XENSTORE_RING_SIZE - (prod - cons);
    n = xsd_conn_output(d->conn, buf, space);
    for (size_t i = 0; i < n; i++)
        r->rsp[MASK_XENSTORE_IDX(prod++)] = buf[i];
    wmb();                             /* replies written before rsp_prod */
    r->rsp_prod = prod;
    return n;
}

/* Forget d.  Its conn goes first: freeing it may queue output (ended
 * transactions fire watches) and so call ops_output, which must not put d
 * back on the dirty list after it has been taken off. */
static void unlink_dom(struct xs_dom *d)
{
    unsigned saved;

    if (d->conn) {
        xsd_conn_set_cookie(d->conn, NULL);
        xsd_conn_free(d->conn);
    }
    foreign_detach(&d->ring);          /* no more events for d either */
    saved = events_save();
    for (struct xs_dom **pp = &doms; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    for (struct xs_dom **pp = &dirty; d->dirty && *pp; pp = &(*pp)->next_dirty)
        if (*pp == d) {
            *pp = d->next_dirty;
            break;
        }
    events_restore(saved);
    free(d);
}

/* One domain's turn: in, out, and an event if anything moved.  Returns
 * whether the domain was dropped. */
static int serve(struct xs_dom *d)
{
    int in = pull(d), out = in < 0 ? 0 : push(d);

    if (in < 0 || out < 0 || xsd_conn_dead(d->conn)) {
        printf("xenstored: d%u: %s: connection dropped\n", d->id,
               in < 0 && !xsd_conn_dead(d->conn) ? "bad ring indexes"
                                                 : "protocol error");
        xsd_release_domain(d->id);
        unlink_dom(d);
        return 1;
    }
    if (in > 0 || out > 0)
        evtchn_send(d->ring.port);
    return 0;
}

/* ---- dom0's own client, in-process ---- */

static char local_acc[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
static size_t local_have;

/* Hand every whole message queued for dom0's conn to libos's xenbus. */
static void local_drain(void)
{
    struct xs_conn *c = xsd_local_conn();
    const struct xsd_sockmsg *h = (const void *)local_acc;

    while (xsd_conn_output_pending(c)) {
        local_have += xsd_conn_output(c, local_acc + local_have,
                                      sizeof(local_acc) - local_have);
        while (local_have >= sizeof(*h) &&
               local_have >= sizeof(*h) + h->len) {
            size_t n = sizeof(*h) + h->len;
            xenbus_deliver(local_acc, n);
            memmove(local_acc, local_acc + n, local_have - n);
            local_have -= n;
        }
    }
}

static int local_send(const void *msg, size_t len)
{
    if (xsd_conn_input(xsd_local_conn(), msg, len))
        return -EIO;
    local_drain();                     /* others' output: ops_output */
    return 0;
}

static const struct xenbus_transport local_transport = { local_send };

/* ---- the service thread ---- */

static void *service(void *unused)
{
    struct xs_dom *d;

    for (;;) {
        THREAD_WAIT(&kick, kicks != 0, ~0UL);
        kicks = 0;
        while ((d = pop_dirty()))      /* serving may dirty others: loop */
            serve(d);
        local_drain();
    }
    return NULL;
}

static struct xs_dom *attach(domid_t domid, uint32_t port, int *rc)
{
    struct xs_dom *d = calloc(1, sizeof(*d));

    *rc = -ENOMEM;
    if (!d || !(d->conn = xsd_conn_new(domid, false)))
        goto fail;
    xsd_conn_set_cookie(d->conn, d);
    d->id = domid;
    if ((*rc = foreign_attach(&d->ring, domid, GNTTAB_RESERVED_XENSTORE, port,
                              on_event, d))) {
        printf("xenstored: d%u: cannot map its store ring: %d\n", domid, *rc);
        *rc = -EINVAL;
        goto fail;
    }
    d->next = doms;
    doms = d;
    return d;
fail:
    if (d && d->conn)
        xsd_conn_free(d->conn);
    free(d);
    return NULL;
}

/* XS_INTRODUCE over a connection: the store records the domain itself. */
static int ops_introduce(void *priv, unsigned domid, uint64_t mfn,
                         unsigned port)
{
    struct xs_dom *d = find(domid);
    int rc;

    if (d)
        return 0;                      /* already served */
    return attach(domid, port, &rc) ? 0 : rc;
}

static void ops_release(void *priv, unsigned domid)
{
    /* the conns are dead now; xs_glue_release or serve unlinks them */
}

/* A conn has output: a domain's (its cookie), or dom0's own (NULL). */
static void ops_output(void *priv, void *cookie)
{
    if (cookie) {
        mark_dirty(cookie);
        return;
    }
    kicks++;                           /* local_drain in the next pass */
    waitq_wake_one(&kick);
}

static const struct xs_conn_ops ops = { ops_introduce, ops_release,
                                        ops_output };

int xs_glue_start(void)
{
    xsd_init(&ops, NULL);
    xenbus_set_transport(&local_transport);
    return thread_create("xenstored", service, NULL, 0) ? 0 : -ENOMEM;
}

int xs_glue_introduce(domid_t domid, uint32_t port)
{
    int rc;

    if (find(domid))
        return -EEXIST;
    if (!attach(domid, port, &rc))
        return rc;
    xsd_introduce_domain(domid);
    mark_dirty(find(domid));           /* requests may be waiting already */
    return 0;
}

void xs_glue_release(domid_t domid)
{
    struct xs_dom *d = find(domid);

    xsd_release_domain(domid);
    if (d)
        unlink_dom(d);
    kicks++;                           /* @releaseDomain watchers */
    waitq_wake_one(&kick);
}
