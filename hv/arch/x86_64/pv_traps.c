/* Exceptions and event upcalls into PV guests, through Xen's bounce frame. */
#include <arch/cpu.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv.h>
#include <xen/errno.h>

#define VEC_DB 1
#define VEC_NM 7
#define VEC_GP 13
#define VEC_PF 14

/* Vectors whose hardware frame carries an error code. */
static bool has_error_code(uint64_t vec)
{
    return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21;
}

int pv_bounce(struct vcpu *v, uint64_t handler, unsigned flags, uint64_t error)
{
    struct regs *r = &v->regs;
    uint8_t mask = v->info->evtchn_upcall_mask;
    uint64_t frame[13], *p = frame + 13, sp;

    *--p = r->ss;
    *--p = r->rsp;
    *--p = (r->rflags & ~(uint64_t)RFLAGS_IF) | (mask ? 0 : RFLAGS_IF);
    *--p = (r->cs & ~3UL) | ((uint64_t)mask << 32);   /* RPL 0: kernel */
    *--p = r->rip;
    if (flags & TBF_ERRCODE)
        *--p = error;
    if (flags & TBF_FAILSAFE)
        for (int i = 0; i < 4; i++)
            *--p = 0;           /* GS, FS, ES, DS: 64-bit guests use none */
    *--p = r->r11;
    *--p = r->rcx;
    sp = (r->rsp & ~0xfUL) - (frame + 13 - p) * 8;
    if (!handler || !guest_va_ok(sp) ||
        copy_to_guest(sp, p, (frame + 13 - p) * 8))
        return -XEN_EFAULT;
    if (flags & TBF_INTERRUPT)
        v->info->evtchn_upcall_mask = 1;
    r->rsp = sp;
    r->rip = handler;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rflags &= ~(uint64_t)(RFLAGS_AC | RFLAGS_VM | RFLAGS_RF | RFLAGS_NT |
                             RFLAGS_TF);
    return 0;
}

/* "int $n" through one of our DPL 0 gates arrives as #GP: if the guest's
 * own table lets the kernel raise n, deliver n after the instruction. */
static bool soft_interrupt(struct vcpu *v, uint64_t error)
{
    uint8_t insn[2];

    if ((error & 3) != 2 || copy_from_guest(insn, v->regs.rip, 2) ||
        insn[0] != 0xcd)
        return false;
    if ((v->traps->flags[insn[1]] & 3) < 1 || !v->traps->address[insn[1]])
        return false;
    v->regs.rip += 2;
    if (pv_bounce(v, v->traps->address[insn[1]],
                  v->traps->flags[insn[1]] & 4 ? TBF_INTERRUPT : 0, 0))
        domain_kill(v->dom, "int $0x%x: guest stack 0x%lx not writable",
                    insn[1], v->regs.rsp);
    return true;
}

void pv_exception(struct vcpu *v, uint64_t vec, uint64_t error)
{
    uint64_t rip = v->regs.rip, cr2 = vec == VEC_PF ? read_cr2() : 0;
    unsigned flags = has_error_code(vec) ? TBF_ERRCODE : 0;

    if (vec == VEC_GP && soft_interrupt(v, error))
        return;
    if (vec == VEC_NM && !v->fpu_ts) {
        __asm__ volatile("clts");   /* stale TS: not the guest's business */
        return;
    }
    if (!v->traps->address[vec]) {
        if (vec == VEC_PF)
            domain_kill(v->dom, "%s at rip 0x%lx, cr2 0x%lx, error 0x%lx",
                        exception_name(vec), rip, cr2, error);
        else
            domain_kill(v->dom, "%s at rip 0x%lx, error 0x%lx",
                        exception_name(vec), rip, error);
        return;
    }
    if (vec == VEC_PF) {
        v->info->arch.cr2 = cr2;
        error &= ~4UL;   /* as Xen: a PV kernel sees supervisor-mode faults */
    }
    if (v->traps->flags[vec] & 4)
        flags |= TBF_INTERRUPT;
    if (pv_bounce(v, v->traps->address[vec], flags, error))
        domain_kill(v->dom, "%s at rip 0x%lx: cannot deliver it, guest "
                    "stack 0x%lx not writable", exception_name(vec), rip,
                    v->regs.rsp);
}

void pv_deliver_upcall(struct vcpu *v)
{
    if (pv_bounce(v, v->event_callback, TBF_INTERRUPT, 0))
        domain_kill(v->dom, "event upcall at rip 0x%lx: %s", v->regs.rip,
                    v->event_callback ? "guest stack not writable"
                                      : "no event callback registered");
}

int pv_vcpu_init(struct vcpu *v)
{
    return (v->traps = domain_alloc_page(v->dom)) ? 0 : -XEN_ENOMEM;
}
