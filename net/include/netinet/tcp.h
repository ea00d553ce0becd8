/* TCP socket options (TCP_NODELAY, TCP_KEEPIDLE ...): lwIP's. */
#ifndef NET_NETINET_TCP_H
#define NET_NETINET_TCP_H

#include <sys/socket.h>

#endif
