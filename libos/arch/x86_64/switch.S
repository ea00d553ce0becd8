/* Thread context switch at a call boundary: only callee-saved state moves. */

        .text
/* void thread_switch(uint64_t *save_rsp, uint64_t load_rsp)
 * Push rbx, rbp, r12-r15 and the x87/SSE control words (callee-saved in
 * the SysV ABI), store rsp in *save_rsp, then resume the other context. */
        .globl  thread_switch
thread_switch:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        sub     $8, %rsp
        stmxcsr (%rsp)
        fnstcw  4(%rsp)
        mov     %rsp, (%rdi)
        mov     %rsi, %rsp
        ldmxcsr (%rsp)
        fldcw   4(%rsp)
        add     $8, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

/* First return of a new thread: thread_start(fn, arg) from r12/r13. */
        .globl  thread_entry
thread_entry:
        mov     %r12, %rdi
        mov     %r13, %rsi
        call    thread_start
        ud2

        .section .note.GNU-stack, "", @progbits
