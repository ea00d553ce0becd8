/* cpio newc reader over the initrd the hypervisor placed in our memory. */
#include "initrd.h"
#include <libos/libos.h>
#include <string.h>

#define HDR_LEN 110
#define S_IFMT  0170000
#define S_IFREG 0100000

static const char *archive;
static size_t archive_len;

/* The i-th 8-hex-digit field after the 6-byte magic; ~0 if not hex. */
static unsigned long field(const char *h, unsigned i)
{
    unsigned long v = 0;

    for (const char *p = h + 6 + 8 * i; p < h + 14 + 8 * i; p++) {
        int d = *p >= '0' && *p <= '9' ? *p - '0' :
                *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
                *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
        if (d < 0)
            return ~0UL;
        v = v * 16 + d;
    }
    return v;
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* The entry at *off: 1 with f filled and *off moved on, 0 at the trailer,
 * -1 when malformed.  Every length is checked against the archive. */
static int entry(size_t *off, struct initrd_file *f, unsigned long *mode)
{
    const char *h = archive + *off;
    unsigned long namesz, filesz;
    size_t name_off, data_off;

    if (archive_len - *off < HDR_LEN || memcmp(h, "070701", 6))
        return -1;
    *mode = field(h, 1);
    filesz = field(h, 6);
    namesz = field(h, 11);
    name_off = *off + HDR_LEN;
    if (namesz == ~0UL || filesz == ~0UL || !namesz ||
        namesz > archive_len - name_off || h[HDR_LEN + namesz - 1])
        return -1;
    data_off = pad4(name_off + namesz);
    if (data_off > archive_len || filesz > archive_len - data_off)
        return -1;
    f->name = archive + name_off;
    f->data = archive + data_off;
    f->size = filesz;
    if (!strcmp(f->name, "TRAILER!!!"))
        return 0;
    *off = pad4(data_off + filesz);
    if (*off > archive_len)
        *off = archive_len;
    return 1;
}

/* Xen passes a PV dom0's initrd as a virtual address in its start-of-day
 * mapping (mod_start, without SIF_MOD_START_PFN); libos keeps that mapping
 * when it moves to its own page tables, so the archive is read in place
 * and never copied. */
int initrd_open(void)
{
    if (!start_info->mod_start || !start_info->mod_len) {
        printf("dom0: no initrd\n");
        return -1;
    }
    archive = (const char *)start_info->mod_start;
    archive_len = start_info->mod_len;
    if (archive_len < HDR_LEN || memcmp(archive, "070701", 6)) {
        printf("dom0: initrd is not a cpio newc archive\n");
        archive = NULL;
        return -1;
    }
    return 0;
}

int initrd_each(void (*fn)(void *arg, const struct initrd_file *f), void *arg)
{
    struct initrd_file f;
    unsigned long mode;
    size_t off = 0;
    int rc;

    if (!archive)
        return -1;
    while ((rc = entry(&off, &f, &mode)) > 0)
        if ((mode & S_IFMT) == S_IFREG)
            fn(arg, &f);
    return rc;
}

struct find {
    const char *name;
    struct initrd_file *out;
    int found;
};

static const char *strip_dot(const char *s)
{
    while (s[0] == '.' && s[1] == '/')
        s += 2;
    return s;
}

static void match(void *arg, const struct initrd_file *f)
{
    struct find *q = arg;

    if (!q->found && !strcmp(strip_dot(f->name), strip_dot(q->name))) {
        *q->out = *f;
        q->found = 1;
    }
}

int initrd_find(const char *name, struct initrd_file *f)
{
    struct find q = { name, f, 0 };

    initrd_each(match, &q);
    return q.found ? 0 : -1;
}
