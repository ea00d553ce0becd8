/* echo: a TCP and UDP echo server and its checking client; the pieces
 * main.c puts together. */
#ifndef APPS_ECHO_H
#define APPS_ECHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define ECHO_PORT_DEFAULT 7
/* The largest message: TCP's keeps the client's write-then-read free of
 * deadlock (a message fits in the send and receive buffers between the
 * two ends); UDP's is the largest IPv4 datagram payload. */
#define ECHO_TCP_LEN_MAX 65536
#define ECHO_UDP_LEN_MAX 65507
/* The client's wait for an echo: a TCP read, or a UDP datagram (which is
 * sent again, at most ECHO_UDP_RETRIES times, before it counts as lost). */
#define ECHO_WAIT_MS 10000
#define ECHO_UDP_WAIT_MS 1000
#define ECHO_UDP_RETRIES 5

/* What the client is to do (main.c's options). */
struct echo_client {
    struct sockaddr_in server;
    unsigned count;                    /* messages */
    unsigned len;                      /* bytes each */
};

/* What came back: the client's summary line says it. */
struct echo_tally {
    uint64_t messages;                 /* echoed whole */
    uint64_t bytes;                    /* echoed (of messages whole or not) */
    uint64_t wrong;                    /* echoed bytes not as sent, bytes more
                                        * than sent, UDP: a length's difference
                                        * and datagrams never sent */
    uint64_t lost, resent;             /* UDP: messages never echoed; sends again */
};

/* sock.c */
/* "a.b.c.d" (or localhost) and port into *a; false if not an address. */
bool echo_addr(const char *host, int port, struct sockaddr_in *a);
/* a as "a.b.c.d:port" in buf (at least 24 bytes); returns buf. */
const char *echo_addr_str(const struct sockaddr_in *a, char *buf, size_t n);
/* A socket of type (SOCK_STREAM or SOCK_DGRAM) bound to port on every
 * address, listening if a stream; -1 after an error line naming it. */
int echo_bound(int type, int port);
/* The client's socket of type connected to *to, reads timing out after
 * wait_ms (TCP without Nagle's delay); -1 after an error line. */
int echo_connected(int type, const struct sockaddr_in *to, unsigned wait_ms);
/* Write all n bytes of buf to fd; false on an error (errno says). */
bool echo_write_all(int fd, const void *buf, size_t n);
/* The error line "who: what: strerror(errno)" (who: echo for the server,
 * echo-client for the client); returns false. */
bool echo_fail(const char *who, const char *what);

/* pattern.c: message seq of a client's run.  Its first four bytes are seq
 * (big-endian; fewer if the message is shorter), the rest printable bytes
 * that depend on seq and the offset, so a message out of place or
 * shifted shows. */
void echo_pattern(unsigned char *buf, size_t len, uint32_t seq);
/* The bytes of buf (n of them, starting at offset off in message seq)
 * that differ from the pattern. */
uint64_t echo_pattern_wrong(const unsigned char *buf, size_t n, size_t off,
                            uint32_t seq);
/* The seq a message (at least 4 bytes) carries. */
uint32_t echo_pattern_seq(const unsigned char *buf);

/* serve_tcp.c: accept on the listening socket lfd forever, each
 * connection echoed by a thread of its own until the peer closes; then
 * one line with its byte count.  Returns only on a fatal error. */
void echo_serve_tcp(int lfd);
/* serve_udp.c: start a thread that sends each datagram on the bound
 * socket fd back to its sender; false (and a line) if it cannot. */
bool echo_serve_udp(int fd);

/* client_tcp.c, client_udp.c: run c, fill *t; true only if every
 * message came back whole and right.  Errors get a line each. */
bool echo_client_tcp(const struct echo_client *c, struct echo_tally *t);
bool echo_client_udp(const struct echo_client *c, struct echo_tally *t);

#endif
