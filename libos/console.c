/* Console output for the first-cut libos: buffered lines over console_io. */
#include <libos/hypercall.h>
#include <libos/libos.h>

void console_write(const char *s, size_t n)
{
    hypercall_console_io(CONSOLEIO_write, n, (void *)s);
}

struct linebuf {
    char buf[256];
    size_t len;
};

static void linebuf_put(void *ctx, char c)
{
    struct linebuf *b = ctx;

    b->buf[b->len++] = c;
    if (c == '\n' || b->len == sizeof(b->buf)) {
        console_write(b->buf, b->len);
        b->len = 0;
    }
}

int printf(const char *fmt, ...)
{
    struct linebuf b = { .len = 0 };
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = format(linebuf_put, &b, fmt, ap);
    va_end(ap);
    if (b.len)
        console_write(b.buf, b.len);
    return n;
}
