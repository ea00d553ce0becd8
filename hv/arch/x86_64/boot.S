/* multiboot2 header and the 32-bit entry: build boot page tables, enter long mode, jump high. */
#include <arch/layout.h>

#define MB2_MAGIC    0xe85250d6
#define MB2_ARCH_I386 0
#define PHYS(sym)    ((sym) - HV_DIRECTMAP_BASE)

        .section .boot.header, "a"
        .balign 8
mb2_header:
        .long MB2_MAGIC
        .long MB2_ARCH_I386
        .long mb2_header_end - mb2_header
        .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        /* entry address tag: GRUB jumps to the physical 32-bit entry */
        .balign 8
        .short 3, 0
        .long 12
        .long _start32
        .balign 8
        /* end tag */
        .short 0, 0
        .long 8
mb2_header_end:

        .section .boot.text, "ax"
        .code32
        .globl _start32
/* In: eax = multiboot2 magic, ebx = physical address of the boot information. */
_start32:
        cli
        cld
        mov     %eax, %edi
        mov     %ebx, %esi
        mov     $PHYS(boot_stack_top), %esp

        /* boot_pd: 2048 2 MiB entries mapping physical 0..4 GiB */
        mov     $PHYS(boot_pd), %ebx
        xor     %ecx, %ecx
1:      mov     %ecx, %eax
        shl     $21, %eax
        or      $0x83, %eax             /* P | RW | PS */
        mov     %eax, (%ebx,%ecx,8)
        mov     %ecx, %eax
        shr     $11, %eax               /* high dword: 2 MiB index >> 11 */
        mov     %eax, 4(%ebx,%ecx,8)
        inc     %ecx
        cmp     $2048, %ecx
        jb      1b

        /* boot_pdpt[0..3] -> the four pages of boot_pd */
        mov     $PHYS(boot_pdpt), %ebx
        mov     $PHYS(boot_pd) + 0x3, %eax
        xor     %ecx, %ecx
2:      mov     %eax, (%ebx,%ecx,8)
        add     $4096, %eax
        inc     %ecx
        cmp     $4, %ecx
        jb      2b

        /* identity (slot 0) and direct map (slot 262) share the same pdpt */
        mov     $PHYS(boot_pml4), %ebx
        mov     $PHYS(boot_pdpt) + 0x3, %eax
        mov     %eax, (%ebx)
        mov     %eax, HV_SLOT_DIRECTMAP * 8(%ebx)
        mov     %ebx, %cr3

        mov     %cr4, %eax
        or      $0x20, %eax             /* PAE */
        mov     %eax, %cr4
        mov     $0xc0000080, %ecx       /* EFER: LME | NXE | SCE */
        rdmsr
        or      $0x901, %eax
        wrmsr
        mov     %cr0, %eax
        or      $0x80010001, %eax       /* PG | WP | PE */
        mov     %eax, %cr0

        lgdt    boot_gdtr
        ljmp    $8, $start64_low

        .code64
start64_low:
        movabs  $start64, %rax
        jmp     *%rax

        .balign 8
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff      /* 64-bit ring 0 code */
        .quad   0x00cf92000000ffff      /* ring 0 data */
boot_gdtr:
        .short  boot_gdtr - boot_gdt - 1
        .long   boot_gdt

        .text
start64:
        xor     %eax, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        movabs  $boot_stack_top, %rsp
        mov     %edi, %edi              /* zero-extend magic and info address */
        mov     %esi, %esi
        call    hv_main
        ud2

        .bss
        .balign 4096
        .globl boot_pml4
boot_pml4:  .skip 4096
boot_pdpt:  .skip 4096
boot_pd:    .skip 4 * 4096
        .globl boot_stack_top
boot_stack: .skip 16384
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
