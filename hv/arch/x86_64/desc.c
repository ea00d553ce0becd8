/* GDT, TSS, IDT and syscall set-up for the boot CPU. */
#include <arch/cpu.h>
#include <arch/desc.h>
#include <arch/regs.h>
#include <xen/xen.h>
#include <hv/lib.h>

/* Xen's guest selectors sit at 0xe023..0xe033; the GDT must reach them. */
#define GDT_ENTRIES ((HV_TSS >> 3) + 2)

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
};

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(4096)));
static struct idt_gate idt[256] __attribute__((aligned(4096)));
static struct tss tss __attribute__((aligned(64)));
static uint8_t hv_stack[16384] __attribute__((aligned(4096)));
static uint8_t df_stack[4096] __attribute__((aligned(4096)));
uint64_t cpu_stack_top;
uint64_t guest_frame_top;

extern const uint64_t intr_stubs[256];
extern char syscall_entry[];

static void gdt_set(uint16_t sel, uint64_t desc)
{
    gdt[sel >> 3] = desc;
}

static void gdt_set_tss(void)
{
    uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

    gdt[HV_TSS >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                       (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
                       (((base >> 24) & 0xff) << 56);
    gdt[(HV_TSS >> 3) + 1] = base >> 32;
}

/* Only #BP and #OF may be raised by a guest's int3/into (DPL 3), as in Xen. */
static void idt_set(int vec, uint64_t handler, int dpl, int ist)
{
    struct idt_gate *g = &idt[vec];

    g->off_lo = handler & 0xffff;
    g->sel = HV_CS;
    g->ist = ist;
    g->type = 0x8e | (dpl << 5);  /* present, 64-bit interrupt gate */
    g->off_mid = (handler >> 16) & 0xffff;
    g->off_hi = handler >> 32;
    g->zero = 0;
}

static void load_tables(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (uint64_t)gdt },
      idtr = { sizeof(idt) - 1, (uint64_t)idt };

    __asm__ volatile("lgdt %0" : : "m"(gdtr));
    __asm__ volatile("lidt %0" : : "m"(idtr));
    /* reload cs through a far return, then the data segments and TR */
    __asm__ volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
                     : : "i"(HV_CS) : "rax", "memory");
    __asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss"
                     : : "r"((uint32_t)HV_DS));
    __asm__ volatile("ltr %w0" : : "r"((uint16_t)HV_TSS));
}

void desc_set_guest_frame(struct regs *r)
{
    guest_frame_top = tss.rsp[0] = (uint64_t)(r + 1);
}

void desc_init(void)
{
    gdt_set(HV_CS, 0x00af9a000000ffffUL);          /* ring 0 code, 64-bit */
    gdt_set(HV_DS, 0x00cf92000000ffffUL);          /* ring 0 data */
    gdt_set(FLAT_RING3_CS32, 0x00cffa000000ffffUL);/* ring 3 code, 32-bit */
    gdt_set(FLAT_RING3_DS32, 0x00cff2000000ffffUL);/* ring 3 data */
    gdt_set(FLAT_RING3_CS64, 0x00affa000000ffffUL);/* ring 3 code, 64-bit */
    gdt_set_tss();

    cpu_stack_top = (uint64_t)hv_stack + sizeof(hv_stack);
    tss.rsp[0] = guest_frame_top = cpu_stack_top;   /* until a guest runs */
    tss.ist[0] = (uint64_t)df_stack + sizeof(df_stack);
    tss.iomap_base = sizeof(tss);  /* no I/O bitmap: ring 3 has no ports */

    for (int v = 0; v < 256; v++)
        idt_set(v, intr_stubs[v], (v == 3 || v == 4) ? 3 : 0, v == 8 ? 1 : 0);
    load_tables();

    /* syscall lands on HV_CS; sysret would use 0xe023+16 = FLAT_RING3_CS64 */
    wrmsr(MSR_STAR, ((uint64_t)(FLAT_RING3_CS32 & ~3) << 48) |
                    ((uint64_t)HV_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_DF | RFLAGS_TF | RFLAGS_AC |
                     RFLAGS_NT | RFLAGS_IOPL);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | EFER_NXE);

    /* FPU/SSE for guests: native x87 errors, fxsave/fxrstor, SSE exceptions */
    write_cr0((read_cr0() & ~(1UL << 2 | 1UL << 3)) | (1UL << 1 | 1UL << 5));
    write_cr4(read_cr4() | (1UL << 9) | (1UL << 10));
}
