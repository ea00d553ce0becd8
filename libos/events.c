/* Guest side of event channels: the 2-level scan in the upcall, handlers, wrappers. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>

/* extern symbols of traps.S */
extern char hypervisor_callback[], failsafe_callback[];

/* A page of the image, remapped onto the shared_info frame. */
static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));
shared_info_t *shared_info;

static struct {
    evtchn_handler_t fn;
    void *data;
} handlers[LIBOS_MAX_PORTS];

#define WORD_BITS 64

static vcpu_info_t *vcpu(void)
{
    return &shared_info->vcpu_info[0];
}

void evtchn_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&shared_info->evtchn_mask[port / WORD_BITS],
                      1UL << (port % WORD_BITS), __ATOMIC_SEQ_CST);
}

/* The hypervisor re-raises the upcall if port was pending meanwhile. */
void evtchn_unmask(evtchn_port_t port)
{
    evtchn_unmask_t u = { .port = port };

    hypercall_event_channel_op(EVTCHNOP_unmask, &u);
}

int evtchn_clear_pending(evtchn_port_t port)
{
    uint64_t bit = 1UL << (port % WORD_BITS);

    return !!(__atomic_fetch_and(&shared_info->evtchn_pending[port / WORD_BITS],
                                 ~bit, __ATOMIC_SEQ_CST) & bit);
}

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data)
{
    if (port >= LIBOS_MAX_PORTS) {
        printf("libos: port %u above LIBOS_MAX_PORTS\n", port);
        return;
    }
    handlers[port].fn = fn;
    handlers[port].data = data;
    evtchn_unmask(port);
}

void events_upcall(void)
{
    vcpu_info_t *vi = vcpu();
    uint64_t sel;

    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned w = __builtin_ctzl(sel);
        uint64_t bits;
        sel &= sel - 1;
        bits = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w];
        while (bits) {
            evtchn_port_t port = w * WORD_BITS + __builtin_ctzl(bits);
            bits &= bits - 1;
            evtchn_clear_pending(port);
            if (port < LIBOS_MAX_PORTS && handlers[port].fn)
                handlers[port].fn(port, handlers[port].data);
        }
    }
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

int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = remote };
    int rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    *port = a.port;
    return rc;
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                            evtchn_port_t *port)
{
    evtchn_bind_interdomain_t b = { .remote_dom = remote, .remote_port = rport };
    int rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    *port = b.local_port;
    return rc;
}

int evtchn_bind_virq(uint32_t virq, evtchn_port_t *port)
{
    evtchn_bind_virq_t b = { .virq = virq, .vcpu = 0 };
    int rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &b);

    *port = b.port;
    return rc;
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
    hypercall_set_callbacks(hypervisor_callback, failsafe_callback, 0);
}
