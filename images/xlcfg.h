/* xl-style domain configs: the one parser, shared by dom0's toolstack and
 * the image tools (build/host/images/xlcfg). */
#ifndef IMAGES_XLCFG_H
#define IMAGES_XLCFG_H

#include <stddef.h>
#include <stdint.h>

#define XLCFG_NAME_LEN    32
#define XLCFG_PATH_LEN    256
#define XLCFG_CMDLINE_LEN 1024
#define XLCFG_MAX_DEVS    8             /* vif and disk entries each */
#define XLCFG_DEV_LEN     128

enum xlcfg_action {                     /* on_poweroff / on_reboot / on_crash */
    XLCFG_DESTROY,
    XLCFG_RESTART,
    XLCFG_PRESERVE,
};

/*
 * Syntax, as xl's: one "key = value" per line, '#' starts a comment; a
 * value is a number, a "double" or 'single' quoted string, or a list
 * [ 'a', 'b' ] of strings that may span lines.  Keys:
 *   name (required), kernel (required: an app name, or a path with a '/'),
 *   memory, maxmem (MiB; memory defaults to 4, maxmem to memory),
 *   weight or cpu_weight (BVT weight 1..65535, default 256),
 *   cmdline or extra (the guest's command line), vif, disk (lists),
 *   on_poweroff, on_reboot, on_crash ("destroy", "restart", "preserve";
 *   xl's defaults: destroy, restart, destroy), type ("pv" only).
 * Unknown keys, bad values and repeated keys are errors.
 */
struct xlcfg {
    char name[XLCFG_NAME_LEN];
    char kernel[XLCFG_PATH_LEN];
    uint32_t memory_mb, maxmem_mb, weight;
    char cmdline[XLCFG_CMDLINE_LEN];
    unsigned nr_vifs, nr_disks;
    char vif[XLCFG_MAX_DEVS][XLCFG_DEV_LEN];
    char disk[XLCFG_MAX_DEVS][XLCFG_DEV_LEN];
    enum xlcfg_action on_poweroff, on_reboot, on_crash;
};

/*
 * xlcfg.c: parse len bytes of text (need not be NUL-terminated) into c.
 * Returns 0, or -1 with err holding "<file>:<line>: <reason>" (an unknown
 * key names the nearest known one).
 */
int xlcfg_parse(const char *text, size_t len, const char *file,
                struct xlcfg *c, char *err, size_t errlen);
/* "destroy", "restart", "preserve" */
const char *xlcfg_action_name(enum xlcfg_action a);
/* Value of key "k" in a vif/disk entry "k1=v1,k2=v2" into out; 0 or -1. */
int xlcfg_dev_get(const char *dev, const char *key, char *out, size_t max);

#endif
