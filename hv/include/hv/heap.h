/* Binary min-heaps of intrusive nodes: the run queue's and the timers' order. */
#ifndef HV_HEAP_H
#define HV_HEAP_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A node lives inside the object it orders (container_of to get back).
 * pos is its slot + 1 while it is in a heap, 0 while it is not, so an
 * object knows whether it is queued without a search.
 */
struct heap_node {
    uint64_t key;
    uint32_t pos;
};

/* slot[0..n) is the heap; slot has room for cap nodes (the caller's array). */
struct heap {
    struct heap_node **slot;
    uint32_t n, cap;
};

#define HEAP_INIT(array) { (array), 0, sizeof(array) / sizeof((array)[0]) }

static inline bool heap_queued(const struct heap_node *x)
{
    return x->pos != 0;
}

static inline struct heap_node *heap_min(const struct heap *h)
{
    return h->n ? h->slot[0] : 0;
}

/* heap.c.  Each is O(log n), heap_min_other O(1). */
/* Add x (not queued) with key; false if the heap is full. */
bool heap_insert(struct heap *h, struct heap_node *x, uint64_t key);
/* Take x (queued) out. */
void heap_remove(struct heap *h, struct heap_node *x);
/* Give x (queued) a new key and restore the order. */
void heap_update(struct heap *h, struct heap_node *x, uint64_t key);
/* The least node other than x (x may be anything, even not queued). */
struct heap_node *heap_min_other(const struct heap *h,
                                 const struct heap_node *x);

#endif
