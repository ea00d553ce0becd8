/* BSD sockets for libos apps: lwIP's types, POSIX calls on fds. */
#ifndef NET_SYS_SOCKET_H
#define NET_SYS_SOCKET_H

#include <sys/types.h>
#include "lwip/sockets.h"

/*
 * Implemented by net/lwip/sockets_fd.c.  A socket is a file descriptor
 * (read, write and close work on it); the calls below take fds and
 * return -1 with errno set on failure (EBADF: no such fd, ENOTSOCK: not
 * a socket).  The first socket() starts the stack (net_init).
 */
int socket(int domain, int type, int protocol);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *addr, socklen_t *len);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
int shutdown(int fd, int how);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t sendto(int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *to, socklen_t tolen);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
                 struct sockaddr *from, socklen_t *fromlen);
int getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int getpeername(int fd, struct sockaddr *addr, socklen_t *len);

#endif
