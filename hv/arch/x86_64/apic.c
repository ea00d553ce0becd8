/* Local APIC timer, calibrated with PIT channel 2; the legacy PIC is masked. */
#include <arch/cpu.h>
#include <arch/desc.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/timer.h>

#define APIC_SVR       0x0f0
#define APIC_EOI       0x0b0
#define APIC_LVT_TIMER 0x320
#define APIC_TIMER_ICR 0x380
#define APIC_TIMER_CCR 0x390
#define APIC_TIMER_DCR 0x3e0
#define LVT_PERIODIC   (1u << 17)
#define LVT_MASKED     (1u << 16)

#define PIT_HZ         1193182
#define CALIBRATE_MS   10

uint64_t tsc_khz;
static uint64_t apic_khz;               /* timer ticks per ms, after divide */
static uint64_t tsc_at_init;
static volatile uint32_t *apic;

static uint32_t apic_read(unsigned reg)
{
    return apic[reg / 4];
}

static void apic_write(unsigned reg, uint32_t v)
{
    apic[reg / 4] = v;
}

static void pic_mask_all(void)
{
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

/* Busy-wait CALIBRATE_MS on PIT channel 2 (gate through port 0x61). */
static void pit_wait(void)
{
    uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;

    outb(0x61, (inb(0x61) & ~0x02) | 0x01);   /* gate on, speaker off */
    outb(0x43, 0xb0);                         /* ch2, lo/hi, mode 0 */
    outb(0x42, count & 0xff);
    outb(0x42, count >> 8);
    while (!(inb(0x61) & 0x20))
        cpu_relax();
}

void timer_init(void)
{
    uint64_t t0, t1;

    pic_mask_all();
    apic = maddr_to_virt(rdmsr(MSR_APIC_BASE) & PAGE_MASK);
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1u << 11));  /* enable */
    apic_write(APIC_SVR, 0x100 | VEC_SPURIOUS);
    apic_write(APIC_TIMER_DCR, 0x3);                 /* divide by 16 */
    apic_write(APIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    apic_write(APIC_TIMER_ICR, 0xffffffff);
    t0 = rdtsc();
    pit_wait();
    t1 = rdtsc();
    apic_khz = (0xffffffff - apic_read(APIC_TIMER_CCR)) / CALIBRATE_MS;
    tsc_khz = (t1 - t0) / CALIBRATE_MS;
    tsc_at_init = t1;
    apic_write(APIC_TIMER_ICR, 0);
    apic_write(APIC_LVT_TIMER, VEC_TIMER);           /* one-shot */
    LOG("timer: TSC %lu kHz, APIC timer %lu kHz, one-shot", tsc_khz, apic_khz);
}

void timer_arm(uint64_t ns)
{
    uint64_t ticks = ns * apic_khz / 1000000;

    apic_write(APIC_TIMER_ICR, ticks < 1 ? 1 : ticks > 0xffffffff ? 0xffffffff
                                                                  : ticks);
}

void timer_eoi(void)
{
    apic_write(APIC_EOI, 0);
}
