/* Address conversion: htons, inet_addr (lwIP), inet_pton, inet_ntop. */
#ifndef NET_ARPA_INET_H
#define NET_ARPA_INET_H

#include <sys/socket.h>
#include "lwip/inet.h"

/* sockets_fd.c: IPv4 only (AF_INET); 1 on success, 0 for a malformed
 * address, -1 (EAFNOSUPPORT) for another family. */
int inet_pton(int af, const char *src, void *dst);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);

#endif
