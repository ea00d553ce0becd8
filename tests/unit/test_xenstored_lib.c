/* Helpers for the xenstored unit tests: send a request, take its reply,
 * keep watch events met on the way for later checks. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xen/io/xs_wire.h>
#include "xenstored.h"

#include "test_xenstored_lib.h"

char xst_buf[XENSTORE_PAYLOAD_MAX + 1];
size_t xst_len;
uint32_t xst_req_id, xst_tx_id;
static uint32_t reply_type;
static uint32_t next_req = 100;

#define EVENTS 256
static struct {
    struct xs_conn *c;
    char data[XENSTORE_PAYLOAD_MAX];
    size_t len;
} events[EVENTS];
static unsigned nevents;

/* Read one whole message from c's output; false if none is queued. */
static bool take(struct xs_conn *c, struct xsd_sockmsg *h, char *buf)
{
    if (xsd_conn_output_pending(c) < sizeof(*h))
        return false;
    xsd_conn_output(c, h, sizeof(*h));
    if (h->len > XENSTORE_PAYLOAD_MAX)
        return false;
    xsd_conn_output(c, buf, h->len);
    buf[h->len] = 0;
    return true;
}

static void stash_event(struct xs_conn *c, const char *data, size_t len)
{
    if (nevents < EVENTS) {
        events[nevents].c = c;
        memcpy(events[nevents].data, data, len);
        events[nevents++].len = len;
    }
}

/* Send one request; return the reply's type (0 if none came), its
 * payload in xst_buf/xst_len.  Events before it are stashed. */
uint32_t xst_call(struct xs_conn *c, uint32_t type, uint32_t tx,
                  const void *p, size_t len)
{
    struct xsd_sockmsg h = { type, next_req++, tx, (uint32_t)len };
    char msg[sizeof(h) + XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg r;

    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), p, len);
    reply_type = 0;
    if (xsd_conn_input(c, msg, sizeof(h) + len))
        return 0;
    while (take(c, &r, xst_buf)) {
        if (r.type == XS_WATCH_EVENT) {
            stash_event(c, xst_buf, r.len);
            continue;
        }
        xst_len = r.len;
        xst_req_id = r.req_id;
        xst_tx_id = r.tx_id;
        reply_type = r.type;
        if (r.req_id != h.req_id || r.tx_id != h.tx_id)
            printf("    reply ids %u/%u, sent %u/%u\n", r.req_id, r.tx_id,
                   h.req_id, h.tx_id);
        break;
    }
    return reply_type;
}

bool xst_err(const char *name)
{
    if (reply_type != XS_ERROR || strcmp(xst_buf, name)) {
        printf("    wanted %s, got type %u \"%s\"\n", name, reply_type, xst_buf);
        return false;
    }
    return xst_len == strlen(name) + 1;
}

bool xst_ok(void)
{
    if (reply_type == XS_ERROR || strcmp(xst_buf, "OK") || xst_len != 3) {
        printf("    wanted OK, got type %u \"%s\"\n", reply_type, xst_buf);
        return false;
    }
    return true;
}

/* Move c's queued events to the stash. */
void xst_flush(struct xs_conn *c)
{
    struct xsd_sockmsg r;
    char buf[XENSTORE_PAYLOAD_MAX + 1];

    while (take(c, &r, buf))
        if (r.type == XS_WATCH_EVENT && r.req_id == 0)
            stash_event(c, buf, r.len);
}

/* How many stashed events of c match (path, token) exactly; they are
 * consumed.  path NULL: count and consume all of c's events. */
int xst_event(struct xs_conn *c, const char *path, const char *token)
{
    unsigned i, j = 0;
    int n = 0;

    xst_flush(c);
    for (i = 0; i < nevents; i++) {
        const char *d = events[i].data;
        size_t pl = strlen(d) + 1;
        bool hit = events[i].c == c &&
                   (!path || (!strcmp(d, path) && pl < events[i].len &&
                              !strcmp(d + pl, token) &&
                              pl + strlen(token) + 1 == events[i].len));
        if (hit)
            n++;
        else
            events[j++] = events[i];
    }
    nevents = j;
    return n;
}
