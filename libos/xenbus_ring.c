/* The store ring transport: req[] to xenstored, rsp[] read back by a reader thread. */
#include <errno.h>
#include <libos/barrier.h>
#include <libos/events.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <xen/io/xs_wire.h>
#include "xenbus_internal.h"

#define RING XENSTORE_RING_SIZE
#define READER_STACK (32 * 1024)

static struct xenstore_domain_interface *intf;
static evtchn_port_t port;
static struct waitq ring_waiters = WAITQ_INIT;   /* the reader, senders */
static int attach_rc = 1;                         /* 1: not tried yet */

/* An index xenstored writes: read it once, from memory. */
static uint32_t server_idx(const uint32_t *idx)
{
    return *(const volatile uint32_t *)idx;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;

    return m < c ? m : c;
}

/* xenstored took requests or gave replies: whoever waits looks again. */
static void ring_event(evtchn_port_t p, void *unused)
{
    waitq_wake_all(&ring_waiters);
}

/*
 * Copy msg into req[] as room appears, publishing each piece.  The send
 * lock (xenbus.c) keeps other senders out while this one blocks.
 */
static int ring_send(const void *msg, size_t len)
{
    const char *p = msg;

    while (len) {
        uint32_t prod = intf->req_prod, cons;
        size_t n;
        /* wait while exactly full; indexes further apart are a lie,
         * refused below rather than waited on forever */
        THREAD_WAIT(&ring_waiters,
                    prod - server_idx(&intf->req_cons) != RING, ~0UL);
        cons = server_idx(&intf->req_cons);
        mb();                   /* read req_cons before reusing its slots */
        if (prod - cons > RING)
            return -EIO;        /* indexes make no sense: stop */
        n = min3(len, RING - (prod - cons), RING - MASK_XENSTORE_IDX(prod));
        memcpy(intf->req + MASK_XENSTORE_IDX(prod), p, n);
        wmb();                  /* xenstored sees the bytes before req_prod */
        intf->req_prod = prod + n;
        evtchn_send(port);
        p += n;
        len -= n;
    }
    return 0;
}

/* Take exactly n bytes from rsp[], waiting for them: 0, or -EIO if
 * xenstored's indexes make no sense. */
static int ring_read(void *dst, size_t n)
{
    char *d = dst;

    while (n) {
        uint32_t cons = intf->rsp_cons, prod;
        size_t k;
        THREAD_WAIT(&ring_waiters, server_idx(&intf->rsp_prod) != cons, ~0UL);
        prod = server_idx(&intf->rsp_prod);
        rmb();                  /* see the bytes up to rsp_prod */
        if (prod - cons > RING)
            return -EIO;
        k = min3(n, prod - cons, RING - MASK_XENSTORE_IDX(cons));
        memcpy(d, intf->rsp + MASK_XENSTORE_IDX(cons), k);
        mb();                   /* done reading the slots before freeing them */
        intf->rsp_cons = cons + k;
        evtchn_send(port);      /* xenstored may wait for room */
        d += k;
        n -= k;
    }
    return 0;
}

/*
 * The reader thread: one whole message at a time to xenbus_deliver.
 * Messages cannot be resynchronised after a bad header or bad indexes,
 * so then it stops (requests still waiting time out or wait forever).
 */
static void *reader(void *unused)
{
    static char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg *h = (struct xsd_sockmsg *)buf;

    while (!ring_read(buf, sizeof(*h)) && h->len <= XENSTORE_PAYLOAD_MAX &&
           !ring_read(buf + sizeof(*h), h->len))
        xenbus_deliver(buf, sizeof(*h) + h->len);
    printf("libos: xenbus: store ring broken (len %u); reader stops\n", h->len);
    return NULL;
}

const struct xenbus_transport xb_ring_transport = { .send = ring_send };

bool xb_ring_present(void)
{
    return start_info->store_evtchn != 0;
}

/*
 * A reconnecting xenstored (server_features' RECONNECTION, connection
 * field) is not handled: the indexes are taken as they are.
 */
int xb_ring_attach(void)
{
    struct thread *t;

    if (attach_rc != 1)
        return attach_rc;
    attach_rc = -ENODEV;
    if (!xb_ring_present() || !(intf = start_page_va(start_info->store_mfn)))
        return attach_rc;
    port = start_info->store_evtchn;
    if (!(t = thread_create("xenbus", reader, NULL, READER_STACK))) {
        intf = NULL;
        return attach_rc = -ENOMEM;
    }
    thread_detach(t);
    evtchn_set_handler(port, ring_event, NULL);
    return attach_rc = 0;
}
