/* The hypervisor console as fds 0, 1 and 2: console_io write, and read for the privileged domain. */
#include <errno.h>
#include <libos/fd.h>
#include <libos/hypercall.h>
#include <libos/libos.h>

void console_write(const char *s, size_t n)
{
    hypercall_console_io(CONSOLEIO_write, n, (void *)s);
}

static ssize_t console_fd_write(void *priv, const void *buf, size_t n)
{
    if (hypercall_console_io(CONSOLEIO_write, n, (void *)buf)) {
        errno = EFAULT;
        return -1;
    }
    return n;
}

/* What the serial line has received, maybe nothing (0: no input now).
 * Only the privileged domain may read the hypervisor console. */
static ssize_t console_fd_read(void *priv, void *buf, size_t n)
{
    long got = hypercall_console_io(CONSOLEIO_read, n, buf);

    if (got < 0) {
        errno = got == -1 ? EPERM : EIO;
        return -1;
    }
    return got;
}

static const struct fd_ops console_ops = {
    .read = console_fd_read,
    .write = console_fd_write,
    .is_tty = 1,
};

void console_init(void)
{
    for (int fd = 0; fd < 3; fd++)
        fd_install(fd, &console_ops, NULL);
}
