/* Console backend: rings to prefixed serial lines, round robin with a
 * budget per domain, so a flooding domU costs others nothing but time it
 * shares fairly. */
#include "console_back.h"
#include "foreign.h"
#include <errno.h>
#include <libos/barrier.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/io/console.h>

#define LINE_MAX_LEN 160                /* longer lines are cut */
#define BUDGET       1024               /* bytes per domain per pass */

struct console_back {
    domid_t id;
    char name[32];
    struct foreign_page ring;           /* struct xencons_interface */
    bool dirty;                         /* on the dirty list */
    struct console_back *next_dirty;
    int tty;                            /* attached: raw output */
    char line[LINE_MAX_LEN];
    size_t line_len;
    char log[CONSOLE_LOG_SIZE];         /* a ring of the last bytes */
    uint64_t bytes;
    struct console_back *next;
};

/* Every attached console, and those with an event since they were last
 * served: the thread looks only at the latter (10,000 idle consoles cost
 * nothing). */
static struct console_back *all, *dirty;
static struct waitq kick = WAITQ_INIT;
static struct waitq output = WAITQ_INIT;    /* console_back_wait_output */
static volatile unsigned kicks;

/* From the event handler (or with events off): note and wake. */
static void mark_dirty(struct console_back *c)
{
    if (!c->dirty) {
        c->dirty = true;
        c->next_dirty = dirty;
        dirty = c;
    }
    kicks++;
    waitq_wake_one(&kick);
}

static void on_event(evtchn_port_t port, void *data)
{
    mark_dirty(data);
}

static struct console_back *pop_dirty(void)
{
    unsigned saved = events_save();
    struct console_back *c = dirty;

    if (c) {
        dirty = c->next_dirty;
        c->dirty = false;
    }
    events_restore(saved);
    return c;
}

static void emit_line(struct console_back *c)
{
    printf("(%s) %.*s\n", c->name, (int)c->line_len, c->line);
    c->line_len = 0;
}

/*
 * One byte of output: into the log (raw, for `console NAME`'s replay),
 * then into the current line.  Lines are printed whole with the domain's
 * name so that the serial log stays readable with many domains; a line
 * longer than LINE_MAX_LEN is cut in pieces, each prefixed.  Control bytes
 * are replaced: a guest must not drive the operator's terminal.
 */
static void take(struct console_back *c, char ch)
{
    c->log[c->bytes++ % CONSOLE_LOG_SIZE] = ch;
    if (c->tty) {
        console_write(&ch, 1);
        return;
    }
    if (ch == '\r')
        return;                        /* the ring says "\r\n" */
    if (ch == '\n') {
        emit_line(c);
        return;
    }
    if ((unsigned char)ch < 0x20 && ch != '\t')
        ch = '?';                      /* no escapes onto the operator's line */
    if (c->line_len == sizeof(c->line))
        emit_line(c);
    c->line[c->line_len++] = ch;
}

/*
 * Take up to budget bytes from out[]; true if more is waiting.  The guest
 * owns out_prod and the data, we own out_cons: read prod once, check it
 * is no further than a ring ahead (a guest that lies gets its output
 * skipped, not a dom0 that reads garbage forever), copy, then publish
 * cons after the reads.  The event afterwards wakes a writer blocked on a
 * full ring.
 */
static int drain(struct console_back *c, size_t budget)
{
    struct xencons_interface *r = c->ring.va;
    XENCONS_RING_IDX start = r->out_cons, cons = start, prod = r->out_prod;
    size_t n = 0;

    rmb();                             /* see output up to out_prod */
    if (prod - cons > sizeof(r->out)) {
        printf("(dom0) console of %s: bad ring indexes, reset\n", c->name);
        cons = prod;                   /* skip the lie, keep serving */
    }
    for (; cons != prod && n < budget; n++)
        take(c, r->out[MASK_XENCONS_IDX(cons++, r->out)]);
    if (cons == start)
        return false;                  /* nothing taken: no event to send */
    mb();                              /* done reading before freeing space */
    r->out_cons = cons;
    evtchn_send(c->ring.port);         /* the writer may wait for space */
    waitq_wake_all(&output);
    return cons != prod;
}

/* Round robin over the dirty: a budget each; whoever has more joins the
 * next pass (kept marked dirty meanwhile, so its handler does not link it
 * a second time). */
static void *service(void *unused)
{
    for (;;) {
        struct console_back *c, *again = NULL, *last = NULL;
        unsigned saved;
        THREAD_WAIT(&kick, kicks != 0, ~0UL);
        kicks = 0;
        while ((c = pop_dirty())) {
            if (!c->ring.va || !drain(c, BUDGET))
                continue;
            saved = events_save();
            if (!c->dirty) {            /* no event came meanwhile */
                c->dirty = true;
                c->next_dirty = again;
                again = c;
                last = last ? last : c;
            }
            events_restore(saved);
        }
        if (again) {
            saved = events_save();
            last->next_dirty = dirty;
            dirty = again;
            kicks++;
            events_restore(saved);
            thread_yield();             /* let others run between passes */
        }
    }
    return NULL;
}

int console_back_start(void)
{
    return thread_create("consoled", service, NULL, 0) ? 0 : -ENOMEM;
}

struct console_back *console_back_attach(domid_t domid, const char *name,
                                         uint32_t port)
{
    struct console_back *c = calloc(1, sizeof(*c));
    int rc;

    if (!c)
        return NULL;
    c->id = domid;
    snprintf(c->name, sizeof(c->name), "%s", name);
    if ((rc = foreign_attach(&c->ring, domid, GNTTAB_RESERVED_CONSOLE, port,
                             on_event, c))) {
        printf("(dom0) console of %s: cannot map its ring: %d\n", name, rc);
        free(c);
        return NULL;
    }
    c->next = all;
    all = c;
    mark_dirty(c);                     /* it may have written already */
    return c;
}

void console_back_detach(struct console_back *c)
{
    if (!c)
        return;
    if (c->ring.va)
        while (drain(c, BUDGET))
            ;
    if (c->line_len)
        emit_line(c);
    foreign_detach(&c->ring);          /* no more events for c */
    for (struct console_back **pp = &all; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    for (struct console_back **pp = &dirty; c->dirty && *pp;
         pp = &(*pp)->next_dirty)
        if (*pp == c) {
            *pp = c->next_dirty;
            break;
        }
    free(c);
}

size_t console_back_log(const struct console_back *c, char *buf, size_t max)
{
    uint64_t n = c->bytes < CONSOLE_LOG_SIZE ? c->bytes : CONSOLE_LOG_SIZE;
    uint64_t from = c->bytes - n;

    if (n > max)
        from += n - max, n = max;
    for (uint64_t i = 0; i < n; i++)
        buf[i] = c->log[(from + i) % CONSOLE_LOG_SIZE];
    return n;
}

/* The other direction: we own in_prod, the guest in_cons.  What does not
 * fit is the caller's to retry (the shell drops typed bytes then). */
size_t console_back_input(struct console_back *c, const char *buf, size_t n)
{
    struct xencons_interface *r = c->ring.va;
    XENCONS_RING_IDX cons = r->in_cons, prod = r->in_prod;
    size_t i = 0;

    mb();                              /* read in_cons before writing */
    if (prod - cons > sizeof(r->in))
        return 0;
    while (i < n && prod - cons < sizeof(r->in))
        r->in[MASK_XENCONS_IDX(prod++, r->in)] = buf[i++];
    wmb();                             /* input written before in_prod */
    r->in_prod = prod;
    evtchn_send(c->ring.port);
    return i;
}

void console_back_attach_tty(struct console_back *c, int on)
{
    if (on && c->line_len)
        emit_line(c);
    c->tty = on;
}

uint64_t console_back_bytes(const struct console_back *c)
{
    return c->bytes;
}

bool console_back_wait_output(const struct console_back *c, uint64_t deadline)
{
    return THREAD_WAIT(&output, c->bytes > 0, deadline);
}
