/* attack: an adversarial guest; argv[1] names one attack on the hypervisor.
 * A refused attack prints one SUCCESS/FAIL line per check and a summary; a
 * fatal one must kill the domain, so "attack: survived" must never show. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/time.h>
#include <libos/traps.h>
#include <xen/errno.h>
#include "../../guest/check.h"

#define BAD_LOW      0x10UL                  /* below the image: unmapped */
#define BAD_HV       0xffff830000100000UL    /* hypervisor text */
#define BAD_NONCANON 0x0000800000000000UL    /* first non-canonical address */
#define VIRT_BASE    0x400000UL              /* libos.ld: pfn 0 is here */
#define HV_CS        0xe008UL                /* Xen's ring-0 code selector */
#define KERNEL_CS0   (FLAT_KERNEL_CS & ~3UL) /* RPL 0 = kernel, as bounced */
#define PTE_FLAGS    0x67UL                  /* P, RW, US, accessed, dirty */
#define PTE_MFN(e)   (((e) >> 12) & ((1UL << 40) - 1))
#define NR(a)        (sizeof(a) / sizeof((a)[0]))
#define POLL_MAX     128                     /* Xen's SCHEDOP_poll limit */

static const uint64_t bad_ptrs[] = { BAD_LOW, BAD_HV, BAD_NONCANON };

extern char hypervisor_callback[], failsafe_callback[], trap_14[];
static const char *attack_name;

static uint64_t landing_stack[2048] __attribute__((aligned(16)));
static uint64_t frame_buf[16] __attribute__((aligned(16)));
static uint8_t spare[4096] __attribute__((aligned(4096)));
static uint8_t hole[2][4096] __attribute__((aligned(4096)));

/* The line that must never appear: the attack did not kill us. */
static void __attribute__((noreturn)) survived(void)
{
    printf("attack: survived %s\n", attack_name);
    libos_exit(1);
}

/* One check that an attempt with arg returned the error want. */
static void check_err(const char *what, uint64_t arg, long rc, long want)
{
    char name[112];

    snprintf(name, sizeof(name), "%s, 0x%lx: %ld", what, arg, rc);
    CHECK_EQ(name, rc, want);
}

static const unsigned long *p2m(void)
{
    return (const unsigned long *)start_info->mfn_list;
}

static uint64_t va_to_mfn(uint64_t va)
{
    return p2m()[(va - VIRT_BASE) >> 12];
}

/* A machine frame another domain owns, by the M2P; 0 if none is seen.
 * Frames are handed out top down, so domains built before us lie above. */
static uint64_t foreign_mfn(void)
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    uint64_t top = 0;

    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        top = p2m()[pfn] > top ? p2m()[pfn] : top;
    for (uint64_t m = top + 1; m < top + 4096; m++) {
        unsigned long pfn = m2p[m];
        if (pfn != ~0UL && (pfn >= start_info->nr_pages || p2m()[pfn] != m))
            return m;
    }
    return 0;
}

/* Run the iret stub with rsp = f: the hypervisor reads { flags, rip, cs,
 * rflags, rsp, ss } at f after the stub pushes rcx, r11, rax below it. */
static void __attribute__((noreturn)) jump_iret(uint64_t *f)
{
    __asm__ volatile("mov %0, %%rsp\n\tjmp *%1"
                     : : "r"(f), "r"(hypercall_page + __HYPERVISOR_iret * 32)
                     : "memory");
    __builtin_unreachable();
}

/* HYPERVISOR_iret to rip with a forged frame; rip is entered as a C
 * function on landing_stack (rsp = 8 mod 16, as after a call). */
static void __attribute__((noreturn)) iret_to(uint64_t rip, uint64_t cs,
                                              uint64_t ss)
{
    uint64_t *f = &frame_buf[3];

    f[0] = 0;                                   /* flags: not in syscall */
    f[1] = rip;
    f[2] = cs;
    f[3] = 0x202;                               /* IF: events on */
    f[4] = (uint64_t)&landing_stack[NR(landing_stack) - 1];
    f[5] = ss;
    jump_iret(f);
}

static int skip_ud2(struct trap_frame *f)
{
    f->rip += 2;
    return 0;
}

static int attack_trap_hv(void)
{
    trap_info_t t[] = { { 14, 1, FLAT_KERNEL_CS, (unsigned long)trap_14 },
                        { 6, 1, FLAT_KERNEL_CS, BAD_HV },
                        { 0, 0, 0, 0 } };
    static volatile int uds;

    check_err("set_trap_table: handler in the hypervisor", BAD_HV,
              hypercall_set_trap_table(&t[1]), -XEN_EINVAL);
    check_err("set_trap_table: valid entry, then one in the hypervisor",
              BAD_HV, hypercall_set_trap_table(t), -XEN_EINVAL);
    t[1].address = BAD_NONCANON;
    check_err("set_trap_table: non-canonical handler", BAD_NONCANON,
              hypercall_set_trap_table(&t[1]), -XEN_EINVAL);
    t[1].address = 0x8000000000000000UL;
    check_err("set_trap_table: non-canonical handler", t[1].address,
              hypercall_set_trap_table(&t[1]), -XEN_EINVAL);
    for (unsigned i = 0; i < NR(bad_ptrs); i++)
        check_err("set_trap_table: table itself unreadable", bad_ptrs[i],
                  hypercall_set_trap_table((void *)bad_ptrs[i]), -XEN_EFAULT);
    /* libos's own #UD entry still works */
    trap_set_handler(6, skip_ud2);
    __asm__ volatile("ud2" : : : "memory");
    uds++;
    CHECK_EQ("#UD still reaches the guest's handler", uds, 1);
    return checks_summary(attack_name);
}

/* An exception taken with events masked: Xen's bounce frame carries the
 * saved upcall mask in bits 32-39 of cs, and iret must accept it back. */
static int attack_trap_masked(void)
{
    static volatile int uds;

    trap_set_handler(6, skip_ud2);
    events_disable();
    __asm__ volatile("ud2" : : : "memory");
    uds++;
    events_enable();
    CHECK_EQ("#UD with events masked returns through iret", uds, 1);
    return checks_summary(attack_name);
}

/* The refused entry must not have been stored: #UD has no handler now. */
static int attack_trap_hv_fatal(void)
{
    trap_info_t t[] = { { 6, 1, FLAT_KERNEL_CS, BAD_HV }, { 0, 0, 0, 0 } };

    CHECK_EQ("set_trap_table(NULL) clears", hypercall_set_trap_table(0), 0);
    check_err("set_trap_table: #UD handler in the hypervisor", BAD_HV,
              hypercall_set_trap_table(t), -XEN_EINVAL);
    __asm__ volatile("ud2");
    survived();
}

static long callback_register(unsigned type, uint64_t addr)
{
    struct callback_register r = { .type = type, .address = addr };

    return hypercall_callback_op(CALLBACKOP_register, &r);
}

static int attack_callback_hv(void)
{
    void *ev = hypervisor_callback, *fs = failsafe_callback;
    uint64_t t0;

    for (unsigned i = 1; i < NR(bad_ptrs); i++) {
        void *b = (void *)bad_ptrs[i];
        check_err("set_callbacks: event callback", bad_ptrs[i],
                  hypercall_set_callbacks(b, fs, 0), -XEN_EINVAL);
        check_err("set_callbacks: failsafe callback", bad_ptrs[i],
                  hypercall_set_callbacks(ev, b, 0), -XEN_EINVAL);
        check_err("set_callbacks: syscall callback", bad_ptrs[i],
                  hypercall_set_callbacks(ev, fs, b), -XEN_EINVAL);
        check_err("callback_op register: event", bad_ptrs[i],
                  callback_register(CALLBACKTYPE_event, bad_ptrs[i]),
                  -XEN_EINVAL);
        check_err("callback_op register: failsafe", bad_ptrs[i],
                  callback_register(CALLBACKTYPE_failsafe, bad_ptrs[i]),
                  -XEN_EINVAL);
        check_err("callback_op register: syscall", bad_ptrs[i],
                  callback_register(CALLBACKTYPE_syscall, bad_ptrs[i]),
                  -XEN_EINVAL);
    }
    for (unsigned i = 0; i < NR(bad_ptrs); i++)
        check_err("callback_op register: argument unreadable", bad_ptrs[i],
                  hypercall_callback_op(CALLBACKOP_register,
                                        (void *)bad_ptrs[i]), -XEN_EFAULT);
    /* the refusals changed nothing: the timer's upcall still arrives */
    t0 = time_monotonic_ns();
    time_sleep_ns(2000000);
    CHECK_TRUE("events still delivered", time_monotonic_ns() >= t0 + 2000000);
    return checks_summary(attack_name);
}

/* Xen refuses to unregister the event callback (-EINVAL, callback.h:
 * "Not all callbacks can be unregistered"); events keep working. */
static int attack_callback_unregister(void)
{
    struct callback_unregister u = { .type = CALLBACKTYPE_event };
    uint64_t t0;

    CHECK_EQ("callback_op unregister event: -EINVAL",
             hypercall_callback_op(CALLBACKOP_unregister, &u), -XEN_EINVAL);
    t0 = time_monotonic_ns();
    time_sleep_ns(2000000);
    CHECK_TRUE("events still delivered", time_monotonic_ns() >= t0 + 2000000);
    return checks_summary(attack_name);
}

static void __attribute__((noreturn)) iret_ring0_landed(void)
{
    printf("attack: a valid forged iret frame returns\n");
    iret_to((uint64_t)survived, HV_CS, FLAT_KERNEL_SS);
}

static void __attribute__((noreturn)) iret_rip_hv_landed(void)
{
    printf("attack: a valid forged iret frame returns\n");
    iret_to(BAD_HV, KERNEL_CS0, FLAT_KERNEL_SS);
}

/* A valid forged frame first, so the harness is known to work. */
static int attack_iret_ring0(void)
{
    iret_to((uint64_t)iret_ring0_landed, KERNEL_CS0, FLAT_KERNEL_SS);
}

static int attack_iret_rip_hv(void)
{
    iret_to((uint64_t)iret_rip_hv_landed, KERNEL_CS0, FLAT_KERNEL_SS);
}

/* The frame lies on a page we unmapped: the stub's pushes fit below it. */
static int attack_iret_frame(void)
{
    hole[0][0] = hole[1][0] = 1;
    CHECK_EQ("unmap a page of our own", hypercall_update_va_mapping(
                 (uint64_t)hole[1], 0, UVMF_INVLPG), 0);
    jump_iret((uint64_t *)hole[1]);
}

/* The stub pushes onto the hypervisor's memory: the #PF cannot be bounced
 * onto that stack either. */
static int attack_stack_hv(void)
{
    jump_iret((uint64_t *)BAD_HV);
}

static long evtchn_op(int cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

static int attack_evtchn_foreign(void)
{
    evtchn_alloc_unbound_t a = { .dom = 0, .remote_dom = DOMID_SELF };
    evtchn_status_t st = { .dom = 0, .port = 1 };
    evtchn_bind_interdomain_t b = { .remote_dom = 0, .remote_port = 1 };
    evtchn_port_t p;

    CHECK_EQ("we are not privileged", start_info->flags & SIF_PRIVILEGED, 0);
    CHECK_EQ("alloc_unbound in domain 0", evtchn_op(EVTCHNOP_alloc_unbound,
                                                    &a), -XEN_EPERM);
    a.dom = 999;
    CHECK_EQ("alloc_unbound in domain 999",
             evtchn_op(EVTCHNOP_alloc_unbound, &a), -XEN_ESRCH);
    CHECK_EQ("status of domain 0's port 1", evtchn_op(EVTCHNOP_status, &st),
             -XEN_EPERM);
    CHECK_EQ("bind to domain 0's port 1, not offered to us",
             evtchn_op(EVTCHNOP_bind_interdomain, &b), -XEN_EINVAL);
    b.remote_port = 5000;
    CHECK_EQ("bind to domain 0's port 5000",
             evtchn_op(EVTCHNOP_bind_interdomain, &b), -XEN_EINVAL);
    b = (evtchn_bind_interdomain_t){ .remote_dom = 999, .remote_port = 1 };
    CHECK_EQ("bind to domain 999", evtchn_op(EVTCHNOP_bind_interdomain, &b),
             -XEN_ESRCH);
    b.remote_dom = DOMID_INVALID;
    CHECK_EQ("bind to DOMID_INVALID",
             evtchn_op(EVTCHNOP_bind_interdomain, &b), -XEN_ESRCH);
    /* our own offer to domain 0 cannot be taken by ourselves */
    CHECK_EQ("offer a port to domain 0", evtchn_alloc_unbound(0, &p), 0);
    b = (evtchn_bind_interdomain_t){ .remote_dom = DOMID_SELF,
                                     .remote_port = p };
    CHECK_EQ("bind our port offered to domain 0",
             evtchn_op(EVTCHNOP_bind_interdomain, &b), -XEN_EINVAL);
    CHECK_EQ("send on it: dropped", evtchn_send(p), 0);
    CHECK_EQ("close it", evtchn_close(p), 0);
    return checks_summary(attack_name);
}

static void evtchn_bad_port(evtchn_port_t port)
{
    evtchn_status_t st = { .dom = DOMID_SELF, .port = port };
    evtchn_unmask_t u = { .port = port };

    check_err("send", port, evtchn_send(port), -XEN_EINVAL);
    check_err("close", port, evtchn_close(port), -XEN_EINVAL);
    check_err("unmask", port, evtchn_op(EVTCHNOP_unmask, &u), -XEN_EINVAL);
    check_err("status", port, evtchn_op(EVTCHNOP_status, &st), -XEN_EINVAL);
}

static long poll(evtchn_port_t *ports, unsigned n)
{
    struct sched_poll p = { .nr_ports = n,
                            .timeout = time_monotonic_ns() + 1000000 };

    set_xen_guest_handle(p.ports, ports);
    return hypercall_sched_op(SCHEDOP_poll, &p);
}

static void evtchn_range_poll(void)
{
    static evtchn_port_t ports[POLL_MAX + 1];

    for (unsigned i = 0; i < NR(ports); i++)
        ports[i] = 1;
    CHECK_EQ("poll port 1 with a timeout", poll(ports, 1), 0);
    check_err("poll 129 ports", 129, poll(ports, 129), -XEN_EINVAL);
    ports[0] = 4096;
    check_err("poll a port", 4096, poll(ports, 1), -XEN_EINVAL);
    ports[0] = 0xffffffff;
    check_err("poll a port", 0xffffffff, poll(ports, 1), -XEN_EINVAL);
    check_err("poll with ports unreadable", BAD_HV,
              poll((evtchn_port_t *)BAD_HV, 1), -XEN_EFAULT);
}

/* Allocate every port there is, then give them back. */
static void evtchn_range_exhaust(void)
{
    static uint8_t mine[4096];
    evtchn_port_t p, last = 0;
    int rc, n = 0;

    while ((rc = evtchn_alloc_unbound(0, &p)) == 0 && p < NR(mine)) {
        mine[p] = 1;
        last = p;
        n++;
    }
    check_err("alloc_unbound until none is left", n, rc, -XEN_ENOSPC);
    CHECK_EQ("the last port is 4095", last, 4095);
    CHECK_EQ("send on port 4095: dropped", evtchn_send(4095), 0);
    for (p = 0; p < NR(mine); p++)
        if (mine[p])
            evtchn_close(p);
    CHECK_EQ("ports are free again", evtchn_alloc_unbound(0, &p), 0);
    CHECK_EQ("close", evtchn_close(p), 0);
}

static int attack_evtchn_range(void)
{
    const evtchn_port_t bad[] = { 4096, 5000, 0x10000, 0xffffffff };
    evtchn_bind_virq_t v = { .virq = NR_VIRQS, .vcpu = 0 };
    evtchn_bind_ipi_t i = { .vcpu = 1 };

    for (unsigned k = 0; k < NR(bad); k++)
        evtchn_bad_port(bad[k]);
    check_err("close reserved port", 0, evtchn_close(0), -XEN_EINVAL);
    check_err("send on reserved port", 0, evtchn_send(0), -XEN_EINVAL);
    check_err("bind_virq", v.virq, evtchn_op(EVTCHNOP_bind_virq, &v),
              -XEN_EINVAL);
    v.virq = 1000;
    check_err("bind_virq", v.virq, evtchn_op(EVTCHNOP_bind_virq, &v),
              -XEN_EINVAL);
    v = (evtchn_bind_virq_t){ .virq = VIRQ_DEBUG, .vcpu = 1 };
    check_err("bind_virq VIRQ_DEBUG on vcpu", 1,
              evtchn_op(EVTCHNOP_bind_virq, &v), -XEN_ENOENT);
    v = (evtchn_bind_virq_t){ .virq = VIRQ_TIMER, .vcpu = 0 };
    check_err("bind_virq VIRQ_TIMER a second time", 0,
              evtchn_op(EVTCHNOP_bind_virq, &v), -XEN_EEXIST);
    check_err("bind_ipi on vcpu", 1, evtchn_op(EVTCHNOP_bind_ipi, &i),
              -XEN_ENOENT);
    check_err("event_channel_op unknown command", 99, evtchn_op(99, &i),
              -XEN_ENOSYS);
    evtchn_range_poll();
    evtchn_range_exhaust();
    return checks_summary(attack_name);
}

/* Commands of pointer-taking hypercalls, each tried with bad pointers. */
static const struct op {
    unsigned nr;
    const char *name;
    unsigned n;
    uint8_t cmds[16];
} ops[] = {
    { __HYPERVISOR_xen_version, "xen_version", 9, { 1, 2, 3, 4, 5, 6, 8, 9,
                                                     10 } },
    { __HYPERVISOR_console_io, "console_io", 2, { CONSOLEIO_write,
                                                   CONSOLEIO_read } },
    { __HYPERVISOR_sched_op, "sched_op", 6, { 2, 3, 4, 5, 6, 7 } },
    { __HYPERVISOR_vcpu_op, "vcpu_op", 8, { 0, 4, 5, 6, 8, 10, 12, 13 } },
    { __HYPERVISOR_callback_op, "callback_op", 2, { 0, 1 } },
    { __HYPERVISOR_event_channel_op, "event_channel_op", 15,
      { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 } },
};

/* Every command of o with pointer p fails: one line, details if not. */
static void sweep_op(const struct op *o, uint64_t p)
{
    char name[96];
    unsigned bad = 0;

    for (unsigned i = 0; i < o->n; i++) {
        /* console_io(cmd, count, ptr), vcpu_op(cmd, vcpu, ptr), X(cmd, ptr) */
        uint64_t a2 = o->nr == __HYPERVISOR_console_io ? 8
                      : o->nr == __HYPERVISOR_vcpu_op  ? 0 : p;
        long rc = hypercall5(o->nr, o->cmds[i], a2, p, 0, 0);
        if (rc >= 0) {
            bad++;
            printf("attack: %s cmd %u with 0x%lx returned %ld\n", o->name,
                   o->cmds[i], p, rc);
        }
    }
    snprintf(name, sizeof(name), "%s: every command with 0x%lx fails",
             o->name, p);
    CHECK_EQ(name, bad, 0);
}

/*
 * Every hypercall number with b in all five registers fails.  Skipped:
 * iret; fpu_taskswitch and set_timer_op (no pointers; they succeed);
 * stack_switch (Xen stores any sp, see below); with b = 0x10,
 * set_callbacks (a low address is a valid one there).
 * The non-canonical b keeps low bits set so that no "cmd" argument reads
 * as a valid command 0 when truncated to int, as Xen does.
 */
static void sweep_numbers(uint64_t b)
{
    char name[96];
    unsigned bad = 0;

    for (unsigned nr = 0; nr < 64; nr++) {
        long rc;
        if (nr == __HYPERVISOR_iret || nr == __HYPERVISOR_fpu_taskswitch ||
            nr == __HYPERVISOR_set_timer_op ||
            nr == __HYPERVISOR_stack_switch ||
            (b == BAD_LOW && nr == __HYPERVISOR_set_callbacks))
            continue;
        rc = hypercall5(nr, b, b, b, b, b);
        if (rc >= 0) {
            bad++;
            printf("attack: hypercall %u with 0x%lx returned %ld\n", nr, b, rc);
        }
    }
    snprintf(name, sizeof(name), "hypercalls 0..63, all arguments 0x%lx", b);
    CHECK_EQ(name, bad, 0);
}

/* Page-table attacks through update_va_mapping; none may take effect. */
static void garbage_mappings(void)
{
    uint64_t va = (uint64_t)spare, l4 = va_to_mfn(start_info->pt_base);
    uint64_t mine = va_to_mfn(va), other = foreign_mfn();

    for (unsigned i = 0; i < NR(bad_ptrs); i++)
        check_err("update_va_mapping: va", bad_ptrs[i],
                  hypercall_update_va_mapping(bad_ptrs[i], mine << 12 | 7,
                                              UVMF_INVLPG), -XEN_EINVAL);
    /* frames an L1 entry cannot have: -EBUSY, as Xen's get_page_from_l1e */
    check_err("update_va_mapping: hypervisor frame", 0x100,
              hypercall_update_va_mapping(va, 0x100UL << 12 | 7, 0),
              -XEN_EBUSY);
    check_err("update_va_mapping: our L4 writable", l4,
              hypercall_update_va_mapping(va, l4 << 12 | 7, 0), -XEN_EBUSY);
    check_err("update_va_mapping: page tables writable in place",
              start_info->pt_base,
              hypercall_update_va_mapping(start_info->pt_base, l4 << 12 | 7,
                                          0), -XEN_EBUSY);
    /* bits 52-61 are the guest's; 62 marks grant mappings here */
    check_err("update_va_mapping: reserved bit 62", mine,
              hypercall_update_va_mapping(va, mine << 12 | 7 | 1UL << 62, 0),
              -XEN_EINVAL);
    if (other)
        check_err("update_va_mapping: another domain's frame", other,
                  hypercall_update_va_mapping(va, other << 12 | 5, 0),
                  -XEN_EBUSY);
    spare[0] = 1;               /* still our own writable page */
    CHECK_EQ("spare page untouched", spare[0], 1);
}

static int attack_hypercall_garbage(void)
{
    const uint64_t sweep[] = { BAD_LOW, BAD_HV, BAD_NONCANON | 0x10 };

    for (unsigned i = 0; i < NR(sweep); i++)
        sweep_numbers(sweep[i]);
    for (unsigned i = 0; i < NR(ops); i++)
        for (unsigned j = 0; j < NR(bad_ptrs); j++)
            sweep_op(&ops[i], bad_ptrs[j]);
    for (unsigned j = 1; j < NR(bad_ptrs); j++) {
        long rc = hypercall_stack_switch(FLAT_KERNEL_SS, bad_ptrs[j]);
        /* Xen stores any sp; we refuse.  Either way nothing is written. */
        CHECK_TRUE("stack_switch to a bad sp: 0 or -EINVAL",
                   rc == 0 || rc == -XEN_EINVAL);
    }
    check_err("set_segment_base: fs", BAD_NONCANON,
              hypercall_set_segment_base(SEGBASE_FS, BAD_NONCANON),
              -XEN_EINVAL);
    check_err("set_segment_base: unknown register", 99,
              hypercall_set_segment_base(99, 0), -XEN_EINVAL);
    garbage_mappings();
    return checks_summary(attack_name);
}

/* Skip the load, and drop the saved upcall mask from the frame's cs
 * (bits 32-39, as Xen's bounce frame has it): this hypervisor's iret
 * refuses a cs with them set, and events are masked here. */
static int skip_load(struct trap_frame *f)
{
    f->rip += 3;                /* mov (%rax), %rax */
    f->cs &= 0xffff;
    return 0;
}

/*
 * vcpu_info placed in a page-table frame would let the hypervisor write
 * PTEs for us: cr2 of our next page fault lands in slot + 2 and maps the
 * machine frame the faulting address names.  Xen refuses any frame it
 * cannot type writable (-EINVAL).  If that fails, prove the hole: look
 * through other domains' frames for a start_info page.
 */
static void __attribute__((noreturn)) vcpu_info_escape(uint64_t base,
                                                       unsigned slot)
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    const char *peek = (const char *)(base + (slot + 2) * 4096UL);
    uint64_t flush_va = base + (slot + 3) * 4096UL;   /* arch.pad: 0 */
    uint64_t m = foreign_mfn();
    char magic[33];

    trap_set_handler(14, skip_load);
    for (unsigned n = 0; m && n < 2048; n++, m++) {
        uint64_t a = m << 12 | PTE_FLAGS;
        if (m2p[m] == ~0UL)
            continue;
        __asm__ volatile("mov (%%rax), %%rax" : "+a"(a) : : "memory");
        hypercall_update_va_mapping(flush_va, 0, UVMF_TLB_FLUSH);
        if (strncmp(peek, "xen-3.0-", 8))
            continue;
        memcpy(magic, peek, 32);
        magic[32] = 0;
        printf("attack: survived vcpu-info-pt: read \"%s\" from another "
               "domain's start_info, machine frame 0x%lx\n", magic, m);
        libos_exit(1);
    }
    printf("attack: survived vcpu-info-pt: a page-table slot is ours\n");
    libos_exit(1);
}

/* The virtual address of bootstrap page-table frame mfn, or NULL. */
static const uint64_t *pt_va(uint64_t mfn)
{
    for (unsigned i = 0; i < start_info->nr_pt_frames; i++) {
        uint64_t va = start_info->pt_base + i * 4096UL;
        if (va_to_mfn(va) == mfn)
            return (const uint64_t *)va;
    }
    return NULL;
}

/* The last bootstrap L1 (under L4[0], L3[0]) and 8 free slots in it:
 * returns their byte offset, or -1. */
static int find_free_l1(uint64_t *l1_mfn, uint64_t *va_base)
{
    const uint64_t *l4 = (const uint64_t *)start_info->pt_base, *l3, *l2, *l1;

    if (!(l3 = pt_va(PTE_MFN(l4[0]))) || !(l2 = pt_va(PTE_MFN(l3[0]))))
        return -1;
    for (int i = 511; i >= 0; i--) {
        if (!(l2[i] & 1))
            continue;
        *l1_mfn = PTE_MFN(l2[i]);
        *va_base = (uint64_t)i << 21;
        if (!(l1 = pt_va(*l1_mfn)))
            return -1;
        for (int s = 504; s >= 0; s -= 8) {
            uint64_t used = 0;
            for (int k = 0; k < 8; k++)
                used |= l1[s + k];
            if (!used)
                return s * 8;
        }
        return -1;
    }
    return -1;
}

static long register_vcpu_info(uint64_t mfn, uint32_t offset)
{
    struct vcpu_register_vcpu_info r = { .mfn = mfn, .offset = offset };

    return hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

static int attack_vcpu_info_pt(void)
{
    uint64_t l1, base, l4 = va_to_mfn(start_info->pt_base);
    int off = find_free_l1(&l1, &base);
    long rc;

    CHECK_TRUE("found a bootstrap L1 with free slots", off >= 0);
    if (off < 0)
        return checks_summary(attack_name);
    check_err("register_vcpu_info: another domain's frame", foreign_mfn(),
              register_vcpu_info(foreign_mfn(), 0), -XEN_EINVAL);
    check_err("register_vcpu_info: offset past the page", 4096 - 63,
              register_vcpu_info(va_to_mfn((uint64_t)spare), 4096 - 63),
              -XEN_EINVAL);
    events_disable();           /* a moved, pending vcpu_info must not upcall */
    rc = register_vcpu_info(l1, off);
    check_err("register_vcpu_info: an L1 page table", l1, rc, -XEN_EINVAL);
    if (rc == 0)
        vcpu_info_escape(base, off / 8);
    check_err("register_vcpu_info: our L4", l4,
              register_vcpu_info(l4, 0xc00), -XEN_EINVAL);
    events_enable();
    return checks_summary(attack_name);
}

static const struct attack {
    const char *name;
    int (*fn)(void);
} attacks[] = {
    { "trap-hv", attack_trap_hv },
    { "trap-hv-fatal", attack_trap_hv_fatal },
    { "trap-masked", attack_trap_masked },
    { "callback-hv", attack_callback_hv },
    { "callback-unregister", attack_callback_unregister },
    { "iret-ring0", attack_iret_ring0 },
    { "iret-rip-hv", attack_iret_rip_hv },
    { "iret-frame", attack_iret_frame },
    { "stack-hv", attack_stack_hv },
    { "evtchn-foreign", attack_evtchn_foreign },
    { "evtchn-range", attack_evtchn_range },
    { "hypercall-garbage", attack_hypercall_garbage },
    { "vcpu-info-pt", attack_vcpu_info_pt },
};

int main(int argc, char **argv)
{
    attack_name = argc > 1 ? argv[1] : "(none)";
    for (unsigned i = 0; i < NR(attacks); i++)
        if (!strcmp(attack_name, attacks[i].name)) {
            printf("attack: %s\n", attack_name);
            return attacks[i].fn();
        }
    printf("attack: unknown attack \"%s\"\n", attack_name);
    return 2;
}
