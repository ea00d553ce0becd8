/* What hv code expects from the rest of the hypervisor, for host unit tests. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <hv/lib.h>

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    printf("panic: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    abort();
}
