/* GDT with Xen's flat selectors, TSS, IDT and the syscall MSRs. */
#ifndef ARCH_DESC_H
#define ARCH_DESC_H

#include <stdint.h>

/* Hypervisor selectors, in Xen's reserved GDT area like the guest ones. */
#define HV_CS      0xe008
#define HV_DS      0xe010
#define HV_TSS     0xe040

#define VEC_TIMER    0xf0
#define VEC_SPURIOUS 0xff

/* top of the stack every entry from a guest lands on (entry.S reads it) */
extern uint64_t cpu_stack_top;

/* desc.c: load GDT, TSS and IDT; program syscall/sysret MSRs. */
void desc_init(void);

#endif
