/* System time from the TSC, guests' pvclock and wallclock, one-shot timers. */
#include <arch/cpu.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/time.h>
#include <hv/timer.h>

static struct time_scale tsc_scale;
static uint64_t tsc_boot;
static uint64_t boot_wc_sec;            /* wallclock at system time 0 */
/* The deadline the hardware timer is armed for; UINT64_MAX after it fired.
 * timers_dirty: the heap's head may now be earlier than that (or the
 * timer fired), so timers_reprogram has work; every other exit skips it. */
static uint64_t armed_deadline = UINT64_MAX;
bool timers_dirty = true;

/* Two per vcpu (poll, singleshot) and a few of the hypervisor's own. */
#define TIMERS_MAX (2 * DOMID_FIRST_RESERVED + 16)
static struct heap_node *timer_slots[TIMERS_MAX];
static struct heap timers = HEAP_INIT(timer_slots);

static struct timer *timer_of(struct heap_node *n)
{
    return n ? (struct timer *)((char *)n - offsetof(struct timer, node)) : 0;
}

/* Every hypercall reads it: the scale is applied here, not through a
 * call (time_scale_apply's arithmetic, with the shift's sign known). */
uint64_t time_now(void)
{
    uint64_t t = rdtsc() - tsc_boot;

    t = tsc_scale.shift < 0 ? t >> -tsc_scale.shift : t << tsc_scale.shift;
    return (uint64_t)(((unsigned __int128)t * tsc_scale.mul) >> 32);
}

/* CMOS RTC, in BCD unless status B says binary; 24-hour mode assumed. */
static unsigned cmos(unsigned reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static unsigned bcd(unsigned v, bool binary)
{
    return binary ? v : (v & 0xf) + (v >> 4) * 10;
}

static uint64_t rtc_read_unix(void)
{
    unsigned s, mi, h, d, mo, y;
    bool bin;

    while (cmos(0x0a) & 0x80)          /* update in progress */
        cpu_relax();
    bin = cmos(0x0b) & 0x04;
    s = bcd(cmos(0x00), bin);
    mi = bcd(cmos(0x02), bin);
    h = bcd(cmos(0x04), bin);
    d = bcd(cmos(0x07), bin);
    mo = bcd(cmos(0x08), bin);
    y = bcd(cmos(0x09), bin) + 2000;
    return time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

void time_init(void)
{
    tsc_scale = time_scale_for(tsc_khz * 1000);
    tsc_boot = rdtsc();
    boot_wc_sec = rtc_read_unix();
    LOG("time: wallclock %lu s since 1970, pvclock mul %u shift %d",
        boot_wc_sec, tsc_scale.mul, tsc_scale.shift);
}

void time_domain_init(struct domain *d)
{
    shared_info_t *s = d->shared_info;

    s->wc_version++;                   /* odd: being updated */
    __asm__ volatile("" : : : "memory");
    s->wc_sec = (uint32_t)boot_wc_sec;
    s->wc_sec_hi = (uint32_t)(boot_wc_sec >> 32);
    s->wc_nsec = 0;
    __asm__ volatile("" : : : "memory");
    s->wc_version++;
}

/* The version protocol: odd while the fields change, as Xen's guests expect. */
void time_vcpu_update(struct vcpu *v)
{
    vcpu_time_info_t *t = &v->info->time;
    uint64_t tsc = rdtsc();

    t->version++;
    __asm__ volatile("" : : : "memory");
    t->tsc_timestamp = tsc;
    t->system_time = time_scale_apply(tsc_scale, tsc - tsc_boot);
    t->tsc_to_system_mul = tsc_scale.mul;
    t->tsc_shift = tsc_scale.shift;
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    __asm__ volatile("" : : : "memory");
    t->version++;
}

void timer_stop(struct timer *t)
{
    if (heap_queued(&t->node))
        heap_remove(&timers, &t->node);
}

void timer_set(struct timer *t, uint64_t expires)
{
    t->expires = expires;
    if (expires < armed_deadline)
        timers_dirty = true;
    if (heap_queued(&t->node))
        heap_update(&timers, &t->node, expires);
    else if (!heap_insert(&timers, &t->node, expires))
        panic("timer_set: more than %u timers", TIMERS_MAX);
}

/* The earliest deadline, UINT64_MAX when no timer is armed. */
static uint64_t timers_next(void)
{
    struct heap_node *n = heap_min(&timers);

    return n ? n->key : UINT64_MAX;
}

uint64_t timers_run(uint64_t now)
{
    struct timer *t;

    while ((t = timer_of(heap_min(&timers))) && t->expires <= now) {
        heap_remove(&timers, &t->node);
        t->fn(t->data);
    }
    return timers_next();
}

#define TIMER_MAX_SLEEP_NS 100000000UL      /* re-check at least every 100 ms */

void timers_program(void)
{
    uint64_t now, next;

    timers_dirty = false;
    now = time_now();
    next = MIN(timers_next(), now + TIMER_MAX_SLEEP_NS);
    /* a later head only makes the armed interrupt early: harmless */
    if (next >= armed_deadline)
        return;
    armed_deadline = next;
    timer_arm(next > now ? next - now : 0);
}

void time_interrupt(void)
{
    timer_eoi();
    armed_deadline = UINT64_MAX;
    timers_dirty = true;
    timers_run(time_now());
}
