/* xenstored transactions: start, lookup, and the all-or-nothing commit. */
#include <stdlib.h>
#include <string.h>
#include "xs_txn.h"

/* Open a transaction on c; *id is c's new transaction id (never 0).
 * -ENOSPC over the quota of open transactions (Xen's answer), -ENOMEM. */
int txn_start(struct xs_conn *c, uint32_t *id)
{
    struct xs_txn *t;

    if (!c->priv && c->ntxns >= XSD_QUOTA_TXNS)
        return -ENOSPC;
    if (!(t = calloc(1, sizeof(*t))))
        return -ENOMEM;
    do {
        t->id = c->next_txid++;
    } while (t->id == 0 || txn_find(c, t->id));
    t->conn = c;
    t->next = c->txns;
    c->txns = t;
    c->ntxns++;
    *id = t->id;
    return 0;
}

struct xs_txn *txn_find(struct xs_conn *c, uint32_t id)
{
    struct xs_txn *t;

    for (t = c->txns; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

static void txn_free(struct xs_txn *t)
{
    struct xs_txn **pp = &t->conn->txns;

    while (*pp != t)
        pp = &(*pp)->next;
    *pp = t->next;
    t->conn->ntxns--;
    while (t->head) {
        struct xs_tnode *tn = t->head;
        t->head = tn->next;
        tnode_free(tn);
    }
    free(t);
}

/* Every node t saw is as it was then: present with the same generation,
 * or still absent. */
static bool txn_unchanged(const struct xs_txn *t)
{
    const struct xs_tnode *tn;

    for (tn = t->head; tn; tn = tn->next) {
        struct xs_node *n = node_find(tn->name);
        if (tn->base_exists ? !n || node_gen(n) != tn->base_gen : n != NULL)
            return false;
    }
    return true;
}

/* Apply t to the live tree: removals first (a removed node's whole live
 * subtree has tnodes, so nothing unseen goes), then creations and updates
 * shallowest first so every parent exists before its children. */
static int txn_apply(struct xs_txn *t)
{
    struct xs_tnode *tn;
    size_t depth, max = 0;
    int rc = 0;

    for (tn = t->head; tn; tn = tn->next) {
        struct xs_node *n;
        if (tn->base_exists && !tn->exists && (n = node_find(tn->name)))
            node_remove(n, NULL, NULL);
        if (path_depth(tn->name) > max)
            max = path_depth(tn->name);
    }
    for (depth = 0; depth <= max; depth++) {
        for (tn = t->head; tn; tn = tn->next) {
            struct xs_node *n;
            if (!tn->exists || !tn->modified ||
                path_depth(tn->name) != depth)
                continue;
            n = node_find(tn->name);
            rc = n ? node_set(n, tn->e.value, tn->e.len, &tn->e.perms)
                   : node_create(tn->name, tn->e.value, tn->e.len,
                                 &tn->e.perms);
            if (rc)
                return rc;  /* only -ENOMEM: the tree stays consistent */
        }
    }
    return 0;
}

/* End t: commit (or abort if !commit) and free it in every case.
 * Commit answers -EAGAIN if another change conflicted, or the error that
 * spoilt t. */
int txn_end(struct xs_conn *c, struct xs_txn *t, bool commit)
{
    struct xs_tnode *tn;
    int rc = 0;

    if (commit && t->fail_err)
        rc = t->fail_err;
    else if (commit && !txn_unchanged(t))
        rc = -EAGAIN;
    else if (commit && !(rc = txn_apply(t)))
        for (tn = t->head; tn; tn = tn->next)
            if (tn->fire)
                watch_fire(tn->name, &tn->e.perms, tn->exact);
    txn_free(t);
    return rc;
}

void txn_end_all(struct xs_conn *c)
{
    while (c->txns)
        txn_free(c->txns);
}
