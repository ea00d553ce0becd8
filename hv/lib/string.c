/* Memory and string functions for freestanding code (hv, and libos before newlib). */
#include <stddef.h>
#include <stdint.h>

/* Quadwords first, then the tail bytes. */
void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t q = n / 8, b = n % 8;

    __asm__ volatile("rep movsq; mov %3, %%rcx; rep movsb"
                     : "+D"(d), "+S"(src), "+c"(q) : "r"(b) : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    uint64_t v = 0x0101010101010101UL * (uint8_t)c;
    size_t q = n / 8, b = n % 8;

    __asm__ volatile("rep stosq; mov %3, %%rcx; rep stosb"
                     : "+D"(d), "+c"(q) : "a"(v), "r"(b) : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d + n <= s || d >= s + n)
        return memcpy(dst, src, n);     /* no overlap: the fast copy */
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}
