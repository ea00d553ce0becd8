/* Thread stacks with a guard page below each (stack.c). */
#ifndef LIBOS_STACK_H
#define LIBOS_STACK_H

#include <stddef.h>
#include <stdint.h>

/* size bytes (rounded up to pages) of stack for owner (a name kept for
 * reports), the page below it unmapped; NULL if memory is short or libos
 * has no page tables of its own. */
void *stack_alloc(size_t size, const char *owner);
/* Give back a stack_alloc'ed stack (its space is kept for the next). */
void stack_free(void *base);

#endif
