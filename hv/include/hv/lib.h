/* Freestanding C library pieces the hypervisor uses, printk and panic. */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ROUND_UP(x, a)   (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ROUND_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* lib/string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* lib/strutil.c */
/* Copy at most size-1 bytes and always terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);
/* Parse an unsigned decimal or 0x-hex number; *end past it. 0 if none. */
uint64_t strtou64(const char *s, const char **end);

/* lib/format.c: printf-style formatting into a sink; returns chars emitted.
 * Supports %d %i %u %x %X %p %s %c %%, widths, '0' and '-' flags, l/ll/z. */
typedef void (*format_sink)(void *ctx, char c);
int format(format_sink sink, void *ctx, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* console.c */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_write(const char *s, size_t n);
/* traps.c: "#PF page fault" etc. */
const char *exception_name(uint64_t vector);

/* One hypervisor log line: "(hv) <text>\n". */
#define LOG(fmt, ...) printk("(hv) " fmt "\n", ##__VA_ARGS__)
/* A broken hypervisor invariant: print, dump, power off with failure. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define ASSERT(c)                                                     \
    do {                                                              \
        if (!(c))                                                     \
            panic("%s:%d: assertion '%s' failed", __FILE__, __LINE__, #c); \
    } while (0)

#endif
