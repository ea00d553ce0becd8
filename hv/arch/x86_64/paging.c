/* Boot-time memory set-up: frame table, M2P, direct map, the idle page tables. */
#include <hv/lib.h>
#include <hv/mm.h>
#include <arch/cpu.h>

#define GB (1UL << 30)

uint64_t *m2p;
pte_t *idle_l4;

extern char _hv_end[];

/* Ranges early_alloc must not hand out: below 1 MiB, hv, boot info, modules. */
static struct range { uint64_t start, end; } reserved[BOOT_MAX_MODULES + 16];
static unsigned nr_reserved;

static void reserve(uint64_t start, uint64_t end)
{
    ASSERT(nr_reserved < ARRAY_SIZE(reserved));
    reserved[nr_reserved++] = (struct range){ ROUND_DOWN(start, PAGE_SIZE),
                                              ROUND_UP(end, PAGE_SIZE) };
}

static int is_reserved(uint64_t start, uint64_t end)
{
    for (unsigned i = 0; i < nr_reserved; i++)
        if (start < reserved[i].end && reserved[i].start < end)
            return 1;
    return 0;
}

/* Lowest free, page-aligned, zeroed physical range of size bytes, before the
 * frame allocator exists.  Everything it returns stays hypervisor memory. */
static uint64_t early_alloc(const struct boot_info *bi, uint64_t size)
{
    size = ROUND_UP(size, PAGE_SIZE);
    for (unsigned r = 0; r < bi->nr_regions; r++) {
        uint64_t a = ROUND_UP(bi->region[r].start, PAGE_SIZE);
        for (; a + size <= bi->region[r].end; a += PAGE_SIZE) {
            if (is_reserved(a, a + size))
                continue;
            reserve(a, a + size);
            memset(maddr_to_virt(a), 0, size);
            return a;
        }
    }
    panic("early_alloc: no room for %lu bytes", size);
}

static pte_t *early_table(const struct boot_info *bi)
{
    return maddr_to_virt(early_alloc(bi, PAGE_SIZE));
}

/* Slot 262: all of [0, top) with 2 MiB pages, supervisor only, global;
 * executable only where the hypervisor image is. */
static void map_directmap(const struct boot_info *bi, uint64_t top)
{
    pte_t *l3 = early_table(bi);

    idle_l4[HV_SLOT_DIRECTMAP] = virt_to_maddr(l3) | PTE_P | PTE_RW;
    for (uint64_t gb = 0; gb < top / GB; gb++) {
        pte_t *l2 = early_table(bi);
        l3[gb] = virt_to_maddr(l2) | PTE_P | PTE_RW;
        for (uint64_t i = 0; i < PT_ENTRIES; i++) {
            uint64_t pa = gb * GB + (i << L2_SHIFT);
            int hv_text = pa < virt_to_maddr(_hv_end) &&
                          pa + (1UL << L2_SHIFT) > HV_LOAD_PHYS;
            l2[i] = pa | PTE_P | PTE_RW | PTE_PSE | PTE_G |
                    (hv_text ? 0 : PTE_NX);
            if (pa == 0xfee00000UL - (0xfee00000UL % (1UL << L2_SHIFT)))
                l2[i] |= PTE_PCD | PTE_PWT;     /* local APIC registers */
        }
    }
}

/* Slot 256: the M2P, read-only and user-visible, 4 KiB pages. */
static void map_m2p(const struct boot_info *bi, uint64_t m2p_pa, uint64_t bytes)
{
    pte_t *l3 = early_table(bi), *l2 = early_table(bi), *l1 = NULL;
    uint64_t pages = ROUND_UP(bytes, PAGE_SIZE) >> PAGE_SHIFT;

    ASSERT(pages <= PT_ENTRIES * PT_ENTRIES);   /* one L2: 1 GiB of M2P */
    idle_l4[HV_SLOT_M2P] = virt_to_maddr(l3) | PTE_P | PTE_US;
    l3[0] = virt_to_maddr(l2) | PTE_P | PTE_US;
    for (uint64_t i = 0; i < pages; i++) {
        if (i % PT_ENTRIES == 0) {
            l1 = early_table(bi);
            l2[i / PT_ENTRIES] = virt_to_maddr(l1) | PTE_P | PTE_US;
        }
        l1[i % PT_ENTRIES] = (m2p_pa + (i << PAGE_SHIFT)) | PTE_P | PTE_US |
                             PTE_NX;
    }
}

static uint64_t ram_top(const struct boot_info *bi)
{
    uint64_t top = 0;

    for (unsigned r = 0; r < bi->nr_regions; r++)
        top = MAX(top, bi->region[r].end);
    return ROUND_DOWN(top, PAGE_SIZE);
}

static void free_ram(const struct boot_info *bi)
{
    for (unsigned r = 0; r < bi->nr_regions; r++) {
        uint64_t a = ROUND_UP(bi->region[r].start, PAGE_SIZE);
        for (; a + PAGE_SIZE <= bi->region[r].end; a += PAGE_SIZE)
            if (!is_reserved(a, a + PAGE_SIZE))
                frame_add_free(a >> PAGE_SHIFT);
    }
}

void mm_init(const struct boot_info *bi)
{
    uint64_t top = ram_top(bi), nr = top >> PAGE_SHIFT, m2p_pa;

    if (top > HV_DIRECTMAP_SIZE)
        panic("mm_init: %lu MiB of RAM is more than the direct map holds",
              top >> 20);
    reserve(0, 0x100000);
    reserve(HV_LOAD_PHYS, virt_to_maddr(_hv_end));
    reserve(bi->info_start, bi->info_end);
    for (unsigned i = 0; i < bi->nr_modules; i++)
        reserve(bi->module[i].start, bi->module[i].end);

    frame_table_init(maddr_to_virt(early_alloc(bi, nr * sizeof(struct frame))),
                     nr);
    m2p_pa = early_alloc(bi, nr * 8);
    m2p = maddr_to_virt(m2p_pa);
    memset(m2p, 0xff, nr * 8);

    idle_l4 = early_table(bi);
    map_directmap(bi, ROUND_UP(MAX(top, 4 * GB), GB));
    map_m2p(bi, m2p_pa, nr * 8);
    write_cr3(virt_to_maddr(idle_l4));
    free_ram(bi);
    LOG("memory: %lu MiB RAM, %lu frames free", top >> 20, frame_free_count());
}

void mm_release_modules(const struct boot_info *bi)
{
    for (unsigned i = 0; i < bi->nr_modules; i++) {
        uint64_t a = ROUND_UP(bi->module[i].start, PAGE_SIZE);
        for (; a + PAGE_SIZE <= bi->module[i].end; a += PAGE_SIZE)
            if (frame_table[a >> PAGE_SHIFT].owner == DOMID_IO)
                frame_add_free(a >> PAGE_SHIFT);
    }
}

uint64_t mm_alloc_zeroed(domid_t owner, struct frame_list *list)
{
    uint64_t mfn = frame_alloc(owner, list);

    if (mfn != MFN_INVALID)
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    return mfn;
}
