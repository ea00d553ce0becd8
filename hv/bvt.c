/* BVT arithmetic: virtual time, warp, and how long the running vcpu may keep the CPU. */
#include <hv/bvt.h>

#define MAX_RUNTIME_NS 100000000UL       /* alone on the CPU: re-decide at 100 ms */

void bvt_init(struct bvt *b, uint32_t weight, uint64_t svt)
{
    b->avt = svt;
    b->weight = weight ? weight : 1;
    b->warping = false;
    b->warp_left_ns = 0;
    b->unwarp_until = 0;
}

uint64_t bvt_evt(const struct bvt *b)
{
    if (!b->warping)
        return b->avt;
    return b->avt > BVT_WARP ? b->avt - BVT_WARP : 0;
}

/* AVT units for ns of running at weight w (no overflow below 2^55 ns). */
static uint64_t avt_delta(uint64_t ns, uint32_t w)
{
    return ns * BVT_DEFAULT_WEIGHT / w;
}

void bvt_charge(struct bvt *b, uint64_t ran_ns, uint64_t now)
{
    b->avt += avt_delta(ran_ns, b->weight);
    if (!b->warping)
        return;
    if (ran_ns < b->warp_left_ns) {
        b->warp_left_ns -= ran_ns;
        return;
    }
    b->warping = false;                   /* warp used up: unwarp for U */
    b->warp_left_ns = 0;
    b->unwarp_until = now + BVT_UNWARP_NS;
}

void bvt_wake(struct bvt *b, uint64_t svt, uint64_t now)
{
    if (b->avt < svt)
        b->avt = svt;                     /* sleeping earns no credit */
    if (now >= b->unwarp_until) {
        b->warping = true;
        b->warp_left_ns = BVT_WARP_LIMIT_NS;
    }
}

uint64_t bvt_runtime(const struct bvt *cur, uint64_t other_evt)
{
    uint64_t evt = bvt_evt(cur), limit, ns;

    if (other_evt == UINT64_MAX)
        ns = MAX_RUNTIME_NS;
    else {
        limit = other_evt + BVT_ALLOWANCE;
        if (evt >= limit)
            return 0;
        if (limit - evt > MAX_RUNTIME_NS * BVT_DEFAULT_WEIGHT)
            ns = MAX_RUNTIME_NS;
        else
            ns = (limit - evt) * cur->weight / BVT_DEFAULT_WEIGHT;
        if (ns > MAX_RUNTIME_NS)
            ns = MAX_RUNTIME_NS;
    }
    if (cur->warping && cur->warp_left_ns < ns)
        ns = cur->warp_left_ns;           /* the warp ends: decide again */
    return ns;
}
