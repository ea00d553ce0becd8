/* poll over socket fds (struct pollfd and POLL* are lwIP's). */
#ifndef NET_POLL_H
#define NET_POLL_H

#include <sys/socket.h>

/* sockets_wait.c: at most FD_MAX entries; fds that are not sockets come
 * back POLLNVAL.  timeout in ms, -1 forever. */
int poll(struct pollfd *fds, nfds_t n, int timeout);

#endif
