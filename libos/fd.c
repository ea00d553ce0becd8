/* The descriptor table: fd -> (ops, private data). */
#include <errno.h>
#include <libos/fd.h>

static struct {
    const struct fd_ops *ops;
    void *priv;
} table[FD_MAX];

int fd_install(int want, const struct fd_ops *ops, void *priv)
{
    int fd = want;

    if (fd < 0 || fd >= FD_MAX || table[fd].ops)
        for (fd = 0; fd < FD_MAX && table[fd].ops; fd++)
            ;
    if (fd == FD_MAX) {
        errno = EMFILE;
        return -1;
    }
    table[fd].ops = ops;
    table[fd].priv = priv;
    return fd;
}

const struct fd_ops *fd_get(int fd, void **priv)
{
    if (fd < 0 || fd >= FD_MAX || !table[fd].ops) {
        errno = EBADF;
        return NULL;
    }
    *priv = table[fd].priv;
    return table[fd].ops;
}

void fd_release(int fd)
{
    if (fd >= 0 && fd < FD_MAX)
        table[fd].ops = NULL;
}
