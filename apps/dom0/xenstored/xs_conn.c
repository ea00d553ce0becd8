/* xenstored connections: message framing, output queue, flow control. */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

#define HDR sizeof(struct xsd_sockmsg)

static struct xs_conn *conns;   /* every live conn, for releases */

struct xs_conn *xsd_conn_new(unsigned domid, bool privileged)
{
    struct xs_conn *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->domid = domid;
    c->priv = privileged;
    c->next_txid = 1;
    c->next = conns;
    if (conns)
        conns->prev = c;
    conns = c;
    return c;
}

void xsd_conn_set_cookie(struct xs_conn *c, void *cookie)
{
    c->cookie = cookie;
}

void xsd_conn_free(struct xs_conn *c)
{
    if (!c)
        return;
    txn_end_all(c);
    watch_del_all(c);
    while (c->out_head) {
        struct xs_out *o = c->out_head;
        c->out_head = o->next;
        free(o);
    }
    if (c->prev)
        c->prev->next = c->next;
    else
        conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    free(c->in);
    free(c);
}

/* Queue one message; false if memory is short (the message is lost). */
static bool conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
                       uint32_t tx_id, const void *a, size_t alen,
                       const void *b, size_t blen, bool event)
{
    struct xsd_sockmsg h = { type, req_id, tx_id, (uint32_t)(alen + blen) };
    struct xs_out *o = malloc(sizeof(*o) + HDR + alen + blen);

    if (!o)
        return false;
    memcpy(o->data, &h, HDR);
    if (alen)
        memcpy(o->data + HDR, a, alen);
    if (blen)
        memcpy(o->data + HDR + alen, b, blen);
    o->len = HDR + alen + blen;
    o->off = 0;
    o->event = event;
    o->next = NULL;
    if (c->out_tail) {
        c->out_tail->next = o;
    } else {
        const struct xs_conn_ops *ops = xsd_ops();
        c->out_head = o;
        if (ops && ops->output)        /* empty -> not: the glue sends */
            ops->output(xsd_ops_priv(), c->cookie);
    }
    c->out_tail = o;
    c->out_bytes += o->len;
    if (event)
        c->event_bytes += o->len;
    else
        c->out_replies++;
    return true;
}

/* Reply to r, echoing its req_id and tx_id.  len <= XENSTORE_PAYLOAD_MAX
 * (handlers check).  0 or -ENOMEM. */
int conn_reply(struct xs_conn *c, const struct xs_req *r, uint32_t type,
               const void *data, size_t len)
{
    return conn_queue(c, type, r->hdr.req_id, r->hdr.tx_id, data, len,
                      NULL, 0, false) ? 0 : -ENOMEM;
}

/* A reply of one string with its NUL ("OK", ids, paths). */
int conn_reply_str(struct xs_conn *c, const struct xs_req *r, uint32_t type,
                   const char *s)
{
    return conn_reply(c, r, type, s, strlen(s) + 1);
}

/* XS_ERROR with the errno's name, as Xen's send_error: unknown numbers
 * are sent as EINVAL (the table's first entry). */
void conn_error(struct xs_conn *c, const struct xs_req *r, int err)
{
    size_t i, n = sizeof(xsd_errors) / sizeof(xsd_errors[0]);

    for (i = 0; i < n && xsd_errors[i].errnum != -err; i++)
        ;
    conn_reply_str(c, r, XS_ERROR, xsd_errors[i < n ? i : 0].errstring);
}

/* Watch event "path\0token\0" (req_id 0).  Dropped, and counted, when c's
 * queued events pass XSD_EVENT_BYTES_MAX: another domain's writes must not
 * grow a slow reader's queue without bound. */
void conn_event(struct xs_conn *c, const char *path, const char *token)
{
    size_t pl = strlen(path) + 1, tl = strlen(token) + 1;

    if (c->dead)
        return;
    if (pl + tl > XENSTORE_PAYLOAD_MAX ||
        c->event_bytes + HDR + pl + tl > XSD_EVENT_BYTES_MAX ||
        !conn_queue(c, XS_WATCH_EVENT, 0, 0, path, pl, token, tl, true))
        c->events_dropped++;
}

/* Mark c for dropping and end its state now. */
static void conn_kill(struct xs_conn *c)
{
    c->dead = true;
    txn_end_all(c);
    watch_del_all(c);
}

void conn_kill_domain(unsigned domid)
{
    struct xs_conn *c;

    for (c = conns; c; c = c->next)
        if (c->domid == domid)
            conn_kill(c);
}

/* Handle every complete request in c->in while the reply queue has room;
 * keep the rest.  A header announcing more than XENSTORE_PAYLOAD_MAX is a
 * protocol violation, as in Xen: c is dropped. */
static int conn_process(struct xs_conn *c)
{
    size_t off = 0;

    while (!c->dead && c->out_replies < XSD_REQ_OUTSTANDING &&
           c->in_len - off >= HDR) {
        struct xs_req r;

        memcpy(&r.hdr, c->in + off, HDR);
        if (r.hdr.len > XENSTORE_PAYLOAD_MAX) {
            conn_kill(c);
            break;
        }
        if (c->in_len - off < HDR + r.hdr.len)
            break;
        r.data = (const char *)c->in + off + HDR;
        r.len = r.hdr.len;
        r.txn = NULL;
        off += HDR + r.hdr.len;
        msg_dispatch(c, &r);
    }
    if (off) {
        memmove(c->in, c->in + off, c->in_len - off);
        c->in_len -= off;
    }
    if (c->in_len == 0) {   /* idle conns hold no buffer */
        free(c->in);
        c->in = NULL;
    }
    return c->dead ? -1 : 0;
}

int xsd_conn_input(struct xs_conn *c, const void *buf, size_t len)
{
    unsigned char *in;

    if (c->dead)
        return -1;
    if (len > XSD_INPUT_MAX - c->in_len) {
        conn_kill(c);   /* the glue read past can_read: bound memory */
        return -1;
    }
    if (len) {
        if (!(in = realloc(c->in, c->in_len + len)))
            return 0;   /* keep what we have; the glue retries later */
        memcpy(in + c->in_len, buf, len);
        c->in = in;
        c->in_len += len;
    }
    return conn_process(c);
}

size_t xsd_conn_output(struct xs_conn *c, void *buf, size_t max)
{
    size_t done = 0;

    while (c->out_head && done < max) {
        struct xs_out *o = c->out_head;
        size_t n = o->len - o->off < max - done ? o->len - o->off
                                                : max - done;
        memcpy((char *)buf + done, o->data + o->off, n);
        o->off += n;
        done += n;
        c->out_bytes -= n;
        if (o->off < o->len)
            break;
        c->out_head = o->next;
        if (!c->out_head)
            c->out_tail = NULL;
        if (o->event)
            c->event_bytes -= o->len;
        else
            c->out_replies--;
        free(o);
    }
    if (c->in_len && !c->dead)
        conn_process(c);    /* requests held back for flow control */
    return done;
}

size_t xsd_conn_output_pending(const struct xs_conn *c)
{
    return c->out_bytes;
}

bool xsd_conn_can_read(const struct xs_conn *c)
{
    return !c->dead && c->out_replies < XSD_REQ_OUTSTANDING &&
           c->in_len < XSD_INPUT_MAX;
}

bool xsd_conn_dead(const struct xs_conn *c)
{
    return c->dead;
}

unsigned long xsd_conn_events_dropped(const struct xs_conn *c)
{
    return c->events_dropped;
}

void conn_fini(void)
{
    while (conns)
        xsd_conn_free(conns);
}
