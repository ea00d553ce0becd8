/* Aliased regions: one frame mapped at every page of a large range, through our own page tables. */
#include "hog.h"

#define MAX_SLOTS 8

/* The L1 and L2 tables of each region, and the page they alias. */
static uint64_t l1s[MAX_SLOTS][512] __attribute__((aligned(4096)));
static uint64_t l2s[MAX_SLOTS][512] __attribute__((aligned(4096)));

uint64_t va_to_mfn(uint64_t va)
{
    return ((const uint64_t *)start_info->mfn_list)[(va - VIRT_BASE) >> 12];
}

/* The mfn of our bootstrap L3 (the one under VIRT_BASE), from the L4's
 * read-only mapping in the bootstrap region. */
static uint64_t bootstrap_l3_mfn(void)
{
    const uint64_t *l4 = (const uint64_t *)start_info->pt_base;

    return PTE_MFN(l4[(VIRT_BASE >> 39) & 511]);
}

static long mmu_write(uint64_t ma, uint64_t val)
{
    mmu_update_t u = { .ptr = ma, .val = val };

    return hypercall5(__HYPERVISOR_mmu_update, (uint64_t)&u, 1, 0,
                      DOMID_SELF, 0);
}

/* Map our page at va read-only: it is about to become a page table. */
static long make_read_only(void *va)
{
    return hypercall_update_va_mapping((uint64_t)va,
                                       va_to_mfn((uint64_t)va) << 12 |
                                       PTE_P | PTE_US | PTE_A, UVMF_INVLPG);
}

uint64_t alias_region(unsigned slot, void *page, unsigned n2, bool writable)
{
    uint64_t *l1 = l1s[slot], *l2 = l2s[slot];
    uint64_t leaf = va_to_mfn((uint64_t)page) << 12 | PTE_P | PTE_US | PTE_A |
                    (writable ? PTE_RW : 0);
    uint64_t l1e = va_to_mfn((uint64_t)l1) << 12 | PTE_P | PTE_RW | PTE_US |
                   PTE_A;

    if (slot == 0 || slot >= MAX_SLOTS || n2 > 512)
        return 0;
    for (unsigned i = 0; i < 512; i++)
        l1[i] = leaf;
    for (unsigned i = 0; i < 512; i++)
        l2[i] = i < n2 ? l1e : 0;
    /* the L3 entry validates the L2, which validates the L1 (once: the
     * other 511 references only count) */
    if (make_read_only(l1) || make_read_only(l2) ||
        mmu_write(bootstrap_l3_mfn() << 12 | slot * 8,
                  va_to_mfn((uint64_t)l2) << 12 | PTE_P | PTE_RW | PTE_US |
                  PTE_A))
        return 0;
    return (uint64_t)slot << 30;
}

long alias_remove(unsigned slot)
{
    return mmu_write(bootstrap_l3_mfn() << 12 | slot * 8, 0);
}
