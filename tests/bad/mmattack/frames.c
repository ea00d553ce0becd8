/* Our frames as the p2m, the M2P and the bootstrap page tables show them. */
#include "mmattack.h"

const uint64_t bad_ptrs[3] = { BAD_LOW, BAD_HV, BAD_NONCANON };

static const unsigned long *p2m(void)
{
    return (const unsigned long *)start_info->mfn_list;
}

uint64_t va_to_mfn(uint64_t va)
{
    return p2m()[(va - VIRT_BASE) >> 12];
}

const uint64_t *pt_va(uint64_t mfn)
{
    for (unsigned i = 0; i < start_info->nr_pt_frames; i++) {
        uint64_t va = start_info->pt_base + i * PAGE;
        if (va_to_mfn(va) == mfn)
            return (const uint64_t *)va;
    }
    return NULL;
}

/* Walk the bootstrap tables from the L4 down to level lvl for va: the
 * table of that level, and (via *idx) the entry index in it. */
static const uint64_t *walk(uint64_t va, int lvl, unsigned *idx)
{
    const uint64_t *t = (const uint64_t *)start_info->pt_base;

    for (int l = 4; l > lvl; l--) {
        uint64_t e = t[(va >> (12 + 9 * (l - 1))) & 511];
        if (!(e & PTE_P) || !(t = pt_va(PTE_MFN(e))))
            return NULL;
    }
    *idx = (va >> (12 + 9 * (lvl - 1))) & 511;
    return t;
}

uint64_t table_mfn(uint64_t va, int lvl)
{
    unsigned idx;
    const uint64_t *t = walk(va, lvl, &idx);

    return t ? va_to_mfn((uint64_t)t) : 0;
}

uint64_t l1e_maddr(uint64_t va)
{
    unsigned idx;
    const uint64_t *t = walk(va, 1, &idx);

    return t ? va_to_mfn((uint64_t)t) << 12 | idx * 8 : 0;
}

uint64_t l1e_read(uint64_t va)
{
    unsigned idx;
    const uint64_t *t = walk(va, 1, &idx);

    return t ? t[idx] : ~0UL;
}

int mfn_ours(uint64_t mfn)
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    unsigned long pfn = m2p[mfn];

    return pfn < start_info->nr_pages && p2m()[pfn] == mfn;
}

/* Frames are handed out top down, so earlier domains lie above us and
 * later ones below: scan the whole M2P, from the top. */
uint64_t foreign_mfn(void)
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    long top = hc_memory_op(XENMEM_maximum_ram_page, NULL);

    for (long m = top; m > 0x100; m--)
        if (m2p[m] != ~0UL && !mfn_ours(m))
            return m;
    return 0;
}

domid_t own_domid(void)
{
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    evtchn_status_t st = { .dom = DOMID_SELF };
    evtchn_close_t c;

    if (hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a))
        return DOMID_INVALID;
    st.port = c.port = a.port;
    hypercall_event_channel_op(EVTCHNOP_status, &st);
    hypercall_event_channel_op(EVTCHNOP_close, &c);
    return st.u.unbound.dom;
}

long pte_write(uint64_t ma, uint64_t val)
{
    mmu_update_t u = { .ptr = ma, .val = val };

    return hc_mmu_update(&u, 1, NULL, DOMID_SELF);
}

long mmuext(unsigned cmd, uint64_t arg1)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1 };

    return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long release_mfn(uint64_t mfn)
{
    xen_pfn_t x = mfn;
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    set_xen_guest_handle(r.extent_start, &x);
    return hc_memory_op(XENMEM_decrease_reservation, &r);
}

long reservation_now(void)
{
    domid_t self = DOMID_SELF;

    return hc_memory_op(XENMEM_current_reservation, &self);
}

int words_equal(const uint64_t *a, const uint64_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

unsigned long parse_uint(const char *s)
{
    unsigned long v = 0;

    while (s && *s >= '0' && *s <= '9')
        v = v * 10 + (unsigned long)(*s++ - '0');
    return v;
}

/* Probes: a #PF at a probe instruction resumes at probe_fault. */
extern char probe_write_insn[], probe_read_insn[], probe_fault[];
static uint64_t last_cr2;

static int probe_pf(struct trap_frame *f)
{
    if (f->rip != (uint64_t)probe_write_insn &&
        f->rip != (uint64_t)probe_read_insn)
        return 1;                      /* not ours: report and crash */
    last_cr2 = trap_cr2();
    f->rip = (uint64_t)probe_fault;
    return 0;
}

void probe_init(void)
{
    trap_set_handler(14, probe_pf);
}

uint64_t probe_last_cr2(void)
{
    return last_cr2;
}
