/* xenstored in dom0: the rings and event channels around apps/dom0/xenstored. */
#ifndef DOM0_XS_GLUE_H
#define DOM0_XS_GLUE_H

#include <stdint.h>
#include <xen/xen.h>

/* xs_glue.c */
/* Start the store (xsd_init), its service thread, and plug dom0's own
 * libos xenbus into it in-process.  0 or -errno. */
int xs_glue_start(void);
/* Serve domid's store ring: map its reserved grant, bind its port, make
 * its connection, and introduce it (@introduceDomain).  0 or -errno. */
int xs_glue_introduce(domid_t domid, uint32_t port);
/* The domain is going: release it (@releaseDomain), unmap, unbind. */
void xs_glue_release(domid_t domid);

#endif
