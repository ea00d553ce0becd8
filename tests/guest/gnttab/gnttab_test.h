/* The gnttab conformance guest: the protocol between granter and mapper. */
#ifndef TESTS_GUEST_GNTTAB_TEST_H
#define TESTS_GUEST_GNTTAB_TEST_H

#include <libos/events.h>
#include <libos/gnttab.h>
#include <libos/mm.h>
#include <xen/errno.h>

#define MS 1000000UL

/*
 * The granter grants these refs to the mapper in this order (the first
 * free refs after Xen's reserved ones), so both sides know them:
 */
enum {
    REF_RO = GNTTAB_NR_RESERVED_ENTRIES,  /* read-only, 'R' */
    REF_RW,                               /* writable, 'W' */
    REF_OTHER,                            /* granted to OTHER_DOM instead */
    REF_DEST,                             /* writable: copy destination */
    REF_SRC,                              /* read-only, 'S': copy source */
    REF_KEEP,                             /* writable, 'K': mapped when the
                                             granter dies */
    REF_DIE,                              /* writable, to DIER_DOM: mapped
                                             when the dier dies */
    NR_REFS_USED = REF_DIE + 1 - REF_RO,
};
#define DIER_DOM 2
#define OTHER_DOM 7                       /* no such domain */

/* The mapper's copies into REF_DEST that the granter checks. */
#define COPY_OFFSET 100
#define COPY_LEN    200
#define COPY2_OFFSET 1000
#define COPY2_LEN   16

/*
 * The steps, one event each way:
 *   mapper: mapped RO and RW, wrote 'M' to RW  -> granter checks flags,
 *   mapper: unmapped both                      -> granter ends access,
 *   mapper: copied, holds REF_KEEP mapped      -> granter checks, exits,
 * and the mapper watches REF_KEEP's page vanish.  Before that, the dier
 * maps REF_DIE, says so and exits: the granter sees the pin vanish.
 */

/* check.h's counters are per file: each part exports its own. */
#define CHECK_PART(part)                                                   \
    void part##_counts(int *run, int *failed)                              \
    {                                                                      \
        *run += checks_run;                                                \
        *failed += checks_failed;                                          \
    }

/* main.c */
extern volatile unsigned events;        /* events received from the peer */
/* Event handler: counts into *data (or events when data is NULL). */
void on_event(evtchn_port_t port, void *data);
/* Wait until *count reaches n (timeout 10 s); 0 or -1. */
int wait_count(volatile unsigned *count, unsigned n);
static inline int wait_events(unsigned n)
{
    return wait_count(&events, n);
}
/* Bind the port dom offers us (found by trying its first ports). */
int connect_to(domid_t dom, evtchn_port_t *port);
/* A frame the M2P gives to a pfn that is not ours (the peer's), or 0. */
uint64_t foreign_frame(void);
/* An allocated page filled with c; its mfn in *mfn. */
uint8_t *page_filled(uint8_t c, uint64_t *mfn);
/* How many of the n bytes at p differ from c. */
unsigned bytes_not(const uint8_t *p, uint8_t c, unsigned n);

/* granter.c, mapper.c: the roles; *_counts add their checks. */
void granter_run(domid_t mapper);
void mapper_run(domid_t granter);
void dier_run(domid_t granter);           /* mapper.c */
void granter_counts(int *run, int *failed);
void mapper_counts(int *run, int *failed);

#endif
