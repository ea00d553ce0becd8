/* A good child image (the lifecycle tests' child), held in this domain's memory. */
        .section .rodata
        .balign 4096
        .globl  child_image, child_image_end
child_image:
        .incbin "build/tests/guest/child/child.elf"
child_image_end:
        .section .note.GNU-stack, "", @progbits
