/* Kernel command-line tokenizer: splits "key=value" words, with
 * double-quoted values, one token per call. */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
