/* Parse a Xen PV ELF kernel: headers, PT_LOAD extent, the "Xen" notes, Xen's checks. */
#include <hv/elf64.h>
#include <hv/lib.h>
#include <hv/pv_image.h>
#include <xen/elfnote.h>
#include <xen/errno.h>
#include <arch/layout.h>
#include <xen/xen.h>

#define FAIL(msg) do { *why = (msg); return -XEN_EINVAL; } while (0)

/* [off, off+len) lies inside a buffer of size bytes. */
static int in_file(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

static uint64_t note_number(const uint8_t *desc, uint32_t sz)
{
    uint64_t v = 0;

    for (uint32_t i = 0; i < sz && i < 8; i++)
        v |= (uint64_t)desc[i] << (8 * i);
    return v;
}

static void note_string(char *dst, size_t cap, const uint8_t *desc,
                        uint32_t sz)
{
    size_t n = strnlen((const char *)desc, sz);

    if (n >= cap)
        n = cap - 1;
    memcpy(dst, desc, n);
    dst[n] = 0;
}

static void note_apply(struct pv_image *img, uint32_t type,
                       const uint8_t *desc, uint32_t sz)
{
    switch (type) {
    case XEN_ELFNOTE_ENTRY:          img->entry = note_number(desc, sz); break;
    case XEN_ELFNOTE_HYPERCALL_PAGE: img->hypercall_page = note_number(desc, sz); break;
    case XEN_ELFNOTE_VIRT_BASE:      img->virt_base = note_number(desc, sz); break;
    case XEN_ELFNOTE_PADDR_OFFSET:   img->paddr_offset = note_number(desc, sz); break;
    case XEN_ELFNOTE_GUEST_OS:
        note_string(img->guest_os, sizeof(img->guest_os), desc, sz);
        break;
    case XEN_ELFNOTE_LOADER:
        note_string(img->loader, sizeof(img->loader), desc, sz);
        break;
    case XEN_ELFNOTE_XEN_VERSION:
        note_string(img->xen_version, sizeof(img->xen_version), desc, sz);
        break;
    default:    /* other notes (FEATURES, PAE_MODE, ...) carry nothing we use */
        break;
    }
}

/* Walk the notes in [off, off+len); returns how many "Xen" notes it saw. */
static int notes_scan(struct pv_image *img, uint64_t off, uint64_t len)
{
    const uint8_t *p = img->data + off, *end = p + len;
    int seen = 0;

    while (p + sizeof(struct elf64_note) <= end) {
        const struct elf64_note *n = (const void *)p;
        const uint8_t *name = p + sizeof(*n);
        const uint8_t *desc = name + ROUND_UP(n->namesz, 4);
        if (n->namesz > len || n->descsz > len ||
            desc + ROUND_UP(n->descsz, 4) > end)
            break;
        if (n->namesz == 4 && !memcmp(name, "Xen", 4)) {
            note_apply(img, n->type, desc, n->descsz);
            seen++;
        }
        p = desc + ROUND_UP(n->descsz, 4);
    }
    return seen;
}

static int notes_find(struct pv_image *img, const struct elf64_ehdr *eh)
{
    int seen = 0;

    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf64_phdr *ph =
            (const void *)(img->data + eh->phoff + i * eh->phentsize);
        if (ph->type == PT_NOTE && in_file(ph->offset, ph->filesz, img->size))
            seen += notes_scan(img, ph->offset, ph->filesz);
    }
    if (seen || !eh->shnum || eh->shentsize != sizeof(struct elf64_shdr) ||
        !in_file(eh->shoff, (uint64_t)eh->shnum * eh->shentsize, img->size))
        return seen;
    for (unsigned i = 0; i < eh->shnum; i++) {   /* no PT_NOTE: try sections */
        const struct elf64_shdr *sh =
            (const void *)(img->data + eh->shoff + i * sizeof(*sh));
        if (sh->type == SHT_NOTE && in_file(sh->offset, sh->size, img->size))
            seen += notes_scan(img, sh->offset, sh->size);
    }
    return seen;
}

static int check_header(const struct pv_image *img, const char **why)
{
    const struct elf64_ehdr *eh = (const void *)img->data;

    if (img->size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4))
        FAIL("not an ELF file");
    if (eh->ident[4] != ELFCLASS64 || eh->ident[5] != ELFDATA2LSB ||
        eh->machine != EM_X86_64)
        FAIL("not a little-endian x86_64 ELF64 image");
    if (eh->type != ET_EXEC)
        FAIL("not an executable ELF (ET_EXEC)");
    if (eh->phentsize != sizeof(struct elf64_phdr) || !eh->phnum ||
        !in_file(eh->phoff, (uint64_t)eh->phnum * eh->phentsize, img->size))
        FAIL("program headers missing or outside the file");
    return 0;
}

static int load_extent(struct pv_image *img, const char **why)
{
    const struct elf64_ehdr *eh = (const void *)img->data;

    img->pstart = ~0UL;
    img->pend = 0;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf64_phdr *ph =
            (const void *)(img->data + eh->phoff + i * eh->phentsize);
        if (ph->type != PT_LOAD)
            continue;
        if (!in_file(ph->offset, ph->filesz, img->size))
            FAIL("PT_LOAD segment outside the file");
        if (ph->filesz > ph->memsz || ph->paddr + ph->memsz < ph->paddr)
            FAIL("PT_LOAD segment sizes are inconsistent");
        img->pstart = MIN(img->pstart, ph->paddr);
        img->pend = MAX(img->pend, ph->paddr + ph->memsz);
    }
    if (img->pstart >= img->pend)
        FAIL("no PT_LOAD segment");
    return 0;
}

/* The range a guest may use: canonical, outside Xen's reserved slots. */
static int guest_range_ok(uint64_t start, uint64_t end)
{
    if (end < start)
        return 0;
    if (end <= 0x0000800000000000UL)
        return 1;
    return start >= HYPERVISOR_VIRT_END;
}

/* The page at va is aligned and wholly inside [start, end) (start <= end);
 * written so that no sum can wrap past 2^64. */
static int page_inside(uint64_t va, uint64_t start, uint64_t end)
{
    return !(va & (PAGE_SIZE - 1)) && va >= start && va < end &&
           end - va >= PAGE_SIZE;
}

static int check_xen(struct pv_image *img, const char **why)
{
    if (strncmp(img->loader, "generic", 7) &&
        strncmp(img->guest_os, "linux", 5))
        FAIL("Xen notes: LOADER is not \"generic\" (and GUEST_OS not linux)");
    if (strncmp(img->xen_version, "xen-3.0", 7))
        FAIL("Xen notes: XEN_VERSION is not \"xen-3.0\"");
    if (img->virt_base == PV_UNSET)
        img->virt_base = 0;
    if (img->paddr_offset == PV_UNSET)
        img->paddr_offset = 0;            /* Xen's default with ELF notes */
    img->virt_offset = img->virt_base - img->paddr_offset;
    img->kstart = img->pstart + img->virt_offset;
    img->kend = img->pend + img->virt_offset;
    if (img->entry == PV_UNSET)
        img->entry = ((const struct elf64_ehdr *)img->data)->entry;
    /* the offsets wrap modulo 2^64 by Xen's rule: an extent that wraps
     * (kend below kstart) is refused, as is one outside the guest's part */
    if (img->kend < img->kstart || img->kstart < img->virt_base ||
        !guest_range_ok(img->virt_base, img->kend))
        FAIL("image extent overlaps the hypervisor or is not canonical");
    if (img->entry < img->kstart || img->entry >= img->kend)
        FAIL("entry point outside the image");
    if (img->hypercall_page != PV_UNSET &&
        !page_inside(img->hypercall_page, img->kstart, img->kend))
        FAIL("hypercall page outside the image or not page aligned");
    return 0;
}

int pv_image_parse(const void *data, uint64_t size, struct pv_image *img,
                   const char **why)
{
    int rc;

    memset(img, 0, sizeof(*img));
    img->data = data;
    img->size = size;
    img->entry = img->virt_base = img->paddr_offset = PV_UNSET;
    img->hypercall_page = PV_UNSET;
    if ((rc = check_header(img, why)) || (rc = load_extent(img, why)))
        return rc;
    if (!notes_find(img, data))
        FAIL("no Xen ELF notes: not a Xen PV kernel");
    return check_xen(img, why);
}

void pv_image_segments(const struct pv_image *img, pv_segment_fn fn, void *ctx)
{
    const struct elf64_ehdr *eh = (const void *)img->data;

    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf64_phdr *ph =
            (const void *)(img->data + eh->phoff + i * eh->phentsize);
        if (ph->type == PT_LOAD)
            fn(ctx, ph->paddr + img->virt_offset, img->data + ph->offset,
               ph->filesz, ph->memsz);
    }
}
