/* Guest memory: p2m and M2P, a page allocator, our own page tables, the reservation. */
#include <libos/libos.h>
#include <libos/mm.h>
#include <xen/errno.h>

#define M2P        ((const uint64_t *)MACH2PHYS_VIRT_START)
#define MAX_PFNS   (1UL << 18)  /* 1 GiB of pfns: the builder's limit too */
#define BATCH      64           /* requests per hypercall */
#define MAX_EARLY  64           /* new tables mm_init builds from the padding */
#define WORD_BITS  64
#define PAGE       MM_PAGE_SIZE

typedef uint64_t pte_t;

static uint64_t *p2m;           /* pfn -> mfn; MM_NO_MFN for a hole */
static uint64_t pfn_top;        /* pfns below this are in the p2m */
static uint64_t pfn_limit;      /* pfns the p2m and the bitmap can hold */
static uint64_t *free_map;      /* bit set: the pfn is free */
static uint64_t nr_free, hint;  /* hint: no free bit in words below it */
static uint64_t l4;             /* our L4's mfn; 0 before mm_init */
static uint64_t va_next = MM_MAP_BASE;

static unsigned slot(uint64_t va, int lvl)
{
    return (va >> (12 + 9 * (lvl - 1))) & 511;
}

static uint64_t pte_mfn(pte_t e)
{
    return (e & MM_PTE_ADDR) >> 12;
}

static uint64_t maddr(uint64_t mfn, unsigned idx)
{
    return (mfn << 12) + idx * sizeof(pte_t);
}

/* A page table by its mfn, seen through our mapping of its pfn (the M2P
 * tells which; tables are always mapped, read-only once in use). */
static pte_t *table(uint64_t mfn)
{
    return mm_pfn_to_va(M2P[mfn]);
}

/* The level-lvl table covering va under root, or MM_NO_MFN. */
static uint64_t walk(uint64_t root, uint64_t va, int lvl)
{
    for (int l = 4; l > lvl; l--) {
        pte_t e = table(root)[slot(va, l)];
        if (!(e & MM_PTE_P))
            return MM_NO_MFN;
        root = pte_mfn(e);
    }
    return root;
}

static uint64_t root(void)
{
    return l4 ? l4 : mm_pfn_to_mfn(mm_va_to_pfn((void *)start_info->pt_base));
}

uint64_t mm_pfn_to_mfn(uint64_t pfn)
{
    if (!p2m)
        return pfn < start_info->nr_pages
                   ? ((const uint64_t *)start_info->mfn_list)[pfn] : MM_NO_MFN;
    return pfn < pfn_top ? p2m[pfn] : MM_NO_MFN;
}

uint64_t mm_mfn_to_pfn(uint64_t mfn)
{
    return M2P[mfn];
}

uint64_t mm_entry(uint64_t va, int lvl)
{
    uint64_t t = walk(root(), va, lvl);

    return t == MM_NO_MFN ? 0 : table(t)[slot(va, lvl)];
}

int mm_entry_maddr(uint64_t va, int lvl, uint64_t *ma)
{
    uint64_t t = walk(root(), va, lvl);

    if (t == MM_NO_MFN)
        return -XEN_ENOENT;
    *ma = maddr(t, slot(va, lvl));
    return 0;
}

uint64_t mm_l4_mfn(void)
{
    return l4;
}

void *mm_l4_va(void)
{
    return l4 ? mm_pfn_to_va(mm_mfn_to_pfn(l4)) : (void *)start_info->pt_base;
}

static int mmu_set(uint64_t ma, pte_t val)
{
    mmu_update_t u = { ma, val };

    return hypercall_mmu_update(&u, 1, NULL, DOMID_SELF);
}

static int tlb_flush(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* ---- the page allocator: one bit per pfn ---- */

uint64_t mm_alloc_page(void)
{
    uint64_t words = (pfn_limit + WORD_BITS - 1) / WORD_BITS;

    for (uint64_t w = hint; free_map && w < words; w++)
        if (free_map[w]) {
            unsigned b = __builtin_ctzl(free_map[w]);
            free_map[w] &= ~(1UL << b);
            nr_free--;
            hint = w;
            return w * WORD_BITS + b;
        }
    hint = words;
    return MM_NO_PFN;
}

void mm_free_page(uint64_t pfn)
{
    uint64_t w = pfn / WORD_BITS, bit = 1UL << (pfn % WORD_BITS);

    if (!free_map || mm_pfn_to_mfn(pfn) == MM_NO_MFN ||
        (free_map[w] & bit)) {
        printf("libos: mm_free_page: pfn 0x%lx not allocated\n", pfn);
        return;
    }
    free_map[w] |= bit;
    nr_free++;
    if (w < hint)
        hint = w;
}

uint64_t mm_free_pages(void)
{
    return nr_free;
}

/* ---- mappings in our tables ---- */

int mm_protect(uint64_t pfn, int writable)
{
    pte_t e = (mm_pfn_to_mfn(pfn) << 12) | MM_PTE_PAGE |
              (writable ? MM_PTE_RW | MM_PTE_D : 0);

    return hypercall_update_va_mapping((uint64_t)mm_pfn_to_va(pfn), e,
                                       UVMF_INVLPG);
}

/* A zeroed page to become a table: read-only before anything links it,
 * since a frame mapped writable can never be validated as a table. */
static int pt_alloc(uint64_t *mfn)
{
    uint64_t pfn = mm_alloc_page();
    int rc;

    if (pfn == MM_NO_PFN)
        return -XEN_ENOMEM;
    memset(mm_pfn_to_va(pfn), 0, PAGE);
    if ((rc = mm_protect(pfn, 0))) {
        mm_free_page(pfn);
        return rc;
    }
    *mfn = mm_pfn_to_mfn(pfn);
    return 0;
}

/* The level-lvl table covering va in our tables, linking new ones in. */
static int walk_create(uint64_t va, int lvl, uint64_t *mfn)
{
    uint64_t t = l4, n;
    int rc;

    for (int l = 4; l > lvl; l--) {
        pte_t e = table(t)[slot(va, l)];
        if (!(e & MM_PTE_P)) {
            if ((rc = pt_alloc(&n)))
                return rc;
            if ((rc = mmu_set(maddr(t, slot(va, l)),
                              (n << 12) | MM_PTE_TABLE))) {
                mm_protect(M2P[n], 1);
                mm_free_page(M2P[n]);
                return rc;
            }
            e = n << 12;
        }
        t = pte_mfn(e);
    }
    *mfn = t;
    return 0;
}

int mm_map(uint64_t va, uint64_t mfn, unsigned flags)
{
    uint64_t t;
    int rc;

    if (!l4)
        return -XEN_EINVAL;
    if ((rc = walk_create(va, 1, &t)))
        return rc;
    return hypercall_update_va_mapping(va, (mfn << 12) | MM_PTE_PAGE |
                                       ((flags & MM_WRITABLE)
                                            ? MM_PTE_RW | MM_PTE_D : 0),
                                       UVMF_INVLPG);
}

int mm_unmap(uint64_t va)
{
    return l4 ? hypercall_update_va_mapping(va, 0, UVMF_INVLPG)
              : -XEN_EINVAL;
}

int mm_map_new(uint64_t va, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t pfn = mm_alloc_page();

        if (pfn == MM_NO_PFN ||
            mm_map(va + (uint64_t)i * PAGE, mm_pfn_to_mfn(pfn), MM_WRITABLE)) {
            if (pfn != MM_NO_PFN)
                mm_free_page(pfn);
            mm_unmap_free(va, i);
            return -XEN_ENOMEM;
        }
    }
    return 0;
}

void mm_unmap_free(uint64_t va, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t at = va + (uint64_t)i * PAGE;
        uint64_t mfn = (mm_entry(at, 1) & MM_PTE_ADDR) >> 12;

        if (mfn && !mm_unmap(at))
            mm_free_page(mm_mfn_to_pfn(mfn));
    }
}

uint64_t mm_va_alloc(unsigned n)
{
    uint64_t va = va_next, t;

    for (unsigned i = 0; i < n; i++)
        if (!l4 || walk_create(va + i * PAGE, 1, &t))
            return 0;
    va_next += (n + 1) * PAGE;          /* and an unmapped guard page */
    return va;
}

/* Map (or with unmap, clear) pfns[0..n) at their own addresses. */
static int pfns_map(const uint64_t *pfns, unsigned n, int unmap)
{
    mmu_update_t req[BATCH];
    unsigned k = 0;
    int rc;

    for (unsigned i = 0; i < n; i++) {
        uint64_t va = (uint64_t)mm_pfn_to_va(pfns[i]), t;
        if ((rc = walk_create(va, 1, &t)))
            return rc;
        req[k].ptr = maddr(t, slot(va, 1));
        req[k++].val = unmap ? 0 : (p2m[pfns[i]] << 12) | MM_PTE_PAGE |
                                   MM_PTE_RW | MM_PTE_D;
        if (k == BATCH || i == n - 1) {
            if ((rc = hypercall_mmu_update(req, k, NULL, DOMID_SELF)))
                return rc;
            k = 0;
        }
    }
    return unmap ? tlb_flush() : 0;     /* Xen leaves the flush to us */
}

/* ---- mm_init: from the builder's tables to ours ---- */

struct boot {
    uint64_t old_l4, pt_pfn, nr_pt;     /* the builder's tables */
    uint64_t next, mapped;              /* padding [next, mapped) unused */
    uint64_t tables[MAX_EARLY];         /* pfns of our new tables */
    unsigned nr_tables;
};

static struct boot boot;

/* The builder's entry for va (0 if none); its machine address in *ma. */
static pte_t old_entry(const struct boot *b, uint64_t va, uint64_t *ma)
{
    uint64_t t = walk(b->old_l4, va, 1);

    if (t == MM_NO_MFN)
        return 0;
    if (ma)
        *ma = maddr(t, slot(va, 1));
    return table(t)[slot(va, 1)];
}

/* Xen's start-of-day layout: the tables at pt_base (L4 first), the stack
 * page after them, then free padding up to the end of what is mapped. */
static int boot_scan(struct boot *b)
{
    b->pt_pfn = mm_va_to_pfn((void *)start_info->pt_base);
    b->nr_pt = start_info->nr_pt_frames;
    b->old_l4 = mm_pfn_to_mfn(b->pt_pfn);
    b->next = b->pt_pfn + b->nr_pt + 1;
    for (b->mapped = 0; b->mapped < start_info->nr_pages; b->mapped++)
        if (!(old_entry(b, (uint64_t)mm_pfn_to_va(b->mapped), 0) & MM_PTE_P))
            break;
    return b->next < b->mapped ? 0 : -XEN_ENOMEM;
}

/* A zeroed page of the padding, still writable. */
static uint64_t early_page(struct boot *b)
{
    if (b->next >= b->mapped)
        return MM_NO_PFN;
    memset(mm_pfn_to_va(b->next), 0, PAGE);
    return b->next++;
}

/* Our L1 covering va, built of padding pages written in place. */
static pte_t *new_l1(struct boot *b, uint64_t va)
{
    uint64_t t = mm_pfn_to_mfn(b->tables[0]), pfn;

    for (int l = 4; l > 1; l--) {
        pte_t *e = &table(t)[slot(va, l)];
        if (!(*e & MM_PTE_P)) {
            if (b->nr_tables == MAX_EARLY ||
                (pfn = early_page(b)) == MM_NO_PFN)
                return NULL;
            b->tables[b->nr_tables++] = pfn;
            *e = (mm_pfn_to_mfn(pfn) << 12) | MM_PTE_TABLE;
        }
        t = pte_mfn(*e);
    }
    return table(t);
}

/* The bitmap, then tables holding a copy of every entry the builder made
 * (shared_info's remapping included), our tables' own entries read-only. */
static int build(struct boot *b)
{
    uint64_t words = (pfn_limit + WORD_BITS - 1) / WORD_BITS;
    uint64_t first = b->next;

    for (uint64_t i = 0; i < (words * 8 + PAGE - 1) / PAGE; i++)
        if (early_page(b) == MM_NO_PFN)
            return -XEN_ENOMEM;
    free_map = mm_pfn_to_va(first);
    if ((b->tables[0] = early_page(b)) == MM_NO_PFN)
        return -XEN_ENOMEM;
    b->nr_tables = 1;
    for (uint64_t pfn = 0; pfn < b->mapped; pfn++) {
        uint64_t va = (uint64_t)mm_pfn_to_va(pfn);
        pte_t *l1 = new_l1(b, va);
        if (!l1)
            return -XEN_ENOMEM;
        l1[slot(va, 1)] = old_entry(b, va, NULL);
    }
    for (unsigned i = 0; i < b->nr_tables; i++) {
        uint64_t va = (uint64_t)mm_pfn_to_va(b->tables[i]);
        new_l1(b, va)[slot(va, 1)] &= ~MM_PTE_RW;
    }
    return 0;
}

/* Drop the builder's writable mappings of our tables, then pin ours,
 * switch to it and unpin the builder's in one batch. */
static int switch_tables(struct boot *b)
{
    uint64_t new_l4 = mm_pfn_to_mfn(b->tables[0]);
    struct mmuext_op ops[] = {
        { .cmd = MMUEXT_TLB_FLUSH_LOCAL },
        { .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = new_l4 },
        { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = new_l4 },
        { .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = b->old_l4 },
    };
    mmu_update_t req[MAX_EARLY];
    int rc;

    for (unsigned i = 0; i < b->nr_tables; i++) {
        uint64_t va = (uint64_t)mm_pfn_to_va(b->tables[i]);
        req[i].val = old_entry(b, va, &req[i].ptr) & ~MM_PTE_RW;
    }
    if ((rc = hypercall_mmu_update(req, b->nr_tables, NULL, DOMID_SELF)) ||
        (rc = hypercall_mmuext_op(ops, 4, NULL, DOMID_SELF)))
        return rc;
    l4 = new_l4;
    return 0;
}

/* The builder's tables are plain pages again (their type count fell to 0
 * with the unpin): writable, and free with the rest of the padding. */
static int release_boot(struct boot *b)
{
    int rc;

    for (uint64_t pfn = b->pt_pfn; pfn < b->pt_pfn + b->nr_pt; pfn++) {
        if ((rc = mm_protect(pfn, 1)))
            return rc;
        mm_free_page(pfn);
    }
    for (uint64_t pfn = b->next; pfn < b->mapped; pfn++)
        mm_free_page(pfn);
    return 0;
}

/* Map the pfns the builder left unmapped (beyond its 4 MiB-rounded
 * region), a batch at a time: each batch's tables come from free pages. */
static int extend(uint64_t from)
{
    uint64_t pfns[BATCH];
    int rc;

    while (from < pfn_top) {
        unsigned k = 0;
        while (k < BATCH && from < pfn_top)
            pfns[k++] = from++;
        if ((rc = pfns_map(pfns, k, 0)))
            return rc;
        for (unsigned i = 0; i < k; i++)
            mm_free_page(pfns[i]);
    }
    return 0;
}

/* The p2m outgrows the builder's (nr_pages entries): a new one in the map
 * area, virtual room for pfn_limit entries, pages added as pfn_top grows. */
static uint64_t *big_p2m;
static uint64_t big_p2m_backed;         /* entries with a page behind them */

static int p2m_room(uint64_t top)
{
    const uint64_t per_page = PAGE / sizeof(uint64_t);
    uint64_t pfn, *page;
    int rc;

    while (big_p2m_backed < top) {
        page = big_p2m + big_p2m_backed;
        if ((pfn = mm_alloc_page()) == MM_NO_PFN)
            return -XEN_ENOMEM;
        if ((rc = mm_map((uint64_t)page, p2m[pfn], MM_WRITABLE)))
            return rc;
        for (uint64_t i = 0; i < per_page; i++)
            page[i] = MM_NO_MFN;
        big_p2m_backed += per_page;
    }
    return 0;
}

static int p2m_move(void)
{
    uint64_t bytes = pfn_limit * sizeof(uint64_t);
    int rc;

    if (!(big_p2m = (uint64_t *)mm_va_alloc((bytes + PAGE - 1) / PAGE)))
        return -XEN_ENOMEM;
    if ((rc = p2m_room(pfn_top)))
        return rc;
    memcpy(big_p2m, p2m, pfn_top * sizeof(uint64_t));
    p2m = big_p2m;
    return 0;
}

int mm_init(void)
{
    domid_t self = DOMID_SELF;
    long max = hypercall_memory_op(XENMEM_maximum_reservation, &self);
    int rc;

    if (l4)
        return 0;
    if (start_info->nr_pages > MAX_PFNS)
        return -XEN_ENOMEM;
    pfn_limit = max > (long)start_info->nr_pages ? (uint64_t)max
                                                 : start_info->nr_pages;
    if (pfn_limit > MAX_PFNS)
        pfn_limit = MAX_PFNS;
    if ((rc = boot_scan(&boot)) || (rc = build(&boot)) ||
        (rc = switch_tables(&boot))) {
        char msg[64];                 /* not printf: it may malloc, i.e. us */
        console_write(msg, snprintf(msg, sizeof(msg),
                      "libos: mm_init: cannot switch page tables: %d\n", rc));
        return rc;
    }
    pfn_top = start_info->nr_pages;
    p2m = (uint64_t *)start_info->mfn_list;
    if ((rc = release_boot(&boot)) || (rc = extend(boot.mapped)) ||
        (pfn_limit > pfn_top && (rc = p2m_move())))
        printf("libos: mm_init: %d\n", rc);
    return rc;
}

/* ---- the reservation ---- */

static long reservation(unsigned cmd, uint64_t *extents, unsigned n)
{
    struct xen_memory_reservation r = {
        .nr_extents = n, .extent_order = 0, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, extents);
    return hypercall_memory_op(cmd, &r);
}

/* Tell the M2P that mfns[i] is pfn first + i (increase_reservation leaves
 * it to the guest, as Linux's balloon does it). */
static int m2p_set(const uint64_t *mfns, uint64_t first, unsigned n)
{
    mmu_update_t req[BATCH];

    for (unsigned i = 0; i < n; i++) {
        req[i].ptr = (mfns[i] << 12) | MMU_MACHPHYS_UPDATE;
        req[i].val = first + i;
    }
    return hypercall_mmu_update(req, n, NULL, DOMID_SELF);
}

/* Up to max pfns given back earlier (holes in the p2m). */
static unsigned holes(uint64_t *pfns, unsigned max)
{
    unsigned k = 0;

    for (uint64_t pfn = 0; pfn < pfn_top && k < max; pfn++)
        if (p2m[pfn] == MM_NO_MFN)
            pfns[k++] = pfn;
    return k;
}

/* One batch of at most want pages into pfns[]; *asked: how many were
 * requested.  Returns how many came, or the hypervisor's errno. */
static long grow_batch(unsigned want, uint64_t *pfns, unsigned *asked)
{
    uint64_t x[BATCH];
    unsigned k = holes(pfns, want);
    long got;
    int rc;

    if (k) {
        memcpy(x, pfns, k * sizeof(x[0]));   /* in: gpfns, out: mfns */
        got = reservation(XENMEM_populate_physmap, x, k);
    } else {
        k = want < pfn_limit - pfn_top ? want : pfn_limit - pfn_top;
        if (k && (rc = p2m_room(pfn_top + k)))
            return rc;
        got = k ? reservation(XENMEM_increase_reservation, x, k) : 0;
        if (got > 0 && (rc = m2p_set(x, pfn_top, got)))
            return rc;
        for (long i = 0; i < got; i++)
            pfns[i] = pfn_top + i;
    }
    *asked = k;
    for (long i = 0; i < got; i++)
        p2m[pfns[i]] = x[i];
    return got;
}

long mm_reservation_grow(unsigned n)
{
    uint64_t pfns[BATCH];
    long done = 0, got;
    int rc;

    if (!l4)
        return -XEN_EINVAL;
    while ((unsigned long)done < n) {
        unsigned want = n - done < BATCH ? n - done : BATCH, asked = 0;
        if ((got = grow_batch(want, pfns, &asked)) < 0)
            return done ? done : got;
        for (long i = 0; i < got; i++)
            if (pfns[i] >= pfn_top)
                pfn_top = pfns[i] + 1;
        if ((rc = pfns_map(pfns, got, 0)))
            return rc;
        for (long i = 0; i < got; i++)
            mm_free_page(pfns[i]);
        done += got;
        if (got < (long)asked || !asked)
            break;
    }
    return done;
}

/* Give k allocated pages back; those the hypervisor keeps refusing
 * return to the pool.  Returns how many went, or its errno. */
static long shrink_batch(const uint64_t *pfns, unsigned k)
{
    uint64_t x[BATCH];
    long got;
    unsigned from;
    int rc;

    if ((rc = pfns_map(pfns, k, 1)))
        return rc;
    for (unsigned i = 0; i < k; i++)
        x[i] = p2m[pfns[i]];
    got = reservation(XENMEM_decrease_reservation, x, k);
    for (long i = 0; i < got; i++)
        p2m[pfns[i]] = MM_NO_MFN;       /* a hole: grow refills it */
    from = got > 0 ? got : 0;
    if ((rc = pfns_map(pfns + from, k - from, 0)))
        return rc;
    for (unsigned i = from; i < k; i++)
        mm_free_page(pfns[i]);
    return got;
}

long mm_reservation_shrink(unsigned n)
{
    uint64_t pfns[BATCH], pfn;
    long done = 0, got;

    if (!l4)
        return -XEN_EINVAL;
    while ((unsigned long)done < n) {
        unsigned k = 0;
        while (k < BATCH && (unsigned long)done + k < n &&
               (pfn = mm_alloc_page()) != MM_NO_PFN)
            pfns[k++] = pfn;
        if (!k)
            break;
        if ((got = shrink_batch(pfns, k)) < 0)
            return done ? done : got;
        done += got;
        if (got < (long)k)
            break;
    }
    return done;
}
