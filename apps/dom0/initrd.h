/* dom0's initrd: a cpio "newc" archive of domain configs and images. */
#ifndef DOM0_INITRD_H
#define DOM0_INITRD_H

#include <stddef.h>

struct initrd_file {
    const char *name;                  /* NUL-terminated, inside the archive */
    const void *data;
    size_t size;
};

/* initrd.c */
/* Take the archive start_info names (mod_start/mod_len); 0, or -1 when
 * there is none or it is not cpio newc (one line printed). */
int initrd_open(void);
/* The file called name ("./" prefixes ignored); 0 or -1 if absent. */
int initrd_find(const char *name, struct initrd_file *f);
/* Every regular file in archive order: fn(arg, f); stops at the end or at
 * a malformed header (then returns -1). */
int initrd_each(void (*fn)(void *arg, const struct initrd_file *f), void *arg);

#endif
