/* An x86_64 ELF executable with no Xen notes: the builder must refuse it. */
        .text
        .globl  _start
_start:
        ud2
        .section .note.GNU-stack, "", @progbits
