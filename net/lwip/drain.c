/* At exit, what the stack still has to send goes out first.
 *
 * A process's kernel keeps sending after it exits; a library OS's stack
 * ends with the domain.  So exit() waits (atexit, up to NET_DRAIN_MS)
 * until no TCP connection holds unsent or unacknowledged data (its FIN
 * included) and every vif's tx ring is answered: a transmitter that
 * writes its last bytes and exits must not lose the ones in flight. */
#include "../netfront.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcpip.h"
#include <libos/thread.h>
#include <libos/time.h>
#include <stdlib.h>

#define NET_DRAIN_MS 5000

/* Core locked: whether anything is still on its way out. */
static bool pending(void)
{
    struct netif *n;

    for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next)
        if (p->unsent || p->unacked)
            return true;
    NETIF_FOREACH(n)
        if (n->linkoutput == netfront_output && netfront_tx_busy(n->state))
            return true;
    return false;
}

static void drain(void)
{
    uint64_t end = time_monotonic_ns() + NET_DRAIN_MS * 1000000ULL;

    for (;;) {
        bool busy;
        LOCK_TCPIP_CORE();
        busy = pending();
        UNLOCK_TCPIP_CORE();
        if (!busy || time_monotonic_ns() > end)
            return;
        thread_sleep_ns(1000000);       /* the stack and netfront run */
    }
}

void net_drain_at_exit(void)
{
    atexit(drain);
}
