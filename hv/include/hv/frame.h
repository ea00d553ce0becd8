/* The frame table: one entry per machine frame (owner, type, counts) and the allocator. */
#ifndef HV_FRAME_H
#define HV_FRAME_H

#include <stdint.h>
#include <xen/xen.h>

#define FRAME_NIL  0xffffffffu      /* end of a frame list */
#define MFN_INVALID (~0UL)

/* A frame's type, as in Xen's direct paging: what it may be used as. */
enum frame_type {
    PGT_none = 0,
    PGT_writable,       /* mapped writable by its owner somewhere */
    PGT_l1, PGT_l2, PGT_l3, PGT_l4,
    PGT_seg_desc,
};

#define FRAME_F_PINNED  0x01    /* page table pinned by its owner */
#define FRAME_F_XENHEAP 0x04    /* hypervisor memory shared with its owner
                                   (shared_info, grant table): mappable,
                                   never freed by the guest */

/*
 * Owner is a domid, or DOMID_XEN (hypervisor memory), DOMID_IO (not RAM)
 * or DOMID_INVALID (free).  next/prev link the frame into exactly one list:
 * the free list or its owner's list.
 */
struct frame {
    uint32_t next, prev;
    domid_t owner;
    uint8_t type;
    uint8_t flags;
    uint32_t type_count;        /* uses of the frame as its type */
    uint32_t ref_count;         /* mappings and other references */
};

/* A doubly linked list of frames threaded through the table. */
struct frame_list {
    uint32_t head;
    uint64_t count;
};

#define FRAME_LIST_INIT { FRAME_NIL, 0 }

extern struct frame *frame_table;
extern uint64_t frame_table_size;       /* entries: highest mfn + 1 */

/* frame.c */
/* Use table[0..nr) as the frame table; every frame starts as not-RAM. */
void frame_table_init(struct frame *table, uint64_t nr);
/* Declare mfn usable RAM and put it on the free list. */
void frame_add_free(uint64_t mfn);
/* Take a free frame for owner and link it on list; MFN_INVALID if none. */
uint64_t frame_alloc(domid_t owner, struct frame_list *list);
/* Unlink mfn from its owner's list and return it to the free list.
 * Caller guarantees no reference remains (counts are reset). */
void frame_free(uint64_t mfn, struct frame_list *list);
/* Free every frame on list; returns how many. */
uint64_t frame_free_list(struct frame_list *list);
uint64_t frame_free_count(void);
static inline int frame_is_ram(uint64_t mfn)
{
    return mfn < frame_table_size && frame_table[mfn].owner != DOMID_IO;
}

#endif
