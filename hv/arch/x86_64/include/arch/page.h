/* x86_64 page-table entry bits and index helpers. */
#ifndef ARCH_PAGE_H
#define ARCH_PAGE_H

#include <stdint.h>
#include <arch/layout.h>

#define PTE_P     0x001UL
#define PTE_RW    0x002UL
#define PTE_US    0x004UL
#define PTE_PWT   0x008UL
#define PTE_PCD   0x010UL
#define PTE_A     0x020UL
#define PTE_D     0x040UL
#define PTE_PSE   0x080UL
#define PTE_G     0x100UL
#define PTE_NX    (1UL << 63)
#define PTE_ADDR  0x000ffffffffff000UL

#define L1_SHIFT 12
#define L2_SHIFT 21
#define L3_SHIFT 30
#define L4_SHIFT 39
#define PT_ENTRIES 512

/* Index of va in the table of level lvl (1..4). */
static inline unsigned pt_index(uint64_t va, int lvl)
{
    return (va >> (L1_SHIFT + 9 * (lvl - 1))) & (PT_ENTRIES - 1);
}

typedef uint64_t pte_t;

static inline uint64_t pte_mfn(pte_t e)
{
    return (e & PTE_ADDR) >> PAGE_SHIFT;
}

#endif
