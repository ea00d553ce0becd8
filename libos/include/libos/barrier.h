/* Memory barriers for memory shared with other domains (rings), x86_64 flavour. */
#ifndef LIBOS_BARRIER_H
#define LIBOS_BARRIER_H

/*
 * Shared rings live in ordinary write-back memory, where x86_64 keeps
 * loads in order with loads and stores in order with stores (TSO): rmb()
 * and wmb() only have to stop the compiler from reordering.  The one
 * reordering the CPU itself does is a later load passing an earlier store
 * (store buffering), so mb(), which must also order a store before a
 * load (publish an index, then check whether the other end wants an
 * event), is an mfence.
 *
 * Every use names what it orders, e.g.  rmb(); see data up to rsp_prod.
 */
#define mb()  __asm__ volatile("mfence" : : : "memory")
#define rmb() __asm__ volatile("" : : : "memory")
#define wmb() __asm__ volatile("" : : : "memory")

/*
 * <xen/io/ring.h> and <xen/io/console.h> call xen_mb/xen_rmb/xen_wmb and,
 * at __XEN_INTERFACE_VERSION__ >= 0x00030208 (ours), leave them to the
 * includer: include this header first.  (Older interface versions define
 * them exactly as here, so the definitions never conflict.)
 */
#define xen_mb()  mb()
#define xen_rmb() rmb()
#define xen_wmb() wmb()

#endif
