/* Unit tests for the intrusive binary min-heap (hv/heap.c) the run queue and timers use. */
#include <stdlib.h>
#include <hv/heap.h>
#include "check.h"

#define N 1000

static struct heap_node nodes[N];
static struct heap_node *slots[N];

/* Every parent's key is at most its children's, every pos names its slot. */
static int heap_ok(const struct heap *h)
{
    for (uint32_t i = 0; i < h->n; i++) {
        if (h->slot[i]->pos != i + 1)
            return 0;
        if (i && h->slot[(i - 1) / 2]->key > h->slot[i]->key)
            return 0;
    }
    return 1;
}

/* The least key among queued nodes other than skip, by a plain scan. */
static struct heap_node *scan_min(const struct heap_node *skip)
{
    struct heap_node *best = 0;

    for (int i = 0; i < N; i++)
        if (heap_queued(&nodes[i]) && &nodes[i] != skip &&
            (!best || nodes[i].key < best->key))
            best = &nodes[i];
    return best;
}

static void test_heap_empty_and_full(void)
{
    struct heap_node *two[2], a = { 0 }, b = { 0 }, c = { 0 };
    struct heap h = HEAP_INIT(two);

    CHECK(h.cap == 2 && !heap_min(&h) && !heap_min_other(&h, &a));
    CHECK(heap_insert(&h, &a, 5) && heap_insert(&h, &b, 3));
    CHECK(!heap_insert(&h, &c, 1) && !heap_queued(&c));   /* full */
    CHECK(heap_min(&h) == &b && heap_min_other(&h, &b) == &a);
    CHECK(heap_min_other(&h, &a) == &b);
    heap_remove(&h, &b);
    CHECK(!heap_queued(&b) && heap_min(&h) == &a && !heap_min_other(&h, &a));
    heap_remove(&h, &a);
    CHECK(h.n == 0 && !heap_min(&h));
}

/* Random inserts, removes and key changes against a scan, with the order
 * checked after every step. */
static void test_heap_random_against_scan(void)
{
    struct heap h = HEAP_INIT(slots);
    int bad = 0;

    srand(9);
    for (int step = 0; step < 100000; step++) {
        struct heap_node *x = &nodes[rand() % N];
        uint64_t key = rand() % 500;       /* many ties */
        int op = rand() % 3;

        if (!heap_queued(x))
            heap_insert(&h, x, key);
        else if (op == 0)
            heap_remove(&h, x);
        else
            heap_update(&h, x, key);
        if (!heap_ok(&h) || (heap_min(&h) ? heap_min(&h)->key : ~0UL) !=
                                (scan_min(0) ? scan_min(0)->key : ~0UL))
            bad++;
        if (heap_min(&h) && heap_min_other(&h, x) &&
            heap_min_other(&h, x)->key != scan_min(x)->key)
            bad++;
    }
    CHECK(bad == 0);
}

int main(void)
{
    RUN(test_heap_empty_and_full);
    RUN(test_heap_random_against_scan);
    return check_failures != 0;
}
