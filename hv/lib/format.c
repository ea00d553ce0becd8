/* printf-style formatting for freestanding code: shared by hv and libos. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*format_sink)(void *ctx, char c);

struct spec {
    int width;
    char pad;     /* ' ' or '0' */
    int left;     /* '-' flag */
};

static int emit_str(format_sink sink, void *ctx, const char *s, size_t len,
                    const struct spec *sp)
{
    int n = 0;
    int fill = sp->width > (int)len ? sp->width - (int)len : 0;

    if (!sp->left)
        for (; fill > 0; fill--, n++)
            sink(ctx, sp->pad);
    for (size_t i = 0; i < len; i++, n++)
        sink(ctx, s[i]);
    for (; fill > 0; fill--, n++)
        sink(ctx, ' ');
    return n;
}

static int emit_num(format_sink sink, void *ctx, uint64_t v, unsigned base,
                    int neg, int upper, struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int i = sizeof(buf), n = 0;

    do {
        buf[--i] = digits[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (sp->pad == '0') {      /* sign goes before the zero padding */
            sink(ctx, '-');
            n++;
            if (sp->width)
                sp->width--;
        } else {
            buf[--i] = '-';
        }
    }
    return n + emit_str(sink, ctx, buf + i, sizeof(buf) - i, sp);
}

/* Read an argument of the size named by the length modifier. */
static uint64_t arg_unsigned(va_list *ap, int lng)
{
    return lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, int lng)
{
    return lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

/* Parse flags, width, precision and length after '%'; returns the
 * conversion character's position. */
static const char *parse_spec(const char *fmt, struct spec *sp, int *prec,
                              int *lng, va_list *ap)
{
    for (; *fmt == '0' || *fmt == '-'; fmt++)
        *fmt == '0' ? (sp->pad = '0') : (sp->left = 1);
    for (; *fmt >= '0' && *fmt <= '9'; fmt++)
        sp->width = sp->width * 10 + (*fmt - '0');
    if (*fmt == '.') {              /* precision: only %s uses it */
        *prec = 0;
        if (*++fmt == '*')
            *prec = va_arg(*ap, int), fmt++;
        else
            for (; *fmt >= '0' && *fmt <= '9'; fmt++)
                *prec = *prec * 10 + (*fmt - '0');
    }
    for (; *fmt == 'l' || *fmt == 'z'; fmt++)
        *lng = 1;
    return fmt;
}

static int emit_cstr(format_sink sink, void *ctx, const char *s, int prec,
                     const struct spec *sp)
{
    size_t len = 0;

    if (!s)
        s = "(null)";
    while (s[len] && (prec < 0 || (int)len < prec))
        len++;
    return emit_str(sink, ctx, s, len, sp);
}

/* One conversion c; returns chars emitted. */
static int convert(format_sink sink, void *ctx, char c, struct spec *sp,
                   int prec, int lng, va_list *ap)
{
    int64_t v;
    char ch;

    switch (c) {
    case 'd':
    case 'i':
        v = arg_signed(ap, lng);
        return emit_num(sink, ctx, v < 0 ? -(uint64_t)v : (uint64_t)v, 10,
                        v < 0, 0, sp);
    case 'u':
        return emit_num(sink, ctx, arg_unsigned(ap, lng), 10, 0, 0, sp);
    case 'x':
    case 'X':
        return emit_num(sink, ctx, arg_unsigned(ap, lng), 16, 0, c == 'X', sp);
    case 'p':
        sink(ctx, '0');
        sink(ctx, 'x');
        return 2 + emit_num(sink, ctx, (uint64_t)va_arg(*ap, void *), 16, 0,
                            0, sp);
    case 's':
        return emit_cstr(sink, ctx, va_arg(*ap, const char *), prec, sp);
    case 'c':
        ch = (char)va_arg(*ap, int);
        return emit_str(sink, ctx, &ch, 1, sp);
    case '%':
        sink(ctx, '%');
        return 1;
    }
    sink(ctx, '%');                 /* unknown conversion: print it as is */
    sink(ctx, c);
    return 2;
}

int format(format_sink sink, void *ctx, const char *fmt, va_list ap_in)
{
    va_list ap;
    int n = 0;

    va_copy(ap, ap_in);
    for (; *fmt; fmt++) {
        struct spec sp = { 0, ' ', 0 };
        int lng = 0, prec = -1;

        if (*fmt != '%') {
            sink(ctx, *fmt);
            n++;
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, &prec, &lng, &ap);
        if (!*fmt)
            break;                  /* a trailing '%': stop at the end */
        n += convert(sink, ctx, *fmt, &sp, prec, lng, &ap);
    }
    va_end(ap);
    return n;
}

struct strbuf {
    char *buf;
    size_t size, len;
};

static void strbuf_put(void *ctx, char c)
{
    struct strbuf *b = ctx;

    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct strbuf b = { buf, size, 0 };
    int n = format(strbuf_put, &b, fmt, ap);

    if (size)
        buf[b.len < size ? b.len : size - 1] = 0;
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
