/* Touch memory and learn whether it faulted: #PF probes for conformance guests. */
#ifndef TESTS_GUEST_PROBE_H
#define TESTS_GUEST_PROBE_H

#include <stdint.h>

/* probe_asm.S: 1 if the access faulted (and was skipped), else 0. */
int probe_read(const volatile void *addr);
int probe_write(volatile void *addr, uint8_t value);

/* probe.c */
/* Install the #PF handler that turns faults in the probes into a return
 * of 1; any other page fault is reported and fatal, as usual. */
void probe_init(void);
/* cr2 and error code of the last probe fault; faults counted so far. */
uint64_t probe_cr2(void);
uint64_t probe_error(void);
unsigned probe_faults(void);

#endif
