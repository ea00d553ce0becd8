/* The UDP side of the server: each datagram goes back to its sender. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <libos/thread.h>
#include <sys/socket.h>
#include "echo.h"

#define SEND_TRIES 5                   /* a datagram the stack had no room for */
#define SEND_PAUSE_US 10000

struct udp {
    int fd;
    unsigned char buf[ECHO_UDP_LEN_MAX];
};

/* Send buf back to peer, again after a pause while the stack has no
 * memory; false (after a line) if it never goes. */
static bool send_back(int fd, const unsigned char *buf, size_t n,
                      const struct sockaddr_in *peer)
{
    char what[48], a[24];

    for (int i = 0; i < SEND_TRIES; i++) {
        if (sendto(fd, buf, n, 0, (const struct sockaddr *)peer,
                   sizeof(*peer)) >= 0)
            return true;
        if (errno != ENOMEM && errno != ENOBUFS)
            break;
        usleep(SEND_PAUSE_US);
    }
    snprintf(what, sizeof(what), "udp sendto %s", echo_addr_str(peer, a, sizeof(a)));
    return echo_fail("echo", what);
}

/* Forever, unless receiving fails: then one line and the thread ends. */
static void *udp_run(void *arg)
{
    struct udp *u = arg;

    for (;;) {
        struct sockaddr_in peer;
        socklen_t len = sizeof(peer);
        ssize_t n = recvfrom(u->fd, u->buf, sizeof(u->buf), 0,
                             (struct sockaddr *)&peer, &len);

        if (n < 0)
            break;
        send_back(u->fd, u->buf, n, &peer);
    }
    echo_fail("echo", "udp recvfrom (udp echo stopped)");
    close(u->fd);
    free(u);
    return NULL;
}

bool echo_serve_udp(int fd)
{
    struct udp *u = malloc(sizeof(*u));
    struct thread *t;

    if (!u) {
        errno = ENOMEM;
        return echo_fail("echo", "udp buffer");
    }
    u->fd = fd;
    if (!(t = thread_create("echo-udp", udp_run, u, 0))) {
        free(u);
        return echo_fail("echo", "udp thread");
    }
    thread_detach(t);
    return true;
}
