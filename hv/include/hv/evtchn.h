/* Event channels: per-domain ports; 2-level pending/mask bits in shared_info, or FIFO queues. */
#ifndef HV_EVTCHN_H
#define HV_EVTCHN_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/event_channel.h>
#include <xen/xen.h>

struct domain;
struct vcpu;
struct evtchn_fifo;

/* 2-level limit for 64-bit guests: 64 selector bits x 64 bits.  The FIFO
 * ABI (evtchn_fifo.c) lifts it to 2^17 ports, event array pages allowing. */
#define EVTCHN_MAX_PORTS    4096
#define EVTCHN_FIFO_MAX_PORTS EVTCHN_FIFO_NR_CHANNELS
#define EVTCHN_BUCKET_PORTS 512          /* one page of struct evtchn */
/* a domain's buckets hang off one directory page, enough for FIFO's ports */
#define EVTCHN_BUCKETS      (EVTCHN_FIFO_MAX_PORTS / EVTCHN_BUCKET_PORTS)

/* Port states; the public ones equal EVTCHNSTAT_*. */
enum { ECS_FREE = EVTCHNSTAT_closed, ECS_UNBOUND = EVTCHNSTAT_unbound,
       ECS_INTERDOMAIN = EVTCHNSTAT_interdomain, ECS_VIRQ = EVTCHNSTAT_virq,
       ECS_IPI = EVTCHNSTAT_ipi, ECS_RESERVED = 0x80 };

struct evtchn {
    uint8_t state;
    uint8_t vcpu;               /* vcpu notified */
    domid_t remote_dom;         /* unbound: who may bind; interdomain: peer */
    uint32_t remote_port : 17;  /* interdomain: peer's port */
    uint32_t virq : 7;          /* virq: which */
    uint32_t priority : 4;      /* FIFO: the queue it joins when raised */
    uint32_t last_priority : 4; /* FIFO: the queue it joined last */
};

_Static_assert(sizeof(struct evtchn) * EVTCHN_BUCKET_PORTS == 4096,
               "a bucket is one page");
_Static_assert(NR_VIRQS <= 128, "virq fits its field");

/* evtchn.c.  Every operation returns 0 or a negative Xen errno, as Xen's. */
int evtchn_init(struct domain *d);           /* first bucket; port 0 reserved */
void evtchn_destroy(struct domain *d);       /* close every port */
int evtchn_alloc_unbound(struct domain *d, evtchn_alloc_unbound_t *a);
int evtchn_bind_interdomain(struct domain *d, evtchn_bind_interdomain_t *b);
int evtchn_bind_virq(struct domain *d, evtchn_bind_virq_t *b);
int evtchn_bind_ipi(struct domain *d, evtchn_bind_ipi_t *b);
int evtchn_close(struct domain *d, evtchn_port_t port);
int evtchn_send(struct domain *d, evtchn_port_t port);
int evtchn_status(struct domain *d, evtchn_status_t *st);
int evtchn_unmask(struct domain *d, evtchn_port_t port);
int evtchn_bind_vcpu(struct domain *d, evtchn_bind_vcpu_t *b);
int evtchn_reset(struct domain *d, evtchn_reset_t *r);
/* Is port pending in d's shared_info? (SCHEDOP_poll) */
int evtchn_is_pending(struct domain *d, evtchn_port_t port);
/* Raise a per-vcpu virq (VIRQ_TIMER, VIRQ_DEBUG) if v has it bound. */
void evtchn_send_vcpu_virq(struct vcpu *v, unsigned virq);
/* Raise a global virq (VIRQ_DOM_EXC, VIRQ_CONSOLE) on domain 0, if bound. */
void evtchn_send_global_virq(unsigned virq);
/* The highest port number d may use, plus one (SCHEDOP_poll's bound). */
unsigned evtchn_max_ports(const struct domain *d);
/* Port p's channel (p < d->evtchn_valid). */
struct evtchn *evtchn_port(struct domain *d, evtchn_port_t p);
/* The 2-level pending bit of port p (the FIFO switch carries it over). */
int evtchn_2l_test_and_clear(struct domain *d, evtchn_port_t p);

/*
 * evtchn_fifo.c: the FIFO ABI.  A domain uses it from its first
 * EVTCHNOP_init_control until EVTCHNOP_reset of itself or its end; the
 * operations return 0 or a negative Xen errno, as Xen's.
 */
int evtchn_fifo_init_control(struct domain *d, evtchn_init_control_t *c);
int evtchn_fifo_expand_array(struct domain *d, evtchn_expand_array_t *e);
int evtchn_fifo_set_priority(struct domain *d, evtchn_set_priority_t *p);
bool evtchn_fifo_active(const struct domain *d);
/* Raise port (channel c): PENDING, and linked on its queue unless masked
 * or linked. */
void evtchn_fifo_set_pending(struct domain *d, evtchn_port_t port,
                             struct evtchn *c);
void evtchn_fifo_clear_pending(struct domain *d, evtchn_port_t port);
bool evtchn_fifo_is_pending(struct domain *d, evtchn_port_t port);
void evtchn_fifo_unmask(struct domain *d, evtchn_port_t port);
/* port is closing: no queue may keep it as its tail. */
void evtchn_fifo_close(struct domain *d, evtchn_port_t port);
/* Back to 2-level: the guest pages are released (reset, domain death). */
void evtchn_fifo_destroy(struct domain *d);

#endif
