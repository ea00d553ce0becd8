/* xenstored operations: Xen's permission, creation and quota rules on top
 * of the store.  c NULL means dom0's direct calls; t NULL, no transaction.
 * Paths are canonical (absolute) already. */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

/* path is missing: Xen tells ENOENT only to who may see the nearest
 * existing ancestor (with need), EACCES otherwise, so a domain cannot
 * probe for nodes it may not see. */
static int errno_from_parents(struct xs_conn *c, struct xs_txn *t,
                              const char *path, unsigned need)
{
    char buf[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_ent *e;
    size_t len;
    int rc;

    strcpy(buf, path);
    while ((len = path_parent_len(buf))) {
        buf[len] = 0;
        rc = store_get(t, buf, &e);
        if (rc == 0)
            return (perm_for(c, &e->perms) & need) == need ? -ENOENT
                                                           : -EACCES;
        if (rc != -ENOENT)
            return rc;
    }
    return -EACCES;     /* no root: cannot be */
}

/* path's contents if c holds every bit of need on it. */
static int ent_access(struct xs_conn *c, struct xs_txn *t, const char *path,
                      unsigned need, struct xs_ent **out)
{
    int rc = store_get(t, path, out);

    if (rc == -ENOENT)
        return errno_from_parents(c, t, path,
                                  need & (XS_PERM_READ | XS_PERM_WRITE));
    if (rc)
        return rc;
    return (perm_for(c, &(*out)->perms) & need) == need ? 0 : -EACCES;
}

int op_read(struct xs_conn *c, struct xs_txn *t, const char *path,
            struct xs_ent **out)
{
    return ent_access(c, t, path, XS_PERM_READ, out);
}

/* The nearest existing ancestor of the missing path, copied into buf. */
static int nearest_parent(struct xs_txn *t, const char *path, char *buf,
                          struct xs_ent **e)
{
    size_t len;
    int rc;

    strcpy(buf, path);
    while ((len = path_parent_len(buf))) {
        buf[len] = 0;
        if ((rc = store_get(t, buf, e)) != -ENOENT)
            return rc;
    }
    return -ENOENT;
}

/* Create path and its missing parents, for which c passed the checks.
 * New nodes inherit the nearest parent's permissions, except that an
 * unprivileged domain owns what it creates (Xen); they count against the
 * creator's entry quota.  Undone on failure outside transactions. */
static int create_path(struct xs_conn *c, struct xs_txn *t, const char *path,
                       const char *val, size_t len)
{
    char buf[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_perms perms;
    struct xs_ent *e;
    size_t pos, first;
    unsigned need;
    int rc;

    if ((rc = nearest_parent(t, path, buf, &e)))
        return rc;
    need = (unsigned)(path_depth(path) - path_depth(buf));
    if (!conn_priv(c) && dom_entries(c->domid) + need +
            (unsigned)(t ? txn_entries_delta(t) : 0) > XSD_QUOTA_ENTRIES)
        return -ENOSPC;
    if ((rc = perms_copy(&perms, &e->perms)))
        return rc;
    if (!conn_priv(c))
        perms.p[0].domid = c->domid;
    first = pos = strlen(buf) == 1 ? 0 : strlen(buf);
    while (!rc && path[pos]) {
        const char *slash = strchr(path + pos + 1, '/');
        pos = slash ? (size_t)(slash - path) : strlen(path);
        memcpy(buf, path, pos);
        buf[pos] = 0;
        rc = path[pos] ? store_create(t, buf, "", 0, &perms, false)
                       : store_create(t, buf, val, len, &perms, true);
    }
    perms_free(&perms);
    if (rc && !t) {
        /* the first node made is path up to the '/' after the parent */
        struct xs_node *n;
        pos = first + 1 + strcspn(path + first + 1, "/");
        memcpy(buf, path, pos);
        buf[pos] = 0;
        if ((n = node_find(buf)))
            node_remove(n, NULL, NULL);
    }
    return rc;
}

int op_write(struct xs_conn *c, struct xs_txn *t, const char *path,
             const char *val, size_t len)
{
    struct xs_ent *e;
    int rc;

    if (!conn_priv(c) && len > XSD_QUOTA_VALUE)
        return -ENOSPC;
    rc = ent_access(c, t, path, XS_PERM_WRITE, &e);
    if (rc == 0)
        return store_set(t, path, val, len, NULL);
    return rc == -ENOENT ? create_path(c, t, path, val, len) : rc;
}

/* An existing node is left alone (and fires nothing). */
int op_mkdir(struct xs_conn *c, struct xs_txn *t, const char *path)
{
    struct xs_ent *e;
    int rc = ent_access(c, t, path, XS_PERM_WRITE, &e);

    return rc == -ENOENT ? create_path(c, t, path, "", 0) : rc;
}

/* Removing a missing node whose parent exists succeeds, as in Xen. */
int op_rm(struct xs_conn *c, struct xs_txn *t, const char *path)
{
    char buf[XENSTORE_ABS_PATH_MAX + 1];
    size_t plen = path_parent_len(path);
    struct xs_ent *e;
    int rc;

    if (!plen)
        return -EINVAL;     /* "/" stays */
    rc = ent_access(c, t, path, XS_PERM_WRITE, &e);
    if (rc == -ENOENT) {
        memcpy(buf, path, plen);
        buf[plen] = 0;
        return store_get(t, buf, &e) == 0 ? 0 : -ENOENT;
    }
    return rc ? rc : store_remove(t, path);
}

int op_directory(struct xs_conn *c, struct xs_txn *t, const char *path,
                 char **buf, size_t *len)
{
    struct xs_ent *e;
    int rc = ent_access(c, t, path, XS_PERM_READ, &e);

    return rc ? rc : store_children(t, path, buf, len);
}

/* Only the owner (or the privileged) sets perms; only the privileged
 * change the owner (EPERM, as Xen). */
int op_set_perms(struct xs_conn *c, struct xs_txn *t, const char *path,
                 const struct xs_perms *p)
{
    struct xs_ent *e;
    int rc;

    if (!conn_priv(c) && p->num > XSD_QUOTA_PERMS)
        return -ENOSPC;
    rc = ent_access(c, t, path, XS_PERM_WRITE | XS_PERM_OWNER, &e);
    if (rc)
        return rc;
    if (!conn_priv(c) && p->p[0].domid != e->perms.p[0].domid)
        return -EPERM;
    return store_set(t, path, NULL, 0, p);
}
