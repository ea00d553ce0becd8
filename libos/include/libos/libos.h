/* The library OS interface apps and libos components use, on top of newlib's C library. */
#ifndef LIBOS_H
#define LIBOS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/xen.h>

/* The app's entry: an ordinary C main, called with the domain's command
 * line split into words (argv[0] is the app's name).  Returning from it
 * is exit(status). */
int main(int argc, char **argv);

/* start.c */
extern start_info_t *start_info;
extern const char libos_app_name[];    /* defined by the app's build */
/* End the domain now, without flushing stdio: status 0 is
 * SHUTDOWN_poweroff, anything else SHUTDOWN_crash (exit and abort come
 * here after newlib's clean-up). */
void libos_exit(int status) __attribute__((noreturn));

/* console.c: the hypervisor console (console_io), behind fds 0, 1, 2. */
void console_write(const char *s, size_t n);
void console_init(void);

#endif
