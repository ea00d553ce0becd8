/* Ending the machine: the status QEMU reports when the hypervisor powers off. */
#ifndef HV_POWER_H
#define HV_POWER_H

/*
 * Written to QEMU's isa-debug-exit port (0xf4); QEMU exits with (v << 1) | 1.
 *   POWER_CLEAN  -> 1: every domain shut down with reason poweroff
 *   POWER_UNCLEAN-> 3: some domain crashed, was killed or failed to build
 *   POWER_PANIC  -> 5: a hypervisor invariant broke
 */
enum power_status { POWER_CLEAN = 0, POWER_UNCLEAN = 1, POWER_PANIC = 2 };

void power_off(enum power_status status) __attribute__((noreturn));

#endif
