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
/*
 * End the domain after exit (newlib has flushed stdio; main's return
 * comes here too).  A non-zero status prints "<app>: exit status N".
 * Under a toolstack (a store ring) status goes to xenstore as
 * data/exit-status and the domain powers off whatever it is; without one
 * (boot-time domains, the console domain), status 0 is SHUTDOWN_poweroff
 * and anything else SHUTDOWN_crash.  Console output is drained first
 * (for up to 2 s).
 */
void libos_exit(int status) __attribute__((noreturn));
/* End the domain as crashed (SHUTDOWN_crash): abort, fatal signals,
 * unhandled faults.  Print the reason first. */
void libos_crash(void) __attribute__((noreturn));
/* The address of a page the domain builder set up by its mfn (start_info's
 * console and store rings), or NULL if it is not one of ours. */
void *start_page_va(uint64_t mfn);

/* control.c: under a toolstack, a thread that answers control/shutdown
 * ("poweroff", "halt": exit(0); "reboot": SHUTDOWN_reboot). */
void control_start(void);

/* console.c: fds 0, 1, 2 on the console ring or console_io (console.h). */
/* Write n bytes to the console from any context; before console_init
 * they go to console_io. */
void console_write(const char *s, size_t n);
/* Choose the console and install it as fds 0, 1, 2 (after events_init). */
void console_init(void);

#endif
