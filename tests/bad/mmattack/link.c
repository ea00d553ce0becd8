/* Event-channel links between the scenario's domains, and the ledger's gate. */
#include <libos/events.h>
#include <libos/time.h>
#include "mmattack.h"

#define LINK_PORTS_SCANNED 64          /* an offer is among the first ports */
#define LINK_WAIT_NS       30000000000UL
#define LINK_RETRY_NS      1000000UL

int link_offer(domid_t peer, evtchn_port_t *port)
{
    return evtchn_alloc_unbound(peer, port);
}

/* The peer's port numbers are its own business: try each port until one
 * is the unbound port it offered us (any other answers -EINVAL). */
int link_connect(domid_t peer, evtchn_port_t *port)
{
    uint64_t give_up = time_monotonic_ns() + LINK_WAIT_NS;

    while (time_monotonic_ns() < give_up) {
        for (evtchn_port_t p = 1; p < LINK_PORTS_SCANNED; p++) {
            int rc = evtchn_bind_interdomain(peer, p, port);
            if (rc == 0) {
                evtchn_clear_pending(*port);    /* set by the bind itself */
                return 0;
            }
            if (rc == -XEN_ESRCH)
                return rc;                      /* no such domain (any more) */
        }
        time_sleep_ns(LINK_RETRY_NS);
    }
    printf("link: domain %u offered us no port\n", peer);
    return -XEN_ETIMEDOUT;
}

/* SCHEDOP_poll wakes on a pending port even while it is masked. */
void link_wait(evtchn_port_t port)
{
    struct sched_poll p = { .nr_ports = 1, .timeout = 0 };

    set_xen_guest_handle(p.ports, &port);
    while (!evtchn_clear_pending(port))
        hypercall_sched_op(SCHEDOP_poll, &p);
}

/* Destroying a domain closes its ports: our end goes back to unbound. */
int link_gone(evtchn_port_t port)
{
    evtchn_status_t st = { .dom = DOMID_SELF, .port = port };

    return hypercall_event_channel_op(EVTCHNOP_status, &st) == 0 &&
           st.status == EVTCHNSTAT_unbound;
}

void link_wait_gone(evtchn_port_t port)
{
    while (!link_gone(port))
        time_sleep_ns(LINK_RETRY_NS);
}

/* Every attacker waits here until the ledger has counted free frames. */
void gate_wait(void)
{
    evtchn_port_t port;

    if (link_offer(LEDGER_ID, &port)) {
        printf("gate: cannot offer a port to the ledger\n");
        return;
    }
    link_wait(port);
}
