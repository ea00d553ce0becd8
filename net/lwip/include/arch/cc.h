/* lwIP's compiler and platform glue for libos guests (gcc, x86_64, newlib). */
#ifndef NET_LWIP_ARCH_CC_H
#define NET_LWIP_ARCH_CC_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/types.h>

/* newlib's ssize_t is a long but its limits.h does not name SSIZE_MAX;
 * without it lwIP's arch.h would typedef its own (int) ssize_t. */
#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

/* errno is newlib's (errno.h above): lwIP's set_errno writes it. */
#define LWIP_ERRNO_STDINCLUDE 1

/* Sockets use newlib's struct timeval (sys/time.h), and its fcntl flag
 * values (O_NONBLOCK, F_GETFL, F_SETFL from fcntl.h) so that apps, which
 * see newlib's, and lwIP agree. */
#define LWIP_TIMEVAL_PRIVATE 0

#define LWIP_PLATFORM_DIAG(x)                                             \
    do {                                                                  \
        printf x;                                                         \
    } while (0)

/* A broken lwIP invariant ends the domain (abort: SHUTDOWN_crash). */
#define LWIP_PLATFORM_ASSERT(x)                                           \
    do {                                                                  \
        printf("lwip: assertion \"%s\" failed at %s:%d\n", x, __FILE__,   \
               __LINE__);                                                 \
        abort();                                                          \
    } while (0)

/* Local port and ISS randomisation only; not a secret. */
#define LWIP_RAND() ((u32_t)rand())

#endif
