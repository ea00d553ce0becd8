/* Pages of virtual space for mapping other domains' grants, reused. */
#include <libos/mm.h>
#include <stdlib.h>

/* mm_va_alloc never gives space back, so a page of map space let go is
 * kept here for the next mapping: backends map and unmap rings as domains
 * come and go, and must not grow. */
struct slot {
    struct slot *next;
    uint64_t va;
};
static struct slot *free_slots;

uint64_t mm_mapslot_get(void)
{
    struct slot *s = free_slots;
    uint64_t va;

    if (!s)
        return mm_va_alloc(1);
    free_slots = s->next;
    va = s->va;
    free(s);
    return va;
}

void mm_mapslot_put(uint64_t va)
{
    struct slot *s = malloc(sizeof(*s));

    if (!s)
        return;                        /* the page of space is lost, no more */
    s->va = va;
    s->next = free_slots;
    free_slots = s;
}
