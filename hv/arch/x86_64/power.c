/* Power off under QEMU: isa-debug-exit carries the status; ACPI as fallback. */
#include <arch/cpu.h>
#include <hv/lib.h>
#include <hv/power.h>

#define DEBUG_EXIT_PORT 0xf4
#define PIIX4_PM1A_CNT  0x604     /* QEMU pc/q35 ACPI PM1a control */
#define ACPI_SLP_S5     0x2000

void power_off(enum power_status status)
{
    static const char *const what[] = { "clean", "unclean", "panic" };

    printk("(hv) powering off: %s\n", what[status]);
    outl(DEBUG_EXIT_PORT, status);
    outw(PIIX4_PM1A_CNT, ACPI_SLP_S5);
    for (;;)
        __asm__ volatile("cli; hlt");
}
