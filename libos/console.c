/* The console as fds 0, 1 and 2: the console ring for a domU, console_io for the console domain. */
#include <errno.h>
#include <libos/console.h>
#include <libos/fd.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/time.h>

void console_write(const char *s, size_t n)
{
    if (console_ring_attached())
        console_ring_write(s, n);
    else
        hypercall_console_io(CONSOLEIO_write, n, (void *)s);
}

void console_flush(uint64_t timeout_ns)
{
    if (console_ring_attached())
        console_ring_drain(time_monotonic_ns() + timeout_ns);
}

/* ---- console_io: the hypervisor's console ---- */

static ssize_t io_fd_write(void *priv, const void *buf, size_t n)
{
    if (hypercall_console_io(CONSOLEIO_write, n, (void *)buf)) {
        errno = EFAULT;
        return -1;
    }
    return n;
}

/* What the serial line has received, maybe nothing (0: no input now).
 * Only the privileged domain may read the hypervisor console. */
static ssize_t io_fd_read(void *priv, void *buf, size_t n)
{
    long got = hypercall_console_io(CONSOLEIO_read, n, buf);

    if (got < 0) {
        errno = got == -1 ? EPERM : EIO;
        return -1;
    }
    return got;
}

static const struct fd_ops io_ops = {
    .read = io_fd_read,
    .write = io_fd_write,
    .is_tty = 1,
};

/* ---- the console ring ---- */

static ssize_t ring_fd_write(void *priv, const void *buf, size_t n)
{
    console_ring_write(buf, n);
    return n;
}

/* Blocks until at least one byte of input (other threads run). */
static ssize_t ring_fd_read(void *priv, void *buf, size_t n)
{
    return console_ring_read(buf, n);
}

static const struct fd_ops ring_ops = {
    .read = ring_fd_read,
    .write = ring_fd_write,
    .is_tty = 1,
};

void console_init(void)
{
    const struct fd_ops *ops = console_ring_init() ? &ring_ops : &io_ops;

    for (int fd = 0; fd < 3; fd++)
        fd_install(fd, ops, NULL);
}
