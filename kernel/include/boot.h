/* What the boot loader told us: memory map, command line, the app bundle
 * (initrd) and the ACPI root pointer. Filled by arch_boot_info(). */
#ifndef BOOT_H
#define BOOT_H

#include <stdint.h>

#define BOOT_MEM_MAX 64
#define BOOT_CMDLINE_MAX 4096

enum boot_mem_type { BOOT_MEM_USABLE = 1, BOOT_MEM_RESERVED = 2 };

struct boot_mem_range {
	uint64_t base, len;
	uint32_t type;
};

struct boot_info {
	const char *protocol;                  /* "pvh" or "multiboot2" */
	char cmdline[BOOT_CMDLINE_MAX];        /* copied: the original may be overwritten */
	uint64_t initrd_base, initrd_len;      /* 0, 0 when none */
	uint64_t rsdp;
	int nmem;
	struct boot_mem_range mem[BOOT_MEM_MAX];
};

extern struct boot_info boot_info;

#endif
