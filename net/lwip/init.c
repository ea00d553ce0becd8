/* net_init: start lwIP's tcpip thread once and wait until the stack is up. */
#include <libos/thread.h>
#include <net/net.h>
#include "../netfront.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"

enum { NET_DOWN, NET_STARTING, NET_UP };

static int state = NET_DOWN;
static bool stack_up;                  /* tcpip thread running */
static struct waitq up_waiters = WAITQ_INIT;

/* In the tcpip thread, core locked: loopback traffic needs no checksums
 * (nothing can corrupt it), which saves touching every byte twice. */
static void init_done(void *arg)
{
    struct netif *netif;

    NETIF_FOREACH(netif)
        if (netif->name[0] == 'l' && netif->name[1] == 'o')
            NETIF_SET_CHECKSUM_CTRL(netif, NETIF_CHECKSUM_DISABLE_ALL);
    stack_up = true;
    waitq_wake_all(&up_waiters);
}

void net_init(void)
{
    if (state == NET_DOWN) {
        state = NET_STARTING;
        tcpip_init(init_done, NULL);
        THREAD_WAIT(&up_waiters, stack_up, ~0UL);
        netfront_start_all();          /* the vifs in xenstore, if any */
        net_drain_at_exit();           /* in-flight data outlives main */
        state = NET_UP;
        waitq_wake_all(&up_waiters);
    }
    /* a second caller while the first waits here waits too */
    THREAD_WAIT(&up_waiters, state == NET_UP, ~0UL);
}
