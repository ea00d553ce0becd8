/* Unit tests for the frame table and allocator (hv/frame.c). */
#include <stdlib.h>
#include <hv/frame.h>
#include "check.h"

#define NR 64

static struct frame table[NR];

static void setup(void)
{
    frame_table_init(table, NR);
    for (uint64_t m = 16; m < NR; m++)      /* 0..15 stay "not RAM" */
        frame_add_free(m);
}

static void test_init_marks_io(void)
{
    setup();
    CHECK(frame_free_count() == NR - 16);
    CHECK(!frame_is_ram(3) && frame_is_ram(16) && !frame_is_ram(NR));
    CHECK(table[20].owner == DOMID_INVALID);
}

static void test_alloc_owner_and_list(void)
{
    struct frame_list l = FRAME_LIST_INIT;
    uint64_t a, b;

    setup();
    a = frame_alloc(7, &l);
    b = frame_alloc(7, &l);
    CHECK(a != MFN_INVALID && b != MFN_INVALID && a != b);
    CHECK(a >= 16 && b >= 16);
    CHECK(table[a].owner == 7 && table[b].owner == 7);
    CHECK(l.count == 2 && frame_free_count() == NR - 18);
    frame_free(a, &l);
    CHECK(l.count == 1 && l.head == b && table[a].owner == DOMID_INVALID);
    CHECK(frame_free_count() == NR - 17);
}

static void test_exhaustion(void)
{
    struct frame_list l = FRAME_LIST_INIT;
    int got = 0;

    setup();
    while (frame_alloc(1, &l) != MFN_INVALID)
        got++;
    CHECK(got == NR - 16);
    CHECK(frame_free_count() == 0);
    CHECK(frame_free_list(&l) == (uint64_t)got);
    CHECK(l.head == FRAME_NIL && l.count == 0);
    CHECK(frame_free_count() == NR - 16);
}

/* Frees in arbitrary order keep both lists consistent (no frame lost). */
static void test_free_middle(void)
{
    struct frame_list l = FRAME_LIST_INIT;
    uint64_t m[8];

    setup();
    for (int i = 0; i < 8; i++)
        m[i] = frame_alloc(2, &l);
    frame_free(m[3], &l);
    frame_free(m[7], &l);     /* the first allocated: tail of the list */
    frame_free(m[0], &l);     /* the last allocated: head */
    CHECK(l.count == 5);
    uint64_t n = 0;
    for (uint32_t f = l.head; f != FRAME_NIL; f = table[f].next) {
        CHECK(table[f].owner == 2);
        n++;
    }
    CHECK(n == 5);
    frame_free_list(&l);
    CHECK(frame_free_count() == NR - 16);
}

static void test_alloc_resets_state(void)
{
    struct frame_list l = FRAME_LIST_INIT;
    uint64_t a;

    setup();
    a = frame_alloc(3, &l);
    table[a].type = PGT_l1;
    table[a].type_count = 4;
    table[a].ref_count = 9;
    frame_free(a, &l);
    a = frame_alloc(4, &l);
    CHECK(table[a].type == PGT_none && !table[a].type_count &&
          !table[a].ref_count && !table[a].flags);
}

int main(void)
{
    RUN(test_init_marks_io);
    RUN(test_alloc_owner_and_list);
    RUN(test_exhaustion);
    RUN(test_free_middle);
    RUN(test_alloc_resets_state);
    return check_failures != 0;
}
