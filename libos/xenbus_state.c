/* The XenbusState handshake and keyed reads/writes under a device directory, for front and back drivers. */
#include <errno.h>
#include <stdarg.h>
#include <libos/libos.h>
#include <libos/xenbus.h>

/* "dir/key", malloc'd; NULL if out of memory. */
static char *join(const char *dir, const char *key)
{
    size_t d = strlen(dir), k = strlen(key);
    char *p = malloc(d + 1 + k + 1);

    if (p) {
        memcpy(p, dir, d);
        p[d] = '/';
        memcpy(p + d + 1, key, k + 1);
    }
    return p;
}

int xenbus_read_str(xenbus_xact_t t, const char *dir, const char *key,
                    char **val)
{
    char *path = join(dir, key);
    int rc;

    if (!path)
        return -ENOMEM;
    rc = xenbus_read(t, path, val);
    free(path);
    return rc < 0 ? rc : 0;
}

int xenbus_read_int(xenbus_xact_t t, const char *dir, const char *key,
                    long *val)
{
    char *s, *end;
    int rc = xenbus_read_str(t, dir, key, &s);

    if (rc)
        return rc;
    *val = strtol(s, &end, 10);
    rc = (end == s || *end) ? -EINVAL : 0;
    free(s);
    return rc;
}

int xenbus_read_mac(xenbus_xact_t t, const char *dir, const char *key,
                    uint8_t mac[6])
{
    unsigned b[6];
    char *s, end;
    int rc = xenbus_read_str(t, dir, key, &s);

    if (rc)
        return rc;
    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &end) != 6)
        rc = -EINVAL;
    for (int i = 0; !rc && i < 6; i++)
        mac[i] = b[i];
    free(s);
    return rc;
}

int xenbus_printf(xenbus_xact_t t, const char *dir, const char *key,
                  const char *fmt, ...)
{
    char *path = join(dir, key), *val = NULL;
    va_list ap;
    int n, rc = -ENOMEM;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);    /* measure, then format */
    va_end(ap);
    if (path && n >= 0 && (val = malloc(n + 1))) {
        va_start(ap, fmt);
        vsnprintf(val, n + 1, fmt, ap);
        va_end(ap);
        rc = xenbus_write(t, path, val);
    }
    free(val);
    free(path);
    return rc;
}

int xenbus_switch_state(const char *dir, XenbusState state)
{
    return xenbus_printf(XBT_NIL, dir, "state", "%d", (int)state);
}

XenbusState xenbus_read_state(const char *dir)
{
    long v;

    if (xenbus_read_int(XBT_NIL, dir, "state", &v) || v < 0 || v > 31)
        return XenbusStateUnknown;
    return (XenbusState)v;
}

/*
 * Watch dir/state, then read it after every event: the initial event
 * makes the first read, so a state written before the watch was set is
 * seen as well as any later one.
 */
int xenbus_wait_state(const char *dir, unsigned mask, uint64_t deadline)
{
    struct xenbus_watch w;
    char *path = join(dir, "state"), *fired;
    XenbusState s;
    int rc;

    if (!path)
        return -ENOMEM;
    if ((rc = xenbus_watch_start(&w, path)))
        goto out;
    while ((rc = xenbus_watch_wait(&w, &fired, deadline)) == 0) {
        free(fired);
        if (mask & XENBUS_STATE_BIT(s = xenbus_read_state(dir))) {
            rc = s;
            break;
        }
    }
    xenbus_watch_stop(&w);
out:
    free(path);
    return rc;
}
