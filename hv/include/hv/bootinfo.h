/* What the boot loader handed over: memory map, modules, command line. */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <stdint.h>

#define BOOT_MAX_REGIONS 64
/*
 * Boot-time domains, one per module: each needs at least 1 MiB and its
 * image in RAM, so 4096 is more than the machines we boot hold (4 GiB and
 * more); dom0 mode creates domains from its initrd without this limit.
 * Modules past it are counted in nr_dropped, and refused with a line.
 */
#define BOOT_MAX_MODULES 4096

struct boot_region {
    uint64_t start, end;      /* physical, [start, end), usable RAM */
};

struct boot_module {
    uint64_t start, end;      /* physical, [start, end) */
    const char *cmdline;      /* in the direct map; "" when none */
};

struct boot_info {
    uint64_t info_start, info_end;      /* the multiboot2 structure itself */
    const char *cmdline;
    unsigned nr_regions, nr_modules;
    unsigned nr_dropped;                /* modules past BOOT_MAX_MODULES */
    struct boot_region region[BOOT_MAX_REGIONS];
    struct boot_module module[BOOT_MAX_MODULES];
};

/* mb2.c: parse the multiboot2 information at physical address info.
 * Returns 0, or -1 if magic is not the multiboot2 loader magic. */
int mb2_parse(uint32_t magic, uint64_t info, struct boot_info *bi);

#endif
