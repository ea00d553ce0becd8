/* FPU/SSE state of vcpus: saved eagerly on every switch between vcpus. */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <stdint.h>

/* fpu.c */
void fpu_init(void);                    /* once at boot: capture reset state */
void fpu_init_state(uint8_t area[512]); /* a vcpu's state after FNINIT */

#endif
