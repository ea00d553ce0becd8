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
    bool on_sched;                  /* between sched_add and sched_remove */
    struct heap_node by_evt, by_avt;    /* queued while runnable */
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
    evtchn_port_t virq_to_port[NR_VIRQS];
    bool polling;
    unsigned nr_poll;
    evtchn_port_t poll_ports[SCHED_POLL_MAX];
};

/*
 * A domain's life, owned by domain.c (every other file asks it to move):
 *   CREATED   domain_create: an id and hypervisor pages, no guest memory
 *   RUNNING   built (domain_built): on the scheduler; the vcpu runs, waits
 *             for an event (vcpu.blocked) or is held (domain.paused)
 *   SHUTDOWN  SCHEDOP_shutdown or a fatal fault: off the CPU, memory kept,
 *             VIRQ_DOM_EXC raised; waits for the control domain to destroy
 *             it (boot-time domains are destroyed at once: destroy_on_shutdown)
 *   DYING     destroy requested: its ports and its own grant mappings are
 *             torn down at the scheduler's next safe point; its memory goes
 *             when no other domain maps one of its grants any more
 *   gone      the struct, its frames and its id are free again
 */
enum domain_state {
    DOMAIN_CREATED,
    DOMAIN_RUNNING,
    DOMAIN_SHUTDOWN,
    DOMAIN_DYING,
};

struct domain {
    domid_t id;
    char name[DOMAIN_NAME_LEN];
    bool privileged;                /* domain 0: domctl, console read */
    enum domain_state state;
    bool paused;                    /* by the control domain (domctl) */
    bool destroy_on_shutdown;       /* boot-time domain: no toolstack to wait for */
    bool console_raw;               /* the console domain: output unprefixed */
    bool reaping;                   /* on the reap list */
    struct domain *reap_next;       /* domain.c's list of the dying */
    int shutdown_reason;            /* SHUTDOWN_*, or -1 when killed */
    uint64_t nr_pages;              /* guest frames, on pages */
    uint64_t max_pages;             /* the reservation may grow to this */
    uint64_t vm_assist;             /* VMASST_TYPE_* bits enabled */
    struct frame_list pages;        /* frames the guest owns */
    struct frame_list xenheap;      /* hv frames serving it (this struct, shared_info) */
    shared_info_t *shared_info;
    uint64_t shared_info_mfn;
    struct vcpu vcpu0;
    struct evtchn **evtchn;         /* directory page of EVTCHN_BUCKETS buckets */
    struct evtchn_fifo *evtchn_fifo;    /* FIFO state while in use (evtchn_fifo.c) */
    struct evtchn_fifo *evtchn_fifo_spare;  /* its page, kept across resets */
    evtchn_port_t evtchn_free_hint; /* no free port below this */
    struct grant_table gnt;
    unsigned evtchn_valid;          /* ports below this exist */
    unsigned con_len;               /* console_io output, flushed per line */
    char con_buf[CONSOLE_LINE];
};

_Static_assert(sizeof(struct domain) <= 4096, "struct domain fits one frame");

/* the vcpu whose registers are live (or were, until this entry) */
extern struct vcpu *current;

/* Built and not shut down: it may run, and be the target of new work. */
static inline bool domain_alive(const struct domain *d)
{
    return d->state == DOMAIN_RUNNING || d->state == DOMAIN_CREATED;
}

/* Destroyed but not gone yet: lookups for new work must miss it. */
static inline bool domain_dying(const struct domain *d)
{
    return d->state == DOMAIN_DYING;
}

/* domain.c */
/* New domain with the next free id (0 first); NULL when out of ids or memory. */
struct domain *domain_create(const char *name);
struct domain *domain_by_id(domid_t id);
unsigned domain_count(void);
/* Xen's boot: domain 0 is the toolstack; its end is the machine's. */
void domain_set_dom0_mode(void);
/* CREATED -> RUNNING: the builder made it runnable (weight: BVT weight). */
void domain_built(struct domain *d, uint32_t weight);
/* RUNNING -> SHUTDOWN: reason is SHUTDOWN_* or -1 (killed); off the CPU,
 * VIRQ_DOM_EXC to domain 0.  Ignored unless alive. */
void domain_shutdown(struct domain *d, int reason);
/* Log "(hv) dN (name) killed: <why>" and shut the domain down. */
void domain_kill(struct domain *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Any state -> DYING; the rest happens at the scheduler's next safe point
 * (domain_reap).  Idempotent. */
void domain_destroy(struct domain *d);
/* Called by schedule() while no dying domain's tables are loaded: tear
 * down the dying, free those no other domain maps the grants of. */
void domain_reap(void);
bool domain_reap_pending(void);
/* The last foreign mapping of a dying domain's grants went: free it at
 * the next reap. */
void domain_unpinned(struct domain *d);
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
    /* optional: devices (hvx_domctl.h), the boot module (dom0's initrd) */
    uint32_t store_port, console_port;
    domid_t store_domid, console_domid;
    const void *module;
    uint64_t module_size;
    /* out */
    uint64_t store_mfn, console_mfn;
};
/* A new domain built from the image (domain 0 is privileged); NULL after
 * logging "(hv) <name>: rejected: why". */
struct domain *pv_build(struct domain_config *cfg, const void *image,
                        uint64_t size);
/* Build into d, made by domain_create and still empty; it becomes
 * runnable (unless paused).  0 or a negative Xen errno, logged. */
int pv_build_into(struct domain *d, struct domain_config *cfg,
                  const void *image, uint64_t size);

#endif
