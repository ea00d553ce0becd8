/* Serial input for the shell: VIRQ_CONSOLE wakes a reader of console_io. */
#include "shell.h"
#include <libos/hypercall.h>
#include <libos/thread.h>

static struct waitq rx = WAITQ_INIT;
static volatile unsigned rx_events;
static int bound;

static void on_console(evtchn_port_t port, void *data)
{
    rx_events++;
    waitq_wake_all(&rx);
}

/* The hypervisor holds serial input in a small ring and raises
 * VIRQ_CONSOLE when bytes come; CONSOLEIO_read takes what is there (maybe
 * nothing).  rx_events is cleared before each read, so an event that
 * lands between an empty read and the wait is not lost. */
int shell_getc(void)
{
    static char buf[64];
    static long have, next;

    if (!bound) {
        evtchn_port_t port;
        if (!evtchn_bind_virq(VIRQ_CONSOLE, &port))
            evtchn_set_handler(port, on_console, NULL);
        bound = 1;
    }
    while (next == have) {
        next = 0;
        rx_events = 0;
        have = hypercall_console_io(CONSOLEIO_read, sizeof(buf), buf);
        if (have <= 0) {
            have = 0;
            THREAD_WAIT(&rx, rx_events != 0, ~0UL);
        }
    }
    return (unsigned char)buf[next++];
}
