/* The learning bridge's table: learn source addresses, look destinations up. */
#include "bridge.h"
#include <string.h>

#define EMPTY     (-1)
#define TOMBSTONE (-2)

static bool is_group(const uint8_t mac[6])
{
    return mac[0] & 1;                   /* I/G bit: multicast, broadcast */
}

/* FNV-1a over the six bytes: cheap, and spreads the low bytes (the part
 * of a 00:16:3e:xx:xx:xx address that varies) over the whole table. */
static unsigned hash(const uint8_t mac[6])
{
    uint32_t h = 2166136261u;

    for (int i = 0; i < 6; i++)
        h = (h ^ mac[i]) * 16777619u;
    return h & (BRIDGE_TABLE - 1);
}

void bridge_init(struct bridge *b, const char *name)
{
    memset(b, 0, sizeof(*b));
    strncpy(b->name, name, sizeof(b->name) - 1);
    for (unsigned i = 0; i < BRIDGE_TABLE; i++)
        b->table[i].port = EMPTY;
}

int bridge_port_add(struct bridge *b)
{
    for (int p = 0; p < BRIDGE_MAX_PORTS; p++)
        if (!b->port_used[p]) {
            b->port_used[p] = true;
            b->nr_ports++;
            return p;
        }
    return -1;
}

/* Rebuild the table without tombstones: once they fill it, a lookup for
 * an absent address would probe every slot. */
static void rehash(struct bridge *b)
{
    static struct bridge_entry old[BRIDGE_TABLE];   /* too big for a stack */

    memcpy(old, b->table, sizeof(old));
    for (unsigned i = 0; i < BRIDGE_TABLE; i++)
        b->table[i].port = EMPTY;
    for (unsigned i = 0; i < BRIDGE_TABLE; i++) {
        unsigned h = hash(old[i].mac);
        if (old[i].port < 0)
            continue;
        while (b->table[h].port != EMPTY)
            h = (h + 1) & (BRIDGE_TABLE - 1);
        b->table[h] = old[i];
    }
}

void bridge_port_del(struct bridge *b, int port)
{
    if (port < 0 || port >= BRIDGE_MAX_PORTS || !b->port_used[port])
        return;
    for (unsigned i = 0; i < BRIDGE_TABLE; i++)
        if (b->table[i].port == port) {
            b->table[i].port = TOMBSTONE;
            b->nr_entries--;
        }
    b->port_used[port] = false;
    b->nr_ports--;
    rehash(b);
}

/* The slot holding mac, or -1; *free gets the first reusable slot seen
 * on the way (-1 if none), where an insert would go. */
static int find(const struct bridge *b, const uint8_t mac[6], int *free)
{
    unsigned h = hash(mac);

    *free = -1;
    for (unsigned n = 0; n < BRIDGE_TABLE; n++, h = (h + 1) & (BRIDGE_TABLE - 1)) {
        const struct bridge_entry *e = &b->table[h];
        if (e->port == EMPTY) {
            if (*free < 0)
                *free = h;
            return -1;
        }
        if (e->port == TOMBSTONE) {
            if (*free < 0)
                *free = h;
        } else if (!memcmp(e->mac, mac, 6)) {
            return h;
        }
    }
    return -1;
}

static bool expired(const struct bridge_entry *e, uint64_t now_ns)
{
    return now_ns - e->seen_ns > BRIDGE_AGE_NS;
}

int bridge_lookup(const struct bridge *b, const uint8_t mac[6],
                  uint64_t now_ns)
{
    int free, i = find(b, mac, &free);

    if (i < 0 || expired(&b->table[i], now_ns))
        return -1;
    return b->table[i].port;
}

/* Record that mac was seen on port just now.  A full table forgets the
 * address (frames to it are flooded) rather than evicting another one. */
static void learn(struct bridge *b, const uint8_t mac[6], int port,
                  uint64_t now_ns)
{
    int free, i = find(b, mac, &free);

    if (i < 0) {
        if (free < 0)
            return;
        i = free;
        memcpy(b->table[i].mac, mac, 6);
        b->nr_entries++;
    }
    b->table[i].port = port;             /* a station may move ports */
    b->table[i].seen_ns = now_ns;
}

int bridge_forward(struct bridge *b, int in_port, const uint8_t dst[6],
                   const uint8_t src[6], uint64_t now_ns)
{
    int out;

    if (is_group(src))
        return BRIDGE_DROP;
    learn(b, src, in_port, now_ns);
    if (is_group(dst))
        return BRIDGE_FLOOD;
    out = bridge_lookup(b, dst, now_ns);
    if (out < 0)
        return BRIDGE_FLOOD;
    return out == in_port ? BRIDGE_DROP : out;
}
