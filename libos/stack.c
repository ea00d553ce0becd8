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
    if (mm_map_new(s->base, n)) {
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
    mm_unmap_free(s->base, s->pages);
    s->next = spare;
    spare = s;
}
