/* Trap table registration and dispatch to handlers, with a clear report for the unhandled. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/traps.h>

#define DPL_KERNEL 1       /* trap_info DPL: only the kernel may "int n" it */
#define DPL_ALL    3

/* Entry stubs in traps.S */
#define STUB(n) extern char trap_##n[];
STUB(0) STUB(1) STUB(3) STUB(4) STUB(5) STUB(6) STUB(7) STUB(8) STUB(10)
STUB(11) STUB(12) STUB(13) STUB(14) STUB(16) STUB(17) STUB(18) STUB(19)
STUB(128)
#undef STUB

#define T(vec, dpl) { vec, dpl, FLAT_KERNEL_CS, (unsigned long)trap_##vec }
static const trap_info_t trap_table[] = {
    T(0, DPL_KERNEL),  T(1, DPL_KERNEL),  T(3, DPL_ALL),     T(4, DPL_ALL),
    T(5, DPL_KERNEL),  T(6, DPL_KERNEL),  T(7, DPL_KERNEL),  T(8, DPL_KERNEL),
    T(10, DPL_KERNEL), T(11, DPL_KERNEL), T(12, DPL_KERNEL), T(13, DPL_KERNEL),
    T(14, DPL_KERNEL), T(16, DPL_KERNEL), T(17, DPL_KERNEL), T(18, DPL_KERNEL),
    T(19, DPL_KERNEL), T(128, DPL_ALL),
    { 0, 0, 0, 0 },
};
#undef T

static trap_handler_t handlers[256];

static const char *const names[20] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", NULL,
    "invalid TSS", "segment not present", "stack fault",
    "general protection", "page fault", NULL, "x87 error",
    "alignment check", "machine check", "SIMD error",
};

/* Lazy FPU: whoever set TS (fpu_taskswitch) gets it cleared on first use;
 * nothing may touch SSE before this runs, so it copies no structs. */
static int nm_default(struct trap_frame *f)
{
    hypercall_fpu_taskswitch(0);
    return 0;
}

void traps_init(void)
{
    long rc = hypercall_set_trap_table(trap_table);

    if (rc)
        printf("libos: set_trap_table failed: %ld\n", rc);
    handlers[7] = nm_default;
}

void trap_set_handler(unsigned vector, trap_handler_t fn)
{
    handlers[vector & 0xff] = fn;
}

uint64_t trap_cr2(void)
{
    return shared_info->vcpu_info[0].arch.cr2;
}

volatile int libos_fpu_ts;              /* see hypercall_fpu_taskswitch */

/* Words on the faulting stack that point into .text, up to the end of
 * rsp's page (mapped, since rsp is): likely return addresses, for
 * addr2line on the image's .debug file.  A guess, as Linux's "? " lines. */
static void report_stack(uint64_t rsp)
{
    extern char _start[], _etext[];
    const uint64_t *w = (const uint64_t *)(rsp & ~7UL);
    const uint64_t *end = (const uint64_t *)((rsp | 4095) + 1);
    int shown = 0;

    if (rsp < 4096)
        return;
    printf("libos: stack text words:");
    for (; w < end && shown < 24; w++)
        if (*w >= (uint64_t)_start && *w < (uint64_t)_etext) {
            printf(" 0x%lx", *w);
            shown++;
        }
    printf("\n");
}

void trap_report(const struct trap_frame *f)
{
    const char *name = f->vector < 20 && names[f->vector] ? names[f->vector]
                                                          : "trap";

    printf("libos: unhandled %s (vector %lu) at rip 0x%lx, error 0x%lx",
           name, f->vector, f->rip, f->error);
    if (f->vector == 14)
        printf(", cr2 0x%lx", trap_cr2());

    printf("\nlibos: rsp 0x%lx rflags 0x%lx rax 0x%lx rbx 0x%lx rcx 0x%lx "
           "rdx 0x%lx\nlibos: rsi 0x%lx rdi 0x%lx rbp 0x%lx\n", f->rsp,
           f->rflags, f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp);
    report_stack(f->rsp);
}

/* Called by trap_common for every exception and upcall. */
void libos_trap(struct trap_frame *f)
{
    if (f->vector == TRAP_VEC_EVENT) {
        events_upcall();
        return;
    }
    if (f->vector < 256 && handlers[f->vector] && handlers[f->vector](f) == 0)
        return;
    if (f->vector == TRAP_VEC_FAILSAFE)
        printf("libos: failsafe callback at rip 0x%lx\n", f->rip);
    else
        trap_report(f);
    libos_crash();                     /* a fault is a crash, not an exit status */
}
