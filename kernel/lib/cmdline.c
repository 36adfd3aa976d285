/* Kernel command-line tokenizer: KEY and KEY=VALUE words, with quoting
 * rules in cmdline.h. Reads the string only; writes only the caller's
 * buffers. */
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
