/* BSD sockets as libos fds: each fd of this kind stands for an lwIP socket. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <libos/fd.h>
#include <libos/thread.h>
#include <net/net.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include "lwip/sockets.h"
#include "sockets_fd.h"

/*
 * An fd's private data is its lwIP socket number; socks[] goes the other
 * way (for select and poll), and remembers which sockets carry datagrams
 * and which have a nonblocking connect under way.  lwIP numbers its
 * sockets 0..MEMP_NUM_NETCONN-1 (LWIP_SOCKET_OFFSET 0).
 */
static struct {
    int fd;
    bool dgram, connecting;
} socks[MEMP_NUM_NETCONN];

static ssize_t sock_read(void *priv, void *buf, size_t n);
static ssize_t sock_write(void *priv, const void *buf, size_t n);
static int sock_close(void *priv);

static const struct fd_ops sock_ops = {
    .read = sock_read,
    .write = sock_write,
    .close = sock_close,
};

int sockets_fd_to_lwip(int fd)
{
    void *priv;
    const struct fd_ops *ops = fd_get(fd, &priv);

    if (!ops)
        return -1;
    if (ops != &sock_ops) {
        errno = ENOTSOCK;
        return -1;
    }
    return (int)(intptr_t)priv;
}

int sockets_fd_from_lwip(int s)
{
    return socks[s].fd;
}

/* Give lwIP socket s (or -1 from a failed lwIP call) an fd; if none is
 * free, close s and fail with EMFILE. */
static int sock_install(int s, bool dgram)
{
    int fd;

    if (s < 0)
        return -1;
    fd = fd_install(-1, &sock_ops, (void *)(intptr_t)s);
    if (fd < 0) {
        lwip_close(s);
        errno = EMFILE;
        return -1;
    }
    socks[s].fd = fd;
    socks[s].dgram = dgram;
    socks[s].connecting = false;
    return fd;
}

/*
 * A datagram send never blocks, and threads are cooperative: a sender in
 * a loop would queue datagrams faster than the stack and the receivers
 * (other threads) could take them, until memory or mailboxes overflow.
 * After each one the sender lets them run, as a preemptive kernel would.
 * Data that moved also ends a nonblocking connect, successfully.
 */
static ssize_t sock_sent(int s, ssize_t rc)
{
    if (rc >= 0)
        socks[s].connecting = false;
    if (socks[s].dgram)
        thread_yield();
    return rc;
}

/* Data moved: a nonblocking connect was over, and it worked. */
static ssize_t sock_received(int s, ssize_t rc)
{
    if (rc >= 0)
        socks[s].connecting = false;
    return rc;
}

static ssize_t sock_read(void *priv, void *buf, size_t n)
{
    int s = (int)(intptr_t)priv;

    return sock_received(s, lwip_read(s, buf, n));
}

static ssize_t sock_write(void *priv, const void *buf, size_t n)
{
    int s = (int)(intptr_t)priv;

    return sock_sent(s, lwip_write(s, buf, n));
}

static int sock_close(void *priv)
{
    return lwip_close((int)(intptr_t)priv);
}

int socket(int domain, int type, int protocol)
{
    net_init();
    return sock_install(lwip_socket(domain, type, protocol),
                        type == SOCK_DGRAM);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : sock_install(lwip_accept(s, addr, len), false);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : lwip_bind(s, addr, len);
}

int listen(int fd, int backlog)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : lwip_listen(s, backlog);
}

/* lwIP reports the RST that answers a SYN as ECONNRESET (ERR_RST); to a
 * connect that is a refusal.  A nonblocking connect reports it later,
 * through SO_ERROR (getsockopt). */
int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    int s = sockets_fd_to_lwip(fd);

    if (s < 0)
        return -1;
    if (lwip_connect(s, addr, len) < 0) {
        if (errno == ECONNRESET)
            errno = ECONNREFUSED;
        socks[s].connecting = errno == EINPROGRESS;
        return -1;
    }
    return 0;
}

int shutdown(int fd, int how)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : lwip_shutdown(s, how);
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : sock_sent(s, lwip_send(s, buf, n, flags));
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *to, socklen_t tolen)
{
    int s = sockets_fd_to_lwip(fd);

    if (s < 0)
        return -1;
    return sock_sent(s, lwip_sendto(s, buf, n, flags, to, tolen));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : sock_received(s, lwip_recv(s, buf, n, flags));
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
                 struct sockaddr *from, socklen_t *fromlen)
{
    int s = sockets_fd_to_lwip(fd);

    if (s < 0)
        return -1;
    return sock_received(s, lwip_recvfrom(s, buf, n, flags, from, fromlen));
}

/* SO_ERROR after a nonblocking connect: a RST is a refusal (connect). */
int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
    int s = sockets_fd_to_lwip(fd), *err = val;

    if (s < 0 || lwip_getsockopt(s, level, name, val, len) < 0)
        return -1;
    if (level == SOL_SOCKET && name == SO_ERROR && socks[s].connecting &&
        *err) {
        socks[s].connecting = false;
        *err = *err == ECONNRESET ? ECONNREFUSED : *err;
    }
    return 0;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : lwip_setsockopt(s, level, name, val, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : lwip_getsockname(s, addr, len);
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
    int s = sockets_fd_to_lwip(fd);

    return s < 0 ? -1 : lwip_getpeername(s, addr, len);
}

/* Sockets only (O_NONBLOCK through F_GETFL/F_SETFL): libos has no fcntl
 * of its own, nor an fd op for one. */
int fcntl(int fd, int cmd, ...)
{
    int s = sockets_fd_to_lwip(fd);
    va_list ap;
    int val;

    if (s < 0)
        return -1;
    va_start(ap, cmd);
    val = cmd == F_SETFL ? va_arg(ap, int) : 0;
    va_end(ap);
    return lwip_fcntl(s, cmd, val);
}

int inet_pton(int af, const char *src, void *dst)
{
    return lwip_inet_pton(af, src, dst);
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
    return lwip_inet_ntop(af, src, dst, size);
}
