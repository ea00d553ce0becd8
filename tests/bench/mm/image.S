/* The child domain's ELF image, for the create-to-main measurement. */
        .data
        .balign 4096
        .globl  child_image, child_image_end
child_image:
        .incbin "build/tests/guest/child/child.elf"
child_image_end:
        .section .note.GNU-stack, "", @progbits
