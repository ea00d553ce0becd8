/* trap_entry: every exception, interrupt and hypercall lands here first. */
#include <arch/cpu.h>
#include <arch/desc.h>
#include <arch/regs.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/power.h>
#include <hv/pv.h>
#include <hv/sched.h>
#include <hv/time.h>

static const char *const exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
    "#MC machine check", "#XM SIMD error", "#VE virtualisation",
    "#CP control protection",
};

const char *exception_name(uint64_t vec)
{
    return vec < 32 && exception_names[vec] ? exception_names[vec]
                                            : "reserved exception";
}

static void dump_regs(const struct regs *r)
{
    printk("(hv) vector %lu (%s) error 0x%lx\n", r->vector,
           exception_name(r->vector), r->error);
    printk("(hv) rip %016lx cs %04lx rflags %08lx rsp %016lx ss %04lx\n",
           r->rip, r->cs, r->rflags, r->rsp, r->ss);
    printk("(hv) rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
           r->rax, r->rbx, r->rcx, r->rdx);
    printk("(hv) rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n",
           r->rsi, r->rdi, r->rbp, r->r8);
    printk("(hv) r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n",
           r->r9, r->r10, r->r11, r->r12);
    printk("(hv) r13 %016lx r14 %016lx r15 %016lx\n", r->r13, r->r14, r->r15);
    printk("(hv) cr0 %016lx cr2 %016lx cr3 %016lx cr4 %016lx\n",
           read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static void irq_dispatch(uint64_t vec)
{
    if (vec == VEC_TIMER)
        time_interrupt();
    /* VEC_SPURIOUS and masked legacy vectors need no EOI */
}

/* A fault in uaccess_copy is the guest's bad address: the copy fails. */
static bool uaccess_fixup(struct regs *r)
{
    extern char uaccess_start[], uaccess_end[], uaccess_fault[];

    if ((r->vector != 13 && r->vector != 14) ||
        r->rip < (uint64_t)uaccess_start || r->rip >= (uint64_t)uaccess_end)
        return false;
    r->rip = (uint64_t)uaccess_fault;
    return true;
}

/* Any other exception in the hypervisor itself is a hypervisor bug. */
static void hv_exception(struct regs *r)
{
    dump_regs(r);
    panic("unexpected exception %lu in the hypervisor at rip %lx",
          r->vector, r->rip);
}

/* Returns the frame entry.S leaves through. */
struct regs *trap_entry(struct regs *r)
{
    if (!regs_from_guest(r)) {
        if (r->vector >= 32)
            irq_dispatch(r->vector);    /* interrupted the idle loop */
        else if (!uaccess_fixup(r))
            hv_exception(r);
        return r;                       /* resume where it was */
    }
    if (r != &current->regs)
        current->regs = *r;             /* #DF: on its own stack */
    if (r->vector == VECTOR_SYSCALL)
        hypercall_dispatch(current);
    else if (r->vector < 32)
        pv_exception(current, r->vector, r->error);
    else
        irq_dispatch(r->vector);
    return schedule();
}
