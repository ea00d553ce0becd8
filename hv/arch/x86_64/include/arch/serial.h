/* COM1 16550 UART, polled. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

void serial_init(void);
void serial_putc(char c);
/* Next received byte, or -1 when none is waiting. */
int serial_getc(void);

#endif
