/* The TCP client: count messages over one connection, each written
 * whole and then read back whole before the next, every byte checked;
 * at the end our side closes, and the server's end must follow with
 * nothing more. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "echo.h"

#define WHO "echo-client"

static bool write_all(int fd, const unsigned char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);

        if (w < 0)
            return false;
        buf += w, n -= w;
    }
    return true;
}

/* A read that failed or hit the end of the stream early: its line. */
static bool read_failed(ssize_t n, uint64_t bytes)
{
    char what[64];

    if (n == 0) {
        printf(WHO ": tcp: the server closed the connection after %llu "
               "bytes\n", (unsigned long long)bytes);
        return false;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        printf(WHO ": tcp: no echo within %d ms (after %llu bytes)\n",
               ECHO_WAIT_MS, (unsigned long long)bytes);
        return false;
    }
    snprintf(what, sizeof(what), "tcp read (after %llu bytes)",
             (unsigned long long)bytes);
    return echo_fail(WHO, what);
}

/* Message seq out and back, checked into *t. */
static bool one_message(int fd, const struct echo_client *c, uint32_t seq,
                        unsigned char *sbuf, unsigned char *rbuf,
                        struct echo_tally *t)
{
    size_t got = 0;

    echo_pattern(sbuf, c->len, seq);
    if (!write_all(fd, sbuf, c->len))
        return echo_fail(WHO, "tcp write");
    while (got < c->len) {
        ssize_t n = read(fd, rbuf, c->len - got);

        if (n <= 0)
            return read_failed(n, t->bytes);
        t->wrong += echo_pattern_wrong(rbuf, n, got, seq);
        t->bytes += n;
        got += n;
    }
    t->messages++;
    return true;
}

/* After the last message: our side done, the server's must end too. */
static bool finish(int fd, unsigned char *rbuf, size_t len,
                   struct echo_tally *t)
{
    ssize_t n;

    if (shutdown(fd, SHUT_WR) < 0)
        return echo_fail(WHO, "tcp shutdown");
    while ((n = read(fd, rbuf, len)) > 0) {
        printf(WHO ": tcp: %zd bytes more than were sent\n", n);
        t->wrong += n;
    }
    return n == 0 || echo_fail(WHO, "tcp read (waiting for the close)");
}

/* A connected socket with a read timeout; -1 after a line. */
static int connect_tcp(const struct echo_client *c)
{
    struct timeval tv = { ECHO_WAIT_MS / 1000, ECHO_WAIT_MS % 1000 * 1000 };
    char what[64], a[24];
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    if (fd < 0)
        return echo_fail(WHO, "tcp socket"), -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        snprintf(what, sizeof(what), "tcp read timeout");
        goto fail;
    }
    if (connect(fd, (const struct sockaddr *)&c->server, sizeof(c->server)) < 0) {
        snprintf(what, sizeof(what), "tcp connect %s",
                 echo_addr_str(&c->server, a, sizeof(a)));
        goto fail;
    }
    return fd;
fail:
    echo_fail(WHO, what);
    close(fd);
    return -1;
}

bool echo_client_tcp(const struct echo_client *c, struct echo_tally *t)
{
    unsigned char *sbuf = malloc(c->len), *rbuf = malloc(c->len);
    bool ok = false;
    int fd = -1;

    *t = (struct echo_tally){ 0 };
    if (!sbuf || !rbuf) {
        errno = ENOMEM;
        echo_fail(WHO, "buffers");
    } else if ((fd = connect_tcp(c)) >= 0) {
        uint32_t seq = 0;

        while (seq < c->count && one_message(fd, c, seq, sbuf, rbuf, t))
            seq++;
        ok = seq == c->count && finish(fd, rbuf, c->len, t);
        close(fd);
    }
    free(sbuf);
    free(rbuf);
    return ok && t->wrong == 0;
}
