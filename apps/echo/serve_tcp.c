/* The TCP side of the server: a thread per connection echoes it back
 * until the peer closes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libos/thread.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "echo.h"

#define CONN_BUF 16384
#define ACCEPT_PAUSE_US 100000         /* after an accept that failed */

struct conn {
    int fd;
    char peer[24];                     /* "a.b.c.d:port" */
};

/* One connection, to its end: every byte read is written back.  Owns c. */
static void *conn_run(void *arg)
{
    struct conn *c = arg;
    char *buf = malloc(CONN_BUF), what[64];
    uint64_t bytes = 0;
    ssize_t n = 0;

    if (!buf) {
        errno = ENOMEM;
        snprintf(what, sizeof(what), "tcp %s: buffer", c->peer);
        echo_fail("echo", what);
    }
    while (buf && (n = read(c->fd, buf, CONN_BUF)) > 0) {
        if (!echo_write_all(c->fd, buf, n)) {
            snprintf(what, sizeof(what), "tcp %s: write", c->peer);
            echo_fail("echo", what);
            break;
        }
        bytes += n;
    }
    if (n < 0) {
        snprintf(what, sizeof(what), "tcp %s: read", c->peer);
        echo_fail("echo", what);
    }
    printf("echo: tcp %s closed, %llu bytes echoed\n", c->peer,
           (unsigned long long)bytes);
    close(c->fd);
    free(buf);
    free(c);
    return NULL;
}

/* A thread for the accepted fd; on failure fd is closed with a line. */
static void conn_start(int fd, const struct sockaddr_in *peer)
{
    struct conn *c = malloc(sizeof(*c));
    struct thread *t = NULL;
    int one = 1;

    if (c) {
        c->fd = fd;
        echo_addr_str(peer, c->peer, sizeof(c->peer));
        /* each piece goes back at once: a client waits for its echo */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        t = thread_create("echo-tcp", conn_run, c, 0);
    }
    if (!t) {
        errno = ENOMEM;
        echo_fail("echo", "tcp connection thread (connection closed)");
        free(c);
        close(fd);
        return;
    }
    thread_detach(t);
}

void echo_serve_tcp(int lfd)
{
    for (;;) {
        struct sockaddr_in peer;
        socklen_t len = sizeof(peer);
        int fd = accept(lfd, (struct sockaddr *)&peer, &len);

        if (fd >= 0) {
            conn_start(fd, &peer);
            continue;
        }
        echo_fail("echo", "tcp accept");
        if (errno == EBADF || errno == EINVAL || errno == ENOTSOCK)
            return;
        usleep(ACCEPT_PAUSE_US);       /* out of something: try again */
    }
}
