/* Grant tables (v1), guest side: grant our frames; map and copy others'. */
#ifndef LIBOS_GNTTAB_H
#define LIBOS_GNTTAB_H

#include <stdint.h>
#include <libos/hypercall.h>
#include <xen/grant_table.h>

#define GNTTAB_FRAMES 4                 /* frames we ask for: 2048 refs */

static inline long hypercall_grant_table_op(unsigned cmd, void *ops,
                                            unsigned count)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, (uint64_t)ops, count);
}

/* gnttab.c */
/* mm_init, then set up and map our grant table (refs below
 * GNTTAB_NR_RESERVED_ENTRIES stay the toolstack's).  0 or a negative
 * Xen errno; GNTST_* failures of setup_table come back as -XEN_EIO. */
int gnttab_init(void);
/* Let domid map or copy machine frame mfn (read-only if readonly).
 * Returns the grant ref, -XEN_ENOSPC when every ref is in use, or
 * -XEN_EINVAL before gnttab_init or for an mfn above v1's 32 bits. */
int gnttab_grant_access(domid_t domid, uint64_t mfn, int readonly);
/* End a grant (v1: only while neither GTF_reading nor GTF_writing is set,
 * checked and cleared with one cmpxchg).  0, -XEN_EBUSY while the peer
 * still has it mapped, or -XEN_EINVAL for a ref not granted. */
int gnttab_end_access(grant_ref_t ref);
/* The flags of our entry ref as the hypervisor keeps them (GTF_*). */
uint16_t gnttab_flags(grant_ref_t ref);
/*
 * Map dom's grant ref at va (page aligned; its L1 table must exist, e.g.
 * from mm_va_alloc), read-only if readonly.  The results below are
 * GNTST_* statuses, or a negative Xen errno (below GNTST_no_space) when
 * the hypercall itself failed.
 */
int gnttab_map(domid_t dom, grant_ref_t ref, uint64_t va, int readonly,
               grant_handle_t *handle);
int gnttab_unmap(grant_handle_t handle, uint64_t va);
/* Copy len bytes from src to dst.  A side names either a grant (its flag
 * GNTCOPY_source_gref or GNTCOPY_dest_gref in flags: u.ref of domid) or a
 * frame of ours (u.gmfn, domid DOMID_SELF); offset + len stays within
 * the page. */
int gnttab_copy(const struct gnttab_copy_ptr *src,
                const struct gnttab_copy_ptr *dst, uint16_t len,
                uint16_t flags);
/* n copies in one hypercall (backends batch a ring's worth).  Each op's
 * status says how it went (GNTST_*); returns 0, or a negative Xen errno
 * when the hypercall itself failed (then no status can be trusted). */
int gnttab_copy_batch(gnttab_copy_t *ops, unsigned n);

#endif
