/* granter: grants pages, watches GTF_reading/writing, ends access, dies holding grants. */
#include <libos/time.h>
#include "../check.h"
#include "gnttab_test.h"

static uint8_t *page[NR_REFS_USED];     /* by ref - REF_RO */
static uint64_t mfn[NR_REFS_USED];

static void grant_all(domid_t mapper)
{
    static const struct { char fill; int ro; } g[NR_REFS_USED] = {
        [REF_RO - REF_RO] = { 'R', 1 },   [REF_RW - REF_RO] = { 'W', 0 },
        [REF_OTHER - REF_RO] = { 'O', 0 }, [REF_DEST - REF_RO] = { 0, 0 },
        [REF_SRC - REF_RO] = { 'S', 1 },  [REF_KEEP - REF_RO] = { 'K', 0 },
        [REF_DIE - REF_RO] = { 0, 0 },
    };
    uint64_t tmp_mfn;
    int ref;

    for (unsigned i = 0; i < NR_REFS_USED; i++) {
        domid_t to = REF_RO + i == REF_OTHER ? OTHER_DOM
                     : REF_RO + i == REF_DIE ? DIER_DOM : mapper;
        page[i] = page_filled(g[i].fill, &mfn[i]);
        ref = gnttab_grant_access(to, mfn[i], g[i].ro);
        CHECK_EQ("granter: grant refs come in order", ref, REF_RO + i);
    }
    CHECK_EQ("granter: a read-only grant's flags", gnttab_flags(REF_RO),
             GTF_permit_access | GTF_readonly);
    page_filled(0, &tmp_mfn);
    ref = gnttab_grant_access(mapper, tmp_mfn, 0);
    CHECK_EQ("granter: end access of an unused grant", gnttab_end_access(ref),
             0);
    CHECK_EQ("granter: ... leaves the entry invalid", gnttab_flags(ref), 0);
    CHECK_EQ("granter: end access twice", gnttab_end_access(ref),
             -XEN_EINVAL);
}

/* While the mapper has REF_RO and REF_RW mapped. */
static void while_mapped(void)
{
    uint16_t ro = gnttab_flags(REF_RO), rw = gnttab_flags(REF_RW);

    CHECK_EQ("granter: sees the mapper's write", page[REF_RW - REF_RO][0],
             'M');
    CHECK_EQ("granter: read-only mapping sets GTF_reading only",
             ro & (GTF_reading | GTF_writing), GTF_reading);
    CHECK_EQ("granter: writable mapping sets GTF_reading and GTF_writing",
             rw & (GTF_reading | GTF_writing), GTF_reading | GTF_writing);
    CHECK_EQ("granter: end access while mapped read-only",
             gnttab_end_access(REF_RO), -XEN_EBUSY);
    CHECK_EQ("granter: end access while mapped writable",
             gnttab_end_access(REF_RW), -XEN_EBUSY);
    CHECK_EQ("granter: ... the grant stays",
             gnttab_flags(REF_RW) & GTF_type_mask, GTF_permit_access);
}

static int copy_frames(uint64_t src, uint64_t dst, uint16_t len)
{
    struct gnttab_copy_ptr s = { .u.gmfn = src, .domid = DOMID_SELF };
    struct gnttab_copy_ptr d = { .u.gmfn = dst, .domid = DOMID_SELF };

    return gnttab_copy(&s, &d, len, 0);
}

/* After the mapper unmapped: flags clear, access ends; our own copies. */
static void after_unmap(domid_t mapper)
{
    uint64_t spare_mfn, theirs = foreign_frame();
    uint8_t *spare = page_filled(0, &spare_mfn);
    struct gnttab_copy_ptr s = { .u.ref = REF_DEST, .domid = DOMID_SELF };
    struct gnttab_copy_ptr d = { .u.gmfn = spare_mfn, .domid = DOMID_SELF };

    CHECK_EQ("granter: unmapped: GTF_reading and GTF_writing clear",
             (gnttab_flags(REF_RO) | gnttab_flags(REF_RW)) &
                 (GTF_reading | GTF_writing), 0);
    CHECK_EQ("granter: end access after unmap (read-only)",
             gnttab_end_access(REF_RO), 0);
    CHECK_EQ("granter: end access after unmap (writable)",
             gnttab_end_access(REF_RW), 0);
    CHECK_EQ("granter: copy between two frames of ours",
             copy_frames(mfn[REF_SRC - REF_RO], spare_mfn, 4096), GNTST_okay);
    CHECK_EQ("granter: ... copied", bytes_not(spare, 'S', 4096), 0);
    CHECK_EQ("granter: copy from our own grant made for another domain",
             gnttab_copy(&s, &d, 16, GNTCOPY_source_gref),
             GNTST_general_error);
    CHECK_TRUE("granter: a frame of the mapper is in the M2P", theirs != 0);
    s = (struct gnttab_copy_ptr){ .u.gmfn = theirs, .domid = mapper };
    CHECK_EQ("granter: copy from the mapper's frame, privileged (Xen: only "
             "our own frames)", gnttab_copy(&s, &d, 16, 0),
             GNTST_permission_denied);
}

/* The dier maps REF_DIE and dies: its pin must go with it. */
static void dier_died(void)
{
    static volatile unsigned dier_events;
    uint64_t end = time_monotonic_ns() + 10000 * MS;
    evtchn_port_t port;

    CHECK_EQ("granter: alloc_unbound for the dier",
             evtchn_alloc_unbound(DIER_DOM, &port), 0);
    evtchn_set_handler(port, on_event, (void *)&dier_events);
    CHECK_EQ("granter: the dier mapped", wait_count(&dier_events, 1), 0);
    CHECK_EQ("granter: ... and wrote", page[REF_DIE - REF_RO][0], 'D');
    while ((gnttab_flags(REF_DIE) & GTF_reading) &&
           time_monotonic_ns() < end)
        time_sleep_ns(MS);
    CHECK_EQ("granter: a dead mapper's mapping is gone",
             gnttab_flags(REF_DIE) & (GTF_reading | GTF_writing), 0);
    CHECK_EQ("granter: end access after the mapper died",
             gnttab_end_access(REF_DIE), 0);
}

void granter_run(domid_t mapper)
{
    evtchn_port_t port;
    const uint8_t *dest;

    CHECK_EQ("granter: gnttab_init", gnttab_init(), 0);
    grant_all(mapper);
    dest = page[REF_DEST - REF_RO];
    CHECK_EQ("granter: alloc_unbound", evtchn_alloc_unbound(mapper, &port),
             0);
    evtchn_set_handler(port, on_event, 0);
    dier_died();
    CHECK_EQ("granter: mapper mapped", wait_events(1), 0);
    while_mapped();
    evtchn_send(port);
    CHECK_EQ("granter: mapper unmapped", wait_events(2), 0);
    after_unmap(mapper);
    evtchn_send(port);
    CHECK_EQ("granter: mapper copied", wait_events(3), 0);
    CHECK_EQ("granter: the mapper's frame-to-grant copy arrived",
             bytes_not(dest + COPY_OFFSET, 'L', COPY_LEN), 0);
    CHECK_EQ("granter: ... and not a byte more",
             dest[COPY_OFFSET - 1] | dest[COPY_OFFSET + COPY_LEN], 0);
    CHECK_EQ("granter: the mapper's grant-to-grant copy arrived",
             bytes_not(dest + COPY2_OFFSET, 'S', COPY2_LEN), 0);
    CHECK_EQ("granter: REF_KEEP is mapped as we leave",
             gnttab_flags(REF_KEEP) & GTF_writing, GTF_writing);
}

CHECK_PART(granter)
