/* echo: the density bench's child.  "echo D P": bind to port P that domain
 * D offered, say hello once from main, then answer every event on it with
 * one back; with no arguments: sleep until destroyed. */
#include <libos/events.h>
#include <libos/libos.h>
#include <libos/time.h>

static unsigned long number(const char *s)
{
    unsigned long v = 0;

    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

static void answer(evtchn_port_t port, void *unused)
{
    evtchn_send(port);
}

int main(int argc, char **argv)
{
    evtchn_port_t port;

    if (argc == 4 && !strcmp(argv[1], "echo") &&
        !evtchn_bind_interdomain(number(argv[2]), number(argv[3]), &port)) {
        evtchn_clear_pending(port);     /* the bind's own notification */
        evtchn_set_handler(port, answer, 0);
        evtchn_send(port);              /* main reached */
    }
    for (;;)
        time_block_until(~0UL);
}
