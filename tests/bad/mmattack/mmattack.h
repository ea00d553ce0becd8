/* mmattack: shared declarations of the memory-management attack guest. */
#ifndef TESTS_BAD_MMATTACK_H
#define TESTS_BAD_MMATTACK_H

#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/traps.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/memory.h>

#define BAD_LOW      0x10UL                  /* below the image: unmapped */
#define BAD_HV       0xffff830000100000UL    /* hypervisor text */
#define BAD_NONCANON 0x0000800000000010UL    /* non-canonical */
#define VIRT_BASE    0x400000UL              /* libos.ld: pfn 0 is here */
#define PAGE         4096UL
#define PTE_P        0x001UL
#define PTE_RW       0x002UL
#define PTE_US       0x004UL
#define PTE_RO_FLAGS (PTE_P | PTE_US)
#define PTE_RW_FLAGS (PTE_P | PTE_RW | PTE_US)
#define PTE_MFN(e)   (((e) >> 12) & ((1UL << 40) - 1))
#define NR(a)        (sizeof(a) / sizeof((a)[0]))
#define LEDGER_ID    1                       /* see tests/boot/mmattacks */
#define HV_SLOT_FIRST 256                    /* Xen's PML4 slots */
#define HV_TEXT_MFN  0x100UL                 /* hv.elf at 1 MiB */
#define FREE_L2_SLOT 64                      /* VA 128 MiB: nothing there */
#define HOOK_VA      (FREE_L2_SLOT * 0x200000UL)
#define HV_SLOT_LAST  271

extern const uint64_t bad_ptrs[3];
extern const char *attack_name;

/* Raw hypercalls the libos has no wrapper for (yet). */
static inline long hc_mmu_update(const mmu_update_t *req, uint64_t count,
                                 unsigned *done, uint64_t dom)
{
    return hypercall5(__HYPERVISOR_mmu_update, (uint64_t)req, count,
                      (uint64_t)done, dom, 0);
}

static inline long hc_mmuext_op(const struct mmuext_op *op, uint64_t count,
                                unsigned *done, uint64_t dom)
{
    return hypercall5(__HYPERVISOR_mmuext_op, (uint64_t)op, count,
                      (uint64_t)done, dom, 0);
}

static inline long hc_memory_op(uint64_t cmd, const void *arg)
{
    return hypercall2(__HYPERVISOR_memory_op, cmd, (uint64_t)arg);
}

static inline long hc_grant_table_op(uint64_t cmd, const void *arg,
                                     uint64_t count)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, (uint64_t)arg, count);
}

static inline long hc_multicall(const multicall_entry_t *calls, uint64_t nr)
{
    return hypercall2(__HYPERVISOR_multicall, (uint64_t)calls, nr);
}

/* frames.c: our frames, as the p2m, M2P and bootstrap tables tell them */
uint64_t va_to_mfn(uint64_t va);
/* The read-only mapping of bootstrap page-table frame mfn, or NULL. */
const uint64_t *pt_va(uint64_t mfn);
/* Machine address of the L1 entry mapping va (bootstrap tables), or 0. */
uint64_t l1e_maddr(uint64_t va);
/* The current value of that entry (through its read-only mapping). */
uint64_t l1e_read(uint64_t va);
/* The mfn of our level-lvl table on the way to va (4: the L4). */
uint64_t table_mfn(uint64_t va, int lvl);
/* Whether the M2P and our p2m agree that mfn is ours. */
int mfn_ours(uint64_t mfn);
/* A frame another domain owns (the highest), by the M2P; 0 if none. */
uint64_t foreign_mfn(void);
/* Our domain id, learnt from an unbound port's status. */
domid_t own_domid(void);
/* One checked update: mmu_update of the entry at machine address ma. */
long pte_write(uint64_t ma, uint64_t val);
/* One mmuext_op with arg1 = mfn (or linear address). */
long mmuext(unsigned cmd, uint64_t arg1);
/* XENMEM_decrease_reservation of one frame: extents done (0 or 1). */
long release_mfn(uint64_t mfn);
/* XENMEM_current_reservation of ourselves. */
long reservation_now(void);
int words_equal(const uint64_t *a, const uint64_t *b, unsigned n);
unsigned long parse_uint(const char *s);

/* probe.S and frames.c: one-byte accesses that report a #PF instead of
 * dying; the handler is installed by probe_init. */
int probe_write(volatile void *p, int v);   /* 0 stored, -1 faulted */
int probe_read(const volatile void *p);     /* the byte, or -1 faulted */
void probe_init(void);
uint64_t probe_last_cr2(void);

/* link.c: event-channel links between domains, and the ledger's gate */
/* Offer a port to peer; the peer connects with link_connect. */
int link_offer(domid_t peer, evtchn_port_t *port);
/* Bind to the port peer offered us, waiting up to 30 s for the offer. */
int link_connect(domid_t peer, evtchn_port_t *port);
/* Wait until port is pending, then clear it. */
void link_wait(evtchn_port_t port);
/* Whether the far end of our bound port is gone (its domain destroyed). */
int link_gone(evtchn_port_t port);
void link_wait_gone(evtchn_port_t port);
/* Offer a port to the ledger and wait for its go. */
void gate_wait(void);

/* grant.c: our grant table and single grant operations: GNTST_*, or
 * GNT_HC_FAILED when the hypercall itself failed. */
#define GNT_HC_FAILED (-32768)
uint64_t gnt_frame(void);                   /* first frame, 0 if none */
grant_entry_v1_t *gnt_table(void *page);    /* mapped at page, writable */
/* Fill entry ref: domid and frame first, then GTF_permit_access|flags. */
void gnt_offer(grant_entry_v1_t *t, grant_ref_t ref, domid_t to,
               uint64_t mfn, uint16_t flags);
int16_t gnt_map(domid_t dom, grant_ref_t ref, void *va, uint32_t flags,
                grant_handle_t *h);
int16_t gnt_unmap(grant_handle_t h, void *va);
int16_t gnt_copy(gnttab_copy_t *c);
/* argv[2] is the granter: offer it a port, wait for "grants ready". */
domid_t gnt_await_granter(int argc, char **argv);

/* badptr2.c: grant_table_op, multicall, vcpu_op, update_va_mapping with
 * bad pointers; hole is an unmapped page after a mapped one.  Reports its
 * checks' counts. */
void badptr_more(void *hole, int *run, int *failed);

/* The attacks and roles, one per file family; each returns main's value. */
int ledger_main(int argc, char **argv);
int attack_foreign_map(int argc, char **argv);
int attack_l4_hv_slot(int argc, char **argv);
int attack_pt_writable(int argc, char **argv);
int attack_unpin_in_use(int argc, char **argv);
int attack_free_mapped(int argc, char **argv);
int attack_xenheap_pt(int argc, char **argv);
int attack_bad_pointers(int argc, char **argv);
int gnt_granter(int argc, char **argv);
int gnt_grantee(int argc, char **argv);
int gnt_thief(int argc, char **argv);
int gnt_rowrite(int argc, char **argv);

#endif
