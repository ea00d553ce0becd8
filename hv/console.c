/* Hypervisor console: printk to the serial line, panic. */
#include <arch/serial.h>
#include <hv/lib.h>
#include <hv/console.h>
#include <hv/power.h>
#include <hv/time.h>

static void serial_sink(void *ctx, char c)
{
    serial_putc(c);
}

void console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        serial_putc(s[i]);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    format(serial_sink, NULL, fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    printk("(hv) PANIC: ");
    va_start(ap, fmt);
    format(serial_sink, NULL, fmt, ap);
    va_end(ap);
    printk("\n");
    power_off(POWER_PANIC);
}

void console_guest_flush(struct domain *d)
{
    if (!d->con_len)
        return;
    printk("(d%u) %.*s\n", d->id, (int)d->con_len, d->con_buf);
    d->con_len = 0;
}

/* The console domain's output goes out as it comes, unprefixed (as Xen
 * prints dom0's), still without control bytes other than line breaks. */
static void console_raw_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' ||
            c == '\b')
            serial_putc(c);
        else if (c)
            serial_putc('?');
    }
}

void console_guest_write(struct domain *d, const char *s, size_t n)
{
    if (d->console_raw) {
        console_raw_write(s, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            if (!d->con_len)
                printk("(d%u)\n", d->id);
            console_guest_flush(d);
            continue;
        }
        if (s[i] == '\r' || s[i] == 0)
            continue;
        if (d->con_len == sizeof(d->con_buf))
            console_guest_flush(d);
        /* no control bytes or escape sequences reach the console */
        d->con_buf[d->con_len++] =
            (s[i] >= 0x20 && s[i] < 0x7f) || s[i] == '\t' ? s[i] : '?';
    }
}

/* Serial input, for the privileged domain's CONSOLEIO_read. */
static char rx_ring[256];
static unsigned rx_head, rx_tail;   /* free-running; head - tail = bytes held */
static struct timer poll_timer;

#define CONSOLE_POLL_NS 20000000UL   /* the UART is polled every 20 ms */

/* Take what the UART received; tell domain 0 with VIRQ_CONSOLE. */
void console_poll_input(void)
{
    unsigned before = rx_head;
    int c;

    while ((c = serial_getc()) >= 0)
        if (rx_head - rx_tail < sizeof(rx_ring))
            rx_ring[rx_head++ % sizeof(rx_ring)] = (char)c;
    if (rx_head != before)
        evtchn_send_global_virq(VIRQ_CONSOLE);
}

static void console_poll_tick(void *unused)
{
    console_poll_input();
    timer_set(&poll_timer, time_now() + CONSOLE_POLL_NS);
}

void console_init_input(void)
{
    poll_timer.fn = console_poll_tick;
    timer_set(&poll_timer, time_now() + CONSOLE_POLL_NS);
}

size_t console_read(char *buf, size_t n)
{
    size_t got = 0;

    console_poll_input();
    while (got < n && rx_tail != rx_head)
        buf[got++] = rx_ring[rx_tail++ % sizeof(rx_ring)];
    return got;
}
