/* Grant-table helpers, and the granter and grantee of the scenario. */
#include <libos/events.h>
#include "mmattack.h"
#include "gntshare.h"
#include "mmcheck.h"

/*
 * The two honest parties of the grant scenario: the granter offers (at
 * refs fixed by gntshare.h) a writable page to the grantee, a read-only
 * page to the read-only writer, and two grants that must not be mappable;
 * the grantee uses its grant as intended.  The granter outlives the others
 * and checks its pages at the end.
 */

#define NR_PEERS 3

static char page_a[4096] __attribute__((aligned(4096)));
static char page_b[4096] __attribute__((aligned(4096)));
static char table_page[4096] __attribute__((aligned(4096)));
static char window[4096] __attribute__((aligned(4096)));

uint64_t gnt_frame(void)
{
    xen_pfn_t f = 0;
    struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };

    set_xen_guest_handle(s.frame_list, &f);
    if (hc_grant_table_op(GNTTABOP_setup_table, &s, 1) || s.status)
        return 0;
    return f;
}

grant_entry_v1_t *gnt_table(void *page)
{
    uint64_t f = gnt_frame();

    if (!f || hypercall_update_va_mapping((uint64_t)page, f << 12 |
                                          PTE_RW_FLAGS, UVMF_INVLPG))
        return NULL;
    return page;
}

void gnt_offer(grant_entry_v1_t *t, grant_ref_t ref, domid_t to,
               uint64_t mfn, uint16_t flags)
{
    t[ref].domid = to;
    t[ref].frame = mfn;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);   /* entry before its flags */
    t[ref].flags = GTF_permit_access | flags;
}

int16_t gnt_map(domid_t dom, grant_ref_t ref, void *va, uint32_t flags,
                grant_handle_t *h)
{
    gnttab_map_grant_ref_t m = { .host_addr = (uint64_t)va, .flags = flags,
                                 .ref = ref, .dom = dom };

    if (hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1))
        return GNT_HC_FAILED;
    *h = m.handle;
    return m.status;
}

int16_t gnt_unmap(grant_handle_t h, void *va)
{
    gnttab_unmap_grant_ref_t u = { .host_addr = (uint64_t)va, .handle = h };

    if (hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1))
        return GNT_HC_FAILED;
    return u.status;
}

int16_t gnt_copy(gnttab_copy_t *c)
{
    if (hc_grant_table_op(GNTTABOP_copy, c, 1))
        return GNT_HC_FAILED;
    return c->status;
}

/* Fill page with text, zeros after it. */
static void fill(char *page, const char *text)
{
    memset(page, 0, PAGE);
    memcpy(page, text, strlen(text));
}

static int holds(const char *page, const char *text)
{
    size_t n = strlen(text);

    if (strncmp(page, text, n))
        return 0;
    for (size_t i = n; i < PAGE; i++)
        if (page[i])
            return 0;
    return 1;
}

static void offer_all(grant_entry_v1_t *t, const domid_t *peers)
{
    uint64_t l1 = l1e_maddr((uint64_t)page_a) >> 12;

    fill(page_a, GNT_TEXT_A);
    fill(page_b, GNT_TEXT_B);
    gnt_offer(t, GNT_REF_A, peers[0], va_to_mfn((uint64_t)page_a), 0);
    gnt_offer(t, GNT_REF_B, peers[2], va_to_mfn((uint64_t)page_b),
              GTF_readonly);
    gnt_offer(t, GNT_REF_PT, peers[2], l1, 0);
    gnt_offer(t, GNT_REF_FOREIGN, peers[2], foreign_mfn(), 0);
}

/* argv: gnt-granter GRANTEE THIEF ROWRITER */
int gnt_granter(int argc, char **argv)
{
    grant_entry_v1_t *t = gnt_table(table_page);
    evtchn_port_t link[NR_PEERS];
    domid_t peers[NR_PEERS];
    int linked = 0;

    for (int i = 0; i < NR_PEERS; i++)
        peers[i] = argc > 2 + i ? parse_uint(argv[2 + i]) : DOMID_INVALID;
    CHECK_TRUE("our grant table is mapped", t != NULL);
    if (!t)
        return checks_summary(attack_name);
    offer_all(t, peers);
    for (int i = 0; i < NR_PEERS; i++)
        linked += link_connect(peers[i], &link[i]) == 0;
    CHECK_EQ("linked to the grantee, the thief and the read-only writer",
             linked, NR_PEERS);
    if (linked != NR_PEERS)
        return checks_summary(attack_name);
    for (int i = 0; i < NR_PEERS; i++)
        evtchn_send(link[i]);                   /* the grants are ready */
    for (int i = 0; i < NR_PEERS; i++)
        link_wait_gone(link[i]);
    CHECK_TRUE("page A holds what the grantee wrote, nothing else",
               holds(page_a, GNT_TEXT_GRANTEE));
    CHECK_TRUE("page B (read-only grant) is unchanged",
               holds(page_b, GNT_TEXT_B));
    CHECK_EQ("no grant is in use any more",
             (t[GNT_REF_A].flags | t[GNT_REF_B].flags | t[GNT_REF_PT].flags)
             & (GTF_reading | GTF_writing), 0);
    return checks_summary(attack_name);
}

/* Offer the granter a port and wait for its "grants ready". */
domid_t gnt_await_granter(int argc, char **argv)
{
    domid_t granter = argc > 2 ? parse_uint(argv[2]) : DOMID_INVALID;
    evtchn_port_t port;

    if (link_offer(granter, &port))
        return DOMID_INVALID;
    link_wait(port);
    return granter;
}

/* argv: gnt-grantee GRANTER: map, read, write, unmap, as intended. */
/* Map the grant over and over (device maps: no PTE, a maptrack entry and
 * a pin each) until the maptrack limit answers GNTST_no_space; then every
 * mapping goes again.  One domain's limit is its own: the others' grant
 * operations keep working (the ledger and the other peers check theirs). */
#define FLOOD_MAX 4096
static void maptrack_flood(domid_t granter)
{
    static grant_handle_t hs[FLOOD_MAX];
    unsigned n = 0, bad = 0;
    int16_t st = GNTST_okay;

    while (n < FLOOD_MAX &&
           (st = gnt_map(granter, GNT_REF_A, NULL, GNTMAP_device_map,
                         &hs[n])) == GNTST_okay)
        n++;
    printf("grantee: %u mappings before status %d\n", n, st);
    CHECK_TRUE("a maptrack flood ends in GNTST_no_space, not sooner",
               st == GNTST_no_space && n >= 1000);
    for (unsigned i = 0; i < n; i++)
        bad += gnt_unmap(hs[i], NULL) != GNTST_okay;
    CHECK_EQ("every flood mapping unmaps", bad, 0);
    CHECK_EQ("and a new one fits again", gnt_map(granter, GNT_REF_A, NULL,
             GNTMAP_device_map, &hs[0]), GNTST_okay);
    CHECK_EQ("  unmapped", gnt_unmap(hs[0], NULL), GNTST_okay);
}

int gnt_grantee(int argc, char **argv)
{
    domid_t granter = gnt_await_granter(argc, argv);
    uint64_t own = l1e_read((uint64_t)window);
    grant_handle_t h = 0;

    probe_init();
    CHECK_EQ("map the grant meant for us", gnt_map(granter, GNT_REF_A, window,
             GNTMAP_host_map, &h), GNTST_okay);
    CHECK_TRUE("it shows the granter's page A", holds(window, GNT_TEXT_A));
    fill(window, GNT_TEXT_GRANTEE);
    CHECK_EQ("unmap it", gnt_unmap(h, window), GNTST_okay);
    CHECK_EQ("the window is unmapped", probe_read(window), -1);
    CHECK_EQ("restore our page", hypercall_update_va_mapping(
             (uint64_t)window, own, UVMF_INVLPG), 0);
    maptrack_flood(granter);
    return checks_summary(attack_name);
}
