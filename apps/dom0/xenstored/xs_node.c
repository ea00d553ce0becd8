/* xenstored live tree: nodes in a hash by full name, linked to parent and
 * children so lookups are O(1) and subtree walks never scan the table. */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

struct xs_node {
    struct xs_ent e;
    char *name;             /* full absolute name */
    uint64_t gen;           /* changes whenever value, perms or kids change */
    struct xs_node *hnext;  /* hash chain */
    struct xs_node *parent, *kid_head, *kid_tail, *prev, *next;
};

static struct xs_node **tab;
static size_t tab_size;     /* power of two */
static unsigned count;
static uint64_t gen_next = 1;   /* transactions compare generations */

static size_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/* Double the table when chains average over 2; keep the old one if
 * memory is short (lookups get slower, nothing breaks). */
static void node_grow(void)
{
    size_t nsize = tab_size ? tab_size * 2 : 1024, i;
    struct xs_node **nt = calloc(nsize, sizeof(*nt));

    if (!nt)
        return;
    for (i = 0; i < tab_size; i++) {
        while (tab[i]) {
            struct xs_node *n = tab[i];
            size_t b = hash_str(n->name) & (nsize - 1);
            tab[i] = n->hnext;
            n->hnext = nt[b];
            nt[b] = n;
        }
    }
    free(tab);
    tab = nt;
    tab_size = nsize;
}

struct xs_node *node_find(const char *path)
{
    struct xs_node *n;

    if (!tab_size)
        return NULL;
    for (n = tab[hash_str(path) & (tab_size - 1)]; n; n = n->hnext)
        if (!strcmp(n->name, path))
            return n;
    return NULL;
}

struct xs_ent *node_ent(struct xs_node *n) { return &n->e; }
const char *node_name(const struct xs_node *n) { return n->name; }
uint64_t node_gen(const struct xs_node *n) { return n->gen; }
struct xs_node *node_first_child(const struct xs_node *n) { return n->kid_head; }
struct xs_node *node_next_sibling(const struct xs_node *n) { return n->next; }
struct xs_node *node_parent(const struct xs_node *n) { return n->parent; }
unsigned node_count(void) { return count; }

static void node_link(struct xs_node *n, struct xs_node *parent)
{
    size_t b = hash_str(n->name) & (tab_size - 1);

    n->hnext = tab[b];
    tab[b] = n;
    n->parent = parent;
    if (parent) {
        n->prev = parent->kid_tail;
        if (parent->kid_tail)
            parent->kid_tail->next = n;
        else
            parent->kid_head = n;
        parent->kid_tail = n;
        parent->gen = gen_next++;
    }
    count++;
    dom_entries_add(n->e.perms.p[0].domid, 1);
}

/* Create path, whose parent must exist (except for "/"), with a copy of
 * val and perms.  -EEXIST, -ENOENT (no parent), -ENOMEM. */
int node_create(const char *path, const char *val, size_t len,
                const struct xs_perms *perms)
{
    size_t plen = path_parent_len(path);
    struct xs_node *parent = NULL, *n;
    char pname[XENSTORE_ABS_PATH_MAX + 1];

    if (node_find(path))
        return -EEXIST;
    if (plen) {
        memcpy(pname, path, plen);
        pname[plen] = 0;
        if (!(parent = node_find(pname)))
            return -ENOENT;
    }
    if (count >= tab_size * 2)
        node_grow();
    n = calloc(1, sizeof(*n));
    if (!n || !tab_size || !(n->name = strdup(path)) ||
        !(n->e.value = malloc(len + 1)) || perms_copy(&n->e.perms, perms)) {
        if (n) {
            free(n->name);
            free(n->e.value);
        }
        free(n);
        return -ENOMEM;
    }
    memcpy(n->e.value, val, len);
    n->e.value[len] = 0;        /* convenience for callers printing it */
    n->e.len = len;
    n->gen = gen_next++;
    node_link(n, parent);
    return 0;
}

/* Replace n's value (unless val is NULL) and perms (unless NULL); the
 * owner's entry count moves with the node.  0 or -ENOMEM (n unchanged). */
int node_set(struct xs_node *n, const char *val, size_t len,
             const struct xs_perms *perms)
{
    struct xs_perms np = { 0, NULL };
    char *nv = NULL;

    if ((val && !(nv = malloc(len + 1))) || (perms && perms_copy(&np, perms))) {
        free(nv);
        return -ENOMEM;
    }
    if (nv) {
        memcpy(nv, val, len);
        nv[len] = 0;
        free(n->e.value);
        n->e.value = nv;
        n->e.len = len;
    }
    if (perms) {
        dom_entries_add(n->e.perms.p[0].domid, -1);
        perms_free(&n->e.perms);
        n->e.perms = np;
        dom_entries_add(n->e.perms.p[0].domid, 1);
    }
    n->gen = gen_next++;
    return 0;
}

static void node_unlink_free(struct xs_node *n)
{
    struct xs_node **pp = &tab[hash_str(n->name) & (tab_size - 1)];

    while (*pp != n)
        pp = &(*pp)->hnext;
    *pp = n->hnext;
    if (n->parent) {
        if (n->prev)
            n->prev->next = n->next;
        else
            n->parent->kid_head = n->next;
        if (n->next)
            n->next->prev = n->prev;
        else
            n->parent->kid_tail = n->prev;
        n->parent->gen = gen_next++;
    }
    count--;
    dom_entries_add(n->e.perms.p[0].domid, -1);
    perms_free(&n->e.perms);
    free(n->e.value);
    free(n->name);
    free(n);
}

/* Remove n and its subtree, children first, without recursion (trees can
 * be over a thousand levels deep).  fn (may be NULL) sees each node just
 * before it goes; root is true for n itself. */
void node_remove(struct xs_node *n,
                 void (*fn)(void *arg, struct xs_node *n, bool root),
                 void *arg)
{
    struct xs_node *cur = n;

    for (;;) {
        struct xs_node *up;
        bool last;

        while (cur->kid_head)
            cur = cur->kid_head;
        up = cur->parent;
        last = cur == n;
        if (fn)
            fn(arg, cur, last);
        node_unlink_free(cur);
        if (last)
            return;
        cur = up;
    }
}

/* n's children's names, each NUL-terminated, in creation order, in a
 * malloc'ed *buf (never NULL on success) of *len bytes. */
int node_children(const struct xs_node *n, char **buf, size_t *len)
{
    const struct xs_node *k;
    size_t total = 0, off = 0;

    for (k = n->kid_head; k; k = k->next)
        total += strlen(strrchr(k->name, '/') + 1) + 1;
    *buf = malloc(total + 1);
    if (!*buf)
        return -ENOMEM;
    for (k = n->kid_head; k; k = k->next) {
        const char *base = strrchr(k->name, '/') + 1;
        size_t bl = strlen(base) + 1;
        memcpy(*buf + off, base, bl);
        off += bl;
    }
    *len = total;
    return 0;
}

void node_init(void)
{
    node_fini();
    node_grow();
}

void node_fini(void)
{
    struct xs_node *root = node_find("/");

    if (root)
        node_remove(root, NULL, NULL);
    free(tab);
    tab = NULL;
    tab_size = 0;
    count = 0;
}
