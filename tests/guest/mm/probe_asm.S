/* probe_read/probe_write: touch a byte, return 1 if it faulted (see probe.c). */

        .text
        .globl  probe_read, probe_read_at, probe_write, probe_write_at
        .globl  probe_fault
/* int probe_read(const volatile void *addr) */
probe_read:
        xor     %eax, %eax
probe_read_at:
        movb    (%rdi), %cl
        ret

/* int probe_write(volatile void *addr, uint8_t value) */
probe_write:
        xor     %eax, %eax
probe_write_at:
        movb    %sil, (%rdi)
        ret

probe_fault:
        mov     $1, %eax
        ret

        .section .note.GNU-stack, "", @progbits
