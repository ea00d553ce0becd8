/* The mm conformance guest's shared fixture, helpers and the parts it runs. */
#ifndef TESTS_GUEST_MM_TEST_H
#define TESTS_GUEST_MM_TEST_H

#include <libos/mm.h>
#include <xen/errno.h>

#define PAGE      MM_PAGE_SIZE
#define RW_FLAGS  (MM_PTE_PAGE | MM_PTE_RW | MM_PTE_D)
#define RO_FLAGS  MM_PTE_PAGE
#define NR(a)     (sizeof(a) / sizeof((a)[0]))

/* What every part may use; set up by main before the parts run. */
struct fixture {
    domid_t peer;             /* the peer domain (owns foreign) */
    uint64_t foreign;         /* a frame the peer owns */
    uint64_t va;              /* 4 pages of map area (tables present),
                                 then an unmapped guard page */
    uint64_t pfn[3], mfn[3];  /* three pages of ours, allocated */
};
extern struct fixture fx;

/* check.h's counters are per file: each part exports its own. */
#define CHECK_PART(part)                                                   \
    void part##_counts(int *run, int *failed)                              \
    {                                                                      \
        *run += checks_run;                                                \
        *failed += checks_failed;                                          \
    }

/* main.c: helpers */
static inline uint64_t pte(uint64_t mfn, uint64_t flags)
{
    return (mfn << 12) | flags;
}
long mmu1(uint64_t ptr, uint64_t val);               /* one mmu_update */
long ext1(unsigned cmd, uint64_t arg1, uint64_t arg2);   /* one mmuext_op */
uint64_t l1_maddr(uint64_t va);                      /* va's L1 entry */
uint64_t page_new(uint64_t *mfn);                    /* allocated, zeroed */

/* the parts */
void mmu_check(void);                 /* mmu.c: mmu_update, update_va_mapping */
void valid_check(void);               /* valid.c: validation rules */
void ext_check(void);                 /* ext.c: mmuext_op */
void memop_check(void);               /* memop.c: memory_op, reservation */
void misc_check(void);                /* misc.c: vm_assist, multicall */
void mmu_counts(int *run, int *failed);
void valid_counts(int *run, int *failed);
void ext_counts(int *run, int *failed);
void memop_counts(int *run, int *failed);
void misc_counts(int *run, int *failed);

#endif
