/* Entry points the hypervisor bounces into: exceptions, event upcall, failsafe. */
#include <xen/xen.h>

#define VEC_EVENT    0x100
#define VEC_FAILSAFE 0x101

/*
 * The hypervisor leaves { rcx, r11, [error], rip, cs, rflags, rsp, ss } at
 * rsp.  Each stub restores rcx and r11, makes the frame uniform (error 0
 * when the CPU gives none), pushes its vector, and joins trap_common.
 */
        .macro  TRAP_NOERR vec
        .globl  trap_\vec
trap_\vec:
        pop     %rcx
        pop     %r11
        pushq   $0
        pushq   $\vec
        jmp     trap_common
        .endm

        .macro  TRAP_ERR vec
        .globl  trap_\vec
trap_\vec:
        pop     %rcx
        pop     %r11
        pushq   $\vec
        jmp     trap_common
        .endm

        .text
        TRAP_NOERR 0
        TRAP_NOERR 1
        TRAP_NOERR 3
        TRAP_NOERR 4
        TRAP_NOERR 5
        TRAP_NOERR 6
        TRAP_NOERR 7
        TRAP_ERR   8
        TRAP_ERR   10
        TRAP_ERR   11
        TRAP_ERR   12
        TRAP_ERR   13
        TRAP_ERR   14
        TRAP_NOERR 16
        TRAP_ERR   17
        TRAP_NOERR 18
        TRAP_NOERR 19
        TRAP_NOERR 128

        .globl  hypervisor_callback
hypervisor_callback:
        pop     %rcx
        pop     %r11
        pushq   $0
        pushq   $VEC_EVENT
        jmp     trap_common

/* The failsafe frame also carries ds, es, fs, gs: drop them. */
        .globl  failsafe_callback
failsafe_callback:
        pop     %rcx
        pop     %r11
        add     $32, %rsp
        pushq   $0
        pushq   $VEC_FAILSAFE
        jmp     trap_common

/* Save the rest as a struct trap_frame (for an upcall, the FPU/SSE state
 * too), run libos_trap, then leave through
 * HYPERVISOR_iret: it restores rax, r11, rcx and the event mask (from
 * rflags.IF) together with rip, so no event can slip in between. */
trap_common:
        push    %rax
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        cld
        mov     %rsp, %rdi              /* the struct trap_frame */
        /* An event can come between any two instructions, when the
         * interrupted code has values in FPU/SSE registers (compiled C
         * keeps them in xmm registers, newlib's string functions too), and
         * handlers are compiled C: save them around the upcall, as the
         * general registers are.  Not for exceptions: their handlers are
         * part of the faulting code, and the FPU ones (#NM, #MF, #XM) must
         * change that state.  Not while the virtual TS is set: the save
         * would fault, and nothing can use them until it is clear. */
        cmpq    $VEC_EVENT, 15*8(%rsp)
        jne     1f
        cmpl    $0, libos_fpu_ts(%rip)
        jne     1f
        sub     $512, %rsp              /* rsp is 16-aligned here */
        fxsave64 (%rsp)
        call    libos_trap
        fxrstor64 (%rsp)
        add     $512, %rsp
        jmp     2f
1:      call    libos_trap
2:      pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        pop     %rax
        add     $16, %rsp               /* vector, error */
        pushq   $0                      /* iret flags: not in syscall */
        jmp     hypercall_page + __HYPERVISOR_iret * 32

        .section .note.GNU-stack, "", @progbits
