/* Starting the network stack (lwIP) in a libos guest. */
#ifndef NET_NET_H
#define NET_NET_H

/* init.c */
/* Start lwIP: its tcpip thread and the loopback interface (127.0.0.1).
 * Idempotent, and socket() calls it, so apps need not; returns once the
 * stack is up.  Call from a thread, not an event handler. */
void net_init(void);

#endif
