/* A vif's link follows its backend: when the backend closes (or its
 * xenstore directory goes), the netif goes down and netfront closes,
 * ending every grant it gave. */
#include "../netfront.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include <libos/libos.h>
#include <libos/thread.h>
#include <libos/xenbus.h>

#define WATCH_STACK (16 * 1024)

static void *vif_link(void *arg)
{
    struct netfront *nf = arg;
    int st = xenbus_wait_state(nf->backend,
                               XENBUS_STATE_BIT(XenbusStateClosing) |
                               XENBUS_STATE_BIT(XenbusStateClosed) |
                               XENBUS_STATE_BIT(XenbusStateUnknown), ~0ULL);

    /* off the data path first, under the core lock, so neither lwIP
     * (netfront_output) nor netfront's thread touches the rings again */
    LOCK_TCPIP_CORE();
    netif_set_link_down(&nf->netif);
    netif_set_down(&nf->netif);
    nf->up = false;
    nf->connected = false;
    UNLOCK_TCPIP_CORE();
    netfront_close(nf);
    printf("netfront: vif%u: the backend closed (state %d): link down, "
           "grants ended\n", nf->handle, st);
    return NULL;
}

int vif_link_watch(struct netfront *nf)
{
    struct thread *t = thread_create("vif-link", vif_link, nf, WATCH_STACK);

    if (!t)
        return -1;
    thread_detach(t);
    return 0;
}
