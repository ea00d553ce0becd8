/* Parse the multiboot2 boot information: memory map, modules, command line. */
#include <arch/layout.h>
#include <hv/bootinfo.h>
#include <hv/lib.h>

#define MB2_LOADER_MAGIC 0x36d76289
#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_MODULE   3
#define MB2_TAG_MMAP     6
#define MB2_MEM_AVAILABLE 1

struct mb2_tag {
    uint32_t type, size;
};

struct mb2_module {
    struct mb2_tag tag;
    uint32_t mod_start, mod_end;
    char cmdline[];
};

struct mb2_mmap {
    struct mb2_tag tag;
    uint32_t entry_size, entry_version;
};

struct mb2_mmap_entry {
    uint64_t addr, len;
    uint32_t type, reserved;
};

static void *phys_to_virt(uint64_t pa)
{
    return (void *)(pa + HV_DIRECTMAP_BASE);
}

static void parse_mmap(const struct mb2_mmap *m, struct boot_info *bi)
{
    const uint8_t *p = (const uint8_t *)(m + 1);
    const uint8_t *end = (const uint8_t *)m + m->tag.size;

    for (; p + sizeof(struct mb2_mmap_entry) <= end; p += m->entry_size) {
        const struct mb2_mmap_entry *e = (const void *)p;
        if (e->type != MB2_MEM_AVAILABLE || bi->nr_regions == BOOT_MAX_REGIONS)
            continue;
        bi->region[bi->nr_regions++] =
            (struct boot_region){ e->addr, e->addr + e->len };
    }
}

int mb2_parse(uint32_t magic, uint64_t info, struct boot_info *bi)
{
    const uint8_t *base = phys_to_virt(info);
    uint32_t total = *(const uint32_t *)base;

    if (magic != MB2_LOADER_MAGIC)
        return -1;
    bi->info_start = info;
    bi->info_end = info + total;
    bi->cmdline = "";
    for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
        const struct mb2_tag *t = (const void *)(base + off);
        if (t->type == MB2_TAG_END)
            break;
        if (t->type == MB2_TAG_CMDLINE) {
            bi->cmdline = (const char *)(t + 1);
        } else if (t->type == MB2_TAG_MMAP) {
            parse_mmap((const void *)t, bi);
        } else if (t->type == MB2_TAG_MODULE &&
                   bi->nr_modules == BOOT_MAX_MODULES) {
            bi->nr_dropped++;          /* the caller says so */
        } else if (t->type == MB2_TAG_MODULE) {
            const struct mb2_module *m = (const void *)t;
            bi->module[bi->nr_modules++] =
                (struct boot_module){ m->mod_start, m->mod_end, m->cmdline };
        }
        off += ROUND_UP(t->size, 8);
    }
    return 0;
}
