/* The hypervisor's command line: boot=domains, dom0_mem=, selftest=. */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cmdline.c */
/* The value of "key=value" (len bytes, not NUL-terminated), or of a bare
 * "key" (len 0); NULL when key is absent.  The first occurrence wins. */
const char *cmdline_find(const char *cmdline, const char *key, size_t *len);
/* Whether the bare word is present. */
bool cmdline_has(const char *cmdline, const char *word);
/* A size "<n>K", "<n>M", "<n>G" or "<n>" (MiB) in KiB; 0 or -1 if bad. */
int cmdline_size_kb(const char *v, size_t len, uint64_t *kb);

#endif
