/* xenstored permissions: Xen's (domid, perm) lists, parsing and checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

/* A NULL conn is dom0's own direct calls. */
bool conn_priv(const struct xs_conn *c)
{
    return !c || c->priv;
}

unsigned conn_domid(const struct xs_conn *c)
{
    return c ? c->domid : 0;
}

/* One entry: a letter n/r/w/b then a decimal domid, e.g. "r5". */
static int perm_parse_one(const char *s, struct xs_perm *out)
{
    static const char letters[] = "nrwb";   /* index == bits */
    const char *l = s[0] ? strchr(letters, s[0]) : NULL;
    unsigned long long id;

    if (!l || parse_uint(s + 1, XSD_PERM_ID_MAX, &id))
        return -EINVAL;
    out->perm = (unsigned)(l - letters);
    out->domid = (unsigned)id;
    return 0;
}

/* Parse the NUL-terminated entries that fill strs[0..len) exactly.
 * -EINVAL for an empty list, a bad entry or an unterminated one. */
int perms_parse(const char *strs, size_t len, struct xs_perms *out)
{
    unsigned n = 0, i = 0;
    size_t off;

    if (len == 0 || strs[len - 1] != 0)
        return -EINVAL;
    for (off = 0; off < len; off++)
        n += strs[off] == 0;
    out->p = calloc(n, sizeof(*out->p));
    if (!out->p)
        return -ENOMEM;
    out->num = n;
    for (off = 0; off < len; off += strlen(strs + off) + 1) {
        if (perm_parse_one(strs + off, &out->p[i++])) {
            perms_free(out);
            return -EINVAL;
        }
    }
    return 0;
}

/* "r0\0n5\0" style, each entry NUL-terminated; length or -E2BIG. */
int perms_format(const struct xs_perms *p, char *buf, size_t max)
{
    static const char letters[] = "nrwb";
    size_t off = 0;
    unsigned i;

    for (i = 0; i < p->num; i++) {
        int n = snprintf(buf + off, max - off, "%c%u",
                         letters[p->p[i].perm & 3], p->p[i].domid);
        if (n < 0 || off + (size_t)n + 1 > max)
            return -E2BIG;
        off += (size_t)n + 1;   /* keep snprintf's NUL as separator */
    }
    return (int)off;
}

int perms_copy(struct xs_perms *dst, const struct xs_perms *src)
{
    struct xs_perm *p = malloc(src->num * sizeof(*p));

    if (!p)
        return -ENOMEM;
    memcpy(p, src->p, src->num * sizeof(*p));
    dst->p = p;
    dst->num = src->num;
    return 0;
}

void perms_free(struct xs_perms *p)
{
    free(p->p);
    p->p = NULL;
    p->num = 0;
}

/* What c may do on a node with perms p, as Xen's perm_for_conn: the
 * privileged and the owner get everything (OWNER included), a listed domain
 * its entry, anyone else the owner entry's perm. */
unsigned perm_for(const struct xs_conn *c, const struct xs_perms *p)
{
    const unsigned all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
    unsigned i;

    if (conn_priv(c))
        return all;
    if (p->num == 0)
        return XS_PERM_NONE;    /* no node: nothing to grant */
    if (p->p[0].domid == c->domid)
        return all;
    for (i = 1; i < p->num; i++)
        if (p->p[i].domid == c->domid)
            return p->p[i].perm;
    return p->p[0].perm;
}
