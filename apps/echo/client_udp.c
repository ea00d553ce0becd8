/* The UDP client: count datagrams, each sent and its echo awaited before
 * the next (sent again after ECHO_UDP_WAIT_MS of silence, at most
 * ECHO_UDP_RETRIES times; a message still lost ends the run).  Echoes of
 * earlier messages (duplicates that resending causes) are passed over;
 * anything else that is not the awaited message counts as wrong. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include "echo.h"

#define WHO "echo-client"
#define SEND_PAUSE_US 10000            /* the stack had no memory for it */

/* A datagram out, again after a pause while the stack has no memory. */
static bool send_dgram(int fd, const unsigned char *buf, size_t n)
{
    ssize_t w;

    while ((w = write(fd, buf, n)) < 0 && (errno == ENOMEM || errno == ENOBUFS))
        usleep(SEND_PAUSE_US);
    return w >= 0 || echo_fail(WHO, "udp send");
}

/* What one received datagram of n bytes says while seq is awaited:
 * 1 it is seq's echo (checked into *t), 0 it is not (ignored or counted
 * wrong). */
static int judge(const unsigned char *buf, ssize_t n,
                 const struct echo_client *c, uint32_t seq,
                 struct echo_tally *t)
{
    size_t common = (size_t)n < c->len ? (size_t)n : c->len;

    if (n >= 4 && echo_pattern_seq(buf) < seq)
        return 0;                      /* a late duplicate */
    if (n < 4 || echo_pattern_seq(buf) != seq) {
        t->wrong += n;                 /* not something we sent */
        return 0;
    }
    t->messages++;
    t->bytes += n;
    t->wrong += echo_pattern_wrong(buf, common, 0, seq) +
                (n > (ssize_t)c->len ? n - c->len : c->len - n);
    return 1;
}

/* Message seq out and its echo back; false if it is lost (the server is
 * gone, or never answers: the run ends there) or on a socket error. */
static bool one_message(int fd, const struct echo_client *c, uint32_t seq,
                        unsigned char *sbuf, unsigned char *rbuf,
                        struct echo_tally *t)
{
    echo_pattern(sbuf, c->len, seq);
    for (int tries = 0; tries <= ECHO_UDP_RETRIES; tries++) {
        if (tries)
            t->resent++;
        if (!send_dgram(fd, sbuf, c->len))
            return false;
        for (;;) {
            ssize_t n = read(fd, rbuf, ECHO_UDP_LEN_MAX);

            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;                 /* silence: send it again */
            if (n < 0)
                return echo_fail(WHO, "udp read");
            if (judge(rbuf, n, c, seq, t))
                return true;
        }
    }
    printf(WHO ": udp: message %u lost (sent %d times): giving up\n",
           (unsigned)seq, ECHO_UDP_RETRIES + 1);
    t->lost++;
    return false;
}

bool echo_client_udp(const struct echo_client *c, struct echo_tally *t)
{
    unsigned char *sbuf = malloc(c->len), *rbuf = malloc(ECHO_UDP_LEN_MAX);
    bool ok = false;
    int fd = -1;

    *t = (struct echo_tally){ 0 };
    if (!sbuf || !rbuf) {
        errno = ENOMEM;
        echo_fail(WHO, "buffers");
    } else if ((fd = echo_connected(SOCK_DGRAM, &c->server, ECHO_UDP_WAIT_MS)) >= 0) {
        uint32_t seq = 0;

        while (seq < c->count && one_message(fd, c, seq, sbuf, rbuf, t))
            seq++;
        ok = seq == c->count;
        close(fd);
    }
    free(sbuf);
    free(rbuf);
    return ok && t->lost == 0 && t->wrong == 0 && t->messages == c->count;
}
