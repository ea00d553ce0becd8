/* hv_main: from the boot CPU's first C instruction to the first guest. */
#include <arch/desc.h>
#include <arch/fpu.h>
#include <arch/serial.h>
#include <hv/bootinfo.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/modcfg.h>
#include <hv/power.h>
#include <hv/sched.h>
#include <hv/console.h>
#include <hv/time.h>
#include <hv/timer.h>

static struct boot_info boot_info;

static void build_domains(const struct boot_info *bi)
{
    static struct modcfg mc;

    for (unsigned i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->module[i];
        const char *why;
        if (modcfg_parse(m->cmdline, &mc, &why)) {
            LOG("module %u (\"%s\"): rejected: %s", i, m->cmdline, why);
            domain_note_failure();
            continue;
        }
        pv_build(&mc.cfg, maddr_to_virt(m->start), m->end - m->start);
    }
}

/* Test hook: "selftest=ring0-ud2" on the hv command line makes the hypervisor
 * fault in ring 0 after boot, to exercise the register dump and panic path. */
static void selftest(const char *cmdline)
{
    for (const char *p = cmdline; *p; p++)
        if (!strncmp(p, "selftest=ring0-ud2", 18)) {
            LOG("selftest: executing ud2 in ring 0");
            __asm__ volatile("ud2");
        }
}

void hv_main(uint32_t magic, uint64_t info)
{
    serial_init();
    printk("\n(hv) Xen-compatible PV hypervisor, x86_64\n");
    if (mb2_parse(magic, info, &boot_info))
        panic("not started by a multiboot2 loader (magic 0x%x)", magic);
    LOG("command line: \"%s\", %u modules", boot_info.cmdline,
        boot_info.nr_modules);
    desc_init();
    fpu_init();
    mm_init(&boot_info);
    vmap_init();
    timer_init();
    time_init();
    console_init_input();
    selftest(boot_info.cmdline);
    build_domains(&boot_info);
    mm_release_modules(&boot_info);
    LOG("%u domains built, %lu frames free", domain_count(), frame_free_count());
    sched_start();
}
