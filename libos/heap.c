/* _sbrk for newlib's malloc: a heap window mapped page by page on demand. */
#include <errno.h>
#include <libos/libos.h>
#include <libos/mm.h>

/* 4 GiB of address space in PML4 slot 0, far above the image and the
 * pfn map; pages behind it come from the page allocator as it grows. */
#define HEAP_BASE 0x0000004000000000UL
#define HEAP_SIZE 0x0000000100000000UL

static uint64_t brk = HEAP_BASE, mapped = HEAP_BASE;

void *_sbrk(ptrdiff_t incr)
{
    uint64_t old = brk, want = brk + incr;

    if (mm_init()) {                  /* first use: libos's own tables */
        static const char msg[] = "libos: sbrk: no page tables of our own\n";
        console_write(msg, sizeof(msg) - 1);
        errno = ENOMEM;
        return (void *)-1;
    }
    if (want < HEAP_BASE || want > HEAP_BASE + HEAP_SIZE) {
        errno = ENOMEM;
        return (void *)-1;
    }
    while (mapped < want) {
        if (mm_map_new(mapped, 1)) {
            errno = ENOMEM;
            return (void *)-1;
        }
        mapped += MM_PAGE_SIZE;
    }
    brk = want;                       /* shrinking keeps the pages mapped */
    return (void *)old;
}
