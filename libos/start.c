/* libos_start: from the builder's entry to main(argc, argv), and back out. */
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/time.h>
#include <libos/traps.h>

#define MAX_ARGS 32

start_info_t *start_info;
static char cmdline[MAX_GUEST_CMDLINE];
static char *argv[MAX_ARGS + 1];
static char stdout_buf[1024];

/* Split cmdline in place at blanks; argv[0] is the app name. */
static int split_args(void)
{
    int argc = 0;
    char *p = cmdline;

    argv[argc++] = (char *)libos_app_name;
    while (*p && argc < MAX_ARGS) {
        while (*p == ' ' || *p == '\t')
            *p++ = 0;
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    argv[argc] = 0;
    return argc;
}

void libos_exit(int status)
{
    struct sched_shutdown s = {
        .reason = status ? SHUTDOWN_crash : SHUTDOWN_poweroff,
    };
    char msg[64];

    if (status)        /* not printf: exit() has closed stdio by now */
        console_write(msg, snprintf(msg, sizeof(msg), "%s: exit status %d\n",
                                    libos_app_name, status));
    for (;;)
        hypercall_sched_op(SCHEDOP_shutdown, &s);
}

void libos_start(start_info_t *si)
{
    int argc;

    start_info = si;
    traps_init();
    events_init();
    time_init();
    events_enable();
    console_init();
    /* stdio gets static buffers: printing must not malloc, since the first
     * malloc switches to libos's own page tables (mm_init) and an app
     * that never allocates keeps Xen's start-of-day layout */
    setvbuf(stdout, stdout_buf, _IOLBF, sizeof(stdout_buf));
    setvbuf(stderr, NULL, _IONBF, 0);
    memcpy(cmdline, si->cmd_line, sizeof(cmdline) - 1);
    argc = split_args();
    exit(main(argc, argv));            /* newlib flushes stdio, then _exit */
}
