/* Guest memory: p2m and M2P, a page allocator, our own page tables, the reservation. */
#ifndef LIBOS_MM_H
#define LIBOS_MM_H

#include <stdint.h>
#include <libos/hypercall.h>
#include <xen/memory.h>
#include <xen/xen.h>

/*
 * The layout after mm_init:
 *   MM_VIRT_BASE + pfn * 4096   every backed pfn (writable, except frames
 *                               that are page tables: read-only)
 *   MM_MAP_BASE ...             mm_va_alloc's area for other frames
 *                               (grant frames, grant maps, a grown p2m)
 * Nothing here is reentrant: call it from thread context, not handlers.
 *
 * libos switches to its own tables on request, not at boot: the first user
 * of memory (gnttab_init, an app) calls mm_init.  An app that needs none
 * keeps Xen's start-of-day layout as documented (bootstrap tables at
 * pt_base, read-only), which the traps conformance guest relies on, and
 * boots without the extra work.
 */
#define MM_PAGE_SIZE  4096UL
#define MM_VIRT_BASE  0x400000UL            /* libos.ld: pfn 0 is here */
#define MM_MAP_BASE   0x0000008000000000UL  /* PML4 slot 1 */
#define MM_NO_PFN     (~0UL)                /* mm_alloc_page: none left */
#define MM_NO_MFN     (~0UL)                /* p2m entry of a hole */

/* x86_64 entry bits (Xen passes them through: xen.h, mmu_update) */
#define MM_PTE_P      0x001UL
#define MM_PTE_RW     0x002UL
#define MM_PTE_US     0x004UL
#define MM_PTE_PWT    0x008UL
#define MM_PTE_PCD    0x010UL
#define MM_PTE_A      0x020UL
#define MM_PTE_D      0x040UL
#define MM_PTE_PSE    0x080UL               /* PAT in an L1 entry */
#define MM_PTE_G      0x100UL
#define MM_PTE_NX     (1UL << 63)
#define MM_PTE_ADDR   0x000ffffffffff000UL
/* A data page (64-bit PV kernels run in ring 3: user bit), a table link. */
#define MM_PTE_PAGE   (MM_PTE_P | MM_PTE_US | MM_PTE_A)
#define MM_PTE_TABLE  (MM_PTE_P | MM_PTE_RW | MM_PTE_US | MM_PTE_A)

#define MM_WRITABLE   1                     /* mm_map flags */

/* Raw hypercalls of this area (hypercall.h has the foundation's). */
static inline long hypercall_mmu_update(const mmu_update_t *reqs,
                                        unsigned count, unsigned *done,
                                        domid_t foreigndom)
{
    return hypercall5(__HYPERVISOR_mmu_update, (uint64_t)reqs, count,
                      (uint64_t)done, foreigndom, 0);
}

static inline long hypercall_mmuext_op(const struct mmuext_op *ops,
                                       unsigned count, unsigned *done,
                                       domid_t foreigndom)
{
    return hypercall5(__HYPERVISOR_mmuext_op, (uint64_t)ops, count,
                      (uint64_t)done, foreigndom, 0);
}

static inline long hypercall_memory_op(unsigned cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_memory_op, cmd, (uint64_t)arg);
}

/* mm.c */
/*
 * Build a new set of page tables mapping what the builder's bootstrap
 * tables mapped, then every backed pfn at MM_VIRT_BASE + pfn * 4096; pin
 * it, switch to it, unpin the bootstrap tables and give their frames to
 * the allocator with the rest of the free RAM.  Call it before making any
 * mapping of your own (those are not carried over).  Idempotent: 0 when
 * done, else a negative Xen errno (fatal: memory state is then unknown).
 */
int mm_init(void);
/* Translations: p2m (ours after mm_init), M2P (the hypervisor's). */
uint64_t mm_pfn_to_mfn(uint64_t pfn);       /* MM_NO_MFN for a hole */
uint64_t mm_mfn_to_pfn(uint64_t mfn);
static inline void *mm_pfn_to_va(uint64_t pfn)
{
    return (void *)(MM_VIRT_BASE + pfn * MM_PAGE_SIZE);
}
static inline uint64_t mm_va_to_pfn(const void *va)
{
    return ((uint64_t)va - MM_VIRT_BASE) / MM_PAGE_SIZE;
}
/* A free page, mapped writable at mm_pfn_to_va (contents undefined), or
 * MM_NO_PFN.  mm_free_page takes it back, mapped the same way. */
uint64_t mm_alloc_page(void);
void mm_free_page(uint64_t pfn);
uint64_t mm_free_pages(void);               /* how many are free */
/* n pages of fresh virtual space in the map area, with the page tables
 * that cover it present and its entries empty (what a grant map needs);
 * 0 when out of memory.  The space is never given back. */
uint64_t mm_va_alloc(unsigned n);
/* mapslot.c: one page of that space, reused once put back (for grant
 * maps that come and go); 0 when out of memory. */
uint64_t mm_mapslot_get(void);
void mm_mapslot_put(uint64_t va);
/* Map machine frame mfn at va (page aligned), writable if flags has
 * MM_WRITABLE, creating tables as needed; unmap it.  0 or Xen's errno. */
int mm_map(uint64_t va, uint64_t mfn, unsigned flags);
int mm_unmap(uint64_t va);
/* n fresh pages of ours mapped writable from va: 0, or -XEN_ENOMEM with
 * none left mapped; and their undoing, frames freed (heap, stacks). */
int mm_map_new(uint64_t va, unsigned n);
void mm_unmap_free(uint64_t va, unsigned n);
/* Remap pfn at its own address, writable or read-only. */
int mm_protect(uint64_t pfn, int writable);
/* The current entry of level lvl (1..4) for va, 0 if a table above is
 * missing; and the machine address of that entry (for mmu_update). */
uint64_t mm_entry(uint64_t va, int lvl);
int mm_entry_maddr(uint64_t va, int lvl, uint64_t *maddr);
uint64_t mm_l4_mfn(void);                   /* our L4, after mm_init */
/* Where the L4 in use is mapped (read-only): the builder's at pt_base
 * until mm_init switched (the first malloc does). */
void *mm_l4_va(void);
/*
 * Grow by n pages: refill pfns given back earlier (populate_physmap),
 * then add pfns above the top (increase_reservation plus
 * MMU_MACHPHYS_UPDATE), map them and free them to the allocator.  Shrink
 * by n free pages (unmapped, then decrease_reservation).  Both return how
 * many pages were done (fewer at maxmem or when no page is free), or a
 * negative Xen errno if the hypervisor refused the request outright.
 */
long mm_reservation_grow(unsigned n);
long mm_reservation_shrink(unsigned n);

#endif
