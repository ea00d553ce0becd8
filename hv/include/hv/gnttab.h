/* Grant tables, version 1: shared entries, active pins, the mapper's maptrack. */
#ifndef HV_GNTTAB_H
#define HV_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/grant_table.h>

struct domain;
struct vcpu;

#define GNT_MAX_FRAMES    16                /* 8192 grants per domain */
#define GNT_PER_FRAME     (4096 / sizeof(grant_entry_v1_t))
/* Mappings a domain may hold (Xen's max_maptrack_frames): a page of the
 * maptrack holds MAPTRACK_PER_PAGE; domUs get a few pages, the control
 * domain (backends for thousands of domains) a whole directory's worth. */
#define MAPTRACK_PER_PAGE      (4096 / sizeof(struct maptrack))
#define MAPTRACK_DEFAULT_PAGES 16
#define MAPTRACK_MAX_PAGES     (4096 / sizeof(struct maptrack *))

/* Per grant, what is pinned on the granter's side. */
struct active_grant {
    uint16_t readers, writers;              /* live mappings */
    uint32_t mfn;                           /* frame pinned at first use */
};

/* Per mapping, on the mapper's side; a handle indexes these. */
struct maptrack {
    domid_t dom;                            /* granter; DOMID_INVALID: free */
    uint16_t flags;                         /* GNTMAP_* */
    grant_ref_t ref;                        /* when free: the next free handle */
    uint64_t host_addr;
    uint64_t mfn;
    uint64_t l1_mfn;                        /* where the PTE is, or MFN_INVALID */
    uint32_t l1_idx;
};

struct grant_table {
    grant_entry_v1_t *shared[GNT_MAX_FRAMES];      /* mapped by the guest */
    struct active_grant *active[GNT_MAX_FRAMES];
    unsigned nr_frames;
    struct maptrack **maptrack;            /* directory page; NULL until used */
    unsigned maptrack_pages;
    grant_handle_t maptrack_free;          /* free list head + 1; 0: empty */
    unsigned nr_maps;                      /* ours of any grant */
    unsigned foreign_maps;                 /* others' mappings of our grants */
};

/* gnttab.c: results are GNTST_* statuses */
int16_t gnttab_setup(struct domain *d, unsigned nr_frames);
/* The builder's grant of frame mfn to domain to at ref (a reserved one). */
void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t to, uint64_t mfn);
int16_t gnttab_map(struct vcpu *v, gnttab_map_grant_ref_t *op);
int16_t gnttab_unmap(struct vcpu *v, const gnttab_unmap_grant_ref_t *op);
int16_t gnttab_copy(struct domain *d, const gnttab_copy_t *op);
/* d is dying: drop d's mappings of others' grants.  Others' mappings of
 * d's grants stay until they unmap (or die); d cannot be freed before. */
void gnttab_domain_destroy(struct domain *d);
/* How many mappings other domains hold of d's grants. */
unsigned gnttab_foreign_maps(const struct domain *d);

/* arch pv_mm.c: the page-table side of a host mapping */
int16_t pv_grant_pte_install(struct vcpu *v, uint64_t va, uint64_t mfn,
                             bool writable, uint64_t *l1_mfn, uint32_t *idx);
void pv_grant_pte_remove(uint64_t l1_mfn, uint32_t idx, uint64_t mfn);

#endif
