/* probe.S: one-byte accesses whose page fault resumes at probe_fault. */
    .text
    .globl probe_write, probe_write_insn, probe_read, probe_read_insn
    .globl probe_fault

/* int probe_write(void *p, int v): 0 when stored, -1 when it faulted */
probe_write:
    xor %eax, %eax
probe_write_insn:
    movb %sil, (%rdi)
    ret

/* int probe_read(const void *p): the byte, or -1 when it faulted */
probe_read:
    xor %eax, %eax
probe_read_insn:
    movb (%rdi), %al
    ret

/* The #PF handler (frames.c) resumes a faulting probe here. */
probe_fault:
    mov $-1, %eax
    ret

    .section .note.GNU-stack, "", @progbits
