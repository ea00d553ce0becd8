/* The hypervisor console as guests see it: per-domain output lines, serial input. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/domain.h>
#include <stddef.h>

/* console.c */
/* Append guest output; each complete line is printed as "(dN) text". */
void console_guest_write(struct domain *d, const char *s, size_t n);
/* Print what is left of a domain's last line (when it dies). */
void console_guest_flush(struct domain *d);
/* Move received serial bytes into the input ring; raise VIRQ_CONSOLE. */
void console_poll_input(void);
/* Start polling the UART (after time_init). */
void console_init_input(void);
/* Take up to n bytes of serial input; returns how many. */
size_t console_read(char *buf, size_t n);

#endif
