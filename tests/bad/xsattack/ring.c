/* The raw ring client: bytes in, bytes out, one event per batch. */
#include "ring.h"
#include <libos/barrier.h>
#include <libos/events.h>
#include <libos/libos.h>
#include <libos/time.h>

#define MS 1000000ULL

static struct xenstore_domain_interface *intf;
static uint32_t req_ids;
static unsigned watch_events;

int ring_open(void)
{
    if (!start_info->store_evtchn ||
        !(intf = start_page_va(start_info->store_mfn)))
        return -1;
    return 0;
}

struct xenstore_domain_interface *ring_intf(void)
{
    return intf;
}

void ring_notify(void)
{
    evtchn_send(start_info->store_evtchn);
}

int ring_put(const void *buf, size_t n)
{
    const char *p = buf;
    uint64_t end = time_monotonic_ns() + 1000 * MS;

    while (n) {
        XENSTORE_RING_IDX cons = intf->req_cons, prod = intf->req_prod;
        mb();                              /* read req_cons before writing */
        if (prod - cons >= XENSTORE_RING_SIZE) {
            ring_notify();
            if (time_monotonic_ns() > end)
                return -1;
            time_sleep_ns(MS);
            continue;
        }
        intf->req[MASK_XENSTORE_IDX(prod)] = *p++;
        wmb();                             /* the byte before req_prod */
        intf->req_prod = prod + 1;
        n--;
    }
    ring_notify();
    return 0;
}

int ring_send(uint32_t type, uint32_t tx, const void *payload, size_t len)
{
    struct xsd_sockmsg h = { type, ++req_ids, tx, (uint32_t)len };

    return ring_put(&h, sizeof(h)) || ring_put(payload, len) ? -1 : 0;
}

/* n bytes from the reply ring, waiting up to the deadline. */
static int take(void *buf, size_t n, uint64_t end)
{
    char *p = buf;

    while (n) {
        XENSTORE_RING_IDX cons = intf->rsp_cons, prod = intf->rsp_prod;
        rmb();                             /* see replies up to rsp_prod */
        if (cons == prod) {
            if (time_monotonic_ns() > end)
                return -1;
            time_sleep_ns(MS / 4);
            continue;
        }
        *p++ = intf->rsp[MASK_XENSTORE_IDX(cons)];
        mb();                              /* read the byte before freeing it */
        intf->rsp_cons = cons + 1;
        n--;
    }
    ring_notify();
    return 0;
}

int ring_recv(struct xsd_reply *r, unsigned ms)
{
    uint64_t end = time_monotonic_ns() + ms * MS;

    for (;;) {
        if (take(&r->h, sizeof(r->h), end) || r->h.len > XENSTORE_PAYLOAD_MAX ||
            take(r->body, r->h.len, end))
            return -1;
        r->body[r->h.len] = 0;
        if (r->h.type != XS_WATCH_EVENT)
            return 0;
        watch_events++;
    }
}

unsigned ring_watch_events(void)
{
    return watch_events;
}

int ring_call(uint32_t type, uint32_t tx, const void *payload, size_t len,
              struct xsd_reply *r)
{
    if (ring_send(type, tx, payload, len) || ring_recv(r, 2000))
        return -1;
    return r->h.type;
}
