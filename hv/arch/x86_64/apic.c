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
    uint32_t apic_ticks;

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
    apic_ticks = 0xffffffff - apic_read(APIC_TIMER_CCR);
    tsc_khz = (t1 - t0) / CALIBRATE_MS;
    tsc_at_init = t1;

    apic_write(APIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
    apic_write(APIC_TIMER_ICR, apic_ticks * (1000 / CALIBRATE_MS) / TIMER_HZ);
    LOG("timer: TSC %lu kHz, APIC tick %u Hz", tsc_khz, TIMER_HZ);
}

uint64_t timer_now_ns(void)
{
    return (rdtsc() - tsc_at_init) * 1000000 / tsc_khz;
}

void timer_poll(void)
{
    console_poll_input();
}

void timer_interrupt(void)
{
    apic_write(APIC_EOI, 0);
    sched_request();
    timer_poll();
}
