/* A boot module's command line: which domain to build from it, and how. */
#ifndef HV_MODCFG_H
#define HV_MODCFG_H

#include <hv/domain.h>

#define MODCFG_DEFAULT_KB (4 * 1024)
#define MODCFG_MAX_MB     1024         /* as images/xlcfg.c's limit */

/*
 * Syntax (GRUB: module2 <file> <cmdline>):
 *     [<path>] <name> [memory=<MiB>] [maxmem=<MiB>] [weight=<n>]
 *         [-- <guest command line>]
 * A leading word starting with '/' is the file name some loaders prepend.
 * Words before "--" are the name and options; the rest goes to the guest's
 * start_info.cmd_line.  name and cmdline point into buf; name is NULL
 * when the line has none.
 * Returns 0, or -1 with *why set to a reason in words (in m->why), e.g.
 * "memory=0: memory takes a number 1..1024 (MiB)".
 */
struct modcfg {
    struct domain_config cfg;
    char buf[1024];
    char why[128];
};
int modcfg_parse(const char *line, struct modcfg *m, const char **why);

#endif
