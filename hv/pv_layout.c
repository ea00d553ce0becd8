/* Compute a PV domain's start-of-day layout, as Xen's domain builders do. */
#include <arch/layout.h>
#include <hv/lib.h>
#include <hv/pv_layout.h>
#include <xen/errno.h>

#define MB(x) ((uint64_t)(x) << 20)

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

int pv_layout_compute(uint64_t virt_base, uint64_t kend, uint64_t nr_pages,
                      struct pv_layout *l)
{
    uint64_t va;

    l->v_start = ROUND_DOWN(virt_base, PAGE_SIZE);
    l->p2m = ROUND_UP(kend, PAGE_SIZE);
    l->start_info = l->p2m + ROUND_UP(nr_pages * 8, PAGE_SIZE);
    l->xenstore = l->start_info + PAGE_SIZE;
    l->console = l->xenstore + PAGE_SIZE;
    l->pt_start = l->console + PAGE_SIZE;
    /* The tables map the region they live in: grow until they fit. */
    for (l->nr_pt_frames = 1;; l->nr_pt_frames++) {
        l->stack = l->pt_start + l->nr_pt_frames * PAGE_SIZE;
        va = l->stack + PAGE_SIZE;
        l->v_end = ROUND_UP(va, MB(4));
        if (l->v_end - va < 512 * 1024)
            l->v_end += MB(4);
        if (pv_layout_pt_frames(l->v_start, l->v_end) <= l->nr_pt_frames)
            break;
    }
    /* Xen maps the whole 4 MiB-rounded region; we back what the ABI
     * promises (bootstrap elements plus 512 KiB) and map up to nr_pages. */
    l->nr_mapped = (va + 512 * 1024 - l->v_start) >> PAGE_SHIFT;
    if (l->nr_mapped > nr_pages)
        return -XEN_ENOMEM;
    return 0;
}
