/* Devices the portable kernel knows about. */
#ifndef DEV_H
#define DEV_H

#include <stdint.h>

const char *platform_machine_name(void);

#endif
