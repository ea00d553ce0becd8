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

/* "key=<number>" with lo <= number <= hi; 1 if w is that key, -1 on a
 * bad number (with *why), 0 if w is another key. */
static int number_option(const char *w, const char *key, uint64_t lo,
                         uint64_t hi, uint64_t *out, const char **why)
{
    size_t n = strlen(key);
    const char *end;

    if (strncmp(w, key, n) || w[n] != '=')
        return 0;
    *out = strtou64(w + n + 1, &end);
    if (end == w + n + 1 || *end || *out < lo || *out > hi) {
        *why = "bad number: memory= and maxmem= take 1..1024 MiB, "
               "weight= 1..65535";
        return -1;
    }
    return 1;
}

static int parse_option(struct modcfg *m, const char *w, const char **why)
{
    uint64_t v;
    int rc;

    if ((rc = number_option(w, "memory", 1, 1024, &v, why)))
        m->cfg.memory_kb = v * 1024;
    else if ((rc = number_option(w, "maxmem", 1, 1024, &v, why)))
        m->cfg.maxmem_kb = v * 1024;
    else if ((rc = number_option(w, "weight", 1, 65535, &v, why)))
        m->cfg.weight = v;
    else {
        *why = "unknown option before '--'";
        return -1;
    }
    return rc < 0 ? -1 : 0;
}

int modcfg_parse(const char *line, struct modcfg *m, const char **why)
{
    char *s = m->buf, *w;

    if (strlcpy(m->buf, line, sizeof(m->buf)) >= sizeof(m->buf)) {
        *why = "command line too long";
        return -1;
    }
    m->cfg = (struct domain_config){ .memory_kb = MODCFG_DEFAULT_KB,
                                     .weight = BVT_DEFAULT_WEIGHT,
                                     .cmdline = "" };
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
