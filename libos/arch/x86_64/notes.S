/* The "Xen" ELF notes that make this image a Xen x86_64 PV kernel. */
#include <xen/elfnote.h>

#define LIBOS_VIRT_BASE 0x400000

        .macro  XEN_NOTE type, payload_begin, payload_end
        .balign 4
        .long   4                       /* namesz: "Xen\0" */
        .long   \payload_end - \payload_begin
        .long   \type
        .asciz  "Xen"
        .balign 4
        .endm

        .section .note.Xen, "a", @note

        XEN_NOTE XEN_ELFNOTE_GUEST_OS, 1f, 2f
1:      .asciz  "libos"
2:      XEN_NOTE XEN_ELFNOTE_GUEST_VERSION, 1f, 2f
1:      .asciz  "0.1"
2:      XEN_NOTE XEN_ELFNOTE_XEN_VERSION, 1f, 2f
1:      .asciz  "xen-3.0"
2:      XEN_NOTE XEN_ELFNOTE_LOADER, 1f, 2f
1:      .asciz  "generic"
2:      XEN_NOTE XEN_ELFNOTE_VIRT_BASE, 1f, 2f
1:      .quad   LIBOS_VIRT_BASE
2:      XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET, 1f, 2f
1:      .quad   LIBOS_VIRT_BASE         /* p_paddr == p_vaddr */
2:      XEN_NOTE XEN_ELFNOTE_ENTRY, 1f, 2f
1:      .quad   _start
2:      XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE, 1f, 2f
1:      .quad   hypercall_page
2:      XEN_NOTE XEN_ELFNOTE_FEATURES, 1f, 2f
1:      .asciz  "!writable_page_tables"
2:      .balign 4

        .section .note.GNU-stack, "", @progbits
