/* The register frame every entry into the hypervisor builds on its stack. */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

/* Byte offsets, shared with entry.S. */
#define REGS_R15     0
#define REGS_RAX     (14 * 8)
#define REGS_VECTOR  (15 * 8)
#define REGS_ERROR   (16 * 8)
#define REGS_RIP     (17 * 8)
#define REGS_CS      (18 * 8)
#define REGS_RFLAGS  (19 * 8)
#define REGS_RSP     (20 * 8)
#define REGS_SS      (21 * 8)
#define REGS_SIZE    (22 * 8)

/* vector value the syscall entry stores: not a hardware vector */
#define VECTOR_SYSCALL 0x100

#ifndef __ASSEMBLY__
#include <stdint.h>

/*
 * Pushed by entry.S: general registers (r15 first, at the lowest address),
 * then vector and error code, then the hardware iret frame.
 */
struct regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rcx, rdx, rsi, rdi, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct regs) == REGS_SIZE, "regs layout");
_Static_assert(__builtin_offsetof(struct regs, rax) == REGS_RAX, "rax");
_Static_assert(__builtin_offsetof(struct regs, rip) == REGS_RIP, "rip");

static inline int regs_from_guest(const struct regs *r)
{
    return (r->cs & 3) == 3;
}
#endif

#endif
