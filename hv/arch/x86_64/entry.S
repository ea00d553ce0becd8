/* Every way into the hypervisor: exception and interrupt stubs, syscall; one way out. */
#include <arch/regs.h>

#define GUEST_SS  0xe02b
#define GUEST_CS  0xe033

        .text

/* Save the general registers below the vector/error pair, call trap_entry. */
        .macro  SAVE_AND_CALL
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
        mov     %rsp, %rdi
        call    trap_entry
        jmp     restore_all
        .endm

intr_common:
        SAVE_AND_CALL

/* Leave through the frame trap_entry left on the stack (maybe another vcpu's). */
        .globl restore_all
restore_all:
        pop     %r15
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
        add     $16, %rsp               /* vector, error code */
        iretq

/* Vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30. */
        .macro  STUB vec
        .balign 16
stub_\vec:
        .if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
        .else
        pushq   $0
        .endif
        pushq   $\vec
        jmp     intr_common
        .endm

        .altmacro
        .set    vec, 0
        .rept   256
        STUB    %vec
        .set    vec, vec + 1
        .endr

/* Table of the 256 stub addresses, for idt_init. */
        .section .rodata
        .balign 8
        .globl  intr_stubs
intr_stubs:
        .macro  STUBADDR vec
        .quad   stub_\vec
        .endm
        .set    vec, 0
        .rept   256
        STUBADDR %vec
        .set    vec, vec + 1
        .endr
        .noaltmacro

        .text
/*
 * syscall from a guest: rcx = guest rip, r11 = guest rflags, rsp still the
 * guest's.  Build the same frame an interrupt from ring 3 would, on the
 * hypervisor stack (empty whenever a guest runs: hv is not preemptible).
 */
        .globl  syscall_entry
syscall_entry:
        mov     %rsp, syscall_guest_rsp(%rip)
        mov     cpu_stack_top(%rip), %rsp
        pushq   $GUEST_SS
        pushq   syscall_guest_rsp(%rip)
        push    %r11
        pushq   $GUEST_CS
        push    %rcx
        pushq   $0
        pushq   $VECTOR_SYSCALL
        SAVE_AND_CALL

        .bss
        .balign 8
syscall_guest_rsp:
        .quad   0

        .text
/* Copy a register frame to the top of the hypervisor stack and leave through it. */
        .globl  enter_frame
enter_frame:
        mov     cpu_stack_top(%rip), %rsp
        sub     $REGS_SIZE, %rsp
        mov     %rdi, %rsi
        mov     %rsp, %rdi
        mov     $REGS_SIZE, %ecx
        rep movsb
        jmp     restore_all

        .section .note.GNU-stack, "", @progbits
