/* hv_main: from the boot CPU's first C instruction to the first guest. */
#include <arch/desc.h>
#include <arch/fpu.h>
#include <arch/serial.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
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

#define DOM0_DEFAULT_KB (64 * 1024)

/*
 * Boot-time domains (hyperlaunch/dom0less in spirit, "boot=domains" on our
 * command line): every module is a domain, its line says how to build it
 * (modcfg.h), the first is privileged, and each is destroyed when it shuts
 * down since no toolstack waits for it.
 */
static void build_domains(const struct boot_info *bi)
{
    static struct modcfg mc;

    if (bi->nr_dropped) {              /* never silently: an unclean end */
        LOG("%u boot modules past the first %u: rejected: more than this "
            "hypervisor takes (boot them through dom0)", bi->nr_dropped,
            BOOT_MAX_MODULES);
        domain_note_failure();
    }
    for (unsigned i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->module[i];
        const char *why;
        if (modcfg_parse(m->cmdline, &mc, &why)) {
            if (mc.cfg.name)           /* the one format: "<name>: rejected: why" */
                LOG("%s: rejected: %s", mc.cfg.name, why);
            else
                LOG("module %u: rejected: %s", i, why);
            domain_note_failure();
            continue;
        }
        pv_build(&mc.cfg, maddr_to_virt(m->start), m->end - m->start);
    }
}

/*
 * Xen's way (the default): module 0 is dom0's kernel, its module line
 * dom0's command line; module 1, if any, its initrd, placed in dom0's
 * start-of-day layout (start_info mod_start/mod_len).  dom0_mem= sizes it.
 * dom0 builds every other domain; when it shuts down the machine does.
 */
static void build_dom0(const struct boot_info *bi)
{
    struct domain_config cfg = { .name = "dom0", .memory_kb = DOM0_DEFAULT_KB,
                                 .weight = BVT_DEFAULT_WEIGHT };
    const struct boot_module *k = &bi->module[0];
    struct domain *d;
    size_t len;
    const char *v = cmdline_find(bi->cmdline, "dom0_mem", &len);

    if (!bi->nr_modules) {
        LOG("no modules: nothing to run");
        return;
    }
    if (v && cmdline_size_kb(v, len, &cfg.memory_kb))
        LOG("dom0_mem=%.*s: not a size, using %lu MiB", (int)len, v,
            cfg.memory_kb >> 10);
    cfg.cmdline = k->cmdline;
    if (bi->nr_modules > 1) {
        cfg.module = maddr_to_virt(bi->module[1].start);
        cfg.module_size = bi->module[1].end - bi->module[1].start;
    }
    if (bi->nr_modules > 2)
        LOG("%u modules after dom0's initrd ignored (dom0 mode)",
            bi->nr_modules - 2);
    domain_set_dom0_mode();
    if ((d = pv_build(&cfg, maddr_to_virt(k->start), k->end - k->start)))
        d->console_raw = true;
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
    if (cmdline_has(boot_info.cmdline, "boot=domains"))
        build_domains(&boot_info);
    else
        build_dom0(&boot_info);
    mm_release_modules(&boot_info);
    LOG("%u domains built, %lu frames free", domain_count(), frame_free_count());
    sched_start();
}
