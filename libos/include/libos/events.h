/* Event channels from the guest side: shared_info, per-port handlers, upcall dispatch. */
#ifndef LIBOS_EVENTS_H
#define LIBOS_EVENTS_H

#include <stdint.h>
#include <xen/event_channel.h>
#include <xen/xen.h>

#define LIBOS_MAX_PORTS 1024

extern shared_info_t *shared_info;     /* mapped by events_init */

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/* events.c */
/* Map shared_info, mask every port, register the callbacks, bind
 * VIRQ_TIMER, and enable event delivery. */
void events_init(void);
/* Run handler for port's events, and unmask it. */
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data);
void evtchn_mask(evtchn_port_t port);
void evtchn_unmask(evtchn_port_t port);
/* Clear port's pending bit; returns whether it was set. */
int evtchn_clear_pending(evtchn_port_t port);
/* Typed EVTCHNOP wrappers: 0 or a negative Xen errno; ports via *port. */
int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
int evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                            evtchn_port_t *port);
int evtchn_bind_virq(uint32_t virq, evtchn_port_t *port);
int evtchn_send(evtchn_port_t port);
int evtchn_close(evtchn_port_t port);
/* The upcall: dispatch every pending, unmasked port (from libos_trap). */
void events_upcall(void);
/* Enable delivery; pending events are delivered at once. */
void events_enable(void);
void events_disable(void);
/* Disable delivery, returning the previous state for events_restore. */
unsigned events_save(void);
void events_restore(unsigned saved);

#endif
