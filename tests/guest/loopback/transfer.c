/* Over 127.0.0.1: a TCP stream checked byte for byte, UDP counted. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <libos/time.h>
#include "loopback.h"

/*
 * The pattern: pseudo-random bytes repeating every PERIOD bytes, a prime,
 * so no reordering, loss or duplication of whole segments (whatever
 * their size) leaves the stream matching.  The table holds a period plus
 * one largest write, so any stretch of the stream is one memcmp away.
 */
#define PERIOD 65521
#define CHUNK_MAX 16384

static uint8_t pattern[PERIOD + CHUNK_MAX];

static void pattern_init(void)
{
    uint32_t x = 2463534242u;

    for (unsigned i = 0; i < sizeof(pattern); i++) {
        if (i < PERIOD) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            pattern[i] = (uint8_t)x;
        } else {
            pattern[i] = pattern[i - PERIOD];
        }
    }
}

struct sockaddr_in loop_addr(uint16_t port)
{
    struct sockaddr_in a = {
        .sin_len = sizeof(a),
        .sin_family = AF_INET,
        .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };

    return a;
}

struct tcp_sender {
    uint16_t port;
    uint64_t total, sent;
    int err;
};

/* Writes of varying sizes, none a divisor of the period. */
static void *tcp_send(void *arg)
{
    static const unsigned sizes[] = { 8192, 1000, 16384, 3333, 1460, 7 };
    struct tcp_sender *t = arg;
    struct sockaddr_in a = loop_addr(t->port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    unsigned k = 0;

    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        t->err = errno;
        goto out;
    }
    while (t->sent < t->total) {
        uint64_t left = t->total - t->sent;
        size_t n = sizes[k++ % 6] < left ? sizes[(k - 1) % 6] : left;
        ssize_t w = write(fd, pattern + t->sent % PERIOD, n);

        if (w < 0) {
            t->err = errno;
            break;
        }
        t->sent += w;
    }
out:
    if (fd >= 0)
        close(fd);
    return NULL;
}

/* Read until EOF, comparing as we go. */
static void tcp_receive(int fd, struct tcp_result *r)
{
    static uint8_t buf[CHUNK_MAX];
    ssize_t n;

    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        const uint8_t *want = pattern + r->received % PERIOD;

        if (r->mismatch_at == ~0UL && memcmp(buf, want, n))
            for (ssize_t i = 0; i < n; i++)
                if (buf[i] != want[i]) {
                    r->mismatch_at = r->received + i;
                    break;
                }
        r->received += n;
    }
    if (n < 0)
        r->err = errno;
}

void transfer_tcp(uint64_t total, uint16_t port, struct tcp_result *r)
{
    struct sockaddr_in a = loop_addr(port);
    struct tcp_sender t = { .port = port, .total = total };
    struct thread *th;
    uint64_t t0;
    int lfd, fd, on = 1;

    pattern_init();
    *r = (struct tcp_result){ .mismatch_at = ~0UL };
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 1) < 0) {
        r->err = errno;
        close(lfd);
        return;
    }
    t0 = time_monotonic_ns();
    th = thread_create("tcp-send", tcp_send, &t, 0);
    if ((fd = accept(lfd, NULL, NULL)) >= 0) {
        tcp_receive(fd, r);
        close(fd);
    } else {
        r->err = errno;
    }
    thread_join(th);
    r->ns = time_monotonic_ns() - t0;
    r->sent = t.sent;
    if (t.err && !r->err)
        r->err = t.err;
    close(lfd);
}

struct udp_sender {
    uint16_t port;
    unsigned count, size, sent;
    int err;
};

/* Datagram i carries i in its first 4 bytes, the pattern after. */
static void *udp_send(void *arg)
{
    struct udp_sender *u = arg;
    struct sockaddr_in a = loop_addr(u->port);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    static uint8_t dgram[CHUNK_MAX];

    if (fd < 0) {
        u->err = errno;
        return NULL;
    }
    memcpy(dgram, pattern, u->size);
    for (uint32_t i = 0; i < u->count; i++) {
        memcpy(dgram, &i, sizeof(i));
        if (sendto(fd, dgram, u->size, 0, (struct sockaddr *)&a,
                   sizeof(a)) != (ssize_t)u->size) {
            u->err = errno;
            break;
        }
        u->sent++;
    }
    close(fd);
    return NULL;
}

/* Receive until every datagram is in, or none came for half a second. */
void transfer_udp(unsigned count, unsigned size, uint16_t port,
                  struct udp_result *r)
{
    struct sockaddr_in a = loop_addr(port);
    struct udp_sender u = { .port = port, .count = count, .size = size };
    struct timeval tv = { .tv_sec = 0, .tv_usec = 500000 };
    static uint8_t buf[CHUNK_MAX];
    struct thread *th;
    uint32_t seq, next = 0;
    ssize_t n;
    int fd;

    pattern_init();
    *r = (struct udp_result){ 0 };
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        r->err = errno;
        close(fd);
        return;
    }
    th = thread_create("udp-send", udp_send, &u, 0);
    while (r->received < count && (n = recv(fd, buf, sizeof(buf), 0)) >= 0) {
        memcpy(&seq, buf, sizeof(seq));
        r->received++;
        r->in_order += seq == next;
        next = seq + 1;
        r->bad += n != (ssize_t)size ||
                         memcmp(buf + 4, pattern + 4, size - 4);
    }
    thread_join(th);
    r->sent = u.sent;
    r->err = u.err;
    close(fd);
}
