/* The socket fd glue inside: libos fds to lwIP socket numbers. */
#ifndef NET_LWIP_SOCKETS_FD_H
#define NET_LWIP_SOCKETS_FD_H

/* sockets_fd.c */
/* The lwIP socket behind fd; -1 with errno EBADF (no such fd) or
 * ENOTSOCK (an fd of another kind, such as the console). */
int sockets_fd_to_lwip(int fd);
/* The fd of lwIP socket s (which must have one). */
int sockets_fd_from_lwip(int s);

#endif
