/* xenstored store: the same five operations on the live tree (firing
 * watches at once) or on a transaction (firing at commit). */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

/* path's contents; -ENOENT if absent (errors of the transaction too). */
int store_get(struct xs_txn *t, const char *path, struct xs_ent **out)
{
    struct xs_node *n;

    if (t)
        return txn_get(t, path, out);
    if (!(n = node_find(path)))
        return -ENOENT;
    *out = node_ent(n);
    return 0;
}

/* Names of path's children, NUL-terminated each, in a malloc'ed *buf. */
int store_children(struct xs_txn *t, const char *path, char **buf,
                   size_t *len)
{
    struct xs_node *n;

    if (t)
        return txn_children(t, path, buf, len);
    if (!(n = node_find(path)))
        return -ENOENT;
    return node_children(n, buf, len);
}

/* New node path (parent must exist); with fire, fires the watches on it
 * and its ancestors (a write fires once, not for each parent it made). */
int store_create(struct xs_txn *t, const char *path, const char *val,
                 size_t len, const struct xs_perms *perms, bool fire)
{
    int rc;

    if (t)
        return txn_create(t, path, val, len, perms, fire);
    if ((rc = node_create(path, val, len, perms)))
        return rc;
    if (fire)
        watch_fire(path, perms, false);
    return 0;
}

/* New value (unless val is NULL) and/or perms (unless NULL) for path. */
int store_set(struct xs_txn *t, const char *path, const char *val,
              size_t len, const struct xs_perms *perms)
{
    struct xs_node *n;
    int rc;

    if (t)
        return txn_set(t, path, val, len, perms);
    if (!(n = node_find(path)))
        return -ENOENT;
    if ((rc = node_set(n, val, len, perms)))
        return rc;
    watch_fire(path, &node_ent(n)->perms, false);
    return 0;
}

/* Xen fires, for a removal, the watches on the root and its ancestors,
 * and those exactly on every node removed below it; each while the node's
 * permissions can still be seen. */
static void store_rm_fire(void *arg, struct xs_node *n, bool root)
{
    watch_fire(node_name(n), &node_ent(n)->perms, !root);
}

int store_remove(struct xs_txn *t, const char *path)
{
    struct xs_node *n;

    if (t)
        return txn_remove(t, path);
    if (!(n = node_find(path)))
        return -ENOENT;
    node_remove(n, store_rm_fire, NULL);
    return 0;
}
