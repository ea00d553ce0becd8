/* fuzz: random hypercalls with random arguments; the hypervisor must survive (this domain need not). */
#include <libos/hypercall.h>
#include <libos/libos.h>

#define CALLS 20000

/* Four pages the hypervisor may read and write as it likes, then a guard
 * page unmapped at start: a write that runs past them (a long structure,
 * nr_extents results) stops with -EFAULT instead of corrupting us. */
static uint8_t area[5][4096] __attribute__((aligned(4096)));
#define scratch area
static uint64_t seed;

static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

/* An argument: small numbers, pointers into random-filled buffers (so
 * structures hold garbage), pointers nowhere, or anything. */
static uint64_t arg(void)
{
    static const uint64_t bad[] = { 0x10, 0xffff830000100000UL,
                                    0x0000800000000000UL, ~0UL, 0x1000 };

    switch (rnd() % 5) {
    case 0:
        return rnd() % 16;
    case 1:
    case 2:
        return (uint64_t)scratch[rnd() % 4] + (rnd() % 4096 & ~7UL);
    case 3:
        return bad[rnd() % 5];
    }
    return rnd();
}

/* Calls that would only end this domain at once, or hand control to
 * random code: the fuzzer skips them so it keeps going. */
static int skipped(unsigned nr, uint64_t a1)
{
    return nr == __HYPERVISOR_iret || nr == __HYPERVISOR_set_trap_table ||
           nr == __HYPERVISOR_set_callbacks ||
           nr == __HYPERVISOR_callback_op ||
           nr == __HYPERVISOR_stack_switch ||
           (nr == __HYPERVISOR_sched_op &&
            (a1 == SCHEDOP_shutdown || a1 == SCHEDOP_block ||
             a1 == SCHEDOP_poll)) ||
           nr == __HYPERVISOR_mmu_update || nr == __HYPERVISOR_mmuext_op ||
           nr == __HYPERVISOR_update_va_mapping ||
           nr == __HYPERVISOR_multicall ||
           nr == __HYPERVISOR_set_segment_base ||   /* our own TLS/stack */
           nr == __HYPERVISOR_fpu_taskswitch ||
           (nr == __HYPERVISOR_vcpu_op &&            /* vcpu_info into junk */
            a1 == VCPUOP_register_vcpu_info);
}

int main(int argc, char **argv)
{
    unsigned done = 0;

    seed = 0x9e3779b97f4a7c15UL * (argc > 1 ? strtoul(argv[1], 0, 0) : 1);
    if (hypercall_update_va_mapping((uint64_t)area[4], 0, UVMF_INVLPG)) {
        printf("fuzz: cannot unmap the guard page\n");
        return 1;
    }
    for (unsigned i = 0; i < CALLS; i++) {
        unsigned nr = rnd() % 48;
        uint64_t a[5] = { rnd() % 32, arg(), arg(), arg(), arg() };
        for (unsigned b = 0; b < 4; b++)
            for (unsigned k = 0; k < 4096; k += 8)
                *(uint64_t *)&scratch[b][k] = rnd() % 3 ? rnd() : rnd() % 64;
        if (skipped(nr, a[0]))
            continue;
        hypercall5(nr, a[0], a[1], a[2], a[3], a[4]);
        done++;
    }
    printf("fuzz: %u random hypercalls survived\n", done);
    return 0;
}
