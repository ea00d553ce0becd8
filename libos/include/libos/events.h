/* Event channels from the guest side: shared_info, per-port handlers, upcall dispatch. */
#ifndef LIBOS_EVENTS_H
#define LIBOS_EVENTS_H

#include <stdint.h>
#include <xen/event_channel.h>
#include <xen/xen.h>

/* Ports a domain can have handlers for: a domU uses the 2-level ABI and
 * ports below LIBOS_2L_PORTS; a privileged domain (domain 0, serving many
 * domains) uses the FIFO ABI, whose ports go up to LIBOS_MAX_PORTS. */
#define LIBOS_2L_PORTS  1024
#define LIBOS_MAX_PORTS EVTCHN_FIFO_NR_CHANNELS

extern shared_info_t *shared_info;     /* mapped by events_init */

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/* events.c */
/* Map shared_info, mask every port, register the callbacks; a privileged
 * domain switches to the FIFO ABI (when the hypervisor offers it). */
void events_init(void);
/* Whether the FIFO ABI is in use. */
int events_fifo(void);
/* Run handler for port's events, and unmask it. */
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data);
void evtchn_mask(evtchn_port_t port);
void evtchn_unmask(evtchn_port_t port);
/* Clear port's pending bit; returns whether it was set. */
int evtchn_clear_pending(evtchn_port_t port);
/* Whether port's pending bit is set (either ABI). */
int evtchn_is_pending(evtchn_port_t port);
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
