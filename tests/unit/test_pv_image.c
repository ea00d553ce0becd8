/* Unit tests for PV ELF image parsing and Xen note handling (hv/pv_image.c). */
#include <string.h>
#include <hv/elf64.h>
#include <hv/pv_image.h>
#include <xen/elfnote.h>
#include <xen/errno.h>
#include "check.h"

#define BASE 0x400000UL

static uint8_t img[16384];
static size_t note_len;

/* Knobs for one synthetic image. */
struct spec {
    int with_notes, notes_in_section_only;
    const char *xen_version, *loader;
    uint64_t virt_base, paddr_offset, entry, hypercall_page;
    uint64_t paddr;                 /* p_paddr of the PT_LOAD */
    uint64_t seg_off, filesz, memsz;
};

static struct spec good(void)
{
    return (struct spec){ 1, 0, "xen-3.0", "generic", BASE, BASE, BASE + 0x10,
                          BASE + 0x1000, BASE, 0x1000, 0x2000, 0x3000 };
}

static uint8_t *note(uint8_t *p, uint32_t type, const void *desc, uint32_t sz)
{
    struct elf64_note n = { 4, sz, type };

    memcpy(p, &n, sizeof(n));
    memcpy(p + 12, "Xen", 4);
    memcpy(p + 16, desc, sz);
    return p + 16 + ((sz + 3) & ~3u);
}

static uint8_t *note_str(uint8_t *p, uint32_t type, const char *s)
{
    return note(p, type, s, strlen(s) + 1);
}

static uint8_t *note_u64(uint8_t *p, uint32_t type, uint64_t v)
{
    return v == PV_UNSET ? p : note(p, type, &v, 8);
}

/* Build: ehdr | 2 phdrs | notes at 0x200 | one shdr at 0x800 | load at seg_off */
static size_t build(const struct spec *s)
{
    struct elf64_ehdr *eh = (void *)img;
    struct elf64_phdr *ph = (void *)(img + sizeof(*eh));
    struct elf64_shdr *sh = (void *)(img + 0x800);
    uint8_t *p = img + 0x200;

    memset(img, 0, sizeof(img));
    memcpy(eh->ident, "\177ELF", 4);
    eh->ident[4] = ELFCLASS64;
    eh->ident[5] = ELFDATA2LSB;
    eh->type = ET_EXEC;
    eh->machine = EM_X86_64;
    eh->entry = BASE;
    eh->phoff = sizeof(*eh);
    eh->phentsize = sizeof(*ph);
    eh->phnum = 2;
    if (s->with_notes) {
        p = note_str(p, XEN_ELFNOTE_GUEST_OS, "test");
        p = note_str(p, XEN_ELFNOTE_XEN_VERSION, s->xen_version);
        p = note_str(p, XEN_ELFNOTE_LOADER, s->loader);
        p = note_u64(p, XEN_ELFNOTE_VIRT_BASE, s->virt_base);
        p = note_u64(p, XEN_ELFNOTE_PADDR_OFFSET, s->paddr_offset);
        p = note_u64(p, XEN_ELFNOTE_ENTRY, s->entry);
        p = note_u64(p, XEN_ELFNOTE_HYPERCALL_PAGE, s->hypercall_page);
    }
    note_len = p - (img + 0x200);
    ph[0] = (struct elf64_phdr){ PT_LOAD, 5, s->seg_off, s->paddr, s->paddr,
                                 s->filesz, s->memsz, 0x1000 };
    ph[1] = (struct elf64_phdr){ s->notes_in_section_only ? 0 : PT_NOTE, 4,
                                 0x200, 0, 0, note_len, note_len, 4 };
    eh->shoff = 0x800;
    eh->shentsize = sizeof(*sh);
    eh->shnum = 1;
    *sh = (struct elf64_shdr){ 1, SHT_NOTE, 2, 0, 0x200, note_len, 0, 0, 4, 0 };
    return 0x1000 + 0x2000;
}

static int parse(const struct spec *s, struct pv_image *pi, const char **why)
{
    size_t size = build(s);

    *why = NULL;
    return pv_image_parse(img, size, pi, why);
}

static void test_good_image(void)
{
    struct spec s = good();
    struct pv_image pi;
    const char *why;

    CHECK(parse(&s, &pi, &why) == 0);
    CHECK(pi.entry == BASE + 0x10 && pi.hypercall_page == BASE + 0x1000);
    CHECK(pi.kstart == BASE && pi.kend == BASE + 0x3000);
    CHECK(!strcmp(pi.guest_os, "test") && !strcmp(pi.loader, "generic"));
}

/* With notes and no PADDR_OFFSET, Xen takes it as 0: va = paddr + virt_base. */
static void test_paddr_offset_default(void)
{
    struct spec s = good();
    struct pv_image pi;
    const char *why;

    s.paddr_offset = PV_UNSET;
    s.virt_base = 0xffffffff80000000UL;
    s.paddr = 0x1000000;
    s.entry = 0xffffffff81000000UL;
    s.hypercall_page = 0xffffffff81001000UL;
    CHECK(parse(&s, &pi, &why) == 0);
    CHECK(pi.kstart == 0xffffffff81000000UL);
    CHECK(pi.kend == 0xffffffff81003000UL);
}

static void test_notes_from_sections(void)
{
    struct spec s = good();
    struct pv_image pi;
    const char *why;

    s.notes_in_section_only = 1;
    CHECK(parse(&s, &pi, &why) == 0);
    CHECK(pi.entry == BASE + 0x10);
}

static void expect_reject(struct spec s, const char *reason)
{
    struct pv_image pi;
    const char *why;

    CHECK(parse(&s, &pi, &why) == -XEN_EINVAL);
    CHECK(why && strstr(why, reason));
    if (!why || !strstr(why, reason))
        printf("    wanted \"%s\", got \"%s\"\n", reason, why ? why : "");
}

static void test_rejections(void)
{
    struct spec s;

    s = good(); s.with_notes = 0;              expect_reject(s, "no Xen ELF notes");
    s = good(); s.xen_version = "xen-2.0";     expect_reject(s, "XEN_VERSION");
    s = good(); s.loader = "fancy";            expect_reject(s, "LOADER");
    s = good(); s.entry = BASE + 0x5000;       expect_reject(s, "entry point");
    s = good(); s.hypercall_page = BASE + 0x800; expect_reject(s, "hypercall page");
    s = good(); s.filesz = 0x9000;             expect_reject(s, "outside the file");
    s = good(); s.memsz = 0x100;               expect_reject(s, "inconsistent");
    s = good(); s.virt_base = s.paddr_offset = 0xffff800000000000UL;
    s.paddr = s.virt_base; s.entry = s.virt_base + 0x10;
    s.hypercall_page = PV_UNSET;               expect_reject(s, "overlaps the hypervisor");
}

/* Sums that wrap past 2^64 must not let an address through. */
static void test_wrapping(void)
{
    struct spec s;

    /* a hypercall page in the last page below 2^64: + 4096 wraps to 0 */
    s = good(); s.virt_base = s.paddr_offset = s.paddr = 0xffffffffff000000UL;
    s.entry = s.virt_base + 0x10; s.hypercall_page = 0xfffffffffffff000UL;
    expect_reject(s, "hypercall page");
    /* paddr + (virt_base - paddr_offset) wraps: kstart near 2^64, kend low */
    s = good(); s.virt_base = 0; s.paddr_offset = BASE + 0x1000;
    s.entry = 0x10; s.hypercall_page = PV_UNSET;
    expect_reject(s, "overlaps the hypervisor");
    /* an extent running past the top of the lower half */
    s = good(); s.virt_base = s.paddr_offset = s.paddr = (1UL << 47) - 0x1000;
    s.entry = s.virt_base + 0x10; s.hypercall_page = PV_UNSET;
    expect_reject(s, "overlaps the hypervisor");
}

static void test_bad_headers(void)
{
    struct spec s = good();
    struct pv_image pi;
    const char *why;
    size_t size = build(&s);

    CHECK(pv_image_parse(img, 10, &pi, &why) == -XEN_EINVAL);
    img[4] = 1;                                     /* ELFCLASS32 */
    CHECK(pv_image_parse(img, size, &pi, &why) == -XEN_EINVAL);
    CHECK(strstr(why, "ELF64") != NULL);
    build(&s);
    ((struct elf64_ehdr *)img)->type = 3;           /* ET_DYN */
    CHECK(pv_image_parse(img, size, &pi, &why) == -XEN_EINVAL);
    build(&s);
    ((struct elf64_ehdr *)img)->phnum = 60000;      /* runs off the file */
    CHECK(pv_image_parse(img, size, &pi, &why) == -XEN_EINVAL);
    CHECK(strstr(why, "program headers") != NULL);
    memcpy(img, "text", 4);
    CHECK(pv_image_parse(img, size, &pi, &why) == -XEN_EINVAL);
}

/* A note whose sizes point past its segment must not be read past the end. */
static void test_corrupt_note(void)
{
    struct spec s = good();
    struct pv_image pi;
    const char *why;
    size_t size = build(&s);

    ((struct elf64_note *)(img + 0x200))->descsz = 0xfffffff0u;
    CHECK(pv_image_parse(img, size, &pi, &why) == -XEN_EINVAL);
}

int main(void)
{
    RUN(test_good_image);
    RUN(test_paddr_offset_default);
    RUN(test_notes_from_sections);
    RUN(test_rejections);
    RUN(test_wrapping);
    RUN(test_bad_headers);
    RUN(test_corrupt_note);
    return check_failures != 0;
}
