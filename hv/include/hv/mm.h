/* Machine memory: direct map, machine-to-phys table, hypervisor page tables. */
#ifndef HV_MM_H
#define HV_MM_H

#include <arch/page.h>
#include <hv/bootinfo.h>
#include <hv/frame.h>

static inline void *maddr_to_virt(uint64_t ma)
{
    return (void *)(ma + HV_DIRECTMAP_BASE);
}
static inline void *mfn_to_virt(uint64_t mfn)
{
    return maddr_to_virt(mfn << PAGE_SHIFT);
}
static inline uint64_t virt_to_maddr(const void *p)
{
    return (uint64_t)p - HV_DIRECTMAP_BASE;
}

/* The hypervisor's writable view of the M2P; guests see it read-only at
 * MACH2PHYS_VIRT_START.  Entries of frames no guest owns are ~0. */
extern uint64_t *m2p;
/* The hypervisor-only address space; its slots 256..271 go into every guest L4. */
extern pte_t *idle_l4;

/* paging.c */
void mm_init(const struct boot_info *bi);
/* Module memory becomes free once the domains are built from it. */
void mm_release_modules(const struct boot_info *bi);
/* Allocate a frame for owner on list and zero it; MFN_INVALID if none. */
uint64_t mm_alloc_zeroed(domid_t owner, struct frame_list *list);

/* guest_access.c: the one door to guest memory.  Translate through the
 * current vcpu's page tables (present, user, writable for writes) and copy.
 * Return 0 or -XEN_EFAULT; never fault in the hypervisor. */
int copy_from_guest(void *dst, uint64_t gva, uint64_t len);
int copy_to_guest(uint64_t gva, const void *src, uint64_t len);
/* The frame behind gva for the current vcpu, checked as above. */
int guest_va_to_mfn(uint64_t gva, int write, uint64_t *mfn);

/* vmap.c: a window in slot 263 where frames get contiguous hypervisor
 * addresses (e.g. a guest's ELF image for the builder).  One user at a
 * time; the mapping lasts until vmap_release. */
#define VMAP_MAX_PAGES 4096
void vmap_init(void);
void *vmap_guest_range(uint64_t gva, uint64_t size);
void vmap_release(void);

#endif
