/* dom0's console backend (xenconsoled's job): each domU's console ring to
 * the serial line, a bounded log per domain, input to an attached one. */
#ifndef DOM0_CONSOLE_BACK_H
#define DOM0_CONSOLE_BACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

#define CONSOLE_LOG_SIZE 4096           /* last bytes kept per domain */

struct console_back;

/* console_back.c */
/* Start the backend's thread.  0 or -errno. */
int console_back_start(void);
/* Serve domid's console ring (its reserved grant, its port); its lines
 * are printed "(name) text".  NULL on failure (one line printed). */
struct console_back *console_back_attach(domid_t domid, const char *name,
                                         uint32_t port);
/* Take what is left on the ring, print its last partial line, unmap. */
void console_back_detach(struct console_back *c);
/* Copy the domain's log (its last CONSOLE_LOG_SIZE bytes) into buf;
 * returns the length. */
size_t console_back_log(const struct console_back *c, char *buf, size_t max);
/* Put input on the domain's in[] ring; returns bytes taken (the ring may
 * be full). */
size_t console_back_input(struct console_back *c, const char *buf, size_t n);
/* Echo the domain's output raw to the serial line (attached) instead of
 * as prefixed lines; one at a time. */
void console_back_attach_tty(struct console_back *c, int on);
/* Bytes taken from the domain's ring so far. */
uint64_t console_back_bytes(const struct console_back *c);
/* Block until the domain has printed something or system time reaches
 * deadline; true if it has. */
bool console_back_wait_output(const struct console_back *c, uint64_t deadline);

#endif
