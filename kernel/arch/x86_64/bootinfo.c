/* Reads the boot loader's hand-off into struct boot_info: Xen's PVH
 * hvm_start_info (QEMU -kernel, Firecracker) or a multiboot2 information
 * structure (GRUB). Everything is copied out; the originals may be reused. */
#include <string.h>

#include "arch.h"
#include "boot.h"
#include "kernel.h"

#define PVH_MAGIC 0x336ec578

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;          /* version >= 1 */
	uint32_t memmap_entries, reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

struct mb2_tag {
	uint32_t type, size;
};

enum { MB2_TAG_END = 0, MB2_TAG_CMDLINE = 1, MB2_TAG_MODULE = 3, MB2_TAG_MMAP = 6,
       MB2_TAG_ACPI_OLD = 14, MB2_TAG_ACPI_NEW = 15 };

static void add_range(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (bi->nmem < BOOT_MEM_MAX)
		bi->mem[bi->nmem++] = (struct boot_mem_range){ base, len,
			type == 1 ? BOOT_MEM_USABLE : BOOT_MEM_RESERVED };
}

static void copy_cmdline(struct boot_info *bi, const char *s)
{
	size_t n = strnlen(s, BOOT_CMDLINE_MAX - 1);
	memcpy(bi->cmdline, s, n);
	bi->cmdline[n] = 0;
}

static void parse_pvh(const struct hvm_start_info *si, struct boot_info *bi)
{
	if (si->magic != PVH_MAGIC)
		panic("PVH start_info has bad magic %#x", si->magic);
	bi->protocol = "pvh";
	if (si->cmdline_paddr)
		copy_cmdline(bi, (const char *)(uintptr_t)si->cmdline_paddr);
	if (si->nr_modules > 0 && si->modlist_paddr) {
		const struct hvm_modlist_entry *m = (const void *)(uintptr_t)si->modlist_paddr;
		bi->initrd_base = m->paddr;
		bi->initrd_len = m->size;
	}
	bi->rsdp = si->rsdp_paddr;
	if (si->version >= 1 && si->memmap_paddr) {
		const struct hvm_memmap_entry *e = (const void *)(uintptr_t)si->memmap_paddr;
		for (uint32_t i = 0; i < si->memmap_entries; i++)
			add_range(bi, e[i].addr, e[i].size, e[i].type);
	}
}

static void parse_mb2(const uint8_t *mbi, struct boot_info *bi)
{
	uint32_t total = *(const uint32_t *)mbi;
	bi->protocol = "multiboot2";
	for (uint32_t off = 8; off + 8 <= total;) {
		const struct mb2_tag *tag = (const void *)(mbi + off);
		if (tag->type == MB2_TAG_END || tag->size < 8)
			break;
		const uint8_t *body = (const uint8_t *)(tag + 1);
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			copy_cmdline(bi, (const char *)body);
			break;
		case MB2_TAG_MODULE:
			if (!bi->initrd_len) {
				const uint32_t *m = (const uint32_t *)body;
				bi->initrd_base = m[0];
				bi->initrd_len = m[1] - m[0];
			}
			break;
		case MB2_TAG_MMAP: {
			uint32_t esize = ((const uint32_t *)body)[0];
			for (uint32_t p = 8; esize && p + esize <= tag->size - 8; p += esize) {
				const uint64_t *e = (const uint64_t *)(body + p);
				add_range(bi, e[0], e[1], (uint32_t)e[2]);
			}
			break;
		}
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			if (!bi->rsdp)
				bi->rsdp = (uintptr_t)body;
			break;
		}
		off += (tag->size + 7) & ~7u;
	}
}

void arch_boot_info(uint32_t protocol, uint32_t info_paddr, struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	if (protocol == 1)
		parse_pvh((const void *)(uintptr_t)info_paddr, bi);
	else if (protocol == 2)
		parse_mb2((const void *)(uintptr_t)info_paddr, bi);
	else
		panic("unknown boot protocol %u", protocol);
	if (bi->nmem == 0) {
		/* No map offered: assume the 640 KiB + 1 MiB..16 MiB a PC always has. */
		kputs("boot: no memory map from the loader; assuming 16 MiB\n");
		add_range(bi, 0, 0x9f000, 1);
		add_range(bi, 0x100000, 15 << 20, 1);
	}
}
