/* vmap: give scattered frames (a guest's buffer) one contiguous hypervisor address range. */
#include <arch/cpu.h>
#include <hv/lib.h>
#include <hv/mm.h>

static pte_t *vmap_l1[VMAP_MAX_PAGES / PT_ENTRIES];
static unsigned mapped;
static struct frame_list vmap_tables = FRAME_LIST_INIT;

/* Slot 263's L3 and L2 exist from boot, so every L4 made later has them;
 * L1 tables come on first use and stay. */
void vmap_init(void)
{
    uint64_t l3 = mm_alloc_zeroed(DOMID_XEN, &vmap_tables);
    uint64_t l2 = mm_alloc_zeroed(DOMID_XEN, &vmap_tables);

    ASSERT(l3 != MFN_INVALID && l2 != MFN_INVALID);
    ((pte_t *)mfn_to_virt(l3))[0] = (l2 << PAGE_SHIFT) | PTE_P | PTE_RW;
    idle_l4[HV_SLOT_VMAP] = (l3 << PAGE_SHIFT) | PTE_P | PTE_RW;
    for (unsigned i = 0; i < ARRAY_SIZE(vmap_l1); i++) {
        uint64_t l1 = mm_alloc_zeroed(DOMID_XEN, &vmap_tables);
        ASSERT(l1 != MFN_INVALID);
        ((pte_t *)mfn_to_virt(l2))[i] = (l1 << PAGE_SHIFT) | PTE_P | PTE_RW;
        vmap_l1[i] = mfn_to_virt(l1);
    }
}

void *vmap_guest_range(uint64_t gva, uint64_t size)
{
    uint64_t first = ROUND_DOWN(gva, PAGE_SIZE);
    uint64_t n = (ROUND_UP(gva + size, PAGE_SIZE) - first) >> PAGE_SHIFT;

    ASSERT(!mapped);
    if (!size || gva + size < gva || n > VMAP_MAX_PAGES)
        return NULL;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t mfn;
        if (guest_va_to_mfn(first + (i << PAGE_SHIFT), 0, &mfn)) {
            mapped = i;
            vmap_release();
            return NULL;
        }
        vmap_l1[i / PT_ENTRIES][i % PT_ENTRIES] =
            (mfn << PAGE_SHIFT) | PTE_P | PTE_NX;      /* read-only */
    }
    mapped = n;
    return (void *)(HV_VMAP_BASE + (gva - first));
}

void vmap_release(void)
{
    for (unsigned i = 0; i < mapped; i++)
        vmap_l1[i / PT_ENTRIES][i % PT_ENTRIES] = 0;
    mapped = 0;
    write_cr3(read_cr3());
}
