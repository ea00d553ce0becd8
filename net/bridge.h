/* A learning Ethernet bridge: which port a MAC address was last seen on. */
#ifndef NET_BRIDGE_H
#define NET_BRIDGE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Pure bookkeeping, no I/O: netback asks where a frame goes and moves it
 * itself, so the host unit tests drive this file alone.  Ports are small
 * integers handed out by bridge_port_add; learned entries expire after
 * BRIDGE_AGE_NS without traffic from that address (802.1D's 300 s).  The
 * table is open addressing with linear probing; a removed entry leaves a
 * tombstone that inserts reuse and lookups step over.
 */
#define BRIDGE_MAX_PORTS 256
#define BRIDGE_TABLE     1024            /* entries, a power of two */
#define BRIDGE_AGE_NS    (300ULL * 1000000000ULL)

#define BRIDGE_FLOOD (-1)                /* bridge_forward: every other port */
#define BRIDGE_DROP  (-2)                /* bridge_forward: nowhere */

struct bridge_entry {
    uint8_t mac[6];
    int16_t port;                        /* -1 empty, -2 tombstone */
    uint64_t seen_ns;
};

struct bridge {
    char name[16];                       /* "xenbr0" */
    bool port_used[BRIDGE_MAX_PORTS];
    unsigned nr_ports, nr_entries;
    struct bridge_entry table[BRIDGE_TABLE];
};

/* bridge.c */
/* An empty bridge called name. */
void bridge_init(struct bridge *b, const char *name);
/* A free port number, or -1 when all BRIDGE_MAX_PORTS are used. */
int bridge_port_add(struct bridge *b);
/* Release port and forget every address learned on it. */
void bridge_port_del(struct bridge *b, int port);
/*
 * A frame from in_port with Ethernet addresses dst and src at time now_ns:
 * learn src on in_port (unless src is a group address, which is not an
 * address a station can have), and say where the frame goes: a port other
 * than in_port, BRIDGE_FLOOD for group or unknown destinations, or
 * BRIDGE_DROP when dst lives on in_port itself or src is a group address.
 */
int bridge_forward(struct bridge *b, int in_port, const uint8_t dst[6],
                   const uint8_t src[6], uint64_t now_ns);
/* The port mac was learned on, or -1 (expired entries count as absent). */
int bridge_lookup(const struct bridge *b, const uint8_t mac[6],
                  uint64_t now_ns);

#endif
