/* xenstored requests: argument checks and one handler per message type,
 * dispatched through a table.  A handler queues its reply and returns 0,
 * or returns -errno for the dispatcher to answer XS_ERROR. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

#define F_PRIV  1u  /* privileged connections only (EACCES otherwise) */
#define F_NOTID 2u  /* tx_id is ignored, as Xen's XS_FLAG_NOTID */

/* The payload must be exactly n NUL-terminated strings; v gets them. */
static int req_strings(const struct xs_req *r, const char **v, unsigned n)
{
    size_t off = 0;
    unsigned i;

    for (i = 0; i < n; i++) {
        const char *nul = memchr(r->data + off, 0, r->len - off);
        if (!nul)
            return -EINVAL;
        v[i] = r->data + off;
        off = (size_t)(nul - r->data) + 1;
    }
    return off == r->len ? 0 : -EINVAL;
}

/* The single-path requests: "path\0"; *p is malloc'ed. */
static int req_path(struct xs_conn *c, const struct xs_req *r, char **p)
{
    const char *s;

    return req_strings(r, &s, 1) ?: path_canon(c, s, false, p, NULL);
}

static int req_domid(const struct xs_req *r, unsigned *domid)
{
    unsigned long long v;
    const char *s;
    int rc = req_strings(r, &s, 1) ?: parse_uint(s, XSD_DOMID_MAX, &v);

    *domid = (unsigned)v;
    return rc;
}

static int ack(struct xs_conn *c, const struct xs_req *r)
{
    return conn_reply_str(c, r, r->hdr.type, "OK");
}

static int do_read(struct xs_conn *c, struct xs_req *r)
{
    struct xs_ent *e;
    char *p;
    int rc = req_path(c, r, &p);

    if (rc)
        return rc;
    rc = op_read(c, r->txn, p, &e);
    free(p);
    if (!rc)
        rc = e->len > XENSTORE_PAYLOAD_MAX ? -E2BIG
                                           : conn_reply(c, r, XS_READ,
                                                        e->value, e->len);
    return rc;
}

/* "path\0value": the value is the rest of the payload, NULs and all. */
static int do_write(struct xs_conn *c, struct xs_req *r)
{
    const char *nul = memchr(r->data, 0, r->len);
    size_t off;
    char *p;
    int rc;

    if (!nul)
        return -EINVAL;
    off = (size_t)(nul - r->data) + 1;
    if ((rc = path_canon(c, r->data, false, &p, NULL)))
        return rc;
    rc = op_write(c, r->txn, p, r->data + off, r->len - off);
    free(p);
    return rc ?: ack(c, r);
}

/* Requests whose one argument is a path and whose answer is "OK". */
static int path_op(struct xs_conn *c, struct xs_req *r,
                   int (*op)(struct xs_conn *, struct xs_txn *, const char *))
{
    char *p;
    int rc = req_path(c, r, &p);

    if (rc)
        return rc;
    rc = op(c, r->txn, p);
    free(p);
    return rc ?: ack(c, r);
}

static int do_mkdir(struct xs_conn *c, struct xs_req *r)
{
    return path_op(c, r, op_mkdir);
}

static int do_rm(struct xs_conn *c, struct xs_req *r)
{
    return path_op(c, r, op_rm);
}

static int do_directory(struct xs_conn *c, struct xs_req *r)
{
    char *p, *kids = NULL;
    size_t len;
    int rc = req_path(c, r, &p);

    if (rc)
        return rc;
    rc = op_directory(c, r->txn, p, &kids, &len);
    if (!rc)
        rc = len > XENSTORE_PAYLOAD_MAX ? -E2BIG
                                        : conn_reply(c, r, XS_DIRECTORY,
                                                     kids, len);
    free(kids);
    free(p);
    return rc;
}

static int do_get_perms(struct xs_conn *c, struct xs_req *r)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    struct xs_ent *e;
    char *p;
    int rc = req_path(c, r, &p);

    if (rc)
        return rc;
    rc = op_read(c, r->txn, p, &e);
    free(p);
    if (!rc && (rc = perms_format(&e->perms, buf, sizeof(buf))) >= 0)
        rc = conn_reply(c, r, XS_GET_PERMS, buf, (size_t)rc);
    return rc;
}

/* "path\0perm\0perm\0...", at least one perm. */
static int do_set_perms(struct xs_conn *c, struct xs_req *r)
{
    const char *nul = memchr(r->data, 0, r->len);
    struct xs_perms perms;
    size_t off;
    char *p;
    int rc;

    if (!nul)
        return -EINVAL;
    off = (size_t)(nul - r->data) + 1;
    if ((rc = perms_parse(r->data + off, r->len - off, &perms)))
        return rc;
    if (!(rc = path_canon(c, r->data, false, &p, NULL))) {
        rc = op_set_perms(c, r->txn, p, &perms);
        free(p);
    }
    perms_free(&perms);
    return rc ?: ack(c, r);
}

/* "path\0token\0".  Xen acks, then fires the watch once at once. */
static int do_watch(struct xs_conn *c, struct xs_req *r)
{
    const char *v[2];
    size_t rel;
    char *p;
    int rc = req_strings(r, v, 2) ?: path_canon(c, v[0], true, &p, &rel);

    if (rc)
        return rc;
    if (!(rc = watch_add(c, p, rel, v[1])) && !(rc = ack(c, r)))
        conn_event(c, p + rel, v[1]);
    free(p);
    return rc;
}

static int do_unwatch(struct xs_conn *c, struct xs_req *r)
{
    const char *v[2];
    char *p;
    int rc = req_strings(r, v, 2) ?: path_canon(c, v[0], true, &p, NULL);

    if (rc)
        return rc;
    rc = watch_del(c, p, v[1]);
    free(p);
    return rc ?: ack(c, r);
}

/* The payload (libxenstore sends "") is ignored, as in Xen. */
static int do_txn_start(struct xs_conn *c, struct xs_req *r)
{
    char id[16];
    uint32_t tid;
    int rc;

    if (r->txn)
        return -EBUSY;
    if ((rc = txn_start(c, &tid)))
        return rc;
    snprintf(id, sizeof(id), "%u", (unsigned)tid);
    return conn_reply_str(c, r, XS_TRANSACTION_START, id);
}

/* "T\0" commits, "F\0" aborts. */
static int do_txn_end(struct xs_conn *c, struct xs_req *r)
{
    const char *s;
    int rc;

    if (!r->txn)
        return -ENOENT;
    if (req_strings(r, &s, 1) || (strcmp(s, "T") && strcmp(s, "F")))
        return -EINVAL;
    rc = txn_end(c, r->txn, s[0] == 'T');
    r->txn = NULL;
    return rc ?: ack(c, r);
}

/* "domid\0mfn\0port\0", decimal. */
static int do_introduce(struct xs_conn *c, struct xs_req *r)
{
    unsigned long long domid, mfn, port;
    const char *v[3];
    int rc = req_strings(r, v, 3);

    if (rc || parse_uint(v[0], XSD_DOMID_MAX, &domid) ||
        parse_uint(v[1], UINT64_MAX, &mfn) ||
        parse_uint(v[2], UINT32_MAX, &port))
        return -EINVAL;
    rc = dom_introduce((unsigned)domid, mfn, (unsigned)port, true);
    return rc ?: ack(c, r);
}

static int do_release(struct xs_conn *c, struct xs_req *r)
{
    unsigned domid;
    int rc = req_domid(r, &domid) ?: dom_release(domid);

    return rc ?: ack(c, r);
}

static int do_get_domain_path(struct xs_conn *c, struct xs_req *r)
{
    char path[32];
    unsigned domid;
    int rc = req_domid(r, &domid);

    if (rc)
        return rc;
    domain_path(domid, path, sizeof(path));
    return conn_reply_str(c, r, XS_GET_DOMAIN_PATH, path);
}

static int do_is_introduced(struct xs_conn *c, struct xs_req *r)
{
    unsigned domid;
    int rc = req_domid(r, &domid);

    if (rc)
        return rc;
    return conn_reply_str(c, r, XS_IS_DOMAIN_INTRODUCED,
                          dom_introduced(domid) ? "T" : "F");
}

/* Xen ends the connection's watches and transactions. */
static int do_reset_watches(struct xs_conn *c, struct xs_req *r)
{
    watch_del_all(c);
    txn_end_all(c);
    return ack(c, r);
}

/* "path\0offset\0": "<gen>\0" then whole names from byte offset of the
 * children list that fit, and a final "\0" once the list is complete. */
static int do_directory_part(struct xs_conn *c, struct xs_req *r)
{
    char out[XENSTORE_PAYLOAD_MAX], *p, *kids = NULL;
    unsigned long long off;
    const char *v[2];
    size_t len, n, used;
    int rc = req_strings(r, v, 2) ?: parse_uint(v[1], SIZE_MAX, &off) ?:
             path_canon(c, v[0], false, &p, NULL);

    if (rc)
        return rc;
    rc = op_directory(c, r->txn, p, &kids, &len);
    if (!rc && off > len)
        rc = -EINVAL;
    if (!rc) {
        struct xs_node *nd = r->txn ? NULL : node_find(p);
        used = (size_t)snprintf(out, sizeof(out), "%llu",
                                nd ? (unsigned long long)node_gen(nd) : 0) + 1;
        for (n = (size_t)off; n < len; n += strlen(kids + n) + 1) {
            size_t bl = strlen(kids + n) + 1;
            if (used + bl + 1 > sizeof(out))
                break;      /* keep room for the final "\0" */
            memcpy(out + used, kids + n, bl);
            used += bl;
        }
        if (n >= len)
            out[used++] = 0;
        rc = conn_reply(c, r, XS_DIRECTORY_PART, out, used);
    }
    free(kids);
    free(p);
    return rc;
}

static const struct {
    int (*fn)(struct xs_conn *c, struct xs_req *r);
    unsigned flags;
} handlers[XS_TYPE_COUNT] = {
    [XS_READ]                 = { do_read, 0 },
    [XS_WRITE]                = { do_write, 0 },
    [XS_MKDIR]                = { do_mkdir, 0 },
    [XS_RM]                   = { do_rm, 0 },
    [XS_DIRECTORY]            = { do_directory, 0 },
    [XS_DIRECTORY_PART]       = { do_directory_part, 0 },
    [XS_GET_PERMS]            = { do_get_perms, 0 },
    [XS_SET_PERMS]            = { do_set_perms, 0 },
    [XS_WATCH]                = { do_watch, F_NOTID },
    [XS_UNWATCH]              = { do_unwatch, F_NOTID },
    [XS_TRANSACTION_START]    = { do_txn_start, 0 },
    [XS_TRANSACTION_END]      = { do_txn_end, 0 },
    [XS_INTRODUCE]            = { do_introduce, F_PRIV | F_NOTID },
    [XS_RELEASE]              = { do_release, F_PRIV | F_NOTID },
    [XS_GET_DOMAIN_PATH]      = { do_get_domain_path, F_NOTID },
    [XS_IS_DOMAIN_INTRODUCED] = { do_is_introduced, F_PRIV | F_NOTID },
    [XS_RESET_WATCHES]        = { do_reset_watches, F_NOTID },
    /* XS_CONTROL, XS_RESUME, XS_SET_TARGET: not implemented (ENOSYS);
     * XS_WATCH_EVENT and XS_ERROR are never requests (ENOSYS, as Xen). */
};

/* Handle r from c: ENOSYS for unknown types, EACCES for privileged types
 * from others, ENOENT for an unknown transaction id. */
void msg_dispatch(struct xs_conn *c, struct xs_req *r)
{
    uint32_t type = r->hdr.type;
    int rc;

    if (type >= XS_TYPE_COUNT || !handlers[type].fn) {
        conn_error(c, r, -ENOSYS);
        return;
    }
    if ((handlers[type].flags & F_PRIV) && !c->priv) {
        conn_error(c, r, -EACCES);
        return;
    }
    if (!(handlers[type].flags & F_NOTID) && r->hdr.tx_id &&
        !(r->txn = txn_find(c, r->hdr.tx_id))) {
        conn_error(c, r, -ENOENT);
        return;
    }
    if ((rc = handlers[type].fn(c, r)))
        conn_error(c, r, rc);
}
