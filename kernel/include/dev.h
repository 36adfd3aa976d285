/* Devices the portable kernel knows about. */
#ifndef DEV_H
#define DEV_H

#include <stdint.h>

uint32_t pci_config_read32(int bus, int slot, int func, int offset);
const char *platform_machine_name(void);

#endif
