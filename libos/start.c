/* libos_start: from the builder's entry to main(argc, argv), and back out. */
#include <stdbool.h>
#include <libos/console.h>
#include <libos/events.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/mm.h>
#include <libos/time.h>
#include <libos/traps.h>
#include <libos/xenbus.h>
#include <hvx_sched.h>

#define MAX_ARGS 32
#define CONSOLE_FLUSH_NS 2000000000UL  /* for the backend to take the rest */
#define EXIT_STATUS_NS   5000000000UL  /* for xenstored to take the status */

start_info_t *start_info;
static char cmdline[MAX_GUEST_CMDLINE];
static char *argv[MAX_ARGS + 1];
static char stdout_buf[1024];

/*
 * Split cmdline in place into argv[1..]; argv[0] is the app name.  The
 * rules are a shell's without expansion (images/cfgcheck.sh splits the same
 * way at build time): blanks separate words; '...' is literal; inside
 * "..." and outside quotes a backslash takes the next character as it is;
 * $, ;, * and ~ are ordinary.  So both a config's cmdline as written (dom0
 * passes it as is) and GRUB's re-quoting of a module's arguments ("..."
 * around one with blanks, \ before \ ' ") give the argv the config meant.
 * An unterminated quote runs to the end; words past MAX_ARGS are dropped.
 * The write pointer w never passes the read pointer r.
 */
static int split_args(void)
{
    char *r = cmdline, *w;
    int argc = 0;

    argv[argc++] = (char *)libos_app_name;
    for (;;) {
        while (*r == ' ' || *r == '\t')
            r++;
        if (!*r || argc == MAX_ARGS)
            break;
        argv[argc++] = w = r;
        for (char q = 0; *r && (q || (*r != ' ' && *r != '\t')); r++) {
            if (q == '\'' && *r == '\'')
                q = 0;
            else if (q == '\'')
                *w++ = *r;
            else if (*r == '\\' && r[1])
                *w++ = *++r;
            else if (q && *r == q)
                q = 0;
            else if (!q && (*r == '"' || *r == '\''))
                q = *r;
            else
                *w++ = *r;
        }
        if (*r)
            r++;                       /* past the blank that ended it */
        *w = 0;
    }
    argv[argc] = 0;
    return argc;
}

/* Xen's start-of-day layout maps every page the builder placed before
 * the bootstrap tables (start_info, store and console rings) at
 * virt_base + pfn * 4096, and mm_init keeps every pfn at that address. */
void *start_page_va(uint64_t mfn)
{
    uint64_t pfn = mm_mfn_to_pfn(mfn);

    if (pfn >= start_info->nr_pages || mm_pfn_to_mfn(pfn) != mfn)
        return NULL;
    return mm_pfn_to_va(pfn);
}

static bool main_started;              /* libos is up: xenbus may be used */

static void domain_shutdown(unsigned reason) __attribute__((noreturn));
static void domain_shutdown(unsigned reason)
{
    struct sched_shutdown s = { .reason = reason };

    console_flush(CONSOLE_FLUSH_NS);   /* the backend goes with the domain */
    for (;;)
        hypercall_sched_op(SCHEDOP_shutdown, &s);
}

/* For the toolstack: data/exit-status under our home, bounded in time so
 * a missing xenstored cannot keep a finished domain alive. */
static void exit_status_publish(int status)
{
    char val[16], msg[64];
    int rc;

    snprintf(val, sizeof(val), "%d", status);
    rc = xenbus_write_by(XBT_NIL, "data/exit-status", val,
                         time_monotonic_ns() + EXIT_STATUS_NS);
    if (rc)
        console_write(msg, snprintf(msg, sizeof(msg),
                      "libos: cannot write data/exit-status: %d\n", rc));
}

/*
 * Xen's shutdown reasons carry no exit status, and a toolstack treats
 * SHUTDOWN_crash as a crash (xl's on_crash: restart, preserve, dumps).
 * So under a toolstack (a store ring), the status goes to xenstore and
 * every exit is a poweroff: "exited 3" is an answer, not a failure of the
 * domain.  Without one (our hypervisor's boot-time domains), the reason
 * is all Xen's ABI carries, so a non-zero status is SHUTDOWN_crash, the
 * only way to tell failure from success there; our hypervisor is told the
 * status first (HVX_SCHEDOP_exit, include/hvx_sched.h), so that its log
 * says "exited with status 3", not a crash.  An exit before main (libos
 * could not come up) does not trust xenbus, and is a crash either way.
 */
void libos_exit(int status)
{
    char msg[64];

    if (status)        /* not printf: exit() has closed stdio by now */
        console_write(msg, snprintf(msg, sizeof(msg), "%s: exit status %d\n",
                                    libos_app_name, status));
    if (!main_started || !xenbus_on_ring()) {
        struct hvx_sched_exit e = { .status = status };
        if (status && main_started) {
            /* our hypervisor logs an exit, not a crash; Xen says ENOSYS */
            console_flush(CONSOLE_FLUSH_NS);
            hypercall_sched_op(HVX_SCHEDOP_exit, &e);
        }
        domain_shutdown(status ? SHUTDOWN_crash : SHUTDOWN_poweroff);
    }
    exit_status_publish(status);
    domain_shutdown(SHUTDOWN_poweroff);
}

void libos_crash(void)
{
    domain_shutdown(SHUTDOWN_crash);
}

void libos_start(start_info_t *si)
{
    int argc;

    start_info = si;
    traps_init();
    events_init();
    console_init();                    /* the ring needs a handler slot */
    /* stdio gets static buffers: printing must not malloc, since the first
     * malloc switches to libos's own page tables (mm_init) and an app
     * that never allocates keeps Xen's start-of-day layout */
    setvbuf(stdout, stdout_buf, _IOLBF, sizeof(stdout_buf));
    setvbuf(stderr, NULL, _IONBF, 0);
    time_init();
    events_enable();
    memcpy(cmdline, si->cmd_line, sizeof(cmdline) - 1);
    argc = split_args();
    main_started = true;
    control_start();                   /* xl shutdown / reboot, if a toolstack */
    exit(main(argc, argv));            /* newlib flushes stdio, then _exit */
}
