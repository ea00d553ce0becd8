/* The child domain's ELF image (tests/bench/echo), for the density measurement. */
        .data
        .balign 4096
        .globl  child_image, child_image_end
child_image:
        .incbin "build/tests/bench/echo/echo.elf"
child_image_end:
        .section .note.GNU-stack, "", @progbits
