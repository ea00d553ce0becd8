/* ttcp's settings and its two ends (ttcp.c), used by main.c. */
#ifndef APPS_TTCP_H
#define APPS_TTCP_H

#include <stdbool.h>
#include <stdint.h>
#include <libos/thread.h>

struct ttcp {
    bool udp, sink, nodelay;
    bool check;                        /* -r: data must be -t -s's pattern */
    int buflen, nbuf, port;
    const char *host;                  /* -t: where to send */
    struct sem *ready;                 /* -r: up once listening (or NULL) */
    int rcvtimeo_ms;                   /* -r: end a UDP run that goes quiet */
};

/* What one end did. */
struct ttcp_result {
    uint64_t bytes, calls, ns;
    uint64_t wrong;                    /* -r -c: bytes not the pattern */
    char *ref;                         /* -r -c: one buffer of it */
    bool ok;
};

/* ttcp.c */
/* Monotonic time, ns. */
uint64_t ttcp_now(void);
/* The classic transmitter and receiver.  Each prints the classic
 * lines (prefix ttcp-t or ttcp-r), fills *res and returns res->ok. */
bool ttcp_transmit(const struct ttcp *t, struct ttcp_result *res);
bool ttcp_receive(const struct ttcp *t, struct ttcp_result *res);

#endif
