/* lwIP's options for libos guests: IPv4 TCP/UDP sockets on threads. */
#ifndef NET_LWIP_LWIPOPTS_H
#define NET_LWIP_LWIPOPTS_H

#include <arch/sys_arch.h>

/* The OS: libos threads, with the tcpip thread owning the stack.  Core
 * locking lets a socket call run the stack in its own thread under the
 * core mutex instead of a message round trip to the tcpip thread: fewer
 * switches.  Packets from netifs still go through the tcpip thread. */
#define NO_SYS                          0
#define SYS_LIGHTWEIGHT_PROT            1
#define LWIP_TCPIP_CORE_LOCKING         1
#define LWIP_TCPIP_CORE_LOCKING_INPUT   0
#define LWIP_ASSERT_CORE_LOCKED()                                         \
    LWIP_ASSERT("lwIP core used without its lock", sys_arch_core_locked())
#define TCPIP_THREAD_NAME               "tcpip"
#define TCPIP_THREAD_STACKSIZE          (32 * 1024)
#define DEFAULT_THREAD_STACKSIZE        (32 * 1024)
#define TCPIP_MBOX_SIZE                 128

/* Memory: one heap, newlib's malloc, for packet buffers and for every
 * pool.  Nothing is reserved in the image; a connection's memory comes
 * and goes with it, so small domains stay small.  The MEMP_NUM_ limits
 * below then bound only what lwIP counts itself (sockets). */
#define MEM_LIBC_MALLOC                 1
#define MEMP_MEM_MALLOC                 1
#define MEM_ALIGNMENT                   8

/* Sockets: FD_SETSIZE (newlib: 64) bounds lwIP's socket numbers, and
 * libos has FD_MAX (64) descriptors of which the console takes 3. */
#define MEMP_NUM_NETCONN                32
#define MEMP_NUM_TCP_PCB                32
#define MEMP_NUM_TCP_PCB_LISTEN         8
#define MEMP_NUM_UDP_PCB                8
#define MEMP_NUM_NETBUF                 64
#define MEMP_NUM_TCPIP_MSG_API          64
#define MEMP_NUM_TCPIP_MSG_INPKT        64

/* Protocols: IPv4 over Ethernet (netfront) with ARP, TCP, UDP, ICMP
 * echo.  No DHCP or DNS (addresses come from the config); no raw sockets
 * or IPv6.  ARP queues every frame sent while it resolves, not only the
 * last, so a burst before the first reply is not lost. */
#define LWIP_IPV4                       1
#define LWIP_IPV6                       0
#define LWIP_ARP                        1
#define LWIP_ETHERNET                   1
#define ARP_QUEUEING                    1
#define ARP_QUEUE_LEN                   16
#define LWIP_ICMP                       1
#define LWIP_RAW                        0
#define LWIP_UDP                        1
#define LWIP_TCP                        1
#define LWIP_DHCP                       0
#define LWIP_AUTOIP                     0
#define LWIP_IGMP                       0
#define LWIP_DNS                        0

/* The loopback interface (127.0.0.1), fed through the tcpip thread.
 * Its queue is unbounded: a sender is held back by TCP's window, or for
 * UDP by the yield after each datagram (sockets_fd.c). */
#define LWIP_HAVE_LOOPIF                1
#define LWIP_NETIF_LOOPBACK             1
#define LWIP_LOOPBACK_MAX_PBUFS         0
/* Checksums may be skipped per netif: nothing corrupts loopback traffic
 * (init.c), nor, later, traffic between domains (netfront's csum flags). */
#define LWIP_CHECKSUM_CTRL_PER_NETIF    1
/* netfront hands received pages up as custom pbufs (no copy). */
#define LWIP_SUPPORT_CUSTOM_PBUF        1
/* Reassembly counts pbufs, not fragments: a 9000-byte frame comes up as
 * three page pbufs, so lwIP's default of 10 refused UDP datagrams over
 * ~26 KiB at MTU 9000; 64 holds the largest (65,507 bytes) at MTU 9000
 * (8 fragments of 3 pages) or 1500 (45 fragments of one). */
#define IP_REASS_MAX_PBUFS              64

/*
 * TCP.  TCP_MSS is the largest segment ever sent; a netif's MTU clamps it
 * (netfront's 1500 will give 1460), and the loopback has none, so there a
 * segment is 8 KiB: per-segment work dominates, and 8 KiB segments move
 * 16 MiB in 2.5 times fewer instructions than 1460-byte ones (12 KiB
 * gains little more, and lwIP's checks keep 4 segments plus the send
 * low-water mark under 64 KiB).  The window is scaled (RFC 7323) to 240
 * KiB, and the send buffer matches it, so a sender fills a window before
 * it blocks and lets the receiver run: between domains, 30 segments per
 * wakeup instead of 7, netback's batches grow with them (a 32 MiB
 * transfer: 749 copy hypercalls and 376 events instead of 3,289 and
 * 1,646; 0.125 of memcpy bandwidth instead of 0.110).  Memory is taken
 * only as data waits, so small domains are not charged for it.  The
 * low-water mark stays under lwIP's u16 bound.  Queue lengths are counted
 * for 1460-byte segments, and oversized allocation is limited to one such
 * segment, so small writes do not each hold 8 KiB.
 */
#define TCP_MSS                         8192
#define LWIP_WND_SCALE                  1
#define TCP_RCV_SCALE                   2
#define TCP_WND                         (240 * 1024)
#define TCP_SND_BUF                     (240 * 1024)
#define TCP_SNDLOWAT                    (16 * 1024)
#define TCP_SND_QUEUELEN                (4 * TCP_SND_BUF / 1460)
#define MEMP_NUM_TCP_SEG                TCP_SND_QUEUELEN
#define TCP_OVERSIZE                    1460
/* A window update of its own only when half the window has opened (the
 * default, a quarter, sent one after every other read: 1,092 of 8,201
 * frames of a 32 MiB transfer between domains, 3% of its instructions). */
#define TCP_WND_UPDATE_THRESHOLD        (TCP_WND / 2)
#define TCP_LISTEN_BACKLOG              1
#define LWIP_TCP_KEEPALIVE              1

/* Mailboxes between the stack and sockets: a window's worth of segments,
 * a burst of datagrams, a few pending connections. */
#define DEFAULT_TCP_RECVMBOX_SIZE       256  /* a window of 1460-byte segments */
#define DEFAULT_UDP_RECVMBOX_SIZE       64
#define DEFAULT_ACCEPTMBOX_SIZE         8

/* The BSD API, under lwip_ names only: sockets_fd.c gives apps the POSIX
 * names on libos file descriptors. */
#define LWIP_NETCONN                    1
#define LWIP_SOCKET                     1
#define LWIP_COMPAT_SOCKETS             0
#define LWIP_POSIX_SOCKETS_IO_NAMES     0
#define LWIP_SOCKET_SELECT              1
#define LWIP_SOCKET_POLL                1
#define LWIP_SO_SNDTIMEO                1
#define LWIP_SO_RCVTIMEO                1
#define LWIP_SO_RCVBUF                  1
#define SO_REUSE                        1

/* No statistics: they cost on every packet and nothing reads them. */
#define LWIP_STATS                      0

#endif
