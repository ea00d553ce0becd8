/* The domU console ring (io/console.h): out[] to the backend (xenconsoled), in[] from it. */
#include <libos/barrier.h>
#include <libos/console.h>
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <libos/time.h>
#include <xen/io/console.h>

#define OUT_SIZE sizeof(((struct xencons_interface *)0)->out)
#define IN_SIZE  sizeof(((struct xencons_interface *)0)->in)

static struct xencons_interface *intf;   /* NULL: no ring (console_io) */
static evtchn_port_t port;
static struct waitq readers = WAITQ_INIT;

/* An index the backend writes: read it once, from memory. */
static uint32_t backend_idx(const uint32_t *idx)
{
    return *(const volatile uint32_t *)idx;
}

/* The backend notifies after it took output or gave input: readers look. */
static void ring_event(evtchn_port_t p, void *unused)
{
    waitq_wake_all(&readers);
}

/*
 * Sleep until the backend notifies the console port or system time
 * reaches deadline (~0: no limit), with events masked (the caller's
 * events_save): SCHEDOP_poll waits for this one port without enabling
 * the upcall, so this works in handlers and fault paths too, and no other
 * thread runs meanwhile.  The upcall never sees the event, so do its work.
 */
static void ring_wait(uint64_t deadline)
{
    struct sched_poll poll = {
        .nr_ports = 1,
        .timeout = deadline == ~0UL ? 0 : deadline,   /* 0: none */
    };

    set_xen_guest_handle(poll.ports, &port);
    hypercall_sched_op(SCHEDOP_poll, &poll);
    if (evtchn_clear_pending(port))
        ring_event(port, NULL);
}

/* Make out[] up to prod visible to the backend and tell it. */
static void out_publish(uint32_t prod)
{
    wmb();                      /* the bytes before out_prod that covers them */
    intf->out_prod = prod;
    evtchn_send(port);
}

/*
 * Store c at *prod, first publishing what is there and waiting while out[]
 * is full.  *cons is our last look at out_cons, re-read only when the ring
 * seems full (the backend only ever makes more room).
 */
static void out_byte(uint32_t *prod, uint32_t *cons, char c)
{
    while (*prod - *cons >= OUT_SIZE) {
        *cons = backend_idx(&intf->out_cons);
        mb();                   /* read out_cons before reusing its slots */
        if (*prod - *cons < OUT_SIZE)
            break;
        out_publish(*prod);
        ring_wait(~0UL);
    }
    intf->out[MASK_XENCONS_IDX((*prod)++, intf->out)] = c;
}

void console_ring_write(const char *s, size_t n)
{
    unsigned saved = events_save();
    uint32_t prod = intf->out_prod, cons = backend_idx(&intf->out_cons);

    mb();                       /* read out_cons before writing slots */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            out_byte(&prod, &cons, '\r');
        out_byte(&prod, &cons, s[i]);
    }
    out_publish(prod);
    events_restore(saved);
}

size_t console_ring_read(char *buf, size_t n)
{
    uint32_t cons, prod;
    size_t got = 0;

    if (!n)
        return 0;
    THREAD_WAIT(&readers, backend_idx(&intf->in_prod) != intf->in_cons, ~0UL);
    cons = intf->in_cons;
    prod = backend_idx(&intf->in_prod);
    rmb();                      /* see the bytes up to in_prod */
    /* a backend claiming more than the ring holds gets a ring's worth */
    while (cons != prod && got < n && got < IN_SIZE)
        buf[got++] = intf->in[MASK_XENCONS_IDX(cons++, intf->in)];
    mb();                       /* done reading the slots before freeing them */
    intf->in_cons = cons;
    evtchn_send(port);
    return got;
}

bool console_ring_drain(uint64_t deadline)
{
    unsigned saved = events_save();
    bool empty;

    while (!(empty = backend_idx(&intf->out_cons) == intf->out_prod) &&
           time_monotonic_ns() < deadline)
        ring_wait(deadline);
    events_restore(saved);
    return empty;
}

bool console_ring_attached(void)
{
    return intf != NULL;
}

bool console_ring_init(void)
{
    if ((start_info->flags & SIF_INITDOMAIN) || !start_info->console.domU.evtchn)
        return false;
    intf = start_page_va(start_info->console.domU.mfn);
    if (!intf)
        return false;           /* not in our memory: keep console_io */
    port = start_info->console.domU.evtchn;
    evtchn_set_handler(port, ring_event, NULL);
    return true;
}
