/* xenstored entry points: setup, and the direct calls dom0's toolstack and
 * shell make (as domain 0, outside transactions). */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

static const struct xs_conn_ops *g_ops;
static void *g_priv;
static struct xs_conn *local;

const struct xs_conn_ops *xsd_ops(void) { return g_ops; }
void *xsd_ops_priv(void) { return g_priv; }
struct xs_conn *xsd_local_conn(void) { return local; }

void xsd_init(const struct xs_conn_ops *ops, void *priv)
{
    static const char *const base[] = {
        "/", "/local", "/local/domain", "/local/domain/0", "/vm", "/tool",
    };
    struct xs_perm owner0 = { 0, XS_PERM_NONE };
    struct xs_perms perms = { 1, &owner0 };
    size_t i;

    conn_fini();
    node_init();
    dom_init();
    watch_init();
    g_ops = ops;
    g_priv = priv;
    for (i = 0; i < sizeof(base) / sizeof(base[0]); i++)
        node_create(base[i], "", 0, &perms);
    local = xsd_conn_new(0, true);
}

/* Direct calls take absolute names only. */
static int api_path(const char *path)
{
    return path && path_valid_abs(path) ? 0 : -EINVAL;
}

int xsd_write(const char *path, const char *value, size_t len)
{
    /* a longer value could not be read back through a reply */
    if (len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    return api_path(path) ?: op_write(NULL, NULL, path, value, len);
}

int xsd_read(const char *path, char *buf, size_t max)
{
    struct xs_ent *e;
    int rc = api_path(path) ?: op_read(NULL, NULL, path, &e);

    if (rc)
        return rc;
    if (max)
        memcpy(buf, e->value, e->len < max ? e->len : max);
    return (int)e->len;
}

int xsd_mkdir(const char *path)
{
    return api_path(path) ?: op_mkdir(NULL, NULL, path);
}

int xsd_rm(const char *path)
{
    return api_path(path) ?: op_rm(NULL, NULL, path);
}

/* "n5 r0" -> the NUL-separated wire form, then as SET_PERMS. */
int xsd_set_perms(const char *path, const char *perms_str)
{
    struct xs_perms perms;
    size_t i, len = perms_str ? strlen(perms_str) : 0;
    char *s;
    int rc = api_path(path);

    if (rc || !len)
        return rc ?: -EINVAL;
    if (!(s = malloc(len + 1)))
        return -ENOMEM;
    for (i = 0; i <= len; i++)
        s[i] = perms_str[i] == ' ' ? 0 : perms_str[i];
    rc = perms_parse(s, len + 1, &perms);   /* "n5  r0" (empty entry) fails */
    free(s);
    if (rc)
        return rc;
    rc = op_set_perms(NULL, NULL, path, &perms);
    perms_free(&perms);
    return rc;
}

int xsd_directory(const char *path, char *buf, size_t max)
{
    char *kids;
    size_t len;
    int rc = api_path(path) ?: op_directory(NULL, NULL, path, &kids, &len);

    if (rc)
        return rc;
    if (max)
        memcpy(buf, kids, len < max ? len : max);
    free(kids);
    return (int)len;
}

int xsd_introduce_domain(unsigned domid)
{
    return dom_introduce(domid, 0, 0, false);
}

void xsd_release_domain(unsigned domid)
{
    dom_release(domid);     /* -ENOENT: nothing to release */
}

bool xsd_domain_introduced(unsigned domid)
{
    return dom_introduced(domid);
}

unsigned xsd_entries_of(unsigned domid)
{
    return dom_entries(domid);
}

unsigned xsd_node_count(void)
{
    return node_count();
}

/* Pre-order walk without recursion: down to the first child, else on to
 * the next sibling of the nearest ancestor that has one, up to the start. */
int xsd_walk(const char *path,
             void (*fn)(void *arg, const char *path, const char *value,
                        size_t len),
             void *arg)
{
    struct xs_node *start, *n;
    int rc = api_path(path);

    if (rc)
        return rc;
    if (!(start = n = node_find(path)))
        return -ENOENT;
    while (n) {
        fn(arg, node_name(n), node_ent(n)->value, node_ent(n)->len);
        if (node_first_child(n)) {
            n = node_first_child(n);
            continue;
        }
        while (n != start && !node_next_sibling(n))
            n = node_parent(n);
        n = n == start ? NULL : node_next_sibling(n);
    }
    return 0;
}
