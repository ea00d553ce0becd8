/* fault: a guest that commits one fatal act, named by argv[1]; it must be killed.
 * It first drops libos's trap table, so the fault has no guest handler. */
#include <libos/hypercall.h>
#include <libos/libos.h>

/* Addresses laundered through a volatile so the compiler cannot see them. */
static volatile unsigned long addr_low = 0x100;
static volatile unsigned long addr_hv = 0xffff830000100000UL;
static volatile unsigned long addr_m2p = 0xffff800000000000UL;

static void fault(const char *how)
{
    if (!strcmp(how, "ud2"))
        __asm__ volatile("ud2");
    else if (!strcmp(how, "unmapped"))
        *(volatile int *)addr_low = 1;
    else if (!strcmp(how, "hv-read"))
        (void)*(volatile long *)addr_hv;
    else if (!strcmp(how, "m2p-write"))
        *(volatile long *)addr_m2p = 0;
    else if (!strcmp(how, "pt-write"))
        *(volatile long *)start_info->pt_base = 0;
    else if (!strcmp(how, "hlt"))
        __asm__ volatile("hlt");
    else if (!strcmp(how, "cli"))
        __asm__ volatile("cli");
    else if (!strcmp(how, "outb"))
        __asm__ volatile("outb %%al, $0x80" : : "a"(0));
    else if (!strcmp(how, "cr3"))
        __asm__ volatile("mov %%rax, %%cr3" : : "a"(0));
    else if (!strcmp(how, "int80"))
        __asm__ volatile("int $0x80");
    else if (!strcmp(how, "div0"))    /* gcc turns 1/x into a compare */
        __asm__ volatile("xor %%ecx, %%ecx; div %%ecx" : : "a"(1), "d"(0)
                         : "rcx");
    else if (!strcmp(how, "jump-hv"))
        ((void (*)(void))addr_hv)();
}

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "ud2";

    printf("fault: about to %s\n", how);
    hypercall_set_trap_table(0);
    fault(how);
    printf("fault: survived %s: FAIL\n", how);
    return 1;
}
