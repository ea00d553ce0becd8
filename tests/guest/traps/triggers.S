/* One function per exception; *_at labels the faulting instruction, *_next the one after. */
        .text
        .macro  TRIGGER name
        .globl  trig_\name, \name\()_at, \name\()_next
        .endm

        TRIGGER de
trig_de:
        xor     %ecx, %ecx
        mov     $1, %eax
        xor     %edx, %edx
de_at:  div     %ecx
de_next:
        ret

        TRIGGER bp
trig_bp:
bp_at:  int3
bp_next:
        ret

        TRIGGER ud
trig_ud:
ud_at:  ud2
ud_next:
        ret

        TRIGGER gp
trig_gp:
gp_at:  hlt
gp_next:
        ret

/* read of an unmapped page; rdi = address */
        TRIGGER pfr
trig_pfr:
pfr_at: mov     (%rdi), %rax
pfr_next:
        ret

/* write to a read-only page; rdi = address */
        TRIGGER pfw
trig_pfw:
pfw_at: movq    $0, (%rdi)
pfw_next:
        ret

/* an SSE instruction while the guest's virtual TS is set */
        TRIGGER nm
trig_nm:
nm_at:  movaps  %xmm0, %xmm1
nm_next:
        ret

/* SSE divide by zero with the exception unmasked: #XM; rdi = &mxcsr */
        TRIGGER xm
trig_xm:
        ldmxcsr (%rdi)
        xorps   %xmm1, %xmm1
        mov     $1, %eax
        cvtsi2ss %eax, %xmm0
xm_at:  divss   %xmm1, %xmm0
xm_next:
        ret

/* x87 divide by zero with ZE unmasked: #MF at the next waiting insn;
 * rdi = &control word */
        TRIGGER mf
trig_mf:
        fninit
        fldcw   (%rdi)
        fld1
        fldz
        fdivrp  %st, %st(1)
mf_at:  fwait
mf_next:
        fninit
        ret

/* single step: set TF, the instruction after popf completes, then #DB */
        TRIGGER db
trig_db:
        pushf
        orl     $0x100, (%rsp)
        popf
db_at:  nop
db_next:
        nop
        ret

/* int $0x80: the trap table lets the kernel (DPL 3) raise it */
        TRIGGER soft
trig_soft:
soft_at: int    $0x80
soft_next:
        ret

/* int $0x81: no entry in the trap table, so #GP */
        TRIGGER nosoft
trig_nosoft:
nosoft_at: int  $0x81
nosoft_next:
        ret

        .section .note.GNU-stack, "", @progbits
