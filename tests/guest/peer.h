/* Helpers for test guests that work in pairs: finding a peer's port, a frame that is not ours. */
#ifndef TESTS_GUEST_PEER_H
#define TESTS_GUEST_PEER_H

#include <libos/events.h>
#include <libos/time.h>
#include <xen/memory.h>

/*
 * Bind to the unbound port domain dom offered us (whichever it is: a bind
 * succeeds only on a port offered to this domain), retrying until
 * timeout_ns passes while the peer gets there.  0, or -1 on timeout.
 * The new port is left pending by the bind, as Xen does; the caller
 * decides whether that first event counts.
 */
static inline int peer_connect(domid_t dom, evtchn_port_t *port,
                               uint64_t timeout_ns)
{
    uint64_t end = time_monotonic_ns() + timeout_ns;

    do {
        for (evtchn_port_t p = 1; p < 64; p++)
            if (evtchn_bind_interdomain(dom, p, port) == 0)
                return 0;
        time_sleep_ns(1000000);
    } while (time_monotonic_ns() < end);
    return -1;
}

/* A machine frame some other domain owns (its M2P entry names a pfn that
 * our p2m maps elsewhere), or 0 if none is found. */
static inline uint64_t peer_foreign_frame(uint64_t (*pfn_to_mfn)(uint64_t))
{
    const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
    xen_machphys_mapping_t m;

    if (hypercall2(__HYPERVISOR_memory_op, XENMEM_machphys_mapping,
                   (uint64_t)&m))
        return 0;
    for (uint64_t mfn = 1; mfn <= m.max_mfn; mfn++)
        if (m2p[mfn] != ~0UL && pfn_to_mfn(m2p[mfn]) != mfn)
            return mfn;
    return 0;
}

#endif
