/* The library OS interface apps and libos components use (first cut). */
#ifndef LIBOS_H
#define LIBOS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

/* The app's entry, called with the domain's command line split into words;
 * argv[0] is the app's name.  Its return value ends the domain. */
int main(int argc, char **argv);

/* start.c */
extern start_info_t *start_info;
extern const char libos_app_name[];    /* defined by the app's build */
/* End the domain: status 0 is SHUTDOWN_poweroff, anything else SHUTDOWN_crash. */
void libos_exit(int status) __attribute__((noreturn));

/* console.c: output through console_io (the hypervisor console). */
void console_write(const char *s, size_t n);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* string.c / format.c (shared with the hypervisor until newlib arrives) */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
typedef void (*format_sink)(void *ctx, char c);
int format(format_sink sink, void *ctx, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
