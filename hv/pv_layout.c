/* Compute a PV domain's start-of-day layout, as Xen's domain builders do. */
#include <arch/layout.h>
#include <hv/lib.h>
#include <hv/pv_layout.h>
#include <xen/errno.h>
#include <xen/xen.h>

#define MB(x) ((uint64_t)(x) << 20)
#define PADDING (512 * 1024)           /* Xen: at least 512 KiB after the stack */

/* The tops of the two guest parts; both 4 MiB aligned, so rounding an
 * address at or below one up to 4 MiB never passes it. */
#define LOW_TOP  (1UL << 47)           /* end of the lower canonical half */
#define HIGH_TOP (0UL - MB(4))         /* v_end = 2^64 would not fit 64 bits */

/* Distinct aligned blocks of size 1 << shift touched by [start, end). */
static uint64_t blocks(uint64_t start, uint64_t end, unsigned shift)
{
    return ((end - 1) >> shift) - (start >> shift) + 1;
}

uint64_t pv_layout_pt_frames(uint64_t start, uint64_t end)
{
    return 1 + blocks(start, end, 39) + blocks(start, end, 30) +
           blocks(start, end, 21);
}

/* The top of the guest part holding va; 0 if va is in neither (the
 * non-canonical hole or the hypervisor's slots). */
static uint64_t part_top(uint64_t va)
{
    if (va < LOW_TOP)
        return LOW_TOP;
    if (va >= HYPERVISOR_VIRT_END && va < HIGH_TOP)
        return HIGH_TOP;
    return 0;
}

/*
 * Advance *at (page aligned, <= top) past len bytes, rounded up to a page.
 * False if that would pass top: since top is page aligned, *at + len <= top
 * also bounds the rounding, so nothing here can wrap.
 */
static bool place(uint64_t *at, uint64_t len, uint64_t top)
{
    if (len > top - *at)
        return false;
    *at = ROUND_UP(*at + len, PAGE_SIZE);
    return true;
}

/* The stack and the end of the region for nr_pt page-table frames from
 * l->pt_start.  False if the region would pass top. */
static bool place_tail(struct pv_layout *l, uint64_t nr_pt, uint64_t top)
{
    uint64_t va = l->pt_start;

    if (nr_pt > (top - va) / PAGE_SIZE || !place(&va, nr_pt * PAGE_SIZE, top))
        return false;
    l->nr_pt_frames = nr_pt;
    l->stack = va;
    if (!place(&va, PAGE_SIZE, top) || !place(&va, PADDING, top))
        return false;
    l->nr_mapped = (va - l->v_start) >> PAGE_SHIFT;
    l->v_end = ROUND_UP(va - PADDING, MB(4));
    if (l->v_end < va)                /* less than 512 KiB left: 4 MiB more */
        l->v_end += MB(4);            /* v_end < va <= top, both 4 MiB aligned */
    return l->v_end <= top;
}

/* The elements up to the page tables: module, p2m, three single pages. */
static bool place_head(struct pv_layout *l, uint64_t kend, uint64_t mod_len,
                       uint64_t nr_pages, uint64_t top)
{
    uint64_t va = l->v_start;

    if (kend < va || !place(&va, kend - va, top))
        return false;
    l->mod_start = mod_len ? va : 0;
    l->mod_len = mod_len;
    if (!place(&va, mod_len, top))
        return false;
    l->p2m = va;
    if (nr_pages > (top - va) / 8 || !place(&va, nr_pages * 8, top))
        return false;
    l->start_info = va;
    l->xenstore = va + PAGE_SIZE;
    l->console = va + 2 * PAGE_SIZE;
    if (!place(&va, 3 * PAGE_SIZE, top))
        return false;
    l->pt_start = va;
    return true;
}

int pv_layout_compute(uint64_t virt_base, uint64_t kend, uint64_t mod_len,
                      uint64_t nr_pages, struct pv_layout *l)
{
    uint64_t top, nr_pt = 1, need;

    memset(l, 0, sizeof(*l));
    l->v_start = ROUND_DOWN(virt_base, PAGE_SIZE);
    if (!(top = part_top(l->v_start)) ||
        !place_head(l, kend, mod_len, nr_pages, top))
        return -XEN_EINVAL;
    /*
     * The tables map the region they live in.  Try nr_pt frames, then as
     * many as that region needs, until enough: nr_pt only grows, and the
     * region is bounded by top, so this ends (in a few rounds).
     */
    for (;;) {
        if (!place_tail(l, nr_pt, top))
            return -XEN_EINVAL;
        need = pv_layout_pt_frames(l->v_start, l->v_end);
        if (need <= nr_pt)
            break;
        nr_pt = need;
    }
    /* Xen maps the whole 4 MiB-rounded region; we back what the ABI
     * promises (bootstrap elements plus 512 KiB) and map up to nr_pages. */
    return l->nr_mapped > nr_pages ? -XEN_ENOMEM : 0;
}
