/* xenstore transactions: start, end, and a retry loop for commits that conflict. */
#include <errno.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <xen/io/xs_wire.h>
#include "xenbus_internal.h"

int xenbus_xact_start(xenbus_xact_t *t)
{
    struct xb_part p[] = { XB_STR("") };  /* the payload is an empty string */
    char *id, *end;
    int rc = xb_request(XS_TRANSACTION_START, XBT_NIL, p, 1, &id, ~0UL);
    unsigned long v;

    if (rc < 0)
        return rc;
    v = strtoul(id, &end, 10);
    rc = (end == id || *end || v == 0 || v > UINT32_MAX) ? -EIO : 0;
    free(id);
    if (!rc)
        *t = v;
    return rc;
}

int xenbus_xact_end(xenbus_xact_t t, bool abort)
{
    struct xb_part p[] = { XB_STR(abort ? "F" : "T") };
    int rc = xb_request(XS_TRANSACTION_END, t, p, 1, NULL, ~0UL);

    return rc < 0 ? rc : 0;
}

/* One attempt: fn's result after a commit, or the first error. */
static int attempt(int (*fn)(xenbus_xact_t, void *), void *arg)
{
    xenbus_xact_t t;
    int rc = xenbus_xact_start(&t), ret;

    if (rc)
        return rc;
    if ((ret = fn(t, arg)) < 0) {
        xenbus_xact_end(t, true);       /* fn's error is the news */
        return ret;
    }
    rc = xenbus_xact_end(t, false);
    return rc ? rc : ret;
}

int xenbus_transact(int (*fn)(xenbus_xact_t t, void *arg), void *arg)
{
    int rc = -EAGAIN;

    for (int i = 0; i < XENBUS_XACT_TRIES && rc == -EAGAIN; i++) {
        if (i)
            thread_yield();             /* let the other writer finish */
        rc = attempt(fn, arg);
    }
    return rc;
}
