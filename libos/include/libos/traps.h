/* Guest exception handling: the trap table and per-vector handlers. */
#ifndef LIBOS_TRAPS_H
#define LIBOS_TRAPS_H

#include <stdint.h>

#define TRAP_VEC_EVENT    0x100         /* the event upcall */
#define TRAP_VEC_FAILSAFE 0x101

/* The state at the exception, as libos's entry stubs save it. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rcx, rdx, rsi, rdi, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* A handler may change *f (e.g. skip the instruction) and return 0 to
 * resume there; any other return is fatal: report and crash. */
typedef int (*trap_handler_t)(struct trap_frame *f);

/* traps.c */
void traps_init(void);                  /* install the trap table */
void trap_set_handler(unsigned vector, trap_handler_t fn);
/* Print vector, error, rip, cr2 and registers. */
void trap_report(const struct trap_frame *f);
/* cr2 of the last page fault, from vcpu_info */
uint64_t trap_cr2(void);

#endif
