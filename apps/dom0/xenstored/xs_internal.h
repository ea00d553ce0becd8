/* xenstored internals: the types every part shares, functions by file. */
#ifndef APPS_DOM0_XS_INTERNAL_H
#define APPS_DOM0_XS_INTERNAL_H

#include <errno.h>      /* before xs_wire.h: it defines xsd_errors under EINVAL */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>
#include "xenstored.h"

#define XSD_DOMID_MAX   0x7fefu /* DOMID_FIRST_RESERVED - 1 */
#define XSD_PERM_ID_MAX 0xffffu /* permission entries name any domid_t */

/* Permission bits; OWNER is never stored, perm_for() adds it. */
#define XS_PERM_NONE  0u
#define XS_PERM_READ  1u
#define XS_PERM_WRITE 2u
#define XS_PERM_OWNER 4u

struct xs_perm {
    unsigned domid;
    unsigned perm;          /* XS_PERM_READ | XS_PERM_WRITE */
};

/* p[0] is the owner, and its perm the default for unlisted domains. */
struct xs_perms {
    unsigned num;           /* >= 1 for a node */
    struct xs_perm *p;
};

/* A node's contents as operations see them, in the live tree or a copy in
 * a transaction. */
struct xs_ent {
    char *value;
    size_t len;
    struct xs_perms perms;
};

struct xs_txn;
struct xs_watch;

/* One queued output message (reply or watch event). */
struct xs_out {
    struct xs_out *next;
    size_t len, off;        /* bytes in data, bytes already sent */
    bool event;
    char data[];
};

struct xs_conn {
    unsigned domid;
    bool priv;
    bool dead;              /* protocol violation or released */
    struct xs_conn *prev, *next;       /* all conns */
    unsigned char *in;      /* unprocessed input, XSD_INPUT_MAX bytes */
    size_t in_len;
    struct xs_out *out_head, *out_tail;
    size_t out_bytes, event_bytes;
    unsigned out_replies;
    unsigned long events_dropped;
    struct xs_watch *watches;           /* this conn's watches */
    unsigned nwatches;
    struct xs_txn *txns;
    unsigned ntxns;
    uint32_t next_txid;
    void *cookie;           /* the glue's, handed to ops->output */
};

/* A request being handled. */
struct xs_req {
    struct xsd_sockmsg hdr;
    const char *data;
    size_t len;
    struct xs_txn *txn;     /* NULL outside a transaction */
};

/* xs_path.c: validate and canonicalise paths */
int path_canon(const struct xs_conn *c, const char *in, bool allow_special,
               char **out, size_t *rel_off);
bool path_valid_abs(const char *p);
size_t path_parent_len(const char *p);
bool path_is_under(const char *p, const char *dir);
size_t path_depth(const char *p);
int domain_path(unsigned domid, char *buf, size_t max);
int parse_uint(const char *s, unsigned long long max, unsigned long long *out);

/* xs_perm.c: permission lists */
int perms_parse(const char *strs, size_t len, struct xs_perms *out);
int perms_format(const struct xs_perms *p, char *buf, size_t max);
int perms_copy(struct xs_perms *dst, const struct xs_perms *src);
void perms_free(struct xs_perms *p);
unsigned perm_for(const struct xs_conn *c, const struct xs_perms *p);
bool conn_priv(const struct xs_conn *c);
unsigned conn_domid(const struct xs_conn *c);

/* xs_node.c: the live tree */
struct xs_node;
void node_init(void);
void node_fini(void);
struct xs_node *node_find(const char *path);
struct xs_ent *node_ent(struct xs_node *n);
const char *node_name(const struct xs_node *n);
uint64_t node_gen(const struct xs_node *n);
int node_create(const char *path, const char *val, size_t len,
                const struct xs_perms *perms);
int node_set(struct xs_node *n, const char *val, size_t len,
             const struct xs_perms *perms);
void node_remove(struct xs_node *n,
                 void (*fn)(void *arg, struct xs_node *n, bool root),
                 void *arg);
int node_children(const struct xs_node *n, char **buf, size_t *len);
struct xs_node *node_first_child(const struct xs_node *n);
struct xs_node *node_next_sibling(const struct xs_node *n);
struct xs_node *node_parent(const struct xs_node *n);
unsigned node_count(void);

/* xs_domain.c: per-domain records and counters */
void dom_init(void);
void dom_fini(void);
void dom_entries_add(unsigned domid, int delta);
unsigned dom_entries(unsigned domid);
bool dom_introduced(unsigned domid);
int dom_introduce(unsigned domid, uint64_t mfn, unsigned port, bool cb);
int dom_release(unsigned domid);

/* xs_store.c: one interface over the live tree and a transaction */
int store_get(struct xs_txn *t, const char *path, struct xs_ent **out);
int store_children(struct xs_txn *t, const char *path, char **buf,
                   size_t *len);
int store_create(struct xs_txn *t, const char *path, const char *val,
                 size_t len, const struct xs_perms *perms, bool fire);
int store_set(struct xs_txn *t, const char *path, const char *val,
              size_t len, const struct xs_perms *perms);
int store_remove(struct xs_txn *t, const char *path);

/* xs_ops.c: operations with Xen's permission and quota rules */
int op_read(struct xs_conn *c, struct xs_txn *t, const char *path,
            struct xs_ent **out);
int op_write(struct xs_conn *c, struct xs_txn *t, const char *path,
             const char *val, size_t len);
int op_mkdir(struct xs_conn *c, struct xs_txn *t, const char *path);
int op_rm(struct xs_conn *c, struct xs_txn *t, const char *path);
int op_directory(struct xs_conn *c, struct xs_txn *t, const char *path,
                 char **buf, size_t *len);
int op_set_perms(struct xs_conn *c, struct xs_txn *t, const char *path,
                 const struct xs_perms *p);

/* xs_txn.c: transactions */
int txn_start(struct xs_conn *c, uint32_t *id);
struct xs_txn *txn_find(struct xs_conn *c, uint32_t id);
int txn_end(struct xs_conn *c, struct xs_txn *t, bool commit);
void txn_end_all(struct xs_conn *c);
int txn_get(struct xs_txn *t, const char *path, struct xs_ent **out);
int txn_children(struct xs_txn *t, const char *path, char **buf,
                 size_t *len);
int txn_create(struct xs_txn *t, const char *path, const char *val,
               size_t len, const struct xs_perms *perms, bool fire);
int txn_set(struct xs_txn *t, const char *path, const char *val, size_t len,
            const struct xs_perms *perms);
int txn_remove(struct xs_txn *t, const char *path);
int txn_entries_delta(const struct xs_txn *t);

/* xs_watch.c: watches and their events */
void watch_init(void);
int watch_add(struct xs_conn *c, const char *path, size_t rel_off,
              const char *token);
int watch_del(struct xs_conn *c, const char *path, const char *token);
void watch_del_all(struct xs_conn *c);
void watch_fire(const char *path, const struct xs_perms *perms, bool exact);
void watch_fire_special(const char *name);

/* xs_conn.c: framing and queues */
void conn_fini(void);
int conn_reply(struct xs_conn *c, const struct xs_req *r, uint32_t type,
               const void *data, size_t len);
int conn_reply_str(struct xs_conn *c, const struct xs_req *r, uint32_t type,
                   const char *s);
void conn_error(struct xs_conn *c, const struct xs_req *r, int err);
void conn_event(struct xs_conn *c, const char *path, const char *token);
void conn_kill_domain(unsigned domid);

/* xs_msg.c: request dispatch */
void msg_dispatch(struct xs_conn *c, struct xs_req *r);

/* xs_api.c: state shared with the direct calls */
const struct xs_conn_ops *xsd_ops(void);
void *xsd_ops_priv(void);

#endif
