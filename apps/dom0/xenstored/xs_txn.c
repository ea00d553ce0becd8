/* xenstored transactions: a private copy of every node a transaction
 * touches, checked against the live tree's generations at commit.
 *
 * A node read or written in the transaction is copied with the live node's
 * generation (or its absence).  Commit fails with EAGAIN if any of them
 * changed meanwhile, as Xen does; adding or removing a child changes the
 * parent, so two transactions creating siblings conflict too.  Watches
 * fire at a successful commit only. */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"
#include "xs_txn.h"

static unsigned tnode_hash(const char *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % TNODE_BUCKETS;
}

void tnode_free(struct xs_tnode *tn)
{
    free(tn->name);
    free(tn->e.value);
    perms_free(&tn->e.perms);
    free(tn->kids);
    free(tn);
}

/* Copy the live node into a new tnode of t. */
static int tnode_fill(struct xs_tnode *tn, const char *path)
{
    struct xs_node *n = node_find(path);

    if (!(tn->name = strdup(path)))
        return -ENOMEM;
    if (!n)
        return 0;
    tn->e.len = node_ent(n)->len;
    if (!(tn->e.value = malloc(tn->e.len + 1)) ||
        perms_copy(&tn->e.perms, &node_ent(n)->perms))
        return -ENOMEM;
    memcpy(tn->e.value, node_ent(n)->value, tn->e.len + 1);
    tn->base_gen = node_gen(n);
    tn->base_exists = tn->exists = true;
    return 0;
}

/* t's copy of path, made on first touch.  -ENOSPC past the quota of nodes
 * per transaction (unprivileged), -ENOMEM. */
static int tnode_get(struct xs_txn *t, const char *path, struct xs_tnode **out)
{
    unsigned b = tnode_hash(path);
    struct xs_tnode *tn;
    int rc;

    for (tn = t->tab[b]; tn; tn = tn->hnext)
        if (!strcmp(tn->name, path))
            return *out = tn, 0;
    if (!conn_priv(t->conn) && t->ntnodes >= XSD_QUOTA_TXN_NODES)
        return -ENOSPC;
    if (!(tn = calloc(1, sizeof(*tn))))
        return -ENOMEM;
    if ((rc = tnode_fill(tn, path))) {
        tnode_free(tn);
        return rc;
    }
    tn->hnext = t->tab[b];
    t->tab[b] = tn;
    if (t->tail)
        t->tail->next = tn;
    else
        t->head = tn;
    t->tail = tn;
    t->ntnodes++;
    *out = tn;
    return 0;
}

/* Make tn->kids the children list, from the live node on first need. */
static int tnode_kids(struct xs_tnode *tn)
{
    struct xs_node *n;

    if (tn->kids_valid)
        return 0;
    n = tn->base_exists ? node_find(tn->name) : NULL;
    if (n) {
        if (node_children(n, &tn->kids, &tn->klen))
            return -ENOMEM;
    } else {
        tn->klen = 0;
    }
    tn->kids_valid = true;
    return 0;
}

static int tnode_parent(struct xs_txn *t, const char *path,
                        struct xs_tnode **out)
{
    char pname[XENSTORE_ABS_PATH_MAX + 1];
    size_t plen = path_parent_len(path);
    int rc;

    memcpy(pname, path, plen);
    pname[plen] = 0;
    if ((rc = tnode_get(t, pname, out)))
        return rc;
    if (!(*out)->exists)
        return -ENOENT;
    return tnode_kids(*out);
}

static int kids_add(struct xs_tnode *p, const char *name)
{
    size_t bl = strlen(name) + 1;
    char *k = realloc(p->kids, p->klen + bl);

    if (!k)
        return -ENOMEM;
    memcpy(k + p->klen, name, bl);
    p->kids = k;
    p->klen += bl;
    return 0;
}

static void kids_del(struct xs_tnode *p, const char *name)
{
    size_t off, bl = strlen(name) + 1;

    for (off = 0; off < p->klen; off += strlen(p->kids + off) + 1) {
        if (!strcmp(p->kids + off, name)) {
            memmove(p->kids + off, p->kids + off + bl, p->klen - off - bl);
            p->klen -= bl;
            return;
        }
    }
}

int txn_get(struct xs_txn *t, const char *path, struct xs_ent **out)
{
    struct xs_tnode *tn;
    int rc = tnode_get(t, path, &tn);

    if (rc)
        return rc;
    if (!tn->exists)
        return -ENOENT;
    *out = &tn->e;
    return 0;
}

int txn_children(struct xs_txn *t, const char *path, char **buf, size_t *len)
{
    struct xs_tnode *tn;
    int rc = tnode_get(t, path, &tn);

    if (rc || (rc = tn->exists ? tnode_kids(tn) : -ENOENT))
        return rc;
    if (!(*buf = malloc(tn->klen + 1)))
        return -ENOMEM;
    if (tn->klen)
        memcpy(*buf, tn->kids, tn->klen);
    *len = tn->klen;
    return 0;
}

/* Count a node of owner appearing (+1) or going (-1) for the quota. */
static void txn_count(struct xs_txn *t, const struct xs_perms *p, int d)
{
    if (p->num && p->p[0].domid == t->conn->domid)
        t->ent_delta += d;
}

static int tnode_setval(struct xs_tnode *tn, const char *val, size_t len)
{
    char *nv = malloc(len + 1);

    if (!nv)
        return -ENOMEM;
    memcpy(nv, val, len);
    nv[len] = 0;
    free(tn->e.value);
    tn->e.value = nv;
    tn->e.len = len;
    return 0;
}

int txn_create(struct xs_txn *t, const char *path, const char *val,
               size_t len, const struct xs_perms *perms, bool fire)
{
    struct xs_tnode *tn, *p;
    struct xs_perms np;
    int rc;

    if ((rc = tnode_get(t, path, &tn)))
        return rc;
    if (tn->exists)
        return -EEXIST;
    if ((rc = tnode_parent(t, path, &p)) || (rc = perms_copy(&np, perms)))
        return rc;
    if ((rc = tnode_setval(tn, val, len)) ||
        (rc = kids_add(p, strrchr(path, '/') + 1))) {
        perms_free(&np);
        return rc;
    }
    perms_free(&tn->e.perms);
    tn->e.perms = np;
    free(tn->kids);
    tn->kids = NULL;
    tn->klen = 0;
    tn->kids_valid = tn->exists = tn->modified = true;
    tn->fire = tn->fire || fire;
    tn->exact = false;
    txn_count(t, perms, 1);
    return 0;
}

int txn_set(struct xs_txn *t, const char *path, const char *val, size_t len,
            const struct xs_perms *perms)
{
    struct xs_tnode *tn;
    struct xs_perms np;
    int rc;

    if ((rc = tnode_get(t, path, &tn)))
        return rc;
    if (!tn->exists)
        return -ENOENT;
    if (val && (rc = tnode_setval(tn, val, len)))
        return rc;
    if (perms) {
        if ((rc = perms_copy(&np, perms)))
            return rc;
        txn_count(t, &tn->e.perms, -1);
        perms_free(&tn->e.perms);
        tn->e.perms = np;
        txn_count(t, perms, 1);
    }
    tn->modified = tn->fire = true;
    tn->exact = false;
    return 0;
}

/* Mark tn's children deleted, queueing them on *work. */
static int tnode_rm_kids(struct xs_txn *t, struct xs_tnode *tn,
                         struct xs_tnode **work)
{
    size_t off;
    int rc;

    if ((rc = tnode_kids(tn)))
        return rc;
    for (off = 0; off < tn->klen; off += strlen(tn->kids + off) + 1) {
        char path[XENSTORE_ABS_PATH_MAX + 2];
        struct xs_tnode *k;
        size_t pl = strlen(tn->name) == 1 ? 0 : strlen(tn->name);

        if (pl + 1 + strlen(tn->kids + off) >= sizeof(path))
            return -EINVAL;
        memcpy(path, tn->name, pl);
        path[pl] = '/';
        strcpy(path + pl + 1, tn->kids + off);
        if ((rc = tnode_get(t, path, &k)))
            return rc;
        if (k->exists) {
            k->work = *work;
            *work = k;
        }
    }
    return 0;
}

/* Remove path and its subtree in t.  A failure half way spoils t: its
 * commit then answers that error. */
int txn_remove(struct xs_txn *t, const char *path)
{
    struct xs_tnode *root, *p, *work;
    int rc;

    if ((rc = tnode_get(t, path, &root)))
        return rc;
    if (!root->exists)
        return -ENOENT;
    if ((rc = tnode_parent(t, path, &p)))
        return rc;
    kids_del(p, strrchr(path, '/') + 1);
    root->work = NULL;
    for (work = root; work; ) {
        struct xs_tnode *cur = work;
        work = cur->work;
        if ((rc = tnode_rm_kids(t, cur, &work)))
            return t->fail_err = rc;
        cur->exists = false;
        cur->kids_valid = true;
        cur->klen = 0;
        cur->modified = cur->fire = true;
        cur->exact = cur != root;
        txn_count(t, &cur->e.perms, -1);
    }
    return 0;
}

int txn_entries_delta(const struct xs_txn *t)
{
    return t->ent_delta;
}
