/* xenbus requests: one message out through the transport, its reply matched back by req_id. */
#include <errno.h>                      /* before xs_wire.h: its error table */
#include <libos/libos.h>
#include <libos/thread.h>
#include <xen/io/xs_wire.h>
#include "xenbus_internal.h"

/* A request waiting for its reply; it lives on the requester's stack. */
struct pending {
    uint32_t req_id;
    bool done;
    struct xsd_sockmsg hdr;             /* the reply's */
    char *body;                         /* its payload; NULL if no memory */
    struct waitq wq;
    struct pending *next;
};

static const struct xenbus_transport *transport;
static struct pending *pendings;
static struct mutex send_lock = MUTEX_INIT;
static uint32_t next_req_id = 1;

void xenbus_set_transport(const struct xenbus_transport *t)
{
    transport = t;
}

/* The transport, the ring attached on first use if nothing was plugged. */
static const struct xenbus_transport *get_transport(void)
{
    if (!transport && xb_ring_present() && !xb_ring_attach())
        transport = &xb_ring_transport;
    return transport;
}

bool xenbus_on_ring(void)
{
    return transport ? transport == &xb_ring_transport : xb_ring_present();
}

/* xenstored's error string as a negative errno (newlib's numbers). */
static int reply_errno(const char *s)
{
    if (!strcmp(s, "EQUOTA"))           /* oxenstored; C xenstored: ENOSPC */
        return -ENOSPC;
    for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
        if (!strcmp(s, xsd_errors[i].errstring))
            return -xsd_errors[i].errnum;
    return -EIO;
}

/* Header and payload in one malloc'd buffer (the transport's unit). */
static int build(uint32_t type, uint32_t id, xenbus_xact_t t,
                 const struct xb_part *parts, unsigned n, char **msg,
                 size_t *len)
{
    struct xsd_sockmsg h = { .type = type, .req_id = id, .tx_id = t };
    char *p;

    for (unsigned i = 0; i < n; i++)
        h.len += parts[i].len;
    if (h.len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    if (!(*msg = p = malloc(sizeof(h) + h.len)))
        return -ENOMEM;
    memcpy(p, &h, sizeof(h));
    p += sizeof(h);
    for (unsigned i = 0; i < n; i++) {
        memcpy(p, parts[i].p, parts[i].len);
        p += parts[i].len;
    }
    *len = sizeof(h) + h.len;
    return 0;
}

static void unlink_pending(struct pending *r)
{
    for (struct pending **p = &pendings; *p; p = &(*p)->next)
        if (*p == r) {
            *p = r->next;
            return;
        }
}

/* The outcome of a request whose reply came: see xb_request. */
static int take_reply(struct pending *r, uint32_t type, char **reply)
{
    int rc = r->hdr.len;

    if (!r->body)
        return -ENOMEM;
    if (r->hdr.type == XS_ERROR)
        rc = reply_errno(r->body);
    else if (r->hdr.type != type)
        rc = -EIO;
    if (rc >= 0 && reply)
        *reply = r->body;
    else
        free(r->body);
    return rc;
}

int xb_request(uint32_t type, xenbus_xact_t t, const struct xb_part *parts,
               unsigned n, char **reply, uint64_t deadline)
{
    struct pending r = { .req_id = next_req_id++, .wq = WAITQ_INIT };
    char *msg;
    size_t len;
    int rc;

    if (!get_transport())
        return -ENODEV;
    if ((rc = build(type, r.req_id, t, parts, n, &msg, &len)))
        return rc;
    /* listed before sending: an in-process xenstored may answer within
     * send() itself */
    r.next = pendings;
    pendings = &r;
    mutex_lock(&send_lock);             /* messages must not interleave */
    rc = transport->send(msg, len);
    mutex_unlock(&send_lock);
    free(msg);
    if (!rc && !THREAD_WAIT(&r.wq, r.done, deadline))
        rc = -ETIMEDOUT;                /* a late reply finds no one */
    unlink_pending(&r);
    if (rc) {
        free(r.body);
        return rc;
    }
    return take_reply(&r, type, reply);
}

/* A reply for the request with req_id, if one waits. */
static void reply_arrived(const struct xsd_sockmsg *h, const char *body)
{
    struct pending *r = pendings;

    while (r && (r->req_id != h->req_id || r->done))
        r = r->next;
    if (!r)
        return;
    if ((r->body = malloc(h->len + 1))) {
        memcpy(r->body, body, h->len);
        r->body[h->len] = 0;
    }
    r->hdr = *h;
    r->done = true;
    waitq_wake_all(&r->wq);
}

void xenbus_deliver(const void *msg, size_t len)
{
    struct xsd_sockmsg h;
    const char *body = (const char *)msg + sizeof(h);

    if (len < sizeof(h))
        return;
    memcpy(&h, msg, sizeof(h));         /* msg need not be aligned */
    if (h.len != len - sizeof(h) || h.len > XENSTORE_PAYLOAD_MAX)
        return;
    if (h.type == XS_WATCH_EVENT)
        xb_watch_fire(body, h.len);
    else
        reply_arrived(&h, body);
}
