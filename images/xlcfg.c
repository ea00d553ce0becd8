/* xl-style config parser: a small tokenizer, then one handler per key. */
#include "xlcfg.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum tok { T_EOF, T_NL, T_IDENT, T_NUM, T_STR, T_EQ, T_LBR, T_RBR, T_COMMA,
           T_BAD };

struct lexer {
    const char *p, *end, *file;
    unsigned line;
    char text[XLCFG_CMDLINE_LEN];     /* the token's text (strings unquoted) */
    uint64_t num;
    char *err;
    size_t errlen;
};

static int fail(struct lexer *lx, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(lx->err, lx->errlen, "%s:%u: ", lx->file, lx->line);

    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < lx->errlen)
        vsnprintf(lx->err + n, lx->errlen - n, fmt, ap);
    va_end(ap);
    return -1;
}

static bool is_ident(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

/* A quoted string (no escapes, as xl's configs rarely need them). */
static enum tok lex_string(struct lexer *lx)
{
    char q = *lx->p++;
    size_t n = 0;

    while (lx->p < lx->end && *lx->p != q && *lx->p != '\n') {
        if (n + 1 >= sizeof(lx->text))
            return T_BAD;
        lx->text[n++] = *lx->p++;
    }
    if (lx->p == lx->end || *lx->p != q)
        return T_BAD;
    lx->p++;
    lx->text[n] = 0;
    return T_STR;
}

static enum tok lex_word(struct lexer *lx, bool number)
{
    size_t n = 0;

    lx->num = 0;
    while (lx->p < lx->end && is_ident(*lx->p, false)) {
        if (number && !(*lx->p >= '0' && *lx->p <= '9'))
            return T_BAD;
        if (n + 1 >= sizeof(lx->text) || lx->num > UINT32_MAX)
            return T_BAD;
        if (number)                     /* a key's letters are no number */
            lx->num = lx->num * 10 + (*lx->p - '0');
        lx->text[n++] = *lx->p++;
    }
    lx->text[n] = 0;
    return number ? T_NUM : T_IDENT;
}

static enum tok next(struct lexer *lx)
{
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
                               *lx->p == '\r'))
        lx->p++;
    if (lx->p < lx->end && *lx->p == '#')
        while (lx->p < lx->end && *lx->p != '\n')
            lx->p++;
    if (lx->p >= lx->end)
        return T_EOF;
    switch (*lx->p) {
    case '\n': lx->p++; lx->line++; return T_NL;
    case ';': lx->p++; return T_NL;
    case '=': lx->p++; return T_EQ;
    case '[': lx->p++; return T_LBR;
    case ']': lx->p++; return T_RBR;
    case ',': lx->p++; return T_COMMA;
    case '"': case '\'': return lex_string(lx);
    }
    if (*lx->p >= '0' && *lx->p <= '9')
        return lex_word(lx, true);
    if (is_ident(*lx->p, true))
        return lex_word(lx, false);
    return T_BAD;
}

/* A value: what one key is set to. */
struct value {
    enum tok kind;                       /* T_NUM, T_STR or T_LBR (list) */
    uint64_t num;
    char str[XLCFG_CMDLINE_LEN];
    unsigned nr;
    char item[XLCFG_MAX_DEVS][XLCFG_DEV_LEN];
};

static int parse_list(struct lexer *lx, struct value *v)
{
    enum tok t;

    v->nr = 0;
    for (;;) {
        while ((t = next(lx)) == T_NL)
            ;
        if (t == T_RBR)
            return 0;
        if (t != T_STR)
            return fail(lx, "a list holds quoted strings");
        if (v->nr == XLCFG_MAX_DEVS)
            return fail(lx, "at most %d entries in a list", XLCFG_MAX_DEVS);
        if (strlen(lx->text) >= XLCFG_DEV_LEN)
            return fail(lx, "list entry longer than %d", XLCFG_DEV_LEN - 1);
        strcpy(v->item[v->nr++], lx->text);
        while ((t = next(lx)) == T_NL)
            ;
        if (t == T_RBR)
            return 0;
        if (t != T_COMMA)
            return fail(lx, "expected ',' or ']' in a list");
    }
}

static int parse_value(struct lexer *lx, struct value *v)
{
    switch ((v->kind = next(lx))) {
    case T_NUM:
        v->num = lx->num;
        return 0;
    case T_STR:
        strcpy(v->str, lx->text);
        return 0;
    case T_LBR:
        return parse_list(lx, v);
    default:
        return fail(lx, "expected a number, a quoted string or a list");
    }
}

static int want_str(struct lexer *lx, const struct value *v, const char *key,
                    char *out, size_t max)
{
    if (v->kind != T_STR)
        return fail(lx, "%s takes a quoted string", key);
    if (strlen(v->str) >= max)
        return fail(lx, "%s longer than %zu characters", key, max - 1);
    strcpy(out, v->str);
    return 0;
}

static int want_num(struct lexer *lx, const struct value *v, const char *key,
                    uint64_t lo, uint64_t hi, uint32_t *out)
{
    if (v->kind != T_NUM)
        return fail(lx, "%s takes a number (%lu..%lu)", key,
                    (unsigned long)lo, (unsigned long)hi);
    if (v->num < lo || v->num > hi)
        return fail(lx, "%s = %lu: out of range %lu..%lu", key,
                    (unsigned long)v->num, (unsigned long)lo,
                    (unsigned long)hi);
    *out = v->num;
    return 0;
}

static int want_action(struct lexer *lx, const struct value *v,
                       const char *key, enum xlcfg_action *out)
{
    for (enum xlcfg_action a = XLCFG_DESTROY; a <= XLCFG_PRESERVE; a++)
        if (v->kind == T_STR && !strcmp(v->str, xlcfg_action_name(a))) {
            *out = a;
            return 0;
        }
    return fail(lx, "%s takes \"destroy\", \"restart\" or \"preserve\"", key);
}

static int want_list(struct lexer *lx, const struct value *v, const char *key,
                     unsigned *nr, char (*items)[XLCFG_DEV_LEN])
{
    if (v->kind != T_LBR)
        return fail(lx, "%s takes a list: [ '...', ... ]", key);
    *nr = v->nr;
    memcpy(items, v->item, sizeof(v->item));
    return 0;
}

#define MAX_MB 1024                      /* the builder's limit */

static int set_key(struct lexer *lx, const char *k, const struct value *v,
                   struct xlcfg *c)
{
    if (!strcmp(k, "name"))
        return want_str(lx, v, k, c->name, sizeof(c->name)) ? -1 :
               !c->name[0] ? fail(lx, "name is empty") : 0;
    if (!strcmp(k, "kernel"))
        return want_str(lx, v, k, c->kernel, sizeof(c->kernel));
    if (!strcmp(k, "memory"))
        return want_num(lx, v, k, 1, MAX_MB, &c->memory_mb);
    if (!strcmp(k, "maxmem"))
        return want_num(lx, v, k, 1, MAX_MB, &c->maxmem_mb);
    if (!strcmp(k, "weight") || !strcmp(k, "cpu_weight"))
        return want_num(lx, v, k, 1, 65535, &c->weight);
    if (!strcmp(k, "cmdline") || !strcmp(k, "extra"))
        return want_str(lx, v, k, c->cmdline, sizeof(c->cmdline));
    if (!strcmp(k, "vif"))
        return want_list(lx, v, k, &c->nr_vifs, c->vif);
    if (!strcmp(k, "disk"))
        return want_list(lx, v, k, &c->nr_disks, c->disk);
    if (!strcmp(k, "on_poweroff"))
        return want_action(lx, v, k, &c->on_poweroff);
    if (!strcmp(k, "on_reboot"))
        return want_action(lx, v, k, &c->on_reboot);
    if (!strcmp(k, "on_crash"))
        return want_action(lx, v, k, &c->on_crash);
    if (!strcmp(k, "type"))
        return v->kind == T_STR && !strcmp(v->str, "pv") ? 0 :
               fail(lx, "type: only \"pv\" domains are supported");
    return 1;                            /* not a key */
}

static const char *const known_keys[] = {
    "name", "kernel", "memory", "maxmem", "weight", "cpu_weight", "cmdline",
    "extra", "vif", "disk", "on_poweroff", "on_reboot", "on_crash", "type",
};
#define NR_KEYS (sizeof(known_keys) / sizeof(known_keys[0]))

/* Edit distance, for "did you mean". */
static unsigned distance(const char *a, const char *b)
{
    unsigned row[64], n = strlen(b);

    if (n >= 64)
        return 99;
    for (unsigned j = 0; j <= n; j++)
        row[j] = j;
    for (unsigned i = 1; a[i - 1]; i++) {
        unsigned diag = row[0], tmp;
        row[0] = i;
        for (unsigned j = 1; j <= n; j++) {
            unsigned best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            tmp = row[j], row[j] = best, diag = tmp;
        }
    }
    return row[n];
}

static const char *nearest_key(const char *k)
{
    const char *best = known_keys[0];

    for (unsigned i = 1; i < NR_KEYS; i++)
        if (distance(k, known_keys[i]) < distance(k, best))
            best = known_keys[i];
    return best;
}

/* Each key once: a second "memory =" is more likely a mistake than intent. */
static int note_seen(struct lexer *lx, const char *k, uint32_t *seen)
{
    for (unsigned i = 0; i < NR_KEYS; i++)
        if (!strcmp(k, known_keys[i])) {
            if (*seen & (1u << i))
                return fail(lx, "%s set twice", k);
            *seen |= 1u << i;
        }
    return 0;
}

static int statement(struct lexer *lx, struct xlcfg *c, uint32_t *seen)
{
    static struct value v;              /* large: not on a guest stack */
    char key[XLCFG_NAME_LEN];
    enum tok t;
    int rc;

    if (strlen(lx->text) >= sizeof(key))
        return fail(lx, "unknown key '%.40s'", lx->text);
    strcpy(key, lx->text);
    if (next(lx) != T_EQ)
        return fail(lx, "expected '=' after %s", key);
    if (parse_value(lx, &v))
        return -1;
    if ((t = next(lx)) != T_NL && t != T_EOF)
        return fail(lx, "one value per key: unexpected text after %s", key);
    if (t == T_NL)
        lx->line--;                     /* errors name the value's last line */
    if ((rc = set_key(lx, key, &v, c)) > 0)
        rc = fail(lx, "unknown key '%s' (did you mean '%s'?)", key,
                  nearest_key(key));
    if (!rc)
        rc = note_seen(lx, key, seen);
    if (t == T_NL)
        lx->line++;
    return rc;
}

int xlcfg_parse(const char *text, size_t len, const char *file,
                struct xlcfg *c, char *err, size_t errlen)
{
    struct lexer lx = { text, text + len, file, 1, "", 0, err, errlen };
    uint32_t seen = 0;
    enum tok t;

    memset(c, 0, sizeof(*c));
    c->weight = 256;
    c->on_reboot = XLCFG_RESTART;
    while ((t = next(&lx)) != T_EOF) {
        if (t == T_NL)
            continue;
        if (t != T_IDENT)
            return fail(&lx, "expected 'key = value'");
        if (statement(&lx, c, &seen))
            return -1;
    }
    if (!c->name[0] || !c->kernel[0])
        return fail(&lx, "a config needs name and kernel");
    if (!c->memory_mb)
        c->memory_mb = 4;
    if (c->maxmem_mb && c->maxmem_mb < c->memory_mb)
        return fail(&lx, "maxmem (%u) below memory (%u)", c->maxmem_mb,
                    c->memory_mb);
    return 0;
}

const char *xlcfg_action_name(enum xlcfg_action a)
{
    return a == XLCFG_RESTART ? "restart" :
           a == XLCFG_PRESERVE ? "preserve" : "destroy";
}

int xlcfg_dev_get(const char *dev, const char *key, char *out, size_t max)
{
    size_t n = strlen(key);

    for (const char *p = dev; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        while (*p == ' ' && l)
            p++, l--;
        if (l > n && !strncmp(p, key, n) && p[n] == '=') {
            if (l - n - 1 >= max)
                return -1;
            memcpy(out, p + n + 1, l - n - 1);
            out[l - n - 1] = 0;
            return 0;
        }
        p += l + (e ? 1 : 0);
    }
    return -1;
}
