/* Borrowed Virtual Time (Duda & Cheriton; the Xen paper's scheduler): the arithmetic. */
#ifndef HV_BVT_H
#define HV_BVT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Each vcpu's actual virtual time (AVT) advances by real run time scaled
 * by BVT_DEFAULT_WEIGHT / weight, so CPU is shared in proportion to weight.  The
 * runnable vcpu with the least effective virtual time (EVT = AVT - warp)
 * runs; it is preempted once its EVT passes another's by more than the
 * context-switch allowance.  A vcpu woken by an event may warp (borrow
 * virtual time) for at most BVT_WARP_LIMIT_NS of running, then must wait
 * BVT_UNWARP_NS before warping again: I/O domains get low latency without
 * getting more than their share.
 */
/* One AVT unit is one ns of running at the default weight. */
#define BVT_DEFAULT_WEIGHT   256
#define BVT_ALLOWANCE        2000000UL  /* C: 2 ms at the default weight */
#define BVT_WARP             20000000UL /* W: 20 ms */
#define BVT_WARP_LIMIT_NS    1000000UL  /* L: 1 ms */
#define BVT_UNWARP_NS        5000000UL  /* U: 5 ms */

struct bvt {
    uint64_t avt;
    uint32_t weight;                    /* 1..65535 */
    bool warping;
    uint64_t warp_left_ns;              /* of the current warp */
    uint64_t unwarp_until;              /* system time before which no warp */
};

/* bvt.c */
void bvt_init(struct bvt *b, uint32_t weight, uint64_t svt);
uint64_t bvt_evt(const struct bvt *b);
/* Account ran_ns of real running time ending at now. */
void bvt_charge(struct bvt *b, uint64_t ran_ns, uint64_t now);
/* Woken by an event at now: catch up with svt (the least AVT of the
 * runnable vcpus) and warp if allowed. */
void bvt_wake(struct bvt *b, uint64_t svt, uint64_t now);
/* Real ns cur may run before it must yield to a vcpu at other_evt
 * (UINT64_MAX when there is none). */
uint64_t bvt_runtime(const struct bvt *cur, uint64_t other_evt);

#endif
