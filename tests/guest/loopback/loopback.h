/* The loopback guest's transfers (transfer.c), checked by main.c. */
#ifndef TESTS_GUEST_LOOPBACK_H
#define TESTS_GUEST_LOOPBACK_H

#include <stdint.h>
#include <sys/socket.h>

#define MS 1000000UL

struct tcp_result {
    uint64_t sent, received;           /* bytes */
    uint64_t mismatch_at;              /* first wrong byte; ~0: none */
    uint64_t ns;                       /* connect to the receiver's EOF */
    int err;                           /* errno of a failed call, or 0 */
};

struct udp_result {
    unsigned sent, received, in_order; /* datagrams */
    unsigned bad;                      /* wrong size or contents */
    int err;
};

/* transfer.c */
/* 127.0.0.1:port as a socket address. */
struct sockaddr_in loop_addr(uint16_t port);
/* Send total bytes of a known pattern over TCP to ourselves (a thread
 * sends with write, the caller receives with read) and compare each
 * received byte with the pattern. */
void transfer_tcp(uint64_t total, uint16_t port, struct tcp_result *r);
/* Send count datagrams of size bytes (sequence numbered) to ourselves
 * and count what arrives, and in what order. */
void transfer_udp(unsigned count, unsigned size, uint16_t port,
                  struct udp_result *r);

#endif
