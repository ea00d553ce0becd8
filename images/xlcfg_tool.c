/* xlcfg: the host side of the config parser, for images/ scripts.
 *   xlcfg check CFG...     parse each; errors as "<file>:<line>: why"
 *   xlcfg get CFG KEY      print one parsed value (name, kernel, memory,
 *                          maxmem, weight, cmdline, on_*, vif.N, disk.N)
 */
#include "xlcfg.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load(const char *file, struct xlcfg *c)
{
    static char text[1 << 16];
    char err[256];
    FILE *f = fopen(file, "r");
    size_t n;

    if (!f) {
        fprintf(stderr, "%s: cannot open\n", file);
        return -1;
    }
    n = fread(text, 1, sizeof(text), f);
    fclose(f);
    if (n == sizeof(text)) {
        fprintf(stderr, "%s: larger than %zu bytes\n", file, sizeof(text));
        return -1;
    }
    if (xlcfg_parse(text, n, file, c, err, sizeof(err))) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static int get(const struct xlcfg *c, const char *key)
{
    unsigned i;

    if (!strcmp(key, "name")) puts(c->name);
    else if (!strcmp(key, "kernel")) puts(c->kernel);
    else if (!strcmp(key, "memory")) printf("%u\n", c->memory_mb);
    else if (!strcmp(key, "maxmem"))
        printf("%u\n", c->maxmem_mb ? c->maxmem_mb : c->memory_mb);
    else if (!strcmp(key, "weight")) printf("%u\n", c->weight);
    else if (!strcmp(key, "cmdline")) puts(c->cmdline);
    else if (!strcmp(key, "on_poweroff")) puts(xlcfg_action_name(c->on_poweroff));
    else if (!strcmp(key, "on_reboot")) puts(xlcfg_action_name(c->on_reboot));
    else if (!strcmp(key, "on_crash")) puts(xlcfg_action_name(c->on_crash));
    else if (sscanf(key, "vif.%u", &i) == 1) { if (i < c->nr_vifs) puts(c->vif[i]); }
    else if (sscanf(key, "disk.%u", &i) == 1) { if (i < c->nr_disks) puts(c->disk[i]); }
    else {
        fprintf(stderr, "xlcfg: no key %s\n", key);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct xlcfg c;
    int rc = 0;

    if (argc >= 3 && !strcmp(argv[1], "check")) {
        for (int i = 2; i < argc; i++)
            rc |= load(argv[i], &c) ? 1 : 0;
        return rc;
    }
    if (argc == 4 && !strcmp(argv[1], "get"))
        return load(argv[2], &c) ? 1 : get(&c, argv[3]);
    fprintf(stderr, "usage: xlcfg check CFG... | xlcfg get CFG KEY\n");
    return 2;
}
