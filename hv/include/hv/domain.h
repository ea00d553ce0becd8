/* Domains and their (single) vcpu: the per-domain state every component hangs off. */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <arch/regs.h>
#include <hv/bvt.h>
#include <hv/evtchn.h>
#include <hv/time.h>
#include <hv/frame.h>
#include <hv/gnttab.h>
#include <stdbool.h>
#include <xen/vcpu.h>
#include <xen/xen.h>

#define DOMAIN_NAME_LEN 32
#define SCHED_POLL_MAX  128         /* ports in one SCHEDOP_poll, as Xen */
#define CONSOLE_LINE    160

struct domain;

/* The guest's virtual IDT (set_trap_table), one page per vcpu. */
struct trap_table {
    uint64_t address[256];          /* 0: no handler */
    uint8_t flags[256];             /* trap_info.flags: DPL (0-1), mask events (2) */
};

struct vcpu {
    struct regs regs;               /* guest registers while not running */
    uint8_t fpu[512] __attribute__((aligned(16)));   /* fxsave image */
    struct domain *dom;
    unsigned id;
    uint64_t cr3;                   /* machine address of the guest L4 */
    vcpu_info_t *info;              /* shared_info's slot, or registered */
    bool blocked;                   /* SCHEDOP_block/poll: waits for an event */
    bool fpu_ts;                    /* guest's virtual CR0.TS (fpu_taskswitch) */

    /* scheduling (sched.c) */
    struct vcpu *sched_next;        /* ring of all live vcpus */
    struct bvt bvt;
    vcpu_runstate_info_t runstate;
    struct timer poll_timer;        /* SCHEDOP_poll timeout */
    struct timer sshot_timer;       /* set_timer_op / singleshot: VIRQ_TIMER */

    /* the PV CPU interface (pv_traps.c, hc_callbacks.c) */
    struct trap_table *traps;
    uint64_t event_callback, failsafe_callback, syscall_callback;
    bool failsafe_masks_events, syscall_masks_events;
    uint64_t kernel_ss, kernel_sp;  /* stack_switch */
    uint64_t fs_base, gs_base_kernel, gs_base_user;

    /* events (evtchn.c) and SCHEDOP_poll */
    uint16_t virq_to_port[NR_VIRQS];
    bool polling;
    unsigned nr_poll;
    uint16_t poll_ports[SCHED_POLL_MAX];
};

struct domain {
    domid_t id;
    char name[DOMAIN_NAME_LEN];
    bool privileged;                /* the first module: console read, later dom0 */
    bool dying;                     /* shut down or killed: reaped by schedule() */
    bool paused;                    /* by the control domain (domctl) */
    struct domain *reap_next;       /* sched.c's list of the dead */
    int shutdown_reason;            /* SHUTDOWN_*, or -1 when killed */
    uint64_t nr_pages;              /* guest frames, on pages */
    uint64_t max_pages;             /* the reservation may grow to this */
    uint64_t vm_assist;             /* VMASST_TYPE_* bits enabled */
    struct frame_list pages;        /* frames the guest owns */
    struct frame_list xenheap;      /* hv frames serving it (this struct, shared_info) */
    shared_info_t *shared_info;
    uint64_t shared_info_mfn;
    struct vcpu vcpu0;
    struct evtchn *evtchn[EVTCHN_BUCKETS];
    struct grant_table gnt;
    unsigned evtchn_valid;          /* ports below this exist */
    unsigned con_len;               /* console_io output, flushed per line */
    char con_buf[CONSOLE_LINE];
};

_Static_assert(sizeof(struct domain) <= 4096, "struct domain fits one frame");

/* the vcpu whose registers are live (or were, until this entry) */
extern struct vcpu *current;

/* domain.c */
/* New domain with the next free id (0 first); NULL when out of ids or memory. */
struct domain *domain_create(const char *name);
struct domain *domain_by_id(domid_t id);
unsigned domain_count(void);
/* Stop the domain for good: reason is SHUTDOWN_* or -1 (killed); it is
 * torn down by the scheduler once it no longer runs. */
void domain_shutdown(struct domain *d, int reason);
/* Log "(hv) dN (name) killed: <why>" and shut the domain down. */
void domain_kill(struct domain *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Free every frame and the id.  d must not be current. */
void domain_destroy(struct domain *d);
/* A zeroed hypervisor page that lives as long as d; NULL if none. */
void *domain_alloc_page(struct domain *d);
/* The same, but owned by d so it can map it (FRAME_F_XENHEAP). */
void *domain_alloc_shared_page(struct domain *d);
/* true when every domain so far ended with SHUTDOWN_poweroff */
bool domains_all_clean(void);
void domain_note_failure(void);

/* builder.c: load a PV ELF image into a new domain and make it runnable. */
struct domain_config {
    const char *name;
    uint64_t memory_kb;
    uint64_t maxmem_kb;             /* 0: same as memory_kb */
    uint32_t weight;                /* BVT weight, 1..65535 */
    const char *cmdline;
};
/* A new domain built from the image (domain 0 is privileged); NULL after
 * logging "(hv) <name>: rejected: why". */
struct domain *pv_build(const struct domain_config *cfg, const void *image,
                        uint64_t size);
/* Build into d, made by domain_create and still empty; it becomes
 * runnable (unless paused).  0 or a negative Xen errno, logged. */
int pv_build_into(struct domain *d, const struct domain_config *cfg,
                  const void *image, uint64_t size);

#endif
