/* Socket helpers of the server and the client: addresses, bound
 * sockets, error lines. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/tcp.h>
#include "echo.h"

bool echo_fail(const char *who, const char *what)
{
    printf("%s: %s: %s\n", who, what, strerror(errno));
    return false;
}

bool echo_addr(const char *host, int port, struct sockaddr_in *a)
{
    *a = (struct sockaddr_in){ .sin_len = sizeof(*a), .sin_family = AF_INET,
                               .sin_port = htons(port) };
    if (!strcmp(host, "localhost"))
        host = "127.0.0.1";
    return inet_pton(AF_INET, host, &a->sin_addr) == 1;
}

const char *echo_addr_str(const struct sockaddr_in *a, char *buf, size_t n)
{
    char ip[16];

    if (!inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip)))
        snprintf(ip, sizeof(ip), "?");
    snprintf(buf, n, "%s:%u", ip, ntohs(a->sin_port));
    return buf;
}

int echo_bound(int type, int port)
{
    struct sockaddr_in a = { .sin_len = sizeof(a), .sin_family = AF_INET,
                             .sin_port = htons(port),
                             .sin_addr.s_addr = htonl(INADDR_ANY) };
    const char *proto = type == SOCK_STREAM ? "tcp" : "udp";
    char what[48];
    int fd = socket(AF_INET, type, 0), one = 1;

    if (fd < 0) {
        snprintf(what, sizeof(what), "%s socket", proto);
        return echo_fail("echo", what), -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        snprintf(what, sizeof(what), "%s bind port %d", proto, port);
        goto fail;
    }
    if (type == SOCK_STREAM && listen(fd, 8) < 0) {
        snprintf(what, sizeof(what), "tcp listen port %d", port);
        goto fail;
    }
    return fd;
fail:
    echo_fail("echo", what);
    close(fd);
    return -1;
}

int echo_connected(int type, const struct sockaddr_in *to, unsigned wait_ms)
{
    struct timeval tv = { wait_ms / 1000, wait_ms % 1000 * 1000 };
    const char *proto = type == SOCK_STREAM ? "tcp" : "udp";
    char what[64], a[24];
    int fd = socket(AF_INET, type, 0), one = 1;

    if (fd < 0) {
        snprintf(what, sizeof(what), "%s socket", proto);
        return echo_fail("echo-client", what), -1;
    }
    if (type == SOCK_STREAM)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        snprintf(what, sizeof(what), "%s read timeout", proto);
        goto fail;
    }
    if (connect(fd, (const struct sockaddr *)to, sizeof(*to)) < 0) {
        snprintf(what, sizeof(what), "%s connect %s", proto,
                 echo_addr_str(to, a, sizeof(a)));
        goto fail;
    }
    return fd;
fail:
    echo_fail("echo-client", what);
    close(fd);
    return -1;
}

bool echo_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;

    while (n) {
        ssize_t w = write(fd, p, n);

        if (w < 0)
            return false;
        p += w, n -= w;
    }
    return true;
}
