/* xenstored transactions: the state xs_txn.c and xs_txn_commit.c share. */
#ifndef APPS_DOM0_XS_TXN_H
#define APPS_DOM0_XS_TXN_H

#include "xs_internal.h"

struct xs_tnode {
    struct xs_tnode *hnext, *next, *work;
    char *name;
    struct xs_ent e;        /* contents while exists (perms kept after rm) */
    char *kids;             /* children names, NUL-terminated, if kids_valid */
    size_t klen;
    uint64_t base_gen;      /* live generation when copied */
    bool base_exists, exists, kids_valid;
    bool modified;          /* value or perms to apply at commit */
    bool fire, exact;       /* watch event at commit, as watch_fire() */
};

#define TNODE_BUCKETS 256u

struct xs_txn {
    struct xs_txn *next;    /* conn's list */
    struct xs_conn *conn;
    uint32_t id;
    int fail_err;           /* a half-done operation spoilt it */
    int ent_delta;          /* nodes owned by conn's domain, added - removed */
    unsigned ntnodes;
    struct xs_tnode *head, *tail;
    struct xs_tnode *tab[TNODE_BUCKETS];
};

/* xs_txn.c */
void tnode_free(struct xs_tnode *tn);

#endif
