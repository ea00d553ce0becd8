/* Grant tables v1: granting frames, mapping and copying them, and cleaning up on death. */
#include <hv/domain.h>
#include <hv/gnttab.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/pv_pt.h>


static grant_entry_v1_t *entry(struct domain *d, grant_ref_t ref)
{
    return &d->gnt.shared[ref / GNT_PER_FRAME][ref % GNT_PER_FRAME];
}

static struct active_grant *active(struct domain *d, grant_ref_t ref)
{
    return &d->gnt.active[ref / GNT_PER_FRAME][ref % GNT_PER_FRAME];
}

static struct maptrack *maptrack(struct domain *d, grant_handle_t h)
{
    return &d->gnt.maptrack[h / MAPTRACK_PER_PAGE][h % MAPTRACK_PER_PAGE];
}

static bool handle_valid(const struct domain *d, grant_handle_t h)
{
    return h < d->gnt.maptrack_pages * MAPTRACK_PER_PAGE;
}

int16_t gnttab_setup(struct domain *d, unsigned nr_frames)
{
    struct grant_table *g = &d->gnt;

    if (nr_frames > GNT_MAX_FRAMES)
        return GNTST_general_error;
    while (g->nr_frames < nr_frames) {
        grant_entry_v1_t *s = domain_alloc_shared_page(d);
        struct active_grant *a = domain_alloc_page(d);
        if (!s || !a)
            return GNTST_general_error;
        g->shared[g->nr_frames] = s;
        g->active[g->nr_frames++] = a;
    }
    return GNTST_okay;
}

void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t to, uint64_t mfn)
{
    grant_entry_v1_t *e = entry(d, ref);

    e->domid = to;
    e->frame = mfn;
    e->flags = GTF_permit_access;
}

/* Keep GTF_reading/GTF_writing in the shared entry in step with the pins. */
static void sync_flags(struct domain *gd, grant_ref_t ref)
{
    struct active_grant *a = active(gd, ref);
    uint16_t *flags = &entry(gd, ref)->flags;
    uint16_t set = (a->readers || a->writers ? GTF_reading : 0) |
                   (a->writers ? GTF_writing : 0);

    __atomic_fetch_and(flags, ~(GTF_reading | GTF_writing), __ATOMIC_SEQ_CST);
    __atomic_fetch_or(flags, set, __ATOMIC_SEQ_CST);
}

/*
 * Check that gd's grant ref lets d access it (writably if write), and take
 * the frame's references.  *mfn gets the frame.
 */
static int16_t grant_acquire(struct domain *gd, grant_ref_t ref,
                             struct domain *d, bool write, uint64_t *mfn)
{
    grant_entry_v1_t e;
    struct active_grant *a;

    if (ref >= gd->gnt.nr_frames * GNT_PER_FRAME)
        return GNTST_bad_gntref;
    e = *entry(gd, ref);
    a = active(gd, ref);
    /* as Xen: a wrong type or grantee, or a write-pin of a read-only
     * grant, is a general error */
    if ((e.flags & GTF_type_mask) != GTF_permit_access || e.domid != d->id)
        return GNTST_general_error;
    if (write && (e.flags & GTF_readonly))
        return GNTST_general_error;
    *mfn = (a->readers || a->writers) ? a->mfn : e.frame;
    if (!frame_is_ram(*mfn) || (frame_table[*mfn].flags & FRAME_F_XENHEAP) ||
        page_get(gd, *mfn))
        return GNTST_bad_page;
    if (write && page_get_type(gd, *mfn, PGT_writable)) {
        page_put(*mfn);
        return GNTST_bad_page;         /* e.g. one of its page tables */
    }
    a->mfn = *mfn;
    if (write)
        a->writers++;
    else
        a->readers++;
    sync_flags(gd, ref);
    return GNTST_okay;
}

static void grant_release(struct domain *gd, grant_ref_t ref, bool write)
{
    struct active_grant *a = active(gd, ref);

    if (write) {
        a->writers--;
        page_put_type(gd, a->mfn);
    } else {
        a->readers--;
    }
    page_put(a->mfn);
    sync_flags(gd, ref);
}

/*
 * Free handles form a list threaded through their entries (ref holds the
 * next, plus one: 0 ends the list, so a zeroed table is an empty one), so
 * taking and giving one is O(1) however many a backend holds.
 * The table grows a page at a time, up to the domain's maptrack limit
 * (as Xen's max_maptrack_frames); the directory of pages is itself one
 * page, allocated at the first map.
 */
static void maptrack_put(struct domain *d, grant_handle_t h)
{
    struct maptrack *m = maptrack(d, h);

    m->dom = DOMID_INVALID;
    m->ref = d->gnt.maptrack_free;
    d->gnt.maptrack_free = h + 1;
}

static int16_t maptrack_grow(struct domain *d)
{
    struct grant_table *g = &d->gnt;
    struct maptrack *page;

    if (g->maptrack_pages >= (d->privileged ? MAPTRACK_MAX_PAGES
                                            : MAPTRACK_DEFAULT_PAGES))
        return GNTST_no_space;
    if (!g->maptrack && !(g->maptrack = domain_alloc_page(d)))
        return GNTST_no_space;
    if (!(page = domain_alloc_page(d)))
        return GNTST_no_space;
    g->maptrack[g->maptrack_pages++] = page;
    for (unsigned i = MAPTRACK_PER_PAGE; i-- > 0;)
        maptrack_put(d, (g->maptrack_pages - 1) * MAPTRACK_PER_PAGE + i);
    return GNTST_okay;
}

static int16_t maptrack_alloc(struct domain *d, grant_handle_t *h)
{
    struct grant_table *g = &d->gnt;
    int16_t st;

    if (!g->maptrack_free && (st = maptrack_grow(d)))
        return st;
    *h = g->maptrack_free - 1;
    g->maptrack_free = maptrack(d, *h)->ref;
    return GNTST_okay;
}

int16_t gnttab_map(struct vcpu *v, gnttab_map_grant_ref_t *op)
{
    struct domain *d = v->dom, *gd = domain_by_id(op->dom == DOMID_SELF
                                                  ? d->id : op->dom);
    bool write = !(op->flags & GNTMAP_readonly);
    struct maptrack *m;
    grant_handle_t h;
    uint64_t mfn, l1 = MFN_INVALID;
    uint32_t idx = 0;
    int16_t st;

    if (!gd || domain_dying(gd))
        return GNTST_bad_domain;
    if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map)))
        return GNTST_bad_gntref;       /* as Xen: nothing to map */
    if (op->flags & GNTMAP_contains_pte)
        return GNTST_general_error;    /* host maps by address only */
    if ((st = maptrack_alloc(d, &h)))
        return st;
    if ((st = grant_acquire(gd, op->ref, d, write, &mfn))) {
        maptrack_put(d, h);
        return st;
    }
    if ((op->flags & GNTMAP_host_map) &&
        (st = pv_grant_pte_install(v, op->host_addr, mfn, write, &l1, &idx))) {
        grant_release(gd, op->ref, write);
        maptrack_put(d, h);
        return st;
    }
    m = maptrack(d, h);
    *m = (struct maptrack){ gd->id, (uint16_t)op->flags, op->ref,
                            op->host_addr, mfn, l1, idx };
    d->gnt.nr_maps++;
    if (gd != d)
        gd->gnt.foreign_maps++;
    op->handle = h;
    op->dev_bus_addr = mfn << PAGE_SHIFT;
    return GNTST_okay;
}

/* Undo one mapping: the PTE (if still ours), then the granter's pins.  A
 * dying granter lingers until the last foreign mapping goes (as in Xen: the
 * mapper never loses a page under its feet); this may be that one. */
static void unmap_one(struct domain *d, grant_handle_t h)
{
    struct maptrack *m = maptrack(d, h);
    struct domain *gd = domain_by_id(m->dom);

    ASSERT(gd);
    if (m->l1_mfn != MFN_INVALID)
        pv_grant_pte_remove(m->l1_mfn, m->l1_idx, m->mfn);
    grant_release(gd, m->ref, !(m->flags & GNTMAP_readonly));
    maptrack_put(d, h);
    d->gnt.nr_maps--;
    if (gd != d && !--gd->gnt.foreign_maps)
        domain_unpinned(gd);
}

int16_t gnttab_unmap(struct vcpu *v, const gnttab_unmap_grant_ref_t *op)
{
    struct domain *d = v->dom;
    struct maptrack *m;

    if (!handle_valid(d, op->handle) ||
        (m = maptrack(d, op->handle))->dom == DOMID_INVALID)
        return GNTST_bad_handle;
    if (op->host_addr && op->host_addr != m->host_addr)
        return GNTST_general_error;
    if (op->dev_bus_addr && op->dev_bus_addr != m->mfn << PAGE_SHIFT)
        return GNTST_bad_dev_addr;
    unmap_one(d, op->handle);
    return GNTST_okay;
}

/* One side of a copy: a grant of another domain, or a frame of our own. */
static int16_t copy_side(struct domain *d, const struct gnttab_copy_ptr *p,
                         bool gref, bool write, struct domain **owner,
                         uint64_t *mfn)
{
    domid_t id = p->domid == DOMID_SELF ? d->id : p->domid;
    struct domain *t = domain_by_id(id);

    if (!t || domain_dying(t))
        return GNTST_bad_domain;
    *owner = t;
    if (gref)
        return grant_acquire(t, p->u.ref, d, write, mfn);
    if (t != d)
        return GNTST_permission_denied;  /* as Xen: frames are local only */
    *mfn = p->u.gmfn;
    if (!frame_is_ram(*mfn) || (frame_table[*mfn].flags & FRAME_F_XENHEAP) ||
        page_get(t, *mfn))
        return GNTST_bad_page;
    if (write && page_get_type(t, *mfn, PGT_writable)) {
        page_put(*mfn);
        return GNTST_bad_page;
    }
    return GNTST_okay;
}

static void copy_side_put(struct domain *t, const struct gnttab_copy_ptr *p,
                          bool gref, bool write, uint64_t mfn)
{
    if (gref) {
        grant_release(t, p->u.ref, write);
        return;
    }
    if (write)
        page_put_type(t, mfn);
    page_put(mfn);
}

int16_t gnttab_copy(struct domain *d, const gnttab_copy_t *op)
{
    bool sref = op->flags & GNTCOPY_source_gref;
    bool dref = op->flags & GNTCOPY_dest_gref;
    struct domain *sd, *dd;
    uint64_t smfn, dmfn;
    int16_t st;

    if (op->source.offset + op->len > PAGE_SIZE ||
        op->dest.offset + op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;
    if ((st = copy_side(d, &op->source, sref, false, &sd, &smfn)))
        return st;
    if ((st = copy_side(d, &op->dest, dref, true, &dd, &dmfn))) {
        copy_side_put(sd, &op->source, sref, false, smfn);
        return st;
    }
    memmove((uint8_t *)mfn_to_virt(dmfn) + op->dest.offset,
            (uint8_t *)mfn_to_virt(smfn) + op->source.offset, op->len);
    copy_side_put(dd, &op->dest, dref, true, dmfn);
    copy_side_put(sd, &op->source, sref, false, smfn);
    return GNTST_okay;
}

/* d is dying: undo every mapping it holds. */
void gnttab_domain_destroy(struct domain *d)
{
    for (grant_handle_t h = 0; d->gnt.nr_maps && handle_valid(d, h); h++)
        if (maptrack(d, h)->dom != DOMID_INVALID)
            unmap_one(d, h);
}

unsigned gnttab_foreign_maps(const struct domain *d)
{
    return d->gnt.foreign_maps;
}
