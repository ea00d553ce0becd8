/* What the boot loader handed over: memory map, modules, command line. */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <stdint.h>

#define BOOT_MAX_REGIONS 64
#define BOOT_MAX_MODULES 64

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
    struct boot_region region[BOOT_MAX_REGIONS];
    struct boot_module module[BOOT_MAX_MODULES];
};

/* mb2.c: parse the multiboot2 information at physical address info.
 * Returns 0, or -1 if magic is not the multiboot2 loader magic. */
int mb2_parse(uint32_t magic, uint64_t info, struct boot_info *bi);

#endif
