/* hog: long hypercalls over huge aliased buffers, beside a latency bystander. */
#ifndef TESTS_BAD_HOG_H
#define TESTS_BAD_HOG_H

#include <stdbool.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <xen/errno.h>
#include <xen/grant_table.h>

#define VIRT_BASE 0x400000UL            /* libos.ld: pfn 0 is here */
#define PAGE      4096UL
#define MB        (1UL << 20)
#define PTE_P     0x001UL
#define PTE_RW    0x002UL
#define PTE_US    0x004UL
#define PTE_A     0x020UL
#define PTE_MFN(e) (((e) >> 12) & ((1UL << 40) - 1))

/*
 * alias.c: a region of n2 * 2 MiB at GiB number slot (1..511) of our
 * address space in which every page is the one frame of page: an L2 with
 * n2 entries to one L1 whose 512 entries all map page.  Three frames
 * make a buffer as long as we like.  Returns the region's address, or 0.
 */
uint64_t alias_region(unsigned slot, void *page, unsigned n2, bool writable);
/* Take the region at slot out of our tables again; 0 or an errno. */
long alias_remove(unsigned slot);
uint64_t va_to_mfn(uint64_t va);

#endif
