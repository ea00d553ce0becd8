/* A checking allocator over newlib's, for hunting heap corruption: built in
 * with `make MALLOC_CHECK=1` (the link wraps newlib's _malloc_r family).
 *
 * Every block gets a header (magic, size, the caller that allocated it)
 * and a trailing canary; a freed block is filled with a poison byte and
 * kept in a quarantine for a while before newlib gets it back.  When it
 * leaves the quarantine, and on every free, the checks run: a bad magic
 * is a free of a pointer we never gave out (or a double free), a bad
 * canary an overrun, a poison byte changed a write after free.  Each is
 * one line naming the block's allocator and freer (addr2line on the
 * image's .debug), then a crash: corruption must not go on. */
#include <libos/libos.h>
#include <reent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAGIC_LIVE  0x6c6976656c6f636bUL
#define MAGIC_FREE  0x667265656b6c6f63UL
#define CANARY      0xc5
#define POISON      0xdf
#define TAIL        16
#define QUARANTINE  2048

struct hdr {
    uint64_t magic;
    size_t size;
    void *alloc_ra, *free_ra;
};

void *__real__malloc_r(struct _reent *r, size_t n);
void __real__free_r(struct _reent *r, void *p);

static struct hdr *quarantine[QUARANTINE];
static unsigned q_next;

static void fail(const struct hdr *h, const char *what, size_t off)
{
    static int failing;

    if (!failing++)                    /* printf may allocate: once */
        printf("libos: malloc check: %s at offset %zu of a %zu-byte block "
               "allocated by %p, freed by %p\n", what, off, h->size,
               h->alloc_ra, h->free_ra);
    libos_crash();
}

static void check_tail(const struct hdr *h)
{
    const uint8_t *t = (const uint8_t *)(h + 1) + h->size;

    for (size_t i = 0; i < TAIL; i++)
        if (t[i] != CANARY)
            fail(h, "overrun", h->size + i);
}

static void check_poison(const struct hdr *h)
{
    const uint8_t *u = (const uint8_t *)(h + 1);

    if (h->magic != MAGIC_FREE)
        fail(h, "freed header overwritten", 0);
    for (size_t i = 0; i < h->size; i++)
        if (u[i] != POISON)
            fail(h, "write after free", i);
    check_tail(h);
}

static void *take(struct _reent *r, size_t n, void *ra)
{
    struct hdr *h;

    if (n > SIZE_MAX / 2 || !(h = __real__malloc_r(r, sizeof(*h) + n + TAIL)))
        return NULL;
    *h = (struct hdr){ MAGIC_LIVE, n, ra, NULL };
    memset((uint8_t *)(h + 1) + n, CANARY, TAIL);
    return h + 1;
}

static void give(struct _reent *r, void *p, void *ra)
{
    struct hdr *h = (struct hdr *)p - 1, *old;

    if (!p)
        return;
    if (h->magic != MAGIC_LIVE)
        fail(h, h->magic == MAGIC_FREE ? "double free" : "free of a bad pointer", 0);
    check_tail(h);
    h->magic = MAGIC_FREE;
    h->free_ra = ra;
    memset(p, POISON, h->size);
    old = quarantine[q_next];
    quarantine[q_next] = h;
    q_next = (q_next + 1) % QUARANTINE;
    if (old) {
        check_poison(old);
        __real__free_r(r, old);
    }
}

void *__wrap__malloc_r(struct _reent *r, size_t n)
{
    return take(r, n, __builtin_return_address(0));
}

void __wrap__free_r(struct _reent *r, void *p)
{
    give(r, p, __builtin_return_address(0));
}

void *__wrap__calloc_r(struct _reent *r, size_t n, size_t m)
{
    void *p = n && m > SIZE_MAX / n ? NULL
                                    : take(r, n * m, __builtin_return_address(0));

    return p ? memset(p, 0, n * m) : NULL;
}

void *__wrap__realloc_r(struct _reent *r, void *p, size_t n)
{
    void *np;
    size_t old;

    if (!p)
        return take(r, n, __builtin_return_address(0));
    if (!(np = take(r, n, __builtin_return_address(0))))
        return NULL;
    old = ((struct hdr *)p - 1)->size;
    memcpy(np, p, n < old ? n : old);
    give(r, p, __builtin_return_address(0));
    return np;
}

/* Every block in the quarantine, now (a debugging aid to call anywhere). */
void malloc_check_all(void)
{
    for (unsigned i = 0; i < QUARANTINE; i++)
        if (quarantine[i])
            check_poison(quarantine[i]);
}
