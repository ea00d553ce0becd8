/* Project-only ABI extension shared by the hypervisor and libos: a domain
 * ends with an exit status.  Self-contained; names cannot collide with
 * Xen's. */
#ifndef HVX_SCHED_H
#define HVX_SCHED_H

#include <stdint.h>

/*
 * Issued as sched_op(HVX_SCHEDOP_exit, &struct hvx_sched_exit), a command
 * number far outside Xen's SCHEDOP_* (real Xen answers -ENOSYS, and the
 * caller then shuts down the Xen way: SHUTDOWN_crash for a non-zero
 * status).  For domains without a toolstack to tell (our boot-time
 * domains): the hypervisor logs "exited with status N" rather than a
 * crash, and shuts the domain down with SHUTDOWN_poweroff for status 0,
 * SHUTDOWN_crash otherwise, so every Xen-ABI view (getdomaininfo,
 * VIRQ_DOM_EXC) stays as Xen's.  Does not return on success.
 */
#define HVX_SCHEDOP_exit 0x48560001u           /* "HV", 1 */

struct hvx_sched_exit {
    /* IN */
    int32_t status;                 /* main's return, or exit()'s argument */
};

_Static_assert(sizeof(struct hvx_sched_exit) == 4, "hvx_sched_exit size");

#endif
