/* Guest side of event channels: the 2-level scan or the FIFO queues in the upcall, handlers, wrappers. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/mm.h>

/* extern symbols of traps.S */
extern char hypervisor_callback[], failsafe_callback[];

/* A page of the image, remapped onto the shared_info frame. */
static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));
shared_info_t *shared_info;

struct handler {
    evtchn_handler_t fn;
    void *data;
};

/*
 * Handlers by port in chunks of LIBOS_2L_PORTS: the first is static (all
 * a domU can use), the others (FIFO only) are allocated when a handler
 * is first set in them.
 */
#define CHUNK LIBOS_2L_PORTS
static struct handler chunk0[CHUNK];
static struct handler *handlers[LIBOS_MAX_PORTS / CHUNK] = { chunk0 };

#define WORD_BITS 64
#define FIFO_WORDS 1024                 /* event words per page */
#define FBIT(n) (1u << EVTCHN_FIFO_##n)

/* FIFO state: the control block and the event array pages (the first two
 * static: events_init runs before the page allocator exists), and each
 * queue's next port, 0 when the queue's HEAD must be read again. */
static int fifo;
static uint8_t fifo_boot[2][4096] __attribute__((aligned(4096)));
static evtchn_fifo_control_block_t *fifo_cb;
static event_word_t *fifo_array[LIBOS_MAX_PORTS / FIFO_WORDS];
static unsigned fifo_pages;
static evtchn_port_t fifo_next[EVTCHN_FIFO_MAX_QUEUES];

static vcpu_info_t *vcpu(void)
{
    return &shared_info->vcpu_info[0];
}

int events_fifo(void)
{
    return fifo;
}

/* port's event word; NULL when no array page covers it. */
static event_word_t *fifo_word(evtchn_port_t port)
{
    if (port / FIFO_WORDS >= fifo_pages)
        return 0;
    return &fifo_array[port / FIFO_WORDS][port % FIFO_WORDS];
}

static uint64_t va_to_mfn(void *va)
{
    return mm_pfn_to_mfn(mm_va_to_pfn(va));
}

/* Give the hypervisor one more array page, every word masked (ports are
 * unmasked when they get a handler); 0 or a negative Xen errno. */
static int fifo_expand(event_word_t *page)
{
    evtchn_expand_array_t e = { .array_gfn = va_to_mfn(page) };
    int rc;

    for (unsigned i = 0; i < FIFO_WORDS; i++)
        page[i] = FBIT(MASKED);
    if ((rc = hypercall_event_channel_op(EVTCHNOP_expand_array, &e)))
        return rc;
    fifo_array[fifo_pages++] = page;
    return 0;
}

/* Keep the array a port ahead of the highest port we were given: ports
 * are allocated lowest-free, so the next one is covered before it exists
 * and no event is raised on a port without a word. */
static void fifo_cover(evtchn_port_t port)
{
    uint64_t pfn;

    while (fifo && port + 1 >= fifo_pages * FIFO_WORDS &&
           fifo_pages < LIBOS_MAX_PORTS / FIFO_WORDS) {
        if (mm_init() || (pfn = mm_alloc_page()) == MM_NO_PFN ||
            fifo_expand(mm_pfn_to_va(pfn))) {
            printf("libos: cannot grow the event array past port %u\n",
                   fifo_pages * FIFO_WORDS);
            return;
        }
    }
}

/* Switch to FIFO: the control block, then the first array page. */
static void fifo_init(void)
{
    evtchn_init_control_t c = { .control_gfn = va_to_mfn(fifo_boot[0]),
                                .offset = 0, .vcpu = 0 };

    if (hypercall_event_channel_op(EVTCHNOP_init_control, &c))
        return;                         /* not offered: stay on 2-level */
    fifo_cb = (evtchn_fifo_control_block_t *)fifo_boot[0];
    fifo = 1;
    if (fifo_expand((event_word_t *)fifo_boot[1]))
        printf("libos: FIFO event array refused\n");
}

void evtchn_mask(evtchn_port_t port)
{
    event_word_t *w;

    if (!fifo) {
        __atomic_fetch_or(&shared_info->evtchn_mask[port / WORD_BITS],
                          1UL << (port % WORD_BITS), __ATOMIC_SEQ_CST);
    } else if ((w = fifo_word(port)))
        __atomic_fetch_or(w, FBIT(MASKED), __ATOMIC_SEQ_CST);
}

/* The hypervisor re-raises the upcall if port was pending meanwhile.  On
 * FIFO the guest clears MASKED itself and needs the hypervisor only when
 * the port is pending (to link it), as Linux does. */
void evtchn_unmask(evtchn_port_t port)
{
    evtchn_unmask_t u = { .port = port };
    event_word_t *w = fifo ? fifo_word(port) : 0;

    if (w && !(__atomic_and_fetch(w, ~FBIT(MASKED), __ATOMIC_SEQ_CST) &
               FBIT(PENDING)))
        return;
    hypercall_event_channel_op(EVTCHNOP_unmask, &u);
}

int evtchn_clear_pending(evtchn_port_t port)
{
    uint64_t bit = 1UL << (port % WORD_BITS);
    event_word_t *w;

    if (fifo)
        return (w = fifo_word(port)) &&
               (__atomic_fetch_and(w, ~FBIT(PENDING), __ATOMIC_SEQ_CST) &
                FBIT(PENDING));
    return !!(__atomic_fetch_and(&shared_info->evtchn_pending[port / WORD_BITS],
                                 ~bit, __ATOMIC_SEQ_CST) & bit);
}

int evtchn_is_pending(evtchn_port_t port)
{
    event_word_t *w;

    if (fifo)
        return (w = fifo_word(port)) && (*w & FBIT(PENDING));
    return !!(shared_info->evtchn_pending[port / WORD_BITS] &
              (1UL << (port % WORD_BITS)));
}

static struct handler *handler_of(evtchn_port_t port)
{
    struct handler *c = port < LIBOS_MAX_PORTS ? handlers[port / CHUNK] : 0;

    return c ? &c[port % CHUNK] : 0;
}

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data)
{
    struct handler **c = &handlers[port / CHUNK];

    if (port >= (fifo ? LIBOS_MAX_PORTS : LIBOS_2L_PORTS)) {
        printf("libos: port %u above the ports handled\n", port);
        return;
    }
    if (!*c && !(*c = calloc(CHUNK, sizeof(**c)))) {
        printf("libos: no memory for the handler of port %u\n", port);
        return;
    }
    fifo_cover(port);
    (*c)[port % CHUNK] = (struct handler){ fn, data };
    evtchn_unmask(port);
}

/* Run port's handler if it is pending and unmasked, clearing pending. */
static void dispatch(evtchn_port_t port)
{
    struct handler *h = handler_of(port);

    if (evtchn_clear_pending(port) && h && h->fn)
        h->fn(port, h->data);
}

/* Every pending, unmasked port of the words sel names. */
static void upcall_2l_scan(uint64_t sel)
{
    while (sel) {
        unsigned w = __builtin_ctzl(sel);
        uint64_t bits;
        sel &= sel - 1;
        bits = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w];
        while (bits) {
            evtchn_port_t port = w * WORD_BITS + __builtin_ctzl(bits);
            bits &= bits - 1;
            dispatch(port);
        }
    }
}

/* Events a handler raised (a reply on a loopback channel, say) are taken
 * in the same upcall: each pass clears upcall_pending before it takes the
 * selector, so the hypervisor need not bounce another upcall in for them. */
static void upcall_2l(void)
{
    vcpu_info_t *vi = vcpu();
    uint64_t sel;

    for (;;) {
        vi->evtchn_upcall_pending = 0;
        if (!(sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
                                        __ATOMIC_SEQ_CST)))
            return;
        upcall_2l_scan(sel);
    }
}

/* Take queue q's head: unlink it (clearing LINKED and LINK at once), and
 * once a port's LINK is 0 the queue is done: the next port of q is in the
 * control block's HEAD again.  Handles it unless masked. */
static void fifo_consume(unsigned q, uint32_t *ready)
{
    evtchn_port_t port = fifo_next[q], next;
    event_word_t *w, old;

    if (!port)
        port = __atomic_load_n(&fifo_cb->head[q], __ATOMIC_ACQUIRE);
    if (!(w = fifo_word(port))) {
        *ready &= ~(1u << q);           /* nothing sane queued */
        fifo_next[q] = 0;
        return;
    }
    old = __atomic_fetch_and(w, ~(FBIT(LINKED) | EVTCHN_FIFO_LINK_MASK),
                             __ATOMIC_SEQ_CST);
    next = old & EVTCHN_FIFO_LINK_MASK;
    if (!next)
        *ready &= ~(1u << q);
    fifo_next[q] = next;
    if ((old & (FBIT(MASKED) | FBIT(PENDING))) == FBIT(PENDING) &&
        (__atomic_fetch_and(w, ~FBIT(PENDING), __ATOMIC_SEQ_CST) &
         FBIT(PENDING))) {
        struct handler *h = handler_of(port);
        if (h && h->fn)
            h->fn(port, h->data);
    }
}

/* Highest priority first, one event at a time, so a busy low queue cannot
 * hold up a high one; READY is taken over whole and merged back in, after
 * upcall_pending is cleared (as upcall_2l does, for the same reason). */
static void upcall_fifo(void)
{
    vcpu_info_t *vi = vcpu();
    uint32_t ready = 0;

    for (;;) {
        vi->evtchn_upcall_pending = 0;
        ready |= __atomic_exchange_n(&fifo_cb->ready, 0, __ATOMIC_SEQ_CST);
        if (!ready)
            return;
        fifo_consume(__builtin_ctz(ready), &ready);
    }
}

void events_upcall(void)
{
    if (fifo)
        upcall_fifo();
    else
        upcall_2l();
}

void events_enable(void)
{
    vcpu()->evtchn_upcall_mask = 0;
    __asm__ volatile("" : : : "memory");   /* unmask, then look */
    if (vcpu()->evtchn_upcall_pending)
        hypercall_xen_version(XENVER_version, 0);  /* any hypercall delivers */
}

void events_disable(void)
{
    vcpu()->evtchn_upcall_mask = 1;
    __asm__ volatile("" : : : "memory");
}

unsigned events_save(void)
{
    unsigned saved = vcpu()->evtchn_upcall_mask;

    events_disable();
    return saved;
}

void events_restore(unsigned saved)
{
    if (!saved)
        events_enable();
}

/* Each wrapper returns the hypercall's result; a new port of ours gets
 * its event word before anything can be raised on the next one. */
static int new_port(int rc, evtchn_port_t port)
{
    if (!rc)
        fifo_cover(port);
    return rc;
}

int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = remote };
    int rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    *port = a.port;
    return new_port(rc, a.port);
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                            evtchn_port_t *port)
{
    evtchn_bind_interdomain_t b = { .remote_dom = remote, .remote_port = rport };
    int rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    *port = b.local_port;
    return new_port(rc, b.local_port);
}

int evtchn_bind_virq(uint32_t virq, evtchn_port_t *port)
{
    evtchn_bind_virq_t b = { .virq = virq, .vcpu = 0 };
    int rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &b);

    *port = b.port;
    return new_port(rc, b.port);
}

int evtchn_send(evtchn_port_t port)
{
    evtchn_send_t s = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_send, &s);
}

int evtchn_close(evtchn_port_t port)
{
    evtchn_close_t c = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_close, &c);
}

void events_init(void)
{
    uint64_t va = (uint64_t)shared_info_page;
    long rc = hypercall_update_va_mapping(va, start_info->shared_info | 7,
                                          UVMF_INVLPG);

    if (rc) {
        printf("libos: cannot map shared_info: %ld\n", rc);
        libos_exit(1);
    }
    shared_info = (shared_info_t *)shared_info_page;
    for (unsigned i = 0; i < sizeof(shared_info->evtchn_mask) / 8; i++)
        shared_info->evtchn_mask[i] = ~0UL;
    if (start_info->flags & SIF_PRIVILEGED)
        fifo_init();
    hypercall_set_callbacks(hypervisor_callback, failsafe_callback, 0);
}
