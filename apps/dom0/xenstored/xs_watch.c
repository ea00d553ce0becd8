/* xenstored watches: a hash by watched path, so firing a change costs one
 * lookup per ancestor of the changed node, not a scan of every watch. */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

struct xs_watch {
    struct xs_watch *hnext;     /* same hash bucket */
    struct xs_watch *cnext;     /* same conn */
    struct xs_conn *conn;
    char *path;                 /* absolute, or "@..." */
    char *token;
    size_t rel_off;             /* prefix to strip from events, 0 if absolute */
};

#define WATCH_BUCKETS 4096u
static struct xs_watch *buckets[WATCH_BUCKETS];

static struct xs_watch **watch_bucket(const char *path)
{
    uint32_t h = 2166136261u;   /* FNV-1a */

    while (*path)
        h = (h ^ (unsigned char)*path++) * 16777619u;
    return &buckets[h % WATCH_BUCKETS];
}

static struct xs_watch **watch_conn_slot(struct xs_conn *c, const char *path,
                                         const char *token)
{
    struct xs_watch **pp = &c->watches;

    while (*pp && (strcmp((*pp)->path, path) || strcmp((*pp)->token, token)))
        pp = &(*pp)->cnext;
    return pp;
}

/* Add c's watch on path (canonical) with token.  -EEXIST for the same pair
 * twice, -E2BIG over the watch quota (Xen's answer), -ENOMEM. */
int watch_add(struct xs_conn *c, const char *path, size_t rel_off,
              const char *token)
{
    struct xs_watch *w, **b;

    if (*watch_conn_slot(c, path, token))
        return -EEXIST;
    if (!conn_priv(c) && c->nwatches >= XSD_QUOTA_WATCHES)
        return -E2BIG;
    w = calloc(1, sizeof(*w));
    if (!w || !(w->path = strdup(path)) || !(w->token = strdup(token))) {
        if (w)
            free(w->path);
        free(w);
        return -ENOMEM;
    }
    w->conn = c;
    w->rel_off = rel_off;
    b = watch_bucket(path);
    w->hnext = *b;
    *b = w;
    w->cnext = c->watches;
    c->watches = w;
    c->nwatches++;
    return 0;
}

static void watch_free(struct xs_watch *w)
{
    struct xs_watch **pp = watch_bucket(w->path);

    while (*pp != w)
        pp = &(*pp)->hnext;
    *pp = w->hnext;
    w->conn->nwatches--;
    free(w->path);
    free(w->token);
    free(w);
}

/* Remove c's watch (path, token); -ENOENT if there is none. */
int watch_del(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_watch **pp = watch_conn_slot(c, path, token), *w = *pp;

    if (!w)
        return -ENOENT;
    *pp = w->cnext;
    watch_free(w);
    return 0;
}

void watch_del_all(struct xs_conn *c)
{
    while (c->watches) {
        struct xs_watch *w = c->watches;
        c->watches = w->cnext;
        watch_free(w);
    }
}

/* Queue events for the watches on exactly wpath about changed.  A watcher
 * must be able to read the node (perms as it was at the change), as Xen. */
static void watch_fire_at(const char *wpath, const char *changed,
                          const struct xs_perms *perms)
{
    struct xs_watch *w;

    for (w = *watch_bucket(wpath); w; w = w->hnext) {
        if (strcmp(w->path, wpath) || w->conn->dead)
            continue;
        if (!(perm_for(w->conn, perms) & XS_PERM_READ))
            continue;
        conn_event(w->conn, changed + w->rel_off, w->token);
    }
}

/* Node path changed: fire the watches on it and, unless exact, on each
 * ancestor up to "/" (reporting path itself).  exact is for the nodes
 * under the root of a removal, as Xen's rm does. */
void watch_fire(const char *path, const struct xs_perms *perms, bool exact)
{
    static char buf[XENSTORE_ABS_PATH_MAX + 1];    /* never re-entered */
    size_t len = strlen(path);

    if (len >= sizeof(buf))
        return;         /* cannot be: names are validated before this */
    memcpy(buf, path, len + 1);
    for (;;) {
        watch_fire_at(buf, path, perms);
        len = path_parent_len(buf);
        if (exact || !len)
            return;
        buf[len] = 0;
    }
}

/* "@introduceDomain" or "@releaseDomain".  Xen checks the watcher's read
 * permission on a special node that dom0 owns with "n0"; we keep that
 * default fixed: only privileged connections get these events. */
void watch_fire_special(const char *name)
{
    struct xs_watch *w;

    for (w = *watch_bucket(name); w; w = w->hnext)
        if (!strcmp(w->path, name) && w->conn->priv && !w->conn->dead)
            conn_event(w->conn, name, w->token);
}

void watch_init(void)
{
    unsigned i;

    for (i = 0; i < WATCH_BUCKETS; i++)
        buckets[i] = NULL;  /* xsd_init runs after every conn was freed */
}
