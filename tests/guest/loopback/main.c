/* loopback: lwIP sockets over 127.0.0.1 in one domain, checked. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/select.h>
#include <libos/thread.h>
#include <libos/time.h>
#include "../check.h"
#include "loopback.h"

#define PORT_CLOSED 9
#define PORT_PEER 5003
#define PORT_TCP 5001
#define PORT_UDP 5002
#define PORT_NB 5004

static void check_errors(void)
{
    struct sockaddr_in a = loop_addr(PORT_CLOSED);
    int fd = socket(AF_INET, SOCK_STREAM, 0), rc;
    char c = 0;

    CHECK_TRUE("socket: a descriptor past the console's", fd >= 3);
    rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
    CHECK_EQ("connect to a closed port fails", rc, -1);
    CHECK_EQ("with ECONNREFUSED", errno, ECONNREFUSED);
    CHECK_EQ("close the socket", close(fd), 0);
    rc = send(fd, &c, 1, 0);
    CHECK_TRUE("send on a closed fd: EBADF", rc == -1 && errno == EBADF);
    rc = close(fd);
    CHECK_TRUE("close it again: EBADF", rc == -1 && errno == EBADF);
    rc = recv(-1, &c, 1, 0);
    CHECK_TRUE("recv on fd -1: EBADF", rc == -1 && errno == EBADF);
    rc = recv(1, &c, 1, 0);
    CHECK_TRUE("recv on the console: ENOTSOCK", rc == -1 && errno == ENOTSOCK);
}

static void check_bind_in_use(void)
{
    struct sockaddr_in a = loop_addr(PORT_PEER);
    int one = socket(AF_INET, SOCK_STREAM, 0);
    int two = socket(AF_INET, SOCK_STREAM, 0), rc;

    rc = bind(one, (struct sockaddr *)&a, sizeof(a));
    CHECK_EQ("bind a free port", rc, 0);
    rc = bind(two, (struct sockaddr *)&a, sizeof(a));
    CHECK_TRUE("bind it twice: EADDRINUSE", rc == -1 && errno == EADDRINUSE);
    close(one);
    close(two);
}

/* setsockopt then getsockopt: the value comes back. */
static int opt_roundtrip(int fd, int level, int name, int val)
{
    int got = -1;
    socklen_t len = sizeof(got);

    if (setsockopt(fd, level, name, &val, sizeof(val)) < 0 ||
        getsockopt(fd, level, name, &got, &len) < 0)
        return -1;
    return got;
}

static void check_options(void)
{
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loop_addr(PORT_UDP);
    struct timeval tv = { 0, 100000 }, got_tv;
    socklen_t len = sizeof(int);
    int val = -1, rc;
    uint64_t t0;
    char c;

    CHECK_EQ("TCP_NODELAY set and read back",
             opt_roundtrip(tcp, IPPROTO_TCP, TCP_NODELAY, 1), 1);
    CHECK_TRUE("SO_KEEPALIVE set and read back",
               opt_roundtrip(tcp, SOL_SOCKET, SO_KEEPALIVE, 1) != 0);
    CHECK_EQ("SO_RCVBUF set and read back",
             opt_roundtrip(udp, SOL_SOCKET, SO_RCVBUF, 8192), 8192);
    getsockopt(tcp, SOL_SOCKET, SO_TYPE, &val, &len);
    CHECK_EQ("SO_TYPE of a TCP socket", val, SOCK_STREAM);
    getsockopt(udp, SOL_SOCKET, SO_TYPE, &val, &len);
    CHECK_EQ("SO_TYPE of a UDP socket", val, SOCK_DGRAM);
    getsockopt(tcp, SOL_SOCKET, SO_ERROR, &val, &len);
    CHECK_EQ("SO_ERROR of a fresh socket", val, 0);
    rc = getsockopt(tcp, SOL_SOCKET, 0x7777, &val, &len);
    CHECK_TRUE("an unknown option: ENOPROTOOPT",
               rc == -1 && errno == ENOPROTOOPT);

    bind(udp, (struct sockaddr *)&a, sizeof(a));
    CHECK_EQ("SO_RCVTIMEO 100 ms",
             setsockopt(udp, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
    len = sizeof(got_tv);
    getsockopt(udp, SOL_SOCKET, SO_RCVTIMEO, &got_tv, &len);
    CHECK_EQ("SO_RCVTIMEO read back (us)",
             got_tv.tv_sec * 1000000 + got_tv.tv_usec, 100000);
    t0 = time_monotonic_ns();
    rc = recv(udp, &c, 1, 0);
    CHECK_TRUE("recv times out: EAGAIN", rc == -1 && errno == EAGAIN);
    CHECK_TRUE("after 100 ms", time_monotonic_ns() - t0 >= 100 * MS);
    close(tcp);
    close(udp);
}

/* The peer of check_peer: connects, then sends and closes when told. */
static struct sem go_send, go_close;
static uint16_t peer_port;

static void *peer(void *arg)
{
    struct sockaddr_in a = loop_addr(PORT_PEER), me;
    socklen_t len = sizeof(me);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&me, &len) == 0)
        peer_port = ntohs(me.sin_port);
    sem_down(&go_send, ~0UL);
    send(fd, "ping", 4, 0);
    sem_down(&go_close, ~0UL);
    close(fd);
    return NULL;
}

/* select on the listener until the peer is there, then accept it. */
static int accept_peer(int lfd)
{
    struct sockaddr_in from;
    socklen_t len = sizeof(from);
    struct timeval zero = { 0, 0 }, second = { 1, 0 };
    fd_set rd;
    int fd;

    FD_ZERO(&rd);
    FD_SET(lfd, &rd);
    CHECK_EQ("select: nobody connecting yet",
             select(lfd + 1, &rd, 0, 0, &zero), 0);
    FD_SET(lfd, &rd);
    CHECK_EQ("select: the listener becomes readable",
             select(lfd + 1, &rd, 0, 0, &second), 1);
    CHECK_TRUE("select: and says which", FD_ISSET(lfd, &rd));
    fd = accept(lfd, (struct sockaddr *)&from, &len);
    CHECK_TRUE("accept: a new descriptor", fd >= 3 && fd != lfd);
    CHECK_EQ("accept: the peer is 127.0.0.1", ntohl(from.sin_addr.s_addr),
             INADDR_LOOPBACK);
    CHECK_EQ("accept: from the peer's port", ntohs(from.sin_port), peer_port);
    return fd;
}

static void check_poll_and_nonblocking(int fd)
{
    struct pollfd p[2] = { { fd, POLLIN, 0 }, { 1, POLLIN, 0 } };
    struct timeval ms50 = { 0, 50000 };
    fd_set rd;
    uint64_t t0 = time_monotonic_ns();
    char buf[8];
    int rc;

    CHECK_EQ("poll: no data yet", poll(p, 1, 0), 0);
    FD_ZERO(&rd);
    FD_SET(fd, &rd);
    CHECK_EQ("select: times out with no data",
             select(fd + 1, &rd, 0, 0, &ms50), 0);
    CHECK_TRUE("after 50 ms", time_monotonic_ns() - t0 >= 50 * MS);
    sem_up(&go_send);
    CHECK_EQ("poll: data arrives", poll(p, 1, 1000), 1);
    p[0].events = POLLIN | POLLOUT;
    poll(p, 1, 0);
    CHECK_EQ("poll: readable and writable", p[0].revents, POLLIN | POLLOUT);
    CHECK_EQ("recv what was sent", recv(fd, buf, sizeof(buf), 0), 4);
    CHECK_EQ("poll: the console is POLLNVAL", poll(p + 1, 1, 1000), 1);
    CHECK_EQ("poll: revents", p[1].revents, POLLNVAL);
    FD_SET(1, &rd);
    rc = select(2, &rd, 0, 0, &ms50);
    CHECK_TRUE("select on the console: EBADF", rc == -1 && errno == EBADF);
    CHECK_EQ("fcntl O_NONBLOCK", fcntl(fd, F_SETFL, O_NONBLOCK), 0);
    CHECK_TRUE("fcntl F_GETFL has it", fcntl(fd, F_GETFL) & O_NONBLOCK);
    rc = recv(fd, buf, sizeof(buf), 0);
    CHECK_TRUE("nonblocking recv, no data: EAGAIN",
               rc == -1 && errno == EAGAIN);
    fcntl(fd, F_SETFL, 0);
    sem_up(&go_close);
    CHECK_EQ("read after the peer closed: EOF", read(fd, buf, sizeof(buf)), 0);
}

static void check_peer(void)
{
    struct sockaddr_in a = loop_addr(PORT_PEER), got;
    socklen_t len = sizeof(got);
    int lfd = socket(AF_INET, SOCK_STREAM, 0), fd, rc;
    struct thread *t;

    sem_init(&go_send, 0);
    sem_init(&go_close, 0);
    bind(lfd, (struct sockaddr *)&a, sizeof(a));
    CHECK_EQ("listen", listen(lfd, 2), 0);
    getsockname(lfd, (struct sockaddr *)&got, &len);
    CHECK_EQ("getsockname: the bound port", ntohs(got.sin_port), PORT_PEER);
    t = thread_create("peer", peer, NULL, 0);
    fd = accept_peer(lfd);
    check_poll_and_nonblocking(fd);
    thread_join(t);
    fcntl(lfd, F_SETFL, O_NONBLOCK);
    rc = accept(lfd, NULL, NULL);
    CHECK_TRUE("nonblocking accept, nobody: EAGAIN",
               rc == -1 && errno == EAGAIN);
    close(fd);
    close(lfd);
}

/* A nonblocking connect completes in the background: select says when,
 * SO_ERROR says how. */
static int connect_nonblocking(uint16_t port, int *so_error)
{
    struct sockaddr_in a = loop_addr(port);
    struct timeval second = { 1, 0 };
    socklen_t len = sizeof(*so_error);
    int fd = socket(AF_INET, SOCK_STREAM, 0), rc;
    fd_set wr;

    fcntl(fd, F_SETFL, O_NONBLOCK);
    rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
    CHECK_TRUE("nonblocking connect: EINPROGRESS",
               rc == -1 && errno == EINPROGRESS);
    FD_ZERO(&wr);
    FD_SET(fd, &wr);
    CHECK_EQ("select: the connect is over", select(fd + 1, 0, &wr, 0, &second),
             1);
    *so_error = -1;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, so_error, &len);
    return fd;
}

static void check_nonblocking_connect(void)
{
    struct sockaddr_in a = loop_addr(PORT_NB);
    int lfd = socket(AF_INET, SOCK_STREAM, 0), fd, err;

    bind(lfd, (struct sockaddr *)&a, sizeof(a));
    listen(lfd, 1);
    fd = connect_nonblocking(PORT_NB, &err);
    CHECK_EQ("SO_ERROR: connected", err, 0);
    close(fd);
    close(lfd);
    fd = connect_nonblocking(PORT_CLOSED, &err);
    CHECK_EQ("SO_ERROR: ECONNREFUSED", err, ECONNREFUSED);
    close(fd);
}

static void check_tcp(uint64_t bytes)
{
    struct tcp_result r;
    uint64_t ms;

    transfer_tcp(bytes, PORT_TCP, &r);
    ms = r.ns / MS;
    printf("loopback: tcp %lu bytes in %lu ms (%lu Mbit/s)\n", r.received,
           ms, ms ? r.received * 8 / 1000 / ms : 0);
    CHECK_EQ("tcp: no error", r.err, 0);
    CHECK_EQ("tcp: every byte sent", r.sent, bytes);
    CHECK_EQ("tcp: every byte received", r.received, bytes);
    CHECK_EQ("tcp: no byte differs from the pattern", r.mismatch_at, ~0UL);
}

static void check_udp(unsigned count, unsigned size)
{
    struct udp_result r;

    transfer_udp(count, size, PORT_UDP, &r);
    printf("loopback: udp %u of %u datagrams received, %u in order\n",
           r.received, r.sent, r.in_order);
    CHECK_EQ("udp: no error", r.err, 0);
    CHECK_EQ("udp: every datagram sent", r.sent, count);
    CHECK_EQ("udp: every datagram received", r.received, count);
    CHECK_EQ("udp: in order", r.in_order, count);
    CHECK_EQ("udp: sizes and contents intact", r.bad, 0);
}

/* argv[1]: MiB of the TCP transfer (default 16). */
int main(int argc, char **argv)
{
    uint64_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 16;

    check_errors();
    check_bind_in_use();
    check_options();
    check_peer();
    check_nonblocking_connect();
    check_tcp(mib << 20);
    check_udp(1000, 1024);
    return checks_summary("loopback");
}
