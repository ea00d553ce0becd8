/* xenstore operations as typed calls: read, write, mkdir, rm, directory, domain path, permissions. */
#include <errno.h>
#include <libos/libos.h>
#include <xen/io/xs_wire.h>
#include "xenbus_internal.h"

#define FOREVER (~0UL)

/* A request whose reply payload is not wanted: 0 or its error. */
static int simple(uint32_t type, xenbus_xact_t t, const struct xb_part *parts,
                  unsigned n, uint64_t deadline)
{
    int rc = xb_request(type, t, parts, n, NULL, deadline);

    return rc < 0 ? rc : 0;
}

int xenbus_read(xenbus_xact_t t, const char *path, char **value)
{
    struct xb_part p[] = { XB_STR(path) };

    return xb_request(XS_READ, t, p, 1, value, FOREVER);
}

int xenbus_write_by(xenbus_xact_t t, const char *path, const char *value,
                    uint64_t deadline)
{
    /* the value is the rest of the payload: no NUL of its own */
    struct xb_part p[] = { XB_STR(path), { value, strlen(value) } };

    return simple(XS_WRITE, t, p, 2, deadline);
}

int xenbus_write(xenbus_xact_t t, const char *path, const char *value)
{
    return xenbus_write_by(t, path, value, FOREVER);
}

int xenbus_mkdir(xenbus_xact_t t, const char *path)
{
    struct xb_part p[] = { XB_STR(path) };

    return simple(XS_MKDIR, t, p, 1, FOREVER);
}

int xenbus_rm(xenbus_xact_t t, const char *path)
{
    struct xb_part p[] = { XB_STR(path) };

    return simple(XS_RM, t, p, 1, FOREVER);
}

/* How many non-empty NUL-terminated strings body[0..len) holds (the last
 * may end at len: the reply buffer has a NUL there). */
static int count_strings(const char *body, int len)
{
    int n = 0;

    for (int pos = 0; pos < len; pos += strlen(body + pos) + 1)
        if (body[pos])
            n++;
    return n;
}

/* The names as a NULL-terminated array followed by their text, one block. */
static char **string_array(const char *body, int len, int n)
{
    char **names = malloc((n + 1) * sizeof(char *) + len + 1);
    char *text = (char *)(names + n + 1);
    int i = 0;

    if (!names)
        return NULL;
    memcpy(text, body, len + 1);
    for (int pos = 0; pos < len; pos += strlen(text + pos) + 1)
        if (text[pos])
            names[i++] = text + pos;
    names[i] = NULL;
    return names;
}

int xenbus_directory(xenbus_xact_t t, const char *path, char ***names)
{
    struct xb_part p[] = { XB_STR(path) };
    char *body;
    int len = xb_request(XS_DIRECTORY, t, p, 1, &body, FOREVER), n;

    if (len < 0)
        return len;
    n = count_strings(body, len);
    *names = string_array(body, len, n);
    free(body);
    return *names ? n : -ENOMEM;
}

int xenbus_get_domain_path(domid_t domid, char **path)
{
    char id[8];
    struct xb_part p[] = { { id, snprintf(id, sizeof(id), "%u", domid) + 1 } };
    int rc = xb_request(XS_GET_DOMAIN_PATH, XBT_NIL, p, 1, path, FOREVER);

    return rc < 0 ? rc : 0;
}

/* ---- permissions: "<perm><domid>" strings, the owner's first ---- */

int xenbus_get_perms(xenbus_xact_t t, const char *path,
                     struct xenbus_perm **perms)
{
    struct xb_part p[] = { XB_STR(path) };
    char *body;
    int len = xb_request(XS_GET_PERMS, t, p, 1, &body, FOREVER), n = 0;

    if (len < 0)
        return len;
    if (!(*perms = malloc((count_strings(body, len) + 1) * sizeof(**perms)))) {
        free(body);
        return -ENOMEM;
    }
    for (int pos = 0; pos < len; pos += strlen(body + pos) + 1)
        if (body[pos]) {
            (*perms)[n].perm = body[pos];
            (*perms)[n++].dom = strtoul(body + pos + 1, NULL, 10);
        }
    free(body);
    return n;
}

int xenbus_set_perms(xenbus_xact_t t, const char *path,
                     const struct xenbus_perm *perms, unsigned n)
{
    size_t plen = strlen(path) + 1, len = plen;
    char *buf = malloc(plen + n * 8);   /* "b65535\0" is 7 bytes */
    struct xb_part part;
    int rc;

    if (!buf)
        return -ENOMEM;
    memcpy(buf, path, plen);
    for (unsigned i = 0; i < n; i++)
        len += snprintf(buf + len, 8, "%c%u", perms[i].perm, perms[i].dom) + 1;
    part = (struct xb_part){ buf, len };
    rc = simple(XS_SET_PERMS, t, &part, 1, FOREVER);
    free(buf);
    return rc;
}
