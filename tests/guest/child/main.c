/* child: the smallest domain a control domain builds.  "notify D P":
 * signal port P of domain D from main and exit; otherwise sleep until
 * destroyed. */
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

int main(int argc, char **argv)
{
    evtchn_port_t port;

    if (argc == 4 && !strcmp(argv[1], "notify")) {
        if (!evtchn_bind_interdomain(number(argv[2]), number(argv[3]), &port))
            evtchn_send(port);
        return 0;
    }
    for (;;)
        time_block_until(~0UL);

}
