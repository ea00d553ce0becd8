/* Binary min-heap over an array of node pointers, each node knowing its slot. */
#include <hv/heap.h>

static void place(struct heap *h, uint32_t i, struct heap_node *x)
{
    h->slot[i] = x;
    x->pos = i + 1;
}

/* Move the node at i towards the root while its parent is greater. */
static void sift_up(struct heap *h, uint32_t i)
{
    struct heap_node *x = h->slot[i];

    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (h->slot[parent]->key <= x->key)
            break;
        place(h, i, h->slot[parent]);
        i = parent;
    }
    place(h, i, x);
}

/* Move the node at i towards the leaves while a child is less. */
static void sift_down(struct heap *h, uint32_t i)
{
    struct heap_node *x = h->slot[i];

    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->slot[c + 1]->key < h->slot[c]->key)
            c++;
        if (x->key <= h->slot[c]->key)
            break;
        place(h, i, h->slot[c]);
        i = c;
    }
    place(h, i, x);
}

bool heap_insert(struct heap *h, struct heap_node *x, uint64_t key)
{
    if (h->n == h->cap)
        return false;
    x->key = key;
    place(h, h->n++, x);
    sift_up(h, h->n - 1);
    return true;
}

/* The last node fills x's slot, then moves whichever way its key says. */
void heap_remove(struct heap *h, struct heap_node *x)
{
    uint32_t i = x->pos - 1;
    struct heap_node *last = h->slot[--h->n];

    x->pos = 0;
    if (last == x)
        return;
    place(h, i, last);
    sift_up(h, i);
    sift_down(h, last->pos - 1);
}

void heap_update(struct heap *h, struct heap_node *x, uint64_t key)
{
    uint64_t old = x->key;

    x->key = key;
    if (key < old)
        sift_up(h, x->pos - 1);
    else
        sift_down(h, x->pos - 1);
}

/* The root's children are the least of their subtrees. */
struct heap_node *heap_min_other(const struct heap *h,
                                 const struct heap_node *x)
{
    struct heap_node *a, *b;

    if (!h->n || h->slot[0] != x)
        return heap_min(h);
    a = h->n > 1 ? h->slot[1] : 0;
    b = h->n > 2 ? h->slot[2] : 0;
    return !b || (a && a->key <= b->key) ? a : b;
}
