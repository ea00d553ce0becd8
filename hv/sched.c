/* Round-robin scheduling over a ring of vcpus, context switch, idle, reaping. */
#include <arch/cpu.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/power.h>
#include <hv/sched.h>
#include <hv/timer.h>

struct vcpu *current;
static struct vcpu *ring;          /* any vcpu of the ring; NULL when empty */
static bool need_resched;
static struct domain *reap_list[64];
static unsigned nr_reap;

extern void enter_frame(struct regs *frame) __attribute__((noreturn));

void sched_add(struct vcpu *v)
{
    if (!ring) {
        v->sched_next = v;
        ring = v;
    } else {
        v->sched_next = ring->sched_next;
        ring->sched_next = v;
    }
}

void sched_remove(struct vcpu *v)
{
    struct vcpu *p = ring;

    if (!ring)
        return;
    while (p->sched_next != v && p->sched_next != ring)
        p = p->sched_next;
    if (p->sched_next != v)
        return;                      /* not on the ring */
    if (v->sched_next == v) {
        ring = NULL;
    } else {
        p->sched_next = v->sched_next;
        if (ring == v)
            ring = p;
    }
    v->sched_next = NULL;
    ASSERT(nr_reap < ARRAY_SIZE(reap_list));
    reap_list[nr_reap++] = v->dom;
    need_resched = true;
}

void sched_block(struct vcpu *v)
{
    v->blocked = true;
    need_resched = true;
}

void sched_wake(struct vcpu *v)
{
    v->blocked = false;
}

void sched_request(void)
{
    need_resched = true;
}

/* The runnable vcpu after current in ring order, or NULL. */
static struct vcpu *pick_next(void)
{
    struct vcpu *start, *v;

    if (!ring)
        return NULL;
    start = (current && current->sched_next) ? current->sched_next : ring;
    v = start;
    do {
        if (!v->blocked)
            return v;
        v = v->sched_next;
    } while (v != start);
    return NULL;
}

/* Destroy the domains that died, now that none of them is running. */
static void reap(void)
{
    while (nr_reap) {
        struct domain *d = reap_list[--nr_reap];
        if (current && current->dom == d)
            current = NULL;
        domain_destroy(d);
    }
}

static void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (prev == next)
        return;
    if (prev)
        fpu_save(prev->fpu);
    fpu_restore(next->fpu);
    write_cr3(next->cr3);
    current = next;
}

void schedule(struct regs *frame)
{
    struct vcpu *next;

    if (current && !current->dom->dying && !current->blocked && !need_resched)
        next = current;
    else
        next = pick_next();
    if (nr_reap) {
        write_cr3(virt_to_maddr(idle_l4));   /* off any dying L4 first */
        if (current && current->dom->dying)
            current = NULL;
        reap();
        if (next && next->dom->dying)
            next = pick_next();
    }
    while (!next) {
        if (!domain_count())
            power_off(domains_all_clean() ? POWER_CLEAN : POWER_UNCLEAN);
        cpu_idle_wait();
        timer_poll();
        next = pick_next();
    }
    need_resched = false;
    context_switch(current, next);
    *frame = next->regs;
}

void sched_start(void)
{
    static struct regs boot_frame;

    current = NULL;
    schedule(&boot_frame);
    enter_frame(&boot_frame);
}
