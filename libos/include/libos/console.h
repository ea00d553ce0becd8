/* The console: Xen's console ring (io/console.h) for domUs, console_io for the console domain. */
#ifndef LIBOS_CONSOLE_H
#define LIBOS_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Which console a domain uses (decided once, by console_init):
 *  - the ring, as Xen's toolstack gives every domU one: start_info's
 *    console.domU.{mfn,evtchn}, evtchn != 0, and not SIF_INITDOMAIN (for
 *    dom0 that union holds console.dom0 instead);
 *  - console_io otherwise: the console domain, and our hypervisor's
 *    boot-time domains, which it builds without a console event channel
 *    and whose console_io output it prints itself.
 * Before console_init (the first steps of libos_start), console_write
 * goes to console_io.
 */

/* console.c (libos.h declares console_write and console_init) */
/* Wait until the console backend has taken all output, at most
 * timeout_ns; at once with console_io.  libos_exit calls it so that the
 * last lines are not lost with the domain. */
void console_flush(uint64_t timeout_ns);

/* console_ring.c: the ring itself; only console.c calls these. */
/* Map and attach the ring if start_info gives this domain one (events_init
 * done: the port gets a handler); true if attached. */
bool console_ring_init(void);
bool console_ring_attached(void);
/*
 * Put s[0..n) on out[], '\n' as "\r\n" (the backend's pty is raw, and a
 * terminal needs the carriage return, which a Unix tty's onlcr would add).
 * Never drops a byte: with out[] full it blocks until the backend takes
 * some.  Works in any context (threads, event handlers, fault reports):
 * it blocks with events masked, on the console port alone, so no other
 * thread runs in the middle and one write's bytes stay together.
 */
void console_ring_write(const char *s, size_t n);
/* Take 1..n bytes of input from in[] (0 if n is 0), the calling thread
 * blocking until at least one has arrived (other threads run). */
size_t console_ring_read(char *buf, size_t n);
/* Wait until out[] is empty or system time reaches deadline; true if empty. */
bool console_ring_drain(uint64_t deadline);

#endif
