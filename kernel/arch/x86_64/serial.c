/* The console: a 16550 UART at COM1, polled (QEMU never makes us wait),
 * and QEMU's debugcon port, the side channel read by bin/rtjs. */
#include "arch.h"
#include "x86.h"

#define COM1 0x3f8
#define DEBUGCON 0xe9

void arch_console_init(void)
{
	outb(COM1 + 1, 0x00);   /* no interrupts */
	outb(COM1 + 3, 0x80);   /* DLAB */
	outb(COM1 + 0, 0x01);   /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);   /* 8N1 */
	outb(COM1 + 2, 0xc7);   /* FIFO on, cleared */
	outb(COM1 + 4, 0x03);   /* DTR, RTS */
}

void arch_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
			cpu_pause();
		outb(COM1, (uint8_t)s[i]);
	}
}

/* Waits until the UART has sent its last bit (transmitter empty), so that a
 * power-off or reset does not cut the final line short. */
void arch_console_flush(void)
{
	for (int spin = 0; spin < 1000000 && !(inb(COM1 + 5) & 0x40); spin++)
		cpu_pause();
}

void arch_debugcon_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outb(DEBUGCON, (uint8_t)s[i]);
}
