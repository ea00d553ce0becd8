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
 * bad number (the reason in m->why), 0 if w is another key. */
static int number_option(struct modcfg *m, const char *w, const char *key,
                         uint64_t lo, uint64_t hi, uint64_t *out)
{
    size_t n = strlen(key);
    const char *end;

    if (strncmp(w, key, n) || w[n] != '=')
        return 0;
    *out = strtou64(w + n + 1, &end);
    if (end == w + n + 1 || *end || *out < lo || *out > hi) {
        snprintf(m->why, sizeof(m->why), "%.40s: %s takes a number %lu..%lu%s",
                 w, key, lo, hi, strcmp(key, "weight") ? " (MiB)" : "");
        return -1;
    }
    return 1;
}

static int parse_option(struct modcfg *m, const char *w)
{
    uint64_t v;
    int rc;

    if ((rc = number_option(m, w, "memory", 1, MODCFG_MAX_MB, &v)))
        m->cfg.memory_kb = v * 1024;
    else if ((rc = number_option(m, w, "maxmem", 1, MODCFG_MAX_MB, &v)))
        m->cfg.maxmem_kb = v * 1024;
    else if ((rc = number_option(m, w, "weight", 1, 65535, &v)))
        m->cfg.weight = v;
    else {
        snprintf(m->why, sizeof(m->why), "unknown option '%.40s' before '--' "
                 "(memory=, maxmem=, weight=)", w);
        return -1;
    }
    return rc < 0 ? -1 : 0;
}

int modcfg_parse(const char *line, struct modcfg *m, const char **why)
{
    char *s = m->buf, *w;

    *why = m->why;
    m->cfg = (struct domain_config){ .memory_kb = MODCFG_DEFAULT_KB,
                                     .weight = BVT_DEFAULT_WEIGHT,
                                     .cmdline = "" };
    if (strlcpy(m->buf, line, sizeof(m->buf)) >= sizeof(m->buf)) {
        snprintf(m->why, sizeof(m->why), "command line longer than %zu "
                 "characters", sizeof(m->buf) - 1);
        return -1;
    }
    w = next_word(&s);
    if (w && w[0] == '/')
        w = next_word(&s);
    if (!w || !strcmp(w, "--")) {
        snprintf(m->why, sizeof(m->why), "no domain name on its command line");
        return -1;
    }
    m->cfg.name = w;
    while ((w = next_word(&s)) && strcmp(w, "--"))
        if (parse_option(m, w))
            return -1;
    if (w)
        m->cfg.cmdline = skip_spaces(s);
    return 0;
}
