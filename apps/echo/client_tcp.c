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
    if (!echo_write_all(fd, sbuf, c->len))
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

bool echo_client_tcp(const struct echo_client *c, struct echo_tally *t)
{
    unsigned char *sbuf = malloc(c->len), *rbuf = malloc(c->len);
    bool ok = false;
    int fd = -1;

    *t = (struct echo_tally){ 0 };
    if (!sbuf || !rbuf) {
        errno = ENOMEM;
        echo_fail(WHO, "buffers");
    } else if ((fd = echo_connected(SOCK_STREAM, &c->server, ECHO_WAIT_MS)) >= 0) {
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
