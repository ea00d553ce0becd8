/* FIFO event channels: event words in guest pages, a control block, 16 priority queues. */
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv_pt.h>
#include <hv/sched.h>
#include <xen/errno.h>

/*
 * The ABI (event_channel.h): each port has a 32-bit event word in an
 * array of guest pages added by EVTCHNOP_expand_array, with PENDING,
 * MASKED and LINKED bits and a 17-bit LINK to the next port of its queue.
 * Each vcpu has a control block (EVTCHNOP_init_control) holding, per
 * priority 0 (highest) to 15, a READY bit and the HEAD port of a queue.
 * Raising an unmasked, unlinked port links it at its queue's tail; the
 * guest consumes from the head, clearing LINKED as it goes, and reads
 * HEAD again once it reaches a port whose LINK is 0.
 *
 * The hypervisor keeps each queue's tail.  Appending onto the tail only
 * works while the tail is still LINKED (the guest has not consumed it);
 * otherwise the queue is empty and the port becomes the new HEAD.  With
 * one CPU the guest never runs while we link, so it never sees a half
 * linked word and BUSY is never set.  The guest owns these pages and may
 * scribble anything on them: we never follow a LINK, so garbage can only
 * confuse its own queues.
 */

#define WORDS_PER_PAGE (4096 / sizeof(event_word_t))
#define MAX_PAGES      (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)
#define BIT(n)         (1u << (n))

/* d->evtchn_fifo while in use (init_control, until a reset of itself or
 * its end); the page stays as d->evtchn_fifo_spare, so reset/init cycles
 * cost the hypervisor nothing more. */
struct evtchn_fifo {
    evtchn_fifo_control_block_t *cb;    /* vcpu 0's */
    uint64_t cb_mfn;
    unsigned nr_pages;
    event_word_t *page[MAX_PAGES];  /* the event array; mfn by virt_to_maddr */
    evtchn_port_t tail[EVTCHN_FIFO_MAX_QUEUES];     /* 0: none */
};

_Static_assert(sizeof(struct evtchn_fifo) <= 4096, "FIFO state fits a page");

bool evtchn_fifo_active(const struct domain *d)
{
    return d->evtchn_fifo != NULL;
}

/* port's event word, or NULL when no array page covers it. */
static event_word_t *word_of(struct evtchn_fifo *f, evtchn_port_t port)
{
    if (port / WORDS_PER_PAGE >= f->nr_pages)
        return NULL;
    return &f->page[port / WORDS_PER_PAGE][port % WORDS_PER_PAGE];
}

/* Take a writable reference on d's frame mfn (PV: the gfn is the mfn), so
 * it can never become a page table while we write into it. */
static int frame_take(struct domain *d, uint64_t mfn, void **va)
{
    if (page_get_and_type(d, mfn, PGT_writable))
        return -XEN_EINVAL;
    *va = mfn_to_virt(mfn);
    return 0;
}

/* Set PENDING and, unless the word is masked or linked, LINKED with an
 * empty LINK, in one atomic step; returns the word as it was. */
static event_word_t raise(event_word_t *w)
{
    event_word_t old = __atomic_load_n(w, __ATOMIC_RELAXED), new;

    do {
        new = old | BIT(EVTCHN_FIFO_PENDING);
        if (!(old & (BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_LINKED))))
            new = (new | BIT(EVTCHN_FIFO_LINKED)) & ~EVTCHN_FIFO_LINK_MASK;
    } while (!__atomic_compare_exchange_n(w, &old, new, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    return old;
}

/* Whether raise() linked the word it found as old. */
static bool linked_now(event_word_t old)
{
    return !(old & (BIT(EVTCHN_FIFO_MASKED) | BIT(EVTCHN_FIFO_LINKED)));
}

/* Point the tail's LINK at port, if the tail is still on its queue. */
static bool append(event_word_t *tail, evtchn_port_t port)
{
    event_word_t old = __atomic_load_n(tail, __ATOMIC_RELAXED), new;

    do {
        if (!(old & BIT(EVTCHN_FIFO_LINKED)))
            return false;               /* consumed: the queue is empty */
        new = (old & ~EVTCHN_FIFO_LINK_MASK) | port;
    } while (!__atomic_compare_exchange_n(tail, &old, new, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    return true;
}

/* Put port (channel c, its word just made LINKED) at the tail of its
 * queue; mark the queue ready and, if it was not, the upcall pending. */
static void enqueue(struct domain *d, struct evtchn_fifo *f,
                    evtchn_port_t port, struct evtchn *c)
{
    unsigned q = c->priority;
    event_word_t *tw;

    /* a port that moved queues must not stay the old queue's tail, or a
     * later append there would splice the two queues */
    if (f->tail[c->last_priority] == port)
        f->tail[c->last_priority] = 0;
    c->last_priority = q;
    tw = f->tail[q] ? word_of(f, f->tail[q]) : NULL;
    if (!tw || !append(tw, port))
        __atomic_store_n(&f->cb->head[q], port, __ATOMIC_SEQ_CST);
    f->tail[q] = port;
    if (!(__atomic_fetch_or(&f->cb->ready, BIT(q), __ATOMIC_SEQ_CST) & BIT(q)))
        d->vcpu0.info->evtchn_upcall_pending = 1;
}

void evtchn_fifo_set_pending(struct domain *d, evtchn_port_t port,
                             struct evtchn *c)
{
    struct evtchn_fifo *f = d->evtchn_fifo;
    event_word_t *w = word_of(f, port), old;

    if (!w)
        return;                         /* no event word: lost, as in Xen */
    old = raise(w);
    if (linked_now(old))
        enqueue(d, f, port, c);
    if (!(old & BIT(EVTCHN_FIFO_PENDING)))
        sched_wake_event(&d->vcpu0, port);
}

void evtchn_fifo_clear_pending(struct domain *d, evtchn_port_t port)
{
    event_word_t *w = word_of(d->evtchn_fifo, port);

    if (w)
        __atomic_fetch_and(w, ~BIT(EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST);
}

bool evtchn_fifo_is_pending(struct domain *d, evtchn_port_t port)
{
    event_word_t *w = word_of(d->evtchn_fifo, port);

    return w && (__atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT(EVTCHN_FIFO_PENDING));
}

/* EVTCHNOP_unmask: clear MASKED; a port pending meanwhile is linked now. */
void evtchn_fifo_unmask(struct domain *d, evtchn_port_t port)
{
    struct evtchn_fifo *f = d->evtchn_fifo;
    event_word_t *w = word_of(f, port), old;

    if (!w)
        return;
    old = __atomic_fetch_and(w, ~BIT(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
    if (old & BIT(EVTCHN_FIFO_PENDING)) {
        old = raise(w);
        if (linked_now(old))
            enqueue(d, f, port, evtchn_port(d, port));
        sched_wake_event(&d->vcpu0, port);
    }
}

void evtchn_fifo_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn_fifo *f = d->evtchn_fifo;

    for (unsigned q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
        if (f->tail[q] == port)
            f->tail[q] = 0;
}

/* Errors as Xen's: a misaligned or overrunning offset -EINVAL, no such
 * vcpu -ENOENT, a control block already there -EINVAL, a frame that is
 * not the caller's to write -EINVAL. */
int evtchn_fifo_init_control(struct domain *d, evtchn_init_control_t *c)
{
    struct evtchn_fifo *f = d->evtchn_fifo;
    void *va;

    if ((c->offset & 7) ||
        c->offset > 4096 - sizeof(evtchn_fifo_control_block_t))
        return -XEN_EINVAL;
    if (c->vcpu != 0)
        return -XEN_ENOENT;             /* one vcpu per domain */
    if (f)
        return -XEN_EINVAL;
    if (!(f = d->evtchn_fifo_spare) &&
        !(f = d->evtchn_fifo_spare = domain_alloc_page(d)))
        return -XEN_ENOMEM;
    if (frame_take(d, c->control_gfn, &va))
        return -XEN_EINVAL;
    f->cb = (evtchn_fifo_control_block_t *)((char *)va + c->offset);
    f->cb_mfn = c->control_gfn;
    f->nr_pages = 0;
    for (unsigned q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
        f->tail[q] = 0;
    d->evtchn_fifo = f;
    c->link_bits = EVTCHN_FIFO_LINK_BITS;
    return 0;
}

/* Ports the new page covers that were pending under 2-level keep their
 * event (Xen does the same when it switches a domain over). */
static void carry_pending(struct domain *d, evtchn_port_t first)
{
    for (evtchn_port_t p = first; p < first + WORDS_PER_PAGE &&
                                  p < d->evtchn_valid; p++)
        if (evtchn_port(d, p)->state != ECS_FREE &&
            evtchn_2l_test_and_clear(d, p))
            evtchn_fifo_set_pending(d, p, evtchn_port(d, p));
}

/* Errors as Xen's: no control block -EOPNOTSUPP, the array full -ENOSPC,
 * a frame that is not the caller's to write -EINVAL. */
int evtchn_fifo_expand_array(struct domain *d, evtchn_expand_array_t *e)
{
    struct evtchn_fifo *f = d->evtchn_fifo;
    void *va;

    if (!evtchn_fifo_active(d))
        return -XEN_EOPNOTSUPP;
    if (f->nr_pages == MAX_PAGES)
        return -XEN_ENOSPC;
    if (frame_take(d, e->array_gfn, &va))
        return -XEN_EINVAL;
    f->page[f->nr_pages++] = va;
    carry_pending(d, (f->nr_pages - 1) * WORDS_PER_PAGE);
    return 0;
}

/* Errors as Xen's: 2-level has no priorities (-ENOSYS); a port that does
 * not exist or a priority past EVTCHN_FIFO_PRIORITY_MIN -EINVAL.  A port
 * already linked moves when it is next raised. */
int evtchn_fifo_set_priority(struct domain *d, evtchn_set_priority_t *p)
{
    if (p->port >= d->evtchn_valid)
        return -XEN_EINVAL;
    if (!evtchn_fifo_active(d))
        return -XEN_ENOSYS;
    if (p->priority > EVTCHN_FIFO_PRIORITY_MIN)
        return -XEN_EINVAL;
    evtchn_port(d, p->port)->priority = p->priority;
    return 0;
}

void evtchn_fifo_destroy(struct domain *d)
{
    struct evtchn_fifo *f = d->evtchn_fifo;

    if (!evtchn_fifo_active(d))
        return;
    for (unsigned i = 0; i < f->nr_pages; i++)
        page_put_and_type(d, virt_to_maddr(f->page[i]) >> PAGE_SHIFT);
    page_put_and_type(d, f->cb_mfn);
    f->nr_pages = 0;
    d->evtchn_fifo = NULL;
}
