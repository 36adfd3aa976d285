/* Kernel command-line tokenizer: KEY and KEY=VALUE words, with quoting
 * rules in cmdline.h, and the virtio_mmio.device= value parser. Reads the
 * string only; writes only the caller's buffers. */
#include "cmdline.h"

#include <errno.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends c to buf if it fits with a NUL after it; remembers overflow. */
static void put(char *buf, size_t cap, size_t *len, bool *overflow, char c)
{
	if (*len + 1 < cap)
		buf[*len] = c;
	else
		*overflow = true;
	++*len;
}

int cmdline_next(const char **cursor, char *key, size_t keycap, char *val, size_t valcap, bool *has_value)
{
	const char *s = *cursor;
	size_t klen = 0, vlen = 0;
	bool key_big = false, val_big = false, quoted = false, has = false;
	int err = 0;

	while (is_space(*s))
		s++;
	if (*s == '\0') {
		*cursor = s;
		return 0;
	}
	for (; *s && *s != '=' && !is_space(*s); s++)
		put(key, keycap, &klen, &key_big, *s);
	if (*s == '=') {
		has = true;
		for (s++; *s && (quoted || !is_space(*s)); s++) {
			if (*s == '"') {
				quoted = !quoted;
				continue;
			}
			if (quoted && *s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			put(val, valcap, &vlen, &val_big, *s);
		}
	}
	*cursor = s;

	if (quoted || klen == 0)
		err = -EINVAL;
	else if (key_big || val_big || keycap == 0 || valcap == 0)
		err = -E2BIG;
	if (has_value)
		*has_value = has && !err;
	if (err) {
		if (keycap)
			key[0] = '\0';
		if (valcap)
			val[0] = '\0';
		return err;
	}
	key[klen] = '\0';
	val[has ? vlen : 0] = '\0';
	return 1;
}

/* ---- virtio_mmio.device=<size>@<base>:<irq>[:<id>] ---- */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* A C number at *s (0x hex, leading 0 octal, else decimal, no sign):
 * 0 with *s past it, -EINVAL when there are no digits, -ERANGE when it
 * does not fit 64 bits. */
static int parse_number(const char **s, uint64_t *v)
{
	const char *p = *s;
	unsigned base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	const char *digits = p;
	uint64_t n = 0;
	bool big = false;
	for (int d; (d = digit_value(*p)) < (int)base; p++) {
		if (n > (UINT64_MAX - (uint64_t)d) / base)
			big = true;
		n = n * base + (uint64_t)d;
	}
	if (p == digits)
		return -EINVAL;
	*s = p;
	*v = n;
	return big ? -ERANGE : 0;
}

/* Parses one number into *v, or says why not in *why. */
static bool number(const char **s, uint64_t *v, uint64_t max, const char *not_number, const char *too_big,
		   const char **why)
{
	int r = parse_number(s, v);
	if (r == -EINVAL)
		*why = not_number;
	else if (r < 0 || *v > max)
		*why = too_big;
	return r == 0 && *v <= max;
}

int cmdline_parse_virtio_mmio(const char *value, struct cmdline_virtio_mmio *out, const char **why)
{
	const char *s = value;
	uint64_t size, base, irq, id = 0;
	bool has_id = false;
	const char *dummy;
	if (!why)
		why = &dummy;

	if (!number(&s, &size, UINT64_MAX, "the size is not a number", "the size is too large", why))
		return -EINVAL;
	unsigned shift = 0;
	switch (*s) {
	case 'K': case 'k': shift = 10; s++; break;
	case 'M': case 'm': shift = 20; s++; break;
	case 'G': case 'g': shift = 30; s++; break;
	}
	if (size > UINT64_MAX >> shift) {
		*why = "the size is too large";
		return -EINVAL;
	}
	size <<= shift;
	if (size == 0) {
		*why = "the size is 0";
		return -EINVAL;
	}
	if (*s++ != '@') {
		*why = "expected '@' and the base address after the size";
		return -EINVAL;
	}
	if (!number(&s, &base, UINT64_MAX, "the base address is not a number", "the base address is too large", why))
		return -EINVAL;
	if (*s++ != ':') {
		*why = "expected ':' and the IRQ after the base address";
		return -EINVAL;
	}
	if (!number(&s, &irq, UINT32_MAX, "the IRQ is not a number", "the IRQ is too large", why))
		return -EINVAL;
	if (irq == 0) {
		*why = "the IRQ is 0";
		return -EINVAL;
	}
	if (*s == ':') {
		s++;
		if (!number(&s, &id, INT32_MAX, "the device id is not a number", "the device id is too large", why))
			return -EINVAL;
		has_id = true;
	}
	if (*s) {
		*why = has_id ? "unexpected text after the device id" : "unexpected text after the IRQ";
		return -EINVAL;
	}
	if (size - 1 > UINT64_MAX - base) {
		*why = "the registers run past the end of the address space";
		return -EINVAL;
	}
	*out = (struct cmdline_virtio_mmio){ .base = base, .size = size, .irq = (uint32_t)irq,
					     .id = has_id ? (int32_t)id : -1 };
	return 0;
}
