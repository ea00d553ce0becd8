/* control/shutdown: the toolstack's request to power off or reboot (xl
 * shutdown, xl reboot), answered as a PV guest answers it. */
#include <libos/console.h>
#include <libos/hypercall.h>
#include <libos/libos.h>
#include <libos/thread.h>
#include <libos/xenbus.h>
#include <stdlib.h>
#include <string.h>
#include <xen/sched.h>

#define CONTROL_STACK (32 * 1024)       /* a watch loop, but exit() runs here */

static void reboot_now(void)
{
    struct sched_shutdown s = { .reason = SHUTDOWN_reboot };

    fflush(stdout);
    console_flush(2000000000UL);
    for (;;)
        hypercall_sched_op(SCHEDOP_shutdown, &s);
}

/*
 * The watcher waits for control/shutdown to hold a request, clears it (the
 * acknowledgement xl looks for), and ends the domain: "poweroff" and
 * "halt" as exit(0) does, so stdio is flushed and the exit status
 * published; "reboot" with SHUTDOWN_reboot.  Others ("suspend") are not
 * supported and are left alone: the toolstack then forces the shutdown.
 */
static void *watcher(void *unused)
{
    static struct xenbus_watch w;
    char *path, *req;

    if (xenbus_watch_start(&w, "control/shutdown"))
        return NULL;
    for (;;) {
        if (xenbus_watch_wait(&w, &path, ~0UL))
            continue;
        free(path);
        if (xenbus_read(XBT_NIL, "control/shutdown", &req) <= 0)
            continue;
        if (!strcmp(req, "poweroff") || !strcmp(req, "halt") ||
            !strcmp(req, "reboot")) {
            int reboot = !strcmp(req, "reboot");
            free(req);
            xenbus_write(XBT_NIL, "control/shutdown", "");
            printf("%s: %s requested by the toolstack\n", libos_app_name,
                   reboot ? "reboot" : "poweroff");
            if (reboot)
                reboot_now();
            exit(0);
        }
        free(req);
    }
    return NULL;
}

void control_start(void)
{
    struct thread *t;

    if (!xenbus_on_ring())
        return;                         /* no toolstack to listen to */
    if ((t = thread_create("control", watcher, NULL, CONTROL_STACK)))
        thread_detach(t);
}
