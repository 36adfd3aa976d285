/* Port I/O for drivers outside arch/: thin wrappers over x86.h. */
#include "arch.h"
#include "x86.h"

uint8_t arch_pio_in8(uint16_t port) { return inb(port); }
uint16_t arch_pio_in16(uint16_t port) { return inw(port); }
uint32_t arch_pio_in32(uint16_t port) { return inl(port); }
void arch_pio_out8(uint16_t port, uint8_t v) { outb(port, v); }
void arch_pio_out16(uint16_t port, uint16_t v) { outw(port, v); }
void arch_pio_out32(uint16_t port, uint32_t v) { outl(port, v); }
