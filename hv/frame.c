/* Frame table and allocator: free frames and each owner's frames on linked lists. */
#include <hv/frame.h>
#include <hv/lib.h>

struct frame *frame_table;
uint64_t frame_table_size;
static struct frame_list free_list = FRAME_LIST_INIT;

static void list_add(struct frame_list *l, uint64_t mfn)
{
    struct frame *f = &frame_table[mfn];

    f->prev = FRAME_NIL;
    f->next = l->head;
    if (l->head != FRAME_NIL)
        frame_table[l->head].prev = mfn;
    l->head = mfn;
    l->count++;
}

static void list_del(struct frame_list *l, uint64_t mfn)
{
    struct frame *f = &frame_table[mfn];

    if (f->prev != FRAME_NIL)
        frame_table[f->prev].next = f->next;
    else
        l->head = f->next;
    if (f->next != FRAME_NIL)
        frame_table[f->next].prev = f->prev;
    f->next = f->prev = FRAME_NIL;
    l->count--;
}

void frame_table_init(struct frame *table, uint64_t nr)
{
    frame_table = table;
    frame_table_size = nr;
    free_list = (struct frame_list)FRAME_LIST_INIT;
    for (uint64_t i = 0; i < nr; i++)
        table[i] = (struct frame){ FRAME_NIL, FRAME_NIL, DOMID_IO, PGT_none,
                                   0, 0, 0 };
}

void frame_add_free(uint64_t mfn)
{
    ASSERT(mfn < frame_table_size && frame_table[mfn].owner == DOMID_IO);
    frame_table[mfn].owner = DOMID_INVALID;
    list_add(&free_list, mfn);
}

uint64_t frame_alloc(domid_t owner, struct frame_list *list)
{
    uint64_t mfn = free_list.head;

    if (mfn == FRAME_NIL)
        return MFN_INVALID;
    list_del(&free_list, mfn);
    frame_table[mfn] = (struct frame){ FRAME_NIL, FRAME_NIL, owner, PGT_none,
                                       0, 0, 0 };
    list_add(list, mfn);
    return mfn;
}

void frame_free(uint64_t mfn, struct frame_list *list)
{
    struct frame *f = &frame_table[mfn];

    ASSERT(f->owner != DOMID_INVALID && f->owner != DOMID_IO);
    list_del(list, mfn);
    *f = (struct frame){ FRAME_NIL, FRAME_NIL, DOMID_INVALID, PGT_none, 0, 0, 0 };
    list_add(&free_list, mfn);
}

uint64_t frame_free_list(struct frame_list *list)
{
    uint64_t n = 0;

    while (list->head != FRAME_NIL) {
        frame_free(list->head, list);
        n++;
    }
    return n;
}

uint64_t frame_free_count(void)
{
    return free_list.count;
}
