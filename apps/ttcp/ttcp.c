/* ttcp's transmitter and receiver, and the classic report lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "ttcp.h"

/* UDP has no end of stream: as in the classic, datagrams of at most this
 * many bytes mark the start and (sent four times) the end of the data. */
#define UDP_MARK 4
#define UDP_START_PAUSE_US 100000

uint64_t ttcp_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The classic's error line; errno says why. */
static bool fail(const char *side, const char *what)
{
    printf("ttcp%s: %s: %s (errno=%d)\n", side, what, strerror(errno), errno);
    return false;
}

/* The classic's source pattern: the printable characters, over and over,
 * from the start of every buffer. */
#define PATTERN_LEN ('~' - ' ' + 1)
static void pattern(char *buf, int n)
{
    for (int i = 0; i < n; i++)
        buf[i] = ' ' + i % PATTERN_LEN;
}

/* -c: the bytes of buf that are not the pattern, buf starting off bytes
 * into a stream of buflen-byte buffers of it; ref holds one buffer of it.
 * memcmp a piece at a time (fast), bytes counted only where one differs. */
static uint64_t pattern_wrong(const char *buf, ssize_t n, uint64_t off,
                              const char *ref, int buflen)
{
    uint64_t wrong = 0;

    for (ssize_t k = 0; k < n;) {
        int i = off % buflen;
        ssize_t len = n - k < buflen - i ? n - k : buflen - i;
        if (memcmp(buf + k, ref + i, len))
            for (ssize_t j = 0; j < len; j++)
                wrong += buf[k + j] != ref[i + j];
        k += len, off += len;
    }
    return wrong;
}

/* The classic closing lines: rate in KB/sec (-f K, the default) and in
 * Mbit/sec (-f m, 2^20 bits), then the I/O calls. */
static void report(const char *side, const struct ttcp_result *r)
{
    double secs = r->ns / 1e9;

    if (secs <= 0)
        secs = 0.001;                  /* as the classic does */
    printf("ttcp%s: %llu bytes in %.2f real seconds = %.2f KB/sec +++\n",
           side, (unsigned long long)r->bytes, secs, r->bytes / 1024.0 / secs);
    printf("ttcp%s: %llu bytes in %.2f real seconds = %.2f Mbit/sec +++\n",
           side, (unsigned long long)r->bytes, secs,
           r->bytes * 8.0 / 1048576.0 / secs);
    printf("ttcp%s: %llu I/O calls, msec/call = %.2f, calls/sec = %.2f\n",
           side, (unsigned long long)r->calls,
           r->calls ? secs * 1000.0 / r->calls : 0.0, r->calls / secs);
}

/* One buffer out; a datagram the stack had no memory for is sent again
 * after a pause, as the classic does on ENOBUFS. */
static bool send_buf(int fd, const char *buf, int n, struct ttcp_result *r)
{
    ssize_t w;

    while ((w = write(fd, buf, n)) < 0 && (errno == ENOBUFS || errno == ENOMEM))
        usleep(18000);
    r->calls++;
    if (w < 0)
        return false;
    r->bytes += w;
    return true;
}

/* Connect fd to the host.  *refused: the host answered that nothing
 * listens there (worth another try). */
static bool connect_to(const struct ttcp *t, int fd, bool *refused)
{
    struct sockaddr_in a = { .sin_len = sizeof(a), .sin_family = AF_INET,
                             .sin_port = htons(t->port) };
    const char *host = strcmp(t->host, "localhost") ? t->host : "127.0.0.1";

    *refused = false;
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
        errno = EINVAL;
        return fail("-t", "bad host (a dotted IPv4 address, or localhost)");
    }
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
        return true;
    *refused = errno == ECONNREFUSED;
    return false;
}

/* A socket connected to the host, or -1 (told).  A receiver booted at
 * the same moment may not listen yet: a refused TCP connect is tried
 * again on a new socket every CONNECT_RETRY_MS, for up to CONNECT_TRIES. */
#define CONNECT_RETRY_MS 100
#define CONNECT_TRIES    100
static int open_to(const struct ttcp *t)
{
    int one = 1;

    for (int tries = 1;; tries++) {
        int fd = socket(AF_INET, t->udp ? SOCK_DGRAM : SOCK_STREAM, 0);
        bool refused;

        if (fd < 0)
            return fail("-t", "socket"), -1;
        if (tries == 1)
            printf("ttcp-t: socket\n");
        if (t->nodelay && !t->udp &&
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0)
            fail("-t", "setsockopt nodelay");
        if (connect_to(t, fd, &refused))
            return fd;
        close(fd);
        if (!refused || tries == CONNECT_TRIES)
            return fail("-t", "connect"), -1;
        usleep(CONNECT_RETRY_MS * 1000);
    }
}

/* Source: nbuf buffers of the pattern (-s), else stdin to its end. */
static bool transmit_data(const struct ttcp *t, int fd, char *buf,
                          struct ttcp_result *r)
{
    ssize_t n;

    if (!t->sink) {
        while ((n = read(0, buf, t->buflen)) > 0)
            if (!send_buf(fd, buf, n, r))
                return false;
        return n == 0;
    }
    pattern(buf, t->buflen);
    if (t->udp && !send_buf(fd, buf, UDP_MARK, r))
        return false;
    /* UDP has no handshake: let the start mark resolve the receiver's
     * address (ARP) before a burst that ARP's queue could not hold */
    if (t->udp)
        usleep(UDP_START_PAUSE_US);
    for (int i = 0; i < t->nbuf; i++)
        if (!send_buf(fd, buf, t->buflen, r))
            return false;
    for (int i = 0; t->udp && i < 4; i++)
        if (!send_buf(fd, buf, UDP_MARK, r))
            return false;
    if (t->udp)
        r->bytes -= 5 * UDP_MARK;      /* the marks are not data */
    return true;
}

bool ttcp_transmit(const struct ttcp *t, struct ttcp_result *r)
{
    char *buf = malloc(t->buflen);
    int fd;
    uint64_t t0;

    *r = (struct ttcp_result){ 0 };
    printf("ttcp-t: buflen=%d, nbuf=%d, port=%d  %s  -> %s\n", t->buflen,
           t->nbuf, t->port, t->udp ? "udp" : "tcp", t->host);
    if (!buf)
        return fail("-t", "malloc");
    if ((fd = open_to(t)) >= 0) {
        if (!t->udp)
            printf("ttcp-t: connect\n");
        t0 = ttcp_now();
        r->ok = transmit_data(t, fd, buf, r) || fail("-t", "write");
        r->ns = ttcp_now() - t0;
        close(fd);
    }
    free(buf);
    if (r->ok)
        report("-t", r);
    return r->ok;
}

/* A listening (TCP) or bound (UDP) socket on the port; -1 on failure. */
static int receive_socket(const struct ttcp *t)
{
    struct sockaddr_in a = { .sin_len = sizeof(a), .sin_family = AF_INET,
                             .sin_port = htons(t->port),
                             .sin_addr.s_addr = htonl(INADDR_ANY) };
    struct timeval tv = { t->rcvtimeo_ms / 1000, t->rcvtimeo_ms % 1000 * 1000 };
    int fd = socket(AF_INET, t->udp ? SOCK_DGRAM : SOCK_STREAM, 0), one = 1;

    if (fd < 0)
        return fail("-r", "socket"), -1;
    printf("ttcp-r: socket\n");
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        fail("-r", "bind");
        goto fail;
    }
    if (!t->udp && listen(fd, 1) < 0) {
        fail("-r", "listen");
        goto fail;
    }
    if (t->udp && t->rcvtimeo_ms &&
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        fail("-r", "setsockopt rcvtimeo");
        goto fail;
    }
    return fd;
fail:
    close(fd);
    return -1;
}

/* Sink (-s), else out to stdout; with -c, checked first (off: where buf
 * starts in the stream, 0 for each UDP datagram). */
static bool deliver(const struct ttcp *t, const char *buf, ssize_t n,
                    uint64_t off, struct ttcp_result *r)
{
    if (r->ref)
        r->wrong += pattern_wrong(buf, n, off, r->ref, t->buflen);
    return t->sink || write(1, buf, n) == n;
}

/* To the end of the stream; the classic counts the read that sees it. */
static bool receive_tcp(const struct ttcp *t, int fd, char *buf,
                        struct ttcp_result *r)
{
    uint64_t t0 = ttcp_now();
    ssize_t n;

    while ((n = read(fd, buf, t->buflen)) > 0) {
        r->calls++;
        if (!deliver(t, buf, n, r->bytes, r))
            return fail("-r", "write");
        r->bytes += n;
    }
    r->calls++;
    r->ns = ttcp_now() - t0;
    return n == 0 || fail("-r", "read");
}

/* From the start mark to the end mark; the clock starts at the first.
 * With a receive timeout (rcvtimeo_ms), a lost end mark ends the run. */
static bool receive_udp(const struct ttcp *t, int fd, char *buf,
                        struct ttcp_result *r)
{
    uint64_t t0 = ttcp_now();
    bool going = false;
    ssize_t n;

    while ((n = read(fd, buf, t->buflen)) >= 0) {
        r->calls++;
        if (n <= UDP_MARK) {
            if (going)
                break;
            going = true;
            t0 = ttcp_now();
            continue;
        }
        r->bytes += n;
        if (!deliver(t, buf, n, 0, r))
            return fail("-r", "write");
    }
    r->ns = ttcp_now() - t0;
    if (n < 0 && errno == EAGAIN) {
        printf("ttcp-r: no end mark within %d ms: done\n", t->rcvtimeo_ms);
        r->ns -= t->rcvtimeo_ms * 1000000ULL;
        return true;
    }
    return n >= 0 || fail("-r", "read");
}

bool ttcp_receive(const struct ttcp *t, struct ttcp_result *r)
{
    struct sockaddr_in peer;
    socklen_t len = sizeof(peer);
    char *buf = malloc(t->buflen);
    int lfd, fd;

    *r = (struct ttcp_result){ 0 };
    printf("ttcp-r: buflen=%d, nbuf=%d, port=%d  %s\n", t->buflen, t->nbuf,
           t->port, t->udp ? "udp" : "tcp");
    lfd = buf ? receive_socket(t) : (fail("-r", "malloc"), -1);
    if (t->ready)
        sem_up(t->ready);              /* listening, or given up */
    if (lfd < 0) {
        free(buf);
        return false;
    }
    fd = lfd;
    if (!t->udp) {
        fd = accept(lfd, (struct sockaddr *)&peer, &len);
        close(lfd);
        if (fd < 0) {
            free(buf);
            return fail("-r", "accept");
        }
        printf("ttcp-r: accept from %s\n", inet_ntoa(peer.sin_addr));
    }
    if (t->check && (r->ref = malloc(t->buflen)))
        pattern(r->ref, t->buflen);
    r->ok = (!t->check || r->ref || fail("-r", "malloc")) &&
            (t->udp ? receive_udp(t, fd, buf, r) : receive_tcp(t, fd, buf, r));
    close(fd);
    free(buf);
    free(r->ref);
    r->ref = NULL;
    if (r->ok)
        report("-r", r);
    if (r->ok && t->check) {
        printf("ttcp-r: %llu bytes checked against the pattern, %llu wrong\n",
               (unsigned long long)r->bytes, (unsigned long long)r->wrong);
        r->ok = r->wrong == 0;
    }
    return r->ok;
}
