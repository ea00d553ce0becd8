/* console_io: guests write to the hypervisor console; the privileged domain reads it. */
#include <hv/console.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <xen/errno.h>

#define CHUNK 128

/*
 * CONSOLEIO_write(count, buffer): 0, or -EFAULT if buffer is not readable.
 * count is 32-bit (the ABI's unsigned int).  Preemptible between chunks:
 * the continuation writes the rest (Xen's behaviour).
 */
static long console_write_op(uint32_t count, uint64_t buf)
{
    char tmp[CHUNK];
    bool first = true;

    for (; count; first = false) {
        uint32_t n = count < CHUNK ? count : CHUNK;
        if (!first && hypercall_preempt_check())
            return hypercall_continue(__HYPERVISOR_console_io,
                                      CONSOLEIO_write, count, buf, 0, 0);
        if (copy_from_guest(tmp, buf, n))
            return -XEN_EFAULT;
        console_guest_write(current->dom, tmp, n);
        buf += n;
        count -= n;
    }
    return 0;
}

/* CONSOLEIO_read(count, buffer): bytes read (maybe 0); privileged only. */
static long console_read_op(uint64_t count, uint64_t buf)
{
    char tmp[CHUNK];
    uint64_t n;

    if (!current->dom->privileged)
        return -XEN_EPERM;
    n = console_read(tmp, count < CHUNK ? count : CHUNK);
    if (copy_to_guest(buf, tmp, n))
        return -XEN_EFAULT;
    return n;
}

long do_console_io(HYPERCALL_ARGS)
{
    switch (a1) {
    case CONSOLEIO_write:
        return console_write_op((uint32_t)a2, a3);
    case CONSOLEIO_read:
        return console_read_op(a2, a3);
    }
    return -XEN_ENOSYS;
}
