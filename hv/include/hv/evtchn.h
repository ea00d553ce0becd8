/* Event channels, 2-level ABI: per-domain ports, pending/mask bits in shared_info. */
#ifndef HV_EVTCHN_H
#define HV_EVTCHN_H

#include <stdint.h>
#include <xen/event_channel.h>
#include <xen/xen.h>

struct domain;
struct vcpu;

/* 2-level limit for 64-bit guests: 64 selector bits x 64 bits. */
#define EVTCHN_MAX_PORTS   4096
#define EVTCHN_BUCKET_PORTS 512          /* one page of struct evtchn */
#define EVTCHN_BUCKETS     (EVTCHN_MAX_PORTS / EVTCHN_BUCKET_PORTS)

/* Port states; the public ones equal EVTCHNSTAT_*. */
enum { ECS_FREE = EVTCHNSTAT_closed, ECS_UNBOUND = EVTCHNSTAT_unbound,
       ECS_INTERDOMAIN = EVTCHNSTAT_interdomain, ECS_VIRQ = EVTCHNSTAT_virq,
       ECS_IPI = EVTCHNSTAT_ipi, ECS_RESERVED = 0x80 };

struct evtchn {
    uint8_t state;
    uint8_t vcpu;               /* vcpu notified */
    domid_t remote_dom;         /* unbound: who may bind; interdomain: peer */
    uint16_t remote_port;       /* interdomain: peer's port */
    uint16_t virq;              /* virq: which */
};

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

#endif
