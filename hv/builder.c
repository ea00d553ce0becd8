/* PV domain builder: Xen ELF image -> memory, p2m, start_info, page tables, vcpu. */
#include <arch/fpu.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv_build.h>
#include <hv/sched.h>
#include <xen/errno.h>

static struct pv_build the_build;    /* one build at a time */

uint64_t pv_pfn_to_mfn(const struct pv_build *b, uint64_t pfn)
{
    const uint64_t *p2m = mfn_to_virt(b->p2m_dir[pfn / 512]);

    return p2m[pfn % 512];
}

/* Allocate nr_pages frames: the p2m pages first, so every later pfn can
 * be recorded in the guest's own p2m list as it is allocated. */
static int alloc_memory(struct pv_build *b)
{
    uint64_t p2m_pfn = pv_va_to_pfn(b, b->lay.p2m);
    uint64_t nr_p2m = ROUND_UP(b->nr_pages, 512) / 512;
    struct domain *d = b->d;

    for (uint64_t j = 0; j < nr_p2m; j++)
        if ((b->p2m_dir[j] = mm_alloc_zeroed(d->id, &d->pages)) == MFN_INVALID)
            return -XEN_ENOMEM;
    for (uint64_t pfn = 0; pfn < b->nr_pages; pfn++) {
        uint64_t mfn;
        if (pfn >= p2m_pfn && pfn < p2m_pfn + nr_p2m)
            mfn = b->p2m_dir[pfn - p2m_pfn];
        else if ((mfn = mm_alloc_zeroed(d->id, &d->pages)) == MFN_INVALID)
            return -XEN_ENOMEM;
        ((uint64_t *)mfn_to_virt(b->p2m_dir[pfn / 512]))[pfn % 512] = mfn;
        m2p[mfn] = pfn;
    }
    d->nr_pages = b->nr_pages;
    d->max_pages = MAX(b->nr_pages, b->max_pages);
    return 0;
}

static void *va_to_hv(const struct pv_build *b, uint64_t va)
{
    return (uint8_t *)mfn_to_virt(pv_pfn_to_mfn(b, pv_va_to_pfn(b, va))) +
           (va & (PAGE_SIZE - 1));
}

/* Copy a PT_LOAD segment; memory is already zero, so bss needs nothing. */
static void load_segment(void *ctx, uint64_t va, const uint8_t *src,
                         uint64_t filesz, uint64_t memsz)
{
    const struct pv_build *b = ctx;

    while (filesz) {
        uint64_t chunk = MIN(filesz, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        memcpy(va_to_hv(b, va), src, chunk);
        va += chunk, src += chunk, filesz -= chunk;
    }
}

/* The store and console pages go to their backends through the reserved
 * grant entries, as Xen's toolstack seeds them (grant_table.h). */
static void grant_devices(struct pv_build *b)
{
    start_info_t *si = va_to_hv(b, b->lay.start_info);
    struct domain_config *cfg = b->cfg;

    cfg->store_mfn = si->store_mfn;
    cfg->console_mfn = si->console.domU.mfn;
    if (cfg->store_port)
        gnttab_seed(b->d, GNTTAB_RESERVED_XENSTORE, cfg->store_domid,
                    si->store_mfn);
    if (cfg->console_port)
        gnttab_seed(b->d, GNTTAB_RESERVED_CONSOLE, cfg->console_domid,
                    si->console.domU.mfn);
}

static void fill_start_info(struct pv_build *b, const char *cmdline)
{
    start_info_t *si = va_to_hv(b, b->lay.start_info);
    const struct pv_layout *l = &b->lay;

    snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
    si->nr_pages = b->nr_pages;
    si->shared_info = b->d->shared_info_mfn << PAGE_SHIFT;
    si->flags = b->d->privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    si->store_mfn = pv_pfn_to_mfn(b, pv_va_to_pfn(b, l->xenstore));
    si->console.domU.mfn = pv_pfn_to_mfn(b, pv_va_to_pfn(b, l->console));
    si->store_evtchn = b->cfg->store_port;
    si->console.domU.evtchn = b->cfg->console_port;
    si->pt_base = l->pt_start;
    si->mod_start = l->mod_start;
    si->mod_len = l->mod_len;
    si->nr_pt_frames = l->nr_pt_frames;
    si->mfn_list = l->p2m;
    strlcpy((char *)si->cmd_line, cmdline, sizeof(si->cmd_line));
}

static void init_vcpu(struct pv_build *b, uint64_t l4_maddr)
{
    struct vcpu *v = &b->d->vcpu0;

    memset(&v->regs, 0, sizeof(v->regs));
    v->regs.rip = b->img.entry;
    v->regs.rsp = b->lay.stack + PAGE_SIZE;
    v->regs.rsi = b->lay.start_info;
    v->regs.cs = FLAT_KERNEL_CS;
    v->regs.ss = FLAT_KERNEL_SS;
    v->regs.rflags = 0x202;          /* IF; event delivery is upcall_mask */
    v->cr3 = l4_maddr;
    fpu_init_state(v->fpu);
}

static int build_domain(struct pv_build *b, struct domain_config *cfg,
                        const char **why)
{
    uint64_t l4;
    int rc;

    if (b->nr_pages > PV_BUILD_MAX_P2M_PAGES * 512) {
        *why = "memory above the builder's 1 GiB limit";
        return -XEN_EINVAL;
    }
    if ((rc = pv_layout_compute(b->img.virt_base, b->img.kend,
                                cfg->module_size, b->nr_pages, &b->lay))) {
        *why = rc == -XEN_EINVAL
                   ? "start-of-day layout leaves the guest's address space"
                   : "memory too small for the image and its start-of-day layout";
        return rc;
    }
    *why = "out of memory";
    if ((rc = alloc_memory(b)))
        return rc;
    pv_image_segments(&b->img, load_segment, b);
    if (cfg->module_size)             /* dom0's initrd, as Xen places it */
        load_segment(b, b->lay.mod_start, cfg->module, cfg->module_size,
                     cfg->module_size);
    if (b->img.hypercall_page != PV_UNSET)
        hypercall_page_fill(va_to_hv(b, b->img.hypercall_page));
    fill_start_info(b, cfg->cmdline);
    grant_devices(b);
    if (!(l4 = pv_build_pagetables(b))) {
        *why = "bootstrap page tables failed validation";
        return -XEN_EINVAL;
    }
    init_vcpu(b, l4);
    return 0;
}

int pv_build_into(struct domain *d, struct domain_config *cfg,
                  const void *image, uint64_t size)
{
    struct pv_build *b = &the_build;
    const char *why;
    int rc;

    memset(b, 0, sizeof(*b));
    b->d = d;
    b->cfg = cfg;
    b->nr_pages = cfg->memory_kb / 4;
    b->max_pages = cfg->maxmem_kb / 4;
    if ((rc = pv_image_parse(image, size, &b->img, &why)) ||
        (rc = build_domain(b, cfg, &why))) {
        LOG("%s: rejected: %s", cfg->name, why);
        return rc;
    }
    LOG("d%u (%s): %lu KiB, image 0x%lx-0x%lx, entry 0x%lx, guest_os %s",
        d->id, cfg->name, b->nr_pages * 4, b->img.kstart, b->img.kend,
        b->img.entry, b->img.guest_os);
    domain_built(d, cfg->weight);
    return 0;
}

struct domain *pv_build(struct domain_config *cfg, const void *image,
                        uint64_t size)
{
    struct domain *d = domain_create(cfg->name);

    if (!d) {
        LOG("%s: rejected: no domain id or memory left", cfg->name);
        domain_note_failure();
        return NULL;
    }
    d->privileged = d->id == 0;
    d->destroy_on_shutdown = true;     /* no toolstack waits for it */
    if (pv_build_into(d, cfg, image, size)) {
        domain_destroy(d);
        domain_note_failure();
        return NULL;
    }
    return d;
}
