/* Internet addresses (sockaddr_in, INADDR_*, IPPROTO_*): lwIP's. */
#ifndef NET_NETINET_IN_H
#define NET_NETINET_IN_H

#include <sys/socket.h>

#endif
