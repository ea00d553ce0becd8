/* foreign_attach/detach: grant maps of domU pages into reusable slots. */
#include "foreign.h"
#include <libos/gnttab.h>
#include <libos/mm.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * Map first, bind second: an event can only arrive once the port is
 * bound, and its handler may touch the page at once.  On any failure
 * everything taken so far is given back, so the caller never has half an
 * attachment to undo.
 */
int foreign_attach(struct foreign_page *p, domid_t dom, grant_ref_t ref,
                   evtchn_port_t rport, evtchn_handler_t fn, void *data)
{
    uint64_t va = mm_mapslot_get();
    int rc;

    p->va = NULL;
    p->port = 0;
    if (!va)
        return -ENOMEM;
    if ((rc = gnttab_map(dom, ref, va, 0, &p->handle))) {
        mm_mapslot_put(va);
        return rc;
    }
    p->va = (void *)va;
    if ((rc = evtchn_bind_interdomain(dom, rport, &p->port))) {
        foreign_detach(p);
        return rc;
    }
    evtchn_set_handler(p->port, fn, data);
    return 0;
}

/*
 * The reverse order: unbind (no handler can run any more), then unmap.
 * The unmap is what lets a dying domU go: the hypervisor keeps a granter
 * whose grants are still mapped.  A slot whose unmap failed is not reused
 * (something still maps there).
 */
void foreign_detach(struct foreign_page *p)
{
    if (p->port) {
        evtchn_mask(p->port);
        evtchn_set_handler(p->port, NULL, NULL);
        evtchn_close(p->port);
        p->port = 0;
    }
    if (p->va) {
        int rc = gnttab_unmap(p->handle, (uint64_t)p->va);
        if (rc)
            printf("dom0: unmap of a foreign page failed: %d\n", rc);
        else
            mm_mapslot_put((uint64_t)p->va);
        p->va = NULL;
    }
}
