/* xenstored paths: Xen's node-name rules and relative-path resolution. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

/* Xen allows alphanumerics and "-/_@" in node names. */
static bool path_chars_ok(const char *p)
{
    for (; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || strchr("-/_@", ch)))
            return false;
    }
    return true;
}

/* An absolute node name: starts with '/', no "//", no trailing '/' except
 * for "/" itself, at most XENSTORE_ABS_PATH_MAX characters. */
bool path_valid_abs(const char *p)
{
    size_t n = strlen(p);

    if (n == 0 || p[0] != '/' || n > XENSTORE_ABS_PATH_MAX)
        return false;
    if (n > 1 && p[n - 1] == '/')
        return false;
    if (strstr(p, "//"))
        return false;
    return path_chars_ok(p);
}

/* Length of the "/local/domain/<id>/" prefix of p, or 0.  Xen counts the
 * XENSTORE_REL_PATH_MAX limit from there, so deep domain trees are fine. */
static size_t path_local_off(const char *p)
{
    static const char pre[] = "/local/domain/";
    size_t i = sizeof(pre) - 1, digits = 0;

    if (strncmp(p, pre, i))
        return 0;
    while (p[i] >= '0' && p[i] <= '9' && digits < 5)
        i++, digits++;
    return digits && p[i] == '/' ? i + 1 : 0;
}

int domain_path(unsigned domid, char *buf, size_t max)
{
    int n = snprintf(buf, max, "/local/domain/%u", domid);

    return n < 0 || (size_t)n >= max ? -EINVAL : n;
}

/* Resolve in for c: absolute as is, special ("@...") only when
 * allow_special, anything else relative to c's /local/domain/<domid>.
 * *out is malloc'ed; *rel_off (if not NULL) gets the length of the prefix
 * added to a relative path (0 otherwise), for reporting watch events
 * relative again.  -EINVAL for invalid names, -ENOMEM. */
int path_canon(const struct xs_conn *c, const char *in, bool allow_special,
               char **out, size_t *rel_off)
{
    char pre[32];
    size_t off = 0;
    char *p;

    if (in[0] == '@') {
        if (!allow_special || strlen(in) > XENSTORE_REL_PATH_MAX ||
            !path_chars_ok(in))
            return -EINVAL;
        p = strdup(in);
    } else if (in[0] == '/') {
        p = strdup(in);
    } else {
        domain_path(conn_domid(c), pre, sizeof(pre) - 1);
        strcat(pre, "/");
        off = strlen(pre);
        p = malloc(off + strlen(in) + 1);
        if (p)
            strcat(strcpy(p, pre), in);
    }
    if (!p)
        return -ENOMEM;
    if (p[0] == '/' && (!path_valid_abs(p) ||
        (!conn_priv(c) && strlen(p) - path_local_off(p) >
                              XENSTORE_REL_PATH_MAX))) {
        free(p);
        return -EINVAL;
    }
    *out = p;
    if (rel_off)
        *rel_off = off;
    return 0;
}

/* Length of p's parent name ("/a" for "/a/b", "/" for "/a"); 0 for "/". */
size_t path_parent_len(const char *p)
{
    const char *s = strrchr(p, '/');

    if (!s || (s == p && p[1] == 0))
        return 0;
    return s == p ? 1 : (size_t)(s - p);
}

/* Whether p is dir or below it. */
bool path_is_under(const char *p, const char *dir)
{
    size_t n = strlen(dir);

    if (n == 1 && dir[0] == '/')
        return p[0] == '/';
    return !strncmp(p, dir, n) && (p[n] == 0 || p[n] == '/');
}

/* Number of components: 0 for "/", 2 for "/a/b". */
size_t path_depth(const char *p)
{
    size_t d = 0;

    if (p[0] == '/' && p[1] == 0)
        return 0;
    for (; *p; p++)
        d += *p == '/';
    return d;
}

/* Strict decimal: digits only, no sign, no overflow, <= max. */
int parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
    unsigned long long v = 0;

    if (!*s)
        return -EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -EINVAL;
        if (v > (max - (unsigned)(*s - '0')) / 10)
            return -EINVAL;
        v = v * 10 + (unsigned)(*s - '0');
    }
    *out = v;
    return 0;
}
