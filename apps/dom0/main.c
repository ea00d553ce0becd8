/* dom0: the control domain.  It starts xenstored, the console backend and
 * the toolstack, creates the domains its initrd's configs describe (in
 * archive order), runs a script if asked, then serves a shell on the
 * serial console.
 *
 * Command line: [script=FILE] [noauto]
 *   script=FILE  run FILE from the initrd as shell commands after boot
 *   noauto       do not create the initrd's cfg/NAME.cfg domains at boot
 */
#include "console_back.h"
#include "initrd.h"
#include "shell.h"
#include "toolstack.h"
#include "xs_glue.h"
#include <libos/gnttab.h>
#include <libos/libos.h>
#include <stdio.h>
#include <string.h>

static void create_one(void *arg, const struct initrd_file *f)
{
    size_t n = strlen(f->name);
    const char *name = f->name;

    if (!strncmp(name, "./", 2))
        name += 2;
    if (strncmp(name, "cfg/", 4) || n < 4 || strcmp(f->name + n - 4, ".cfg"))
        return;
    ts_create_text(name, f->data, f->size);
}

static const char *option(int argc, char **argv, const char *key)
{
    size_t n = strlen(key);

    for (int i = 1; i < argc; i++)
        if (!strncmp(argv[i], key, n) &&
            (argv[i][n] == '=' || argv[i][n] == 0))
            return argv[i][n] ? argv[i] + n + 1 : "";
    return NULL;
}

static int start_services(void)
{
    int rc;

    if ((rc = gnttab_init()))
        printf("(dom0) grant table: %d\n", rc);
    else if ((rc = xs_glue_start()))
        printf("(dom0) xenstored: %d\n", rc);
    else if ((rc = console_back_start()))
        printf("(dom0) console backend: %d\n", rc);
    else if ((rc = ts_start()))
        printf("(dom0) toolstack: %d\n", rc);
    return rc;
}

int main(int argc, char **argv)
{
    const char *script = option(argc, argv, "script");
    struct initrd_file f;

    printf("(dom0) control domain: xenstored, console backend, toolstack\n");
    if (start_services())
        return 1;
    if (initrd_open() == 0 && !option(argc, argv, "noauto"))
        initrd_each(create_one, NULL);
    if (script) {
        if (initrd_find(script, &f)) {
            printf("(dom0) script %s: not in the initrd\n", script);
            return 1;
        }
        if (shell_script(f.data, f.size))
            return 1;
    }
    shell_interactive();
}
