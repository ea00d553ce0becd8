/* File descriptors: one small ops table per kind (console, socket, ...). */
#ifndef LIBOS_FD_H
#define LIBOS_FD_H

#include <stddef.h>
#include <sys/types.h>

#define FD_MAX 64

/* Each op returns what the POSIX call would, with errno set on -1; a NULL
 * op fails with ENOSYS (EBADF for read/write). */
struct fd_ops {
    ssize_t (*read)(void *priv, void *buf, size_t n);
    ssize_t (*write)(void *priv, const void *buf, size_t n);
    int (*close)(void *priv);
    int is_tty;                        /* stdio line-buffers ttys */
};

/* fd.c */
/* Install ops/priv at the lowest free descriptor (from want, if >= 0 and
 * free: the console takes 0..2); the fd, or -1 with errno EMFILE. */
int fd_install(int want, const struct fd_ops *ops, void *priv);
/* The ops and private data of fd, or NULL with errno EBADF. */
const struct fd_ops *fd_get(int fd, void **priv);
void fd_release(int fd);

#endif
