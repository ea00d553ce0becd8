/* Copies to and from guest memory through the loaded guest page tables, with a fault fixup. */

        .text
/*
 * long uaccess_copy(void *dst, const void *src, uint64_t len): 0, or -1
 * when an access faulted.  One of dst and src is a guest address the
 * caller has range-checked; a #PF (or #GP) with rip in [uaccess_start,
 * uaccess_end) resumes at uaccess_fault (traps.c), which returns -1 from
 * here.  As Xen's copy_{to,from}_guest: the MMU checks what the guest
 * mapped, CR0.WP keeps read-only pages read-only.
 */
        .globl  uaccess_copy, uaccess_start, uaccess_end, uaccess_fault
uaccess_copy:
        mov     %rdx, %rcx
        shr     $3, %rcx
uaccess_start:
        rep movsq
        mov     %rdx, %rcx
        and     $7, %rcx
        rep movsb
uaccess_end:
        xor     %eax, %eax
        ret
uaccess_fault:
        mov     $-1, %rax
        ret

        .section .note.GNU-stack, "", @progbits
