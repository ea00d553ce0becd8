/* Internals of the PV domain builder shared between builder.c and its arch part. */
#ifndef HV_PV_BUILD_H
#define HV_PV_BUILD_H

#include <hv/domain.h>
#include <hv/pv_image.h>
#include <hv/pv_layout.h>

/* The builder keeps at most 512 p2m pages: domains up to 1 GiB. */
#define PV_BUILD_MAX_P2M_PAGES 512

struct pv_build {
    struct domain *d;
    struct domain_config *cfg;
    struct pv_image img;
    struct pv_layout lay;
    uint64_t nr_pages, max_pages;
    uint64_t p2m_dir[PV_BUILD_MAX_P2M_PAGES];   /* mfns of the p2m pages */
};

/* builder.c */
uint64_t pv_pfn_to_mfn(const struct pv_build *b, uint64_t pfn);
static inline uint64_t pv_va_to_pfn(const struct pv_build *b, uint64_t va)
{
    return (va - b->lay.v_start) >> 12;
}

/* arch/x86_64/pv_pagetables.c: the bootstrap page tables in the pt frames
 * of the layout; returns the L4's machine address. */
uint64_t pv_build_pagetables(struct pv_build *b);
/* arch/x86_64/hypercall_page.c: write the syscall stubs into page. */
void hypercall_page_fill(void *page);

#endif
