/* The child domain's ELF image, held in this domain's memory. */
        .data                           /* writable: a test corrupts it */
        .balign 4096
        .globl  child_image, child_image_end
child_image:
        .incbin "build/tests/guest/child/child.elf"
child_image_end:
        .section .note.GNU-stack, "", @progbits
