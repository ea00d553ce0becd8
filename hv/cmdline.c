/* The hypervisor's own command line: "key=value" words, as Xen's. */
#include <hv/cmdline.h>
#include <hv/lib.h>

const char *cmdline_find(const char *cmdline, const char *key, size_t *len)
{
    size_t n = strlen(key);

    for (const char *p = cmdline; *p;) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - w) >= n && !strncmp(w, key, n) &&
            (w[n] == '=' || w + n == p)) {
            const char *v = w[n] == '=' ? w + n + 1 : p;
            *len = p - v;
            return v;
        }
    }
    return NULL;
}

bool cmdline_has(const char *cmdline, const char *word)
{
    size_t len;
    const char *v = cmdline_find(cmdline, word, &len);

    return v && len == 0;
}

/* "<n>[K|M|G]", Xen's size syntax; a bare number is taken as MiB. */
int cmdline_size_kb(const char *v, size_t len, uint64_t *kb)
{
    const char *end;
    uint64_t n = strtou64(v, &end);
    unsigned shift;

    if (end == v || (size_t)(end - v) + 1 < len)
        return -1;
    switch ((size_t)(end - v) == len ? 'M' : *end) {
    case 'K': case 'k': shift = 0; break;
    case 'M': case 'm': shift = 10; break;
    case 'G': case 'g': shift = 20; break;
    default: return -1;
    }
    if (n > (UINT64_MAX >> 30))
        return -1;
    *kb = n << shift;
    return 0;
}
