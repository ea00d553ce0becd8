/* Parse a module's command line into a domain configuration. */
#include <hv/lib.h>
#include <hv/modcfg.h>

static char *skip_spaces(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Cut the next word out of *s (NUL-terminating it); NULL at the end. */
static char *next_word(char **s)
{
    char *w = skip_spaces(*s), *e = w;

    if (!*w)
        return NULL;
    while (*e && *e != ' ' && *e != '\t')
        e++;
    if (*e)
        *e++ = 0;
    *s = e;
    return w;
}

static int parse_option(struct modcfg *m, const char *w, const char **why)
{
    const char *end;

    if (!strncmp(w, "memory=", 7)) {
        uint64_t mib = strtou64(w + 7, &end);
        if (end == w + 7 || *end || !mib || mib > 1024) {
            *why = "memory= wants a size in MiB, 1 to 1024";
            return -1;
        }
        m->cfg.memory_kb = mib * 1024;
        return 0;
    }
    if (!strncmp(w, "maxmem=", 7)) {
        uint64_t mib = strtou64(w + 7, &end);
        if (end == w + 7 || *end || !mib || mib > 1024) {
            *why = "maxmem= wants a size in MiB, 1 to 1024";
            return -1;
        }
        m->cfg.maxmem_kb = mib * 1024;
        return 0;
    }
    if (!strncmp(w, "weight=", 7)) {
        uint64_t wt = strtou64(w + 7, &end);
        if (end == w + 7 || *end || !wt || wt > 65535) {
            *why = "weight= wants a number, 1 to 65535";
            return -1;
        }
        m->cfg.weight = wt;
        return 0;
    }
    *why = "unknown option before '--'";
    return -1;
}

int modcfg_parse(const char *line, struct modcfg *m, const char **why)
{
    char *s = m->buf, *w;

    if (strlcpy(m->buf, line, sizeof(m->buf)) >= sizeof(m->buf)) {
        *why = "command line too long";
        return -1;
    }
    m->cfg = (struct domain_config){ NULL, MODCFG_DEFAULT_KB, 0,
                                     BVT_DEFAULT_WEIGHT, "" };
    w = next_word(&s);
    if (w && w[0] == '/')
        w = next_word(&s);
    if (!w || !strcmp(w, "--")) {
        *why = "no domain name on the module command line";
        return -1;
    }
    m->cfg.name = w;
    while ((w = next_word(&s)) && strcmp(w, "--"))
        if (parse_option(m, w, why))
            return -1;
    if (w)
        m->cfg.cmdline = skip_spaces(s);
    return 0;
}
