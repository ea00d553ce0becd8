/* mapper and dier: map, copy and unmap the granter's grants; Xen's errors; teardown. */
#include <libos/time.h>
#include "../check.h"
#include "../mm/probe.h"
#include "gnttab_test.h"

#define VA(i) (va + (i) * MM_PAGE_SIZE)
#define NO_L1 0x100000000000UL        /* no page table covers it */

static uint64_t va;                   /* 4 pages for maps */
static domid_t granter;

static int map_flags(grant_ref_t ref, uint64_t at, uint32_t flags)
{
    gnttab_map_grant_ref_t op = { .host_addr = at, .flags = flags,
                                  .ref = ref, .dom = granter };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    return rc ? rc : op.status;
}

static void map_errors(void)
{
    grant_handle_t h;

    CHECK_EQ("mapper: map a read-only grant writable",
             gnttab_map(granter, REF_RO, VA(2), 0, &h), GNTST_general_error);
    CHECK_EQ("mapper: map a grant made for another domain",
             gnttab_map(granter, REF_OTHER, VA(2), 1, &h),
             GNTST_general_error);
    CHECK_EQ("mapper: map a bad ref", gnttab_map(granter, 100000, VA(2), 1,
                                                 &h), GNTST_bad_gntref);
    CHECK_EQ("mapper: map from no domain", gnttab_map(99, REF_RO, VA(2), 1,
                                                      &h), GNTST_bad_domain);
    CHECK_EQ("mapper: map with neither host_map nor device_map",
             map_flags(REF_RO, VA(2), GNTMAP_readonly), GNTST_bad_gntref);
    CHECK_EQ("mapper: map where no L1 table exists",
             gnttab_map(granter, REF_RO, NO_L1, 1, &h), GNTST_general_error);
}

/* Step 1: map RO and RW, write through RW. */
static void map_two(grant_handle_t *ro, grant_handle_t *rw)
{
    CHECK_EQ("mapper: map read-only", gnttab_map(granter, REF_RO, VA(0), 1,
                                                 ro), GNTST_okay);
    CHECK_EQ("mapper: read-only page reads the granter's pattern",
             bytes_not((uint8_t *)VA(0), 'R', MM_PAGE_SIZE), 0);
    CHECK_EQ("mapper: read-only page refuses writes",
             probe_write((void *)VA(0), 'X'), 1);
    CHECK_EQ("mapper: map writable", gnttab_map(granter, REF_RW, VA(1), 0,
                                                rw), GNTST_okay);
    CHECK_EQ("mapper: writable page reads the granter's pattern",
             bytes_not((uint8_t *)VA(1), 'W', MM_PAGE_SIZE), 0);
    CHECK_EQ("mapper: writable page takes a write",
             probe_write((void *)VA(1), 'M'), 0);
    map_errors();
}

/* Step 2: unmap both; the pages are gone, the handles too. */
static void unmap_two(grant_handle_t ro, grant_handle_t rw)
{
    CHECK_EQ("mapper: unmap read-only", gnttab_unmap(ro, VA(0)), GNTST_okay);
    CHECK_EQ("mapper: unmap writable", gnttab_unmap(rw, VA(1)), GNTST_okay);
    CHECK_EQ("mapper: unmapped page faults", probe_read((void *)VA(0)), 1);
    CHECK_EQ("mapper: unmap the same handle again", gnttab_unmap(ro, VA(0)),
             GNTST_bad_handle);
    CHECK_EQ("mapper: unmap a handle never given", gnttab_unmap(12345, VA(0)),
             GNTST_bad_handle);
}

static int copy(grant_ref_t sref, uint16_t soff, uint64_t dmfn_or_ref,
                uint16_t doff, uint16_t len, uint16_t flags)
{
    struct gnttab_copy_ptr s = { .u.ref = sref, .offset = soff,
                                 .domid = (flags & GNTCOPY_source_gref)
                                              ? granter : DOMID_SELF };
    struct gnttab_copy_ptr d = { .offset = doff,
                                 .domid = (flags & GNTCOPY_dest_gref)
                                              ? granter : DOMID_SELF };

    if (!(flags & GNTCOPY_source_gref))
        s.u.gmfn = sref;
    if (flags & GNTCOPY_dest_gref)
        d.u.ref = dmfn_or_ref;
    else
        d.u.gmfn = dmfn_or_ref;
    return gnttab_copy(&s, &d, len, flags);
}

/* Step 3: copies with a grant on either side and with frames. */
static void copies(void)
{
    uint64_t lmfn, smfn, theirs = foreign_frame();
    uint8_t *local = page_filled('L', &lmfn), *sink = page_filled(0, &smfn);
    struct gnttab_copy_ptr s = { .u.gmfn = theirs, .domid = granter };
    struct gnttab_copy_ptr d = { .u.gmfn = smfn, .domid = DOMID_SELF };

    CHECK_EQ("mapper: copy grant -> our frame",
             copy(REF_SRC, 0, smfn, 0, 4096, GNTCOPY_source_gref), GNTST_okay);
    CHECK_EQ("mapper: ... copied", bytes_not(sink, 'S', 4096), 0);
    CHECK_EQ("mapper: copy our frame -> grant",
             copy(lmfn, 0, REF_DEST, COPY_OFFSET, COPY_LEN, GNTCOPY_dest_gref),
             GNTST_okay);
    CHECK_EQ("mapper: copy grant -> grant",
             copy(REF_SRC, 0, REF_DEST, COPY2_OFFSET, COPY2_LEN,
                  GNTCOPY_source_gref | GNTCOPY_dest_gref), GNTST_okay);
    CHECK_EQ("mapper: copy across the end of the page",
             copy(REF_SRC, 4000, smfn, 0, 200, GNTCOPY_source_gref),
             GNTST_bad_copy_arg);
    CHECK_EQ("mapper: copy into a read-only grant",
             copy(lmfn, 0, REF_SRC, 0, 16, GNTCOPY_dest_gref),
             GNTST_general_error);
    CHECK_EQ("mapper: copy from a bad ref",
             copy(100000, 0, smfn, 0, 16, GNTCOPY_source_gref),
             GNTST_bad_gntref);
    CHECK_TRUE("mapper: a frame of the granter is in the M2P", theirs != 0);
    CHECK_EQ("mapper: copy from the granter's frame without a grant",
             gnttab_copy(&s, &d, 16, 0), GNTST_permission_denied);
    s.domid = DOMID_SELF;
    CHECK_EQ("mapper: copy from a frame that is not ours",
             gnttab_copy(&s, &d, 16, 0), GNTST_bad_page);
    (void)local;
}

static void versions(void)
{
    struct gnttab_set_version v = { .version = 2 };
    struct gnttab_get_version g = { .dom = DOMID_SELF };
    struct gnttab_query_size q = { .dom = DOMID_SELF };

    CHECK_EQ("mapper: set_version 2", hypercall_grant_table_op(
                 GNTTABOP_set_version, &v, 1), -XEN_ENOSYS);
    v.version = 1;
    CHECK_EQ("mapper: set_version 1", hypercall_grant_table_op(
                 GNTTABOP_set_version, &v, 1), 0);
    CHECK_EQ("mapper: get_version", hypercall_grant_table_op(
                 GNTTABOP_get_version, &g, 1), 0);
    CHECK_EQ("mapper: ... is 1", g.version, 1);
    CHECK_EQ("mapper: query_size", hypercall_grant_table_op(
                 GNTTABOP_query_size, &q, 1), 0);
    CHECK_TRUE("mapper: ... our frames are set up",
               q.status == GNTST_okay && q.nr_frames >= 1 &&
               q.nr_frames <= q.max_nr_frames);
}

/* Whether our end of port lost its peer (the granter closed it by dying). */
static int peer_gone(evtchn_port_t port)
{
    evtchn_status_t st = { .dom = DOMID_SELF, .port = port };

    return !hypercall_event_channel_op(EVTCHNOP_status, &st) &&
           st.status == EVTCHNSTAT_unbound;
}

/* The granter dies with REF_KEEP mapped here.  As in Xen, the page stays
 * ours, readable and writable, and the dying granter lingers until we
 * unmap it; only then does it go (the expect file checks the order). */
static void teardown(grant_handle_t keep, evtchn_port_t port)
{
    uint64_t end = time_monotonic_ns() + 10000 * MS;

    while (!peer_gone(port) && time_monotonic_ns() < end)
        time_sleep_ns(MS);
    CHECK_TRUE("mapper: the granter died", peer_gone(port));
    time_sleep_ns(20 * MS);            /* time enough to be reaped, if wrong */
    CHECK_EQ("mapper: the kept page still reads 'K'",
             *(volatile uint8_t *)VA(3), 'K');
    *(volatile uint8_t *)VA(3) = 'M';
    CHECK_EQ("mapper: ... and takes a write", *(volatile uint8_t *)VA(3), 'M');
    printf("mapper: unmapping the dead granter's page\n");
    CHECK_EQ("mapper: unmap after the granter died", gnttab_unmap(keep, VA(3)),
             GNTST_okay);
    CHECK_EQ("mapper: ... then the page is gone", probe_read((void *)VA(3)), 1);
}

void mapper_run(domid_t dom)
{
    grant_handle_t ro = 0, rw = 0, keep = 0;
    evtchn_port_t port;

    granter = dom;
    probe_init();
    CHECK_EQ("mapper: gnttab_init", gnttab_init(), 0);
    CHECK_TRUE("mapper: map area", (va = mm_va_alloc(4)) != 0);
    CHECK_EQ("mapper: connect to the granter", connect_to(granter, &port),
             0);
    evtchn_clear_pending(port);
    evtchn_set_handler(port, on_event, 0);
    map_two(&ro, &rw);
    evtchn_send(port);
    CHECK_EQ("mapper: granter checked the mappings", wait_events(1), 0);
    unmap_two(ro, rw);
    evtchn_send(port);
    CHECK_EQ("mapper: granter ended access", wait_events(2), 0);
    copies();
    versions();
    CHECK_EQ("mapper: map the page to keep",
             gnttab_map(granter, REF_KEEP, VA(3), 0, &keep), GNTST_okay);
    CHECK_EQ("mapper: ... it reads 'K'", *(volatile uint8_t *)VA(3), 'K');
    evtchn_send(port);
    teardown(keep, port);
}

/* The dier maps REF_DIE, tells the granter, and exits with it mapped. */
void dier_run(domid_t dom)
{
    grant_handle_t h;
    evtchn_port_t port;

    granter = dom;
    CHECK_EQ("dier: mm_init", mm_init(), 0);
    CHECK_TRUE("dier: map area", (va = mm_va_alloc(1)) != 0);
    CHECK_EQ("dier: connect to the granter", connect_to(granter, &port), 0);
    CHECK_EQ("dier: map writable", gnttab_map(granter, REF_DIE, VA(0), 0, &h),
             GNTST_okay);
    *(volatile uint8_t *)VA(0) = 'D';
    evtchn_send(port);
}

CHECK_PART(mapper)
