/* Every way into the hypervisor: exception and interrupt stubs, syscall; one way out. */
/*
 * From a guest, the registers are saved in place in the running vcpu's
 * struct regs (TSS.rsp0 and syscall_entry point at its end), then C runs
 * on the hypervisor stack; from the idle loop they are saved on that
 * stack.  trap_entry returns the frame to leave through (another vcpu's
 * after a switch), so no frame is ever copied.
 */
#include <arch/regs.h>

#define GUEST_SS  0xe02b
#define GUEST_CS  0xe033

        .text

/* Save the general registers below the vector/error pair, call trap_entry
 * (on the hypervisor stack when the frame is a guest's). */
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
        testb   $3, REGS_CS(%rsp)
        jz      1f
        mov     cpu_stack_top(%rip), %rsp
1:      call    trap_entry
        mov     %rax, %rsp
        jmp     restore_all
        .endm

intr_common:
        SAVE_AND_CALL

/* Leave through the frame at rsp (maybe another vcpu's). */
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
 * guest's.  Build the same frame an interrupt from ring 3 would, in the
 * running vcpu's struct regs (the hypervisor stack is empty whenever a
 * guest runs: hv is not preemptible).
 */
        .globl  syscall_entry
syscall_entry:
        mov     %rsp, syscall_guest_rsp(%rip)
        mov     guest_frame_top(%rip), %rsp
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
/* Leave through a register frame (the first vcpu's). */
        .globl  enter_frame
enter_frame:
        mov     %rdi, %rsp
        jmp     restore_all

        .section .note.GNU-stack, "", @progbits
