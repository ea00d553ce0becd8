/* Thread stacks with a guard page: pages of their own in mm_va_alloc's
 * area, the page below each left unmapped, so an overflow faults instead
 * of writing over whatever lies below.  The fault cannot be delivered (the
 * hypervisor would push its frame on that same stack): the domain is
 * killed with one line naming the unwritable stack address. */
#include <libos/libos.h>
#include <libos/mm.h>
#include <libos/stack.h>
#include <stdlib.h>

struct stack {
    uint64_t base;                     /* lowest mapped byte; guard below */
    unsigned pages;
    const char *owner;                 /* for a debugger */
    struct stack *next;
};

/* Live stacks (stack_free finds them by base), and freed ones for reuse:
 * mm_va_alloc never gives space back, and threads come and go. */
static struct stack *live, *spare;

static void unmap_pages(uint64_t base, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t va = base + (uint64_t)i * MM_PAGE_SIZE;
        uint64_t mfn = (mm_entry(va, 1) & MM_PTE_ADDR) >> 12;

        if (!mfn || mm_unmap(va))
            continue;
        mm_free_page(mm_mfn_to_pfn(mfn));
    }
}

static int map_pages(uint64_t base, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t pfn = mm_alloc_page();

        if (pfn == MM_NO_PFN ||
            mm_map(base + (uint64_t)i * MM_PAGE_SIZE, mm_pfn_to_mfn(pfn),
                   MM_WRITABLE)) {
            if (pfn != MM_NO_PFN)
                mm_free_page(pfn);
            unmap_pages(base, i);
            return -1;
        }
    }
    return 0;
}

void *stack_alloc(size_t size, const char *owner)
{
    unsigned n = (size + MM_PAGE_SIZE - 1) / MM_PAGE_SIZE;
    struct stack **pp = &spare, *s;
    uint64_t va;

    if (mm_init())
        return NULL;
    while ((s = *pp) && s->pages != n)
        pp = &s->next;
    if (s) {
        *pp = s->next;
    } else {
        /* n + 1 pages of space: the first stays unmapped, the guard */
        if (!(s = malloc(sizeof(*s))) || !(va = mm_va_alloc(n + 1))) {
            free(s);
            return NULL;
        }
        *s = (struct stack){ va + MM_PAGE_SIZE, n, NULL, NULL };
    }
    if (map_pages(s->base, n)) {
        s->next = spare;
        spare = s;
        return NULL;
    }
    s->owner = owner;
    s->next = live;
    live = s;
    return (void *)s->base;
}

void stack_free(void *base)
{
    struct stack **pp = &live, *s;

    while ((s = *pp) && s->base != (uint64_t)base)
        pp = &s->next;
    if (!s)
        return;
    *pp = s->next;
    unmap_pages(s->base, s->pages);
    s->next = spare;
    spare = s;
}
