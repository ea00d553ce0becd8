/* COM1 16550 UART at 115200 8N1, polled in both directions. */
#include <arch/cpu.h>
#include <arch/serial.h>

#define COM1      0x3f8
#define UART_DATA 0
#define UART_IER  1
#define UART_FCR  2
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5
#define LSR_DR    0x01   /* data ready */
#define LSR_THRE  0x20   /* transmit holding register empty */

void serial_init(void)
{
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, 0x80);      /* DLAB on: divisor follows */
    outb(COM1 + UART_DATA, 1);        /* 115200 baud */
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, 0x03);      /* 8N1 */
    outb(COM1 + UART_FCR, 0xc7);      /* FIFOs on and cleared */
    outb(COM1 + UART_MCR, 0x03);      /* DTR, RTS */
}

void serial_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');
    for (int spin = 0; spin < 100000; spin++)
        if (inb(COM1 + UART_LSR) & LSR_THRE)
            break;
    outb(COM1 + UART_DATA, (uint8_t)c);
}

int serial_getc(void)
{
    if (!(inb(COM1 + UART_LSR) & LSR_DR))
        return -1;
    return inb(COM1 + UART_DATA);
}
