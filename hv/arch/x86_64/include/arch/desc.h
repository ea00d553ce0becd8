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

/* top of the hypervisor stack, where C runs (entry.S reads it) */
extern uint64_t cpu_stack_top;
/* end of the running vcpu's register frame: entries from the guest save
 * its registers there, in place (TSS.rsp0 and syscall_entry) */
extern uint64_t guest_frame_top;

struct regs;
/* desc.c: load GDT, TSS and IDT; program syscall/sysret MSRs. */
void desc_init(void);
/* Entries from the guest save into r from now on (the vcpu switched).
 * r must be 16-byte aligned: the CPU aligns rsp0 before pushing. */
void desc_set_guest_frame(struct regs *r);

#endif
