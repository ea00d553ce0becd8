/* Pages of other domains that dom0's backends map by grant, and their ports. */
#ifndef DOM0_FOREIGN_H
#define DOM0_FOREIGN_H

#include <libos/events.h>
#include <stdint.h>
#include <xen/grant_table.h>

/* One granted page of a domU mapped here, with the event channel bound to
 * the domU's port for it. */
struct foreign_page {
    void *va;                          /* NULL: not mapped */
    grant_handle_t handle;
    evtchn_port_t port;                /* our end; 0: none */
};

/* foreign.c */
/* Map dom's grant ref writable and bind to dom's port rport with handler
 * fn(data).  0, or a negative errno/GNTST status, with nothing left held. */
int foreign_attach(struct foreign_page *p, domid_t dom, grant_ref_t ref,
                   evtchn_port_t rport, evtchn_handler_t fn, void *data);
/* Unbind and unmap; the mapping slot is reused.  Safe on a detached p. */
void foreign_detach(struct foreign_page *p);

#endif
