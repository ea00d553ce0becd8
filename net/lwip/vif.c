/* The lwIP side of netfront: one Ethernet netif per vif, addressed from xenstore. */
#include "../netfront.h"
#include "lwip/etharp.h"
#include "lwip/ip4_addr.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
#include <libos/libos.h>
#include <libos/xenbus.h>
#include <stdlib.h>
#include <string.h>

/* lwIP's netif init (tapif.c's low_level_init): address, MTU, flags, and
 * the checksum offload: TCP and UDP sums are neither made nor checked by
 * lwIP on this netif (netfront.c deals with them); IP and ICMP are. */
static err_t vif_init(struct netif *n)
{
    struct netfront *nf = n->state;

    n->name[0] = 'e';
    n->name[1] = 'n';
    n->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(n->hwaddr, nf->mac, ETH_HWADDR_LEN);
    n->mtu = nf->mtu;
    n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
               NETIF_FLAG_LINK_UP;
    n->output = etharp_output;
    n->linkoutput = netfront_output;
    NETIF_SET_CHECKSUM_CTRL(n, NETIF_CHECKSUM_GEN_IP | NETIF_CHECKSUM_GEN_ICMP |
                                   NETIF_CHECKSUM_CHECK_IP |
                                   NETIF_CHECKSUM_CHECK_ICMP);
    return ERR_OK;
}

/* "a.b.c.d[/len]" into address and mask (a /24 if no length). */
static void parse_ip(const char *s, ip4_addr_t *ip, ip4_addr_t *mask)
{
    char buf[24], *slash;
    long len = 24;

    snprintf(buf, sizeof(buf), "%s", s);
    if ((slash = strchr(buf, '/'))) {
        *slash = 0;
        len = strtol(slash + 1, NULL, 10);
    }
    if (!ip4addr_aton(buf, ip))
        ip4_addr_set_zero(ip);
    if (len < 0 || len > 32)
        len = 24;
    ip4_addr_set_u32(mask, lwip_htonl(len ? ~0u << (32 - len) : 0));
}

/* vif <handle> connected and added to lwIP. */
static int vif_up(unsigned handle, bool first)
{
    struct netfront *nf = calloc(1, sizeof(*nf));
    ip4_addr_t ip, mask, gw;
    char a[16], m[16];

    if (!nf)
        return -ENOMEM;
    if (netfront_connect(nf, handle)) {
        free(nf);                        /* close gave every grant back */
        return -EIO;
    }
    parse_ip(nf->ip, &ip, &mask);
    ip4_addr_set_zero(&gw);
    LOCK_TCPIP_CORE();
    netif_add(&nf->netif, &ip, &mask, &gw, nf, vif_init, ethernet_input);
    if (first)
        netif_set_default(&nf->netif);
    netif_set_up(&nf->netif);
    nf->up = true;
    UNLOCK_TCPIP_CORE();
    netfront_event(nf->port, nf);        /* frames that came meanwhile */
    if (vif_link_watch(nf))
        printf("netfront: vif%u: no thread to follow the backend\n", handle);
    snprintf(a, sizeof(a), "%s", ip4addr_ntoa(&ip));
    snprintf(m, sizeof(m), "%s", ip4addr_ntoa(&mask));
    printf("netfront: vif%u %02x:%02x:%02x:%02x:%02x:%02x ip %s mask %s "
           "mtu %u\n", handle, nf->mac[0], nf->mac[1], nf->mac[2], nf->mac[3],
           nf->mac[4], nf->mac[5], a, m, nf->mtu);
    return 0;
}

int netfront_start_all(void)
{
    char **names;
    int n, up = 0;

    if (!xenbus_on_ring() || (n = xenbus_directory(XBT_NIL, "device/vif",
                                                   &names)) <= 0)
        return 0;
    for (int i = 0; i < n; i++)
        if (vif_up(strtoul(names[i], NULL, 10), up == 0) == 0)
            up++;
    free(names);
    return up;
}
