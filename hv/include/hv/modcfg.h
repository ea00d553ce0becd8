/* A boot module's command line: which domain to build from it, and how. */
#ifndef HV_MODCFG_H
#define HV_MODCFG_H

#include <hv/domain.h>

#define MODCFG_DEFAULT_KB (4 * 1024)

/*
 * Syntax (GRUB: module2 <file> <cmdline>):
 *     [<path>] <name> [memory=<MiB>] [maxmem=<MiB>] [weight=<n>]
 *         [-- <guest command line>]
 * A leading word starting with '/' is the file name some loaders prepend.
 * Words before "--" are the name and options; the rest goes to the guest's
 * start_info.cmd_line.  name and cmdline point into buf.
 * Returns 0, or -1 with *why set.
 */
struct modcfg {
    struct domain_config cfg;
    char buf[1024];
};
int modcfg_parse(const char *line, struct modcfg *m, const char **why);

#endif
