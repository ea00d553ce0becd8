/* xenstored domains: who is introduced, and how many nodes each owns. */
#include <stdlib.h>
#include "xs_internal.h"

/* A record lives while the domain is introduced or owns nodes. */
struct xs_dom {
    struct xs_dom *next;
    unsigned domid;
    unsigned entries;       /* nodes whose perms[0] names this domain */
    bool introduced;
    uint64_t mfn;
    unsigned port;
};

#define DOM_BUCKETS 1024u
static struct xs_dom *doms[DOM_BUCKETS];

static struct xs_dom **dom_slot(unsigned domid)
{
    struct xs_dom **pp = &doms[domid % DOM_BUCKETS];

    while (*pp && (*pp)->domid != domid)
        pp = &(*pp)->next;
    return pp;
}

static struct xs_dom *dom_get(unsigned domid, bool create)
{
    struct xs_dom **pp = dom_slot(domid);

    if (!*pp && create && (*pp = calloc(1, sizeof(**pp))))
        (*pp)->domid = domid;
    return *pp;
}

static void dom_put(unsigned domid)
{
    struct xs_dom **pp = dom_slot(domid), *d = *pp;

    if (d && !d->entries && !d->introduced) {
        *pp = d->next;
        free(d);
    }
}

/* Count a node gained (+1) or lost (-1) by domid.  Out of memory, a gain
 * goes uncounted: quotas get looser, never wrong the other way. */
void dom_entries_add(unsigned domid, int delta)
{
    struct xs_dom *d = dom_get(domid, delta > 0);

    if (!d)
        return;
    if (delta < 0 && d->entries < (unsigned)-delta)
        d->entries = 0;
    else
        d->entries += (unsigned)delta;
    dom_put(domid);
}

unsigned dom_entries(unsigned domid)
{
    struct xs_dom *d = dom_get(domid, false);

    return d ? d->entries : 0;
}

bool dom_introduced(unsigned domid)
{
    struct xs_dom *d = dom_get(domid, false);

    return d && d->introduced;
}

/* Mark domid introduced; with cb, first let the glue map its ring (also on
 * a repeated introduce, which rebinds in Xen).  @introduceDomain fires
 * only on the first introduction. */
int dom_introduce(unsigned domid, uint64_t mfn, unsigned port, bool cb)
{
    const struct xs_conn_ops *ops = xsd_ops();
    struct xs_dom *d;
    int rc;

    if (domid == 0 || domid > XSD_DOMID_MAX)
        return -EINVAL;
    if (cb && ops && ops->introduce &&
        (rc = ops->introduce(xsd_ops_priv(), domid, mfn, port)))
        return rc < 0 ? rc : -EINVAL;
    if (!(d = dom_get(domid, true)))
        return -ENOMEM;
    d->mfn = mfn;
    d->port = port;
    if (d->introduced)
        return 0;
    d->introduced = true;
    watch_fire_special("@introduceDomain");
    return 0;
}

/* End domid's connection state and tell the glue and the watchers.
 * -ENOENT if it is not introduced (or is domain 0). */
int dom_release(unsigned domid)
{
    const struct xs_conn_ops *ops = xsd_ops();
    struct xs_dom *d = dom_get(domid, false);

    if (domid == 0 || !d || !d->introduced)
        return -ENOENT;
    d->introduced = false;
    dom_put(domid);
    conn_kill_domain(domid);
    if (ops && ops->release)
        ops->release(xsd_ops_priv(), domid);
    watch_fire_special("@releaseDomain");
    return 0;
}

void dom_init(void)
{
    struct xs_dom *d;

    dom_fini();
    if ((d = dom_get(0, true)))
        d->introduced = true;   /* Xen's xenstored knows dom0 from the start */
}

void dom_fini(void)
{
    unsigned i;

    for (i = 0; i < DOM_BUCKETS; i++) {
        while (doms[i]) {
            struct xs_dom *d = doms[i];
            doms[i] = d->next;
            free(d);
        }
    }
}
