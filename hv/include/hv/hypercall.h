/* Hypercall dispatch: one table of handlers indexed by __HYPERVISOR_* number. */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/domain.h>
#include <stdint.h>

/* Every handler takes the five argument registers (rdi, rsi, rdx, r10, r8)
 * and returns the value for rax: >= 0, or a negative Xen errno. */
#define HYPERCALL_ARGS uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, \
                       uint64_t a5
typedef long (*hypercall_fn)(HYPERCALL_ARGS);

/* hypercall.c */
void hypercall_dispatch(struct vcpu *v);

/* hc_console.c */
long do_console_io(HYPERCALL_ARGS);
/* hc_version.c */
long do_xen_version(HYPERCALL_ARGS);
/* hc_sched.c */
long do_sched_op(HYPERCALL_ARGS);

#endif
