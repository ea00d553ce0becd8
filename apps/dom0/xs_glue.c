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
};

static struct xs_dom *doms;
static struct waitq kick = WAITQ_INIT;
static volatile unsigned kicks;        /* events since the thread last looked */

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
    kicks++;
    waitq_wake_one(&kick);
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

static void unlink_dom(struct xs_dom *d)
{
    for (struct xs_dom **pp = &doms; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    foreign_detach(&d->ring);
    if (d->conn)
        xsd_conn_free(d->conn);
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
    local_drain();
    kicks++;                           /* watches of others may have fired */
    waitq_wake_one(&kick);
    return 0;
}

static const struct xenbus_transport local_transport = { local_send };

/* ---- the service thread ---- */

static void *service(void *unused)
{
    for (;;) {
        THREAD_WAIT(&kick, kicks != 0, ~0UL);
        kicks = 0;
        /* every domain: a write by one may have queued watch events for
         * any other (O(domains) a pass; a dirty list would scale better) */
        for (struct xs_dom *d = doms, *n; d; d = n) {
            n = d->next;
            serve(d);
        }
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

static const struct xs_conn_ops ops = { ops_introduce, ops_release };

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
    kicks++;                           /* requests may be waiting already */
    waitq_wake_one(&kick);
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
