/* xenstore watches: fired paths queued per watch, taken by threads with a deadline. */
#include <errno.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <xen/io/xs_wire.h>
#include "xenbus_internal.h"

struct xenbus_event {
    struct xenbus_event *next;
    char *path;
};

static struct xenbus_watch *watches;    /* active, any order */
static unsigned next_token;

static void unlink_watch(struct xenbus_watch *w)
{
    for (struct xenbus_watch **p = &watches; *p; p = &(*p)->next)
        if (*p == w) {
            *p = w->next;
            return;
        }
}

/* Free what is queued. */
static void drain(struct xenbus_watch *w)
{
    struct xenbus_event *e;

    while ((e = w->head)) {
        w->head = e->next;
        free(e->path);
        free(e);
    }
    w->tail = NULL;
    w->queued = 0;
}

static bool is_queued(const struct xenbus_watch *w, const char *path)
{
    for (const struct xenbus_event *e = w->head; e; e = e->next)
        if (!strcmp(e->path, path))
            return true;
    return false;
}

/* A new queue entry for path, or NULL if out of memory. */
static struct xenbus_event *event_new(const char *path)
{
    struct xenbus_event *e = malloc(sizeof(*e));

    if (e && !(e->path = strdup(path))) {
        free(e);
        e = NULL;
    }
    return e;
}

/* Queue path on w (unless queued already, or the queue is full). */
static void enqueue(struct xenbus_watch *w, const char *path)
{
    struct xenbus_event *e;

    if (is_queued(w, path))
        return;
    if (w->queued >= XENBUS_WATCH_QUEUE_MAX || !(e = event_new(path))) {
        w->dropped++;
        return;
    }
    e->next = NULL;
    if (w->tail)
        w->tail->next = e;
    else
        w->head = e;
    w->tail = e;
    w->queued++;
}

void xb_watch_fire(const char *body, size_t len)
{
    size_t plen = strnlen(body, len), tlen;
    const char *token = body + plen + 1;

    if (plen + 1 >= len)
        return;                         /* no token: malformed */
    tlen = strnlen(token, len - plen - 1);
    for (struct xenbus_watch *w = watches; w; w = w->next)
        if (strlen(w->token) == tlen && !memcmp(w->token, token, tlen)) {
            enqueue(w, body);           /* body[plen] is its NUL */
            waitq_wake_all(&w->waiters);
            return;
        }
}

int xenbus_watch_start(struct xenbus_watch *w, const char *path)
{
    int rc;

    *w = (struct xenbus_watch){ .waiters = WAITQ_INIT };
    snprintf(w->token, sizeof(w->token), "w%u", next_token++);
    if (!(w->path = strdup(path)))
        return -ENOMEM;
    /* listed before asking: the initial event may beat the reply */
    w->next = watches;
    watches = w;
    {
        struct xb_part p[] = { XB_STR(path), XB_STR(w->token) };
        rc = xb_request(XS_WATCH, XBT_NIL, p, 2, NULL, ~0UL);
    }
    if (rc < 0) {
        unlink_watch(w);
        drain(w);
        free(w->path);
        return rc;
    }
    return 0;
}

int xenbus_watch_wait(struct xenbus_watch *w, char **path, uint64_t deadline)
{
    struct xenbus_event *e;

    if (!THREAD_WAIT(&w->waiters, w->head != NULL, deadline))
        return -ETIMEDOUT;
    e = w->head;
    if (!(w->head = e->next))
        w->tail = NULL;
    w->queued--;
    *path = e->path;
    free(e);
    return 0;
}

int xenbus_watch_stop(struct xenbus_watch *w)
{
    struct xb_part p[] = { XB_STR(w->path), XB_STR(w->token) };
    int rc = xb_request(XS_UNWATCH, XBT_NIL, p, 2, NULL, ~0UL);

    /* unlisted only now: events up to the unwatch are queued, then freed */
    unlink_watch(w);
    drain(w);
    free(w->path);
    w->path = NULL;
    return rc < 0 ? rc : 0;
}
