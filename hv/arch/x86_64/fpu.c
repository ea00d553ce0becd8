/* The FPU/SSE state a new vcpu starts with, captured once after FNINIT. */
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <hv/lib.h>

static uint8_t fpu_reset_state[512] __attribute__((aligned(16)));

void fpu_init(void)
{
    uint32_t mxcsr = 0x1f80;   /* all SSE exceptions masked, round to nearest */

    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    fpu_save(fpu_reset_state);
}

void fpu_init_state(uint8_t area[512])
{
    memcpy(area, fpu_reset_state, sizeof(fpu_reset_state));
}
