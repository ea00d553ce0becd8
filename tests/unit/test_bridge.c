/* Unit tests for the learning bridge's table (net/bridge.c). */
#include "../../net/bridge.h"
#include "check.h"
#include <string.h>

#define SEC 1000000000ULL

static struct bridge br;                 /* too big for a stack */

static void mac(uint8_t m[6], unsigned n)
{
    const uint8_t base[6] = { 0x00, 0x16, 0x3e, 0, 0, 0 };

    memcpy(m, base, 6);
    m[3] = n >> 16;
    m[4] = n >> 8;
    m[5] = n;
}

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void test_bridge_learn_and_forward(void)
{
    uint8_t a[6], b[6], c[6];
    int pa, pb, pc;

    bridge_init(&br, "xenbr0");
    pa = bridge_port_add(&br);
    pb = bridge_port_add(&br);
    pc = bridge_port_add(&br);
    CHECK(pa == 0 && pb == 1 && pc == 2 && br.nr_ports == 3);
    mac(a, 1), mac(b, 2), mac(c, 3);
    /* unknown destination: flood; the source is learned */
    CHECK(bridge_forward(&br, pa, b, a, 0) == BRIDGE_FLOOD);
    CHECK(bridge_lookup(&br, a, 0) == pa);
    /* the reply goes straight back; now both are known */
    CHECK(bridge_forward(&br, pb, a, b, 1) == pa);
    CHECK(bridge_forward(&br, pa, b, a, 2) == pb);
    /* broadcast floods, even from a known station */
    CHECK(bridge_forward(&br, pa, bcast, a, 3) == BRIDGE_FLOOD);
    /* a frame for a station on the port it came from goes nowhere */
    CHECK(bridge_forward(&br, pb, b, c, 4) == BRIDGE_DROP);
    CHECK(bridge_lookup(&br, c, 4) == pb);
    /* a group source address is never learned, the frame dropped */
    CHECK(bridge_forward(&br, pc, a, bcast, 5) == BRIDGE_DROP);
    CHECK(bridge_lookup(&br, bcast, 5) == -1);
    /* a station that moves is learned on its new port */
    CHECK(bridge_forward(&br, pc, a, c, 6) == pa);
    CHECK(bridge_lookup(&br, c, 6) == pc);
}

static void test_bridge_ageing(void)
{
    uint8_t a[6], b[6];
    int pa, pb;

    bridge_init(&br, "xenbr0");
    pa = bridge_port_add(&br);
    pb = bridge_port_add(&br);
    mac(a, 1), mac(b, 2);
    bridge_forward(&br, pa, b, a, 0);
    CHECK(bridge_forward(&br, pb, a, b, BRIDGE_AGE_NS) == pa);
    /* a's entry was last refreshed at 0: gone after the age */
    CHECK(bridge_lookup(&br, a, BRIDGE_AGE_NS + 1) == -1);
    CHECK(bridge_forward(&br, pb, a, b, BRIDGE_AGE_NS + 1) == BRIDGE_FLOOD);
    CHECK(bridge_lookup(&br, b, BRIDGE_AGE_NS + 1) == pb);
}

static void test_bridge_port_del_forgets(void)
{
    uint8_t m[6];
    int p[4];

    bridge_init(&br, "xenbr0");
    for (int i = 0; i < 4; i++)
        p[i] = bridge_port_add(&br);
    for (unsigned n = 0; n < 400; n++) {
        mac(m, n);
        bridge_forward(&br, p[n % 4], bcast, m, 0);
    }
    CHECK(br.nr_entries == 400);
    bridge_port_del(&br, p[1]);
    CHECK(br.nr_entries == 300 && br.nr_ports == 3);
    for (unsigned n = 0; n < 400; n++) {
        mac(m, n);
        CHECK(bridge_lookup(&br, m, 0) == (n % 4 == 1 ? -1 : p[n % 4]));
    }
    /* the port number is free again, with nothing learned on it */
    CHECK(bridge_port_add(&br) == p[1]);
    mac(m, 1);
    CHECK(bridge_lookup(&br, m, 0) == -1);
}

static void test_bridge_full(void)
{
    uint8_t m[6];
    int p0, p1;

    bridge_init(&br, "xenbr0");
    p0 = bridge_port_add(&br);
    p1 = bridge_port_add(&br);
    /* more stations than entries: the table fills, then forgets new
     * ones (flooded) without losing the old */
    for (unsigned n = 0; n < BRIDGE_TABLE + 100; n++) {
        mac(m, n);
        bridge_forward(&br, p0, bcast, m, 0);
    }
    CHECK(br.nr_entries == BRIDGE_TABLE);
    mac(m, 5);
    CHECK(bridge_forward(&br, p1, m, m, 0) == BRIDGE_DROP ||
          bridge_lookup(&br, m, 0) >= 0);
    mac(m, BRIDGE_TABLE + 50);
    CHECK(bridge_lookup(&br, m, 0) == -1);
    /* every port taken: no more */
    bridge_init(&br, "xenbr0");
    for (int i = 0; i < BRIDGE_MAX_PORTS; i++)
        CHECK(bridge_port_add(&br) == i);
    CHECK(bridge_port_add(&br) == -1);
    bridge_port_del(&br, 7);
    bridge_port_del(&br, 7);             /* twice: harmless */
    bridge_port_del(&br, -1);
    bridge_port_del(&br, BRIDGE_MAX_PORTS);
    CHECK(br.nr_ports == BRIDGE_MAX_PORTS - 1);
    CHECK(bridge_port_add(&br) == 7);
}

int main(void)
{
    RUN(test_bridge_learn_and_forward);
    RUN(test_bridge_ageing);
    RUN(test_bridge_port_del_forgets);
    RUN(test_bridge_full);
    return check_failures != 0;
}
