/* Guest entry from the domain builder, and the hypercall page the builder fills. */

        .section .text.entry, "ax"
        .globl  _start
/* In: rsi = start_info (virtual), rsp = the builder's bootstrap stack. */
_start:
        cld
        lea     libos_stack_top(%rip), %rsp
        xor     %ebp, %ebp
        mov     %rsi, %rdi
        call    libos_start
        ud2

/* Filled with 32-byte syscall stubs by the hypervisor (XEN_ELFNOTE_HYPERCALL_PAGE). */
        .text
        .balign 4096
        .globl  hypercall_page
hypercall_page:
        .fill   4096, 1, 0xcc

        .bss
        .balign 16
libos_stack:
        .skip   65536
        .globl  libos_stack_top
libos_stack_top:

        .section .note.GNU-stack, "", @progbits
