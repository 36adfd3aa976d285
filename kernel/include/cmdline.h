/* Kernel command-line tokenizer: splits "key=value" words, with
 * double-quoted values, one token per call; and the parser of the values
 * of virtio_mmio.device= words. */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Words are separated by spaces (tabs, CR and LF count as spaces too). A
 * word is KEY or KEY=VALUE; the KEY ends at the first '='. Inside VALUE, a
 * double-quoted stretch may hold spaces, and within quotes \" and \\ stand
 * for " and \ (any other backslash is kept as is). Quotes may start
 * anywhere in VALUE and stretches join up: a="b c"d is "b cd".
 *
 *   const char *cur = cmdline;
 *   while ((r = cmdline_next(&cur, key, sizeof key, val, sizeof val, &has)) != 0)
 *           if (r > 0) ... else report the bad token and go on
 *
 * Returns 1 with key and val NUL-terminated (val is "" and *has_value false
 * for a bare KEY), 0 at the end of the string, or a negative error number:
 * -E2BIG when the key or value does not fit its buffer with its NUL,
 * -EINVAL for an empty key ("=x") or an unterminated quote. On error key and
 * val are set to "" and *cursor still moves past the bad word, so parsing
 * can continue. keycap and valcap must be at least 1; has_value may be NULL.
 */
int cmdline_next(const char **cursor, char *key, size_t keycap, char *val, size_t valcap, bool *has_value);

/*
 * A virtio-mmio transport named on the command line, as a VMM without ACPI
 * names it to Linux (QEMU microvm with acpi=off, Firecracker):
 *
 *   virtio_mmio.device=<size>@<base>:<irq>[:<id>]
 *
 * size takes an optional K, M or G suffix (either case); size, base, irq
 * and id are C numbers (0x1f hex, 017 octal, 15 decimal). "512@0xfeb00e00:12"
 * is 512 bytes of registers at 0xfeb00e00 on GSI 12.
 */
struct cmdline_virtio_mmio {
	uint64_t base, size;     /* size > 0; the last byte, base + size - 1, does not wrap */
	uint32_t irq;            /* > 0, as Linux demands */
	int32_t id;              /* the platform device id; -1 when not given */
};

/* Parses the VALUE of one virtio_mmio.device= word. 0 with *out filled, or
 * -EINVAL with *why set to a static phrase saying what is wrong ("the IRQ
 * is 0"); *out is then untouched. */
int cmdline_parse_virtio_mmio(const char *value, struct cmdline_virtio_mmio *out, const char **why);

#endif
