/* Tar reader for the in-memory app bundle: header validation, ustar, GNU
 * and pax naming, and the bounds checks that keep a bad initrd from making
 * the kernel read outside it. Formats understood are listed in tar.h. */
#include "tar.h"

#include <errno.h>
#include <string.h>

#define BLOCK 512

/* Offsets and lengths of the ustar header fields used here. */
enum {
	H_NAME = 0,
	H_NAME_LEN = 100,
	H_SIZE = 124,
	H_SIZE_LEN = 12,
	H_CHKSUM = 148,
	H_CHKSUM_LEN = 8,
	H_TYPE = 156,
	H_MAGIC = 257, /* magic and version, 8 bytes */
	H_PREFIX = 345,
	H_PREFIX_LEN = 155,
};

enum header_format { FORMAT_NONE, FORMAT_USTAR, FORMAT_GNU };

/* Records err with a message in which each '#' of fmt is replaced by the
 * next of nums in decimal; the iterator then stays failed. */
static int fail(struct tar_iter *it, int err, const char *fmt, const uint64_t *nums)
{
	size_t len = 0, cap = sizeof it->error - 1;

	for (; *fmt && len < cap; fmt++) {
		char digits[20];
		int n = 0;
		uint64_t v;

		if (*fmt != '#') {
			it->error[len++] = *fmt;
			continue;
		}
		v = *nums++;
		do {
			digits[n++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (n && len < cap)
			it->error[len++] = digits[--n];
	}
	it->error[len] = '\0';
	it->state = err;
	return err;
}

#define FAIL(it, err, fmt, ...) fail(it, err, fmt, (const uint64_t[]){__VA_ARGS__})

static size_t field_len(const void *f, size_t n)
{
	const char *nul = memchr(f, '\0', n);
	return nul ? (size_t)(nul - (const char *)f) : n;
}

static bool is_zero_block(const uint8_t *b)
{
	for (size_t i = 0; i < BLOCK; i++)
		if (b[i])
			return false;
	return true;
}

/* A numeric header field: octal digits, optionally led by spaces and
 * followed only by NULs and spaces; or GNU base-256 when the first byte
 * has its top bit set (negative values refused). */
static bool parse_number(const uint8_t *f, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (f[0] & 0x80) {
		if (f[0] & 0x40)
			return false;
		v = f[0] & 0x3f;
		for (i = 1; i < n; i++) {
			if (v >> 56)
				return false;
			v = v << 8 | f[i];
		}
		*out = v;
		return true;
	}
	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 61)
			return false;
		v = v * 8 + (uint64_t)(f[i] - '0');
	}
	for (; i < n; i++)
		if (f[i] != '\0' && f[i] != ' ')
			return false;
	*out = v;
	return true;
}

/* The stored sum counts the checksum field as spaces; some old writers
 * summed signed chars, so either sum is accepted. */
static bool checksum_ok(const uint8_t *h)
{
	uint64_t want, sum = 0;
	int64_t ssum = 0;

	if (!parse_number(h + H_CHKSUM, H_CHKSUM_LEN, &want))
		return false;
	for (size_t i = 0; i < BLOCK; i++) {
		uint8_t c = i >= H_CHKSUM && i < H_CHKSUM + H_CHKSUM_LEN ? ' ' : h[i];
		sum += c;
		ssum += (signed char)c;
	}
	return want == sum || (ssum >= 0 && want == (uint64_t)ssum);
}

static enum header_format header_format(const uint8_t *h)
{
	if (memcmp(h + H_MAGIC, "ustar\0" "00", 8) == 0)
		return FORMAT_USTAR;
	if (memcmp(h + H_MAGIC, "ustar  \0", 8) == 0)
		return FORMAT_GNU;
	return FORMAT_NONE;
}

/* Strips leading "./" and "/" and trailing "/": "./a/b/" is "a/b". */
static void path_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;

	for (;;) {
		if (len >= 2 && p[0] == '.' && p[1] == '/')
			p += 2, len -= 2;
		else if (len >= 1 && p[0] == '/')
			p++, len--;
		else
			break;
	}
	if (len == 1 && p[0] == '.')
		len = 0;
	while (len > 0 && p[len - 1] == '/')
		len--;
	*s = p;
	*n = len;
}

static void clear_pending(struct tar_iter *it)
{
	it->has_long_name = false;
	it->has_pax_size = false;
}

/* Reads the records "LEN KEY=VALUE\n" of a pax extended header whose data
 * is d[0..size) at archive offset off. */
static int parse_pax(struct tar_iter *it, size_t off, const uint8_t *d, size_t size)
{
	size_t pos = 0;

	while (pos < size) {
		size_t len = 0, i = pos, key, eq, end;

		for (; i < size && d[i] >= '0' && d[i] <= '9'; i++) {
			if (len > size)
				break;
			len = len * 10 + (size_t)(d[i] - '0');
		}
		if (i == pos || i >= size || d[i] != ' ' || len > size - pos || len < i - pos + 3)
			return FAIL(it, -EINVAL, "bad pax record at offset #", off + pos);
		key = i + 1;
		end = pos + len - 1; /* the newline */
		if (d[end] != '\n')
			return FAIL(it, -EINVAL, "bad pax record at offset #", off + pos);
		for (eq = key; eq < end && d[eq] != '='; eq++)
			;
		if (eq == end || eq == key)
			return FAIL(it, -EINVAL, "bad pax record at offset #", off + pos);
		if (eq - key == 4 && memcmp(d + key, "path", 4) == 0) {
			/* An empty value cancels the keyword, as POSIX says. */
			it->long_name = (const char *)d + eq + 1;
			it->long_name_len = field_len(it->long_name, end - eq - 1);
			it->has_long_name = end - eq - 1 > 0;
		} else if (eq - key == 4 && memcmp(d + key, "size", 4) == 0) {
			uint64_t v = 0;
			for (i = eq + 1; i < end; i++) {
				if (d[i] < '0' || d[i] > '9' || v > (UINT64_MAX - 9) / 10)
					return FAIL(it, -EINVAL, "bad pax size at offset #", off + pos);
				v = v * 10 + (uint64_t)(d[i] - '0');
			}
			it->pax_size = v;
			it->has_pax_size = end - eq - 1 > 0;
		}
		pos += len;
	}
	return 0;
}

/* Builds the normalised name of the entry with header h into it->name. */
static int take_name(struct tar_iter *it, const uint8_t *h, enum header_format format, size_t off,
		     struct tar_entry *e)
{
	const char *name = (const char *)h + H_NAME, *prefix = (const char *)h + H_PREFIX;
	size_t len = field_len(name, H_NAME_LEN), plen = 0, n = 0;

	if (it->has_long_name) {
		name = it->long_name;
		len = it->long_name_len;
	} else if (format == FORMAT_USTAR) {
		/* GNU headers keep other fields where ustar has the prefix. */
		plen = field_len(prefix, H_PREFIX_LEN);
	}
	if (len + plen + (plen ? 1 : 0) >= TAR_NAME_MAX)
		return FAIL(it, -E2BIG, "path too long in entry at offset #", off);
	if (plen) {
		memcpy(it->name, prefix, plen);
		it->name[plen] = '/';
		n = plen + 1;
	}
	memcpy(it->name + n, name, len);
	n += len;
	e->name = it->name;
	e->name_len = n;
	path_trim(&e->name, &e->name_len);
	it->name[(size_t)(e->name - it->name) + e->name_len] = '\0';
	return 0;
}

void tar_iter_init(struct tar_iter *it, const void *archive, size_t len)
{
	memset(it, 0, sizeof *it);
	it->archive = archive;
	it->len = archive ? len : 0;
}

/* The end of the archive; an extended header with no entry after it means
 * the archive was cut. */
static int reach_end(struct tar_iter *it, size_t off)
{
	if (it->has_long_name || it->has_pax_size)
		return FAIL(it, -EINVAL, "truncated archive: extended header but no entry before offset #", off);
	it->state = 1;
	return 0;
}

int tar_next(struct tar_iter *it, struct tar_entry *e)
{
	while (it->state == 0) {
		size_t off = it->off, remain = it->len - off, padded;
		const uint8_t *h;
		enum header_format format;
		uint64_t size;
		char type;
		int err;

		if (remain == 0)
			return reach_end(it, off);
		if (remain < BLOCK)
			return FAIL(it, -EINVAL, "truncated archive: # bytes at offset # are less than a header",
				    remain, off);
		h = it->archive + off;
		if (is_zero_block(h)) {
			if (remain == BLOCK || (remain >= 2 * BLOCK && is_zero_block(h + BLOCK)))
				return reach_end(it, off);
			if (remain < 2 * BLOCK)
				return FAIL(it, -EINVAL, "truncated archive: # bytes at offset # are less than a header",
					    remain - BLOCK, off + BLOCK);
			return FAIL(it, -EINVAL, "lone zero block at offset # followed by more data", off);
		}
		format = header_format(h);
		if (format == FORMAT_NONE) {
			if (off == 0)
				return fail(it, -EINVAL, "not a tar archive", NULL);
			return FAIL(it, -EINVAL, "bad header magic at offset #", off);
		}
		if (!checksum_ok(h))
			return FAIL(it, -EINVAL, "bad header checksum at offset #", off);
		if (!parse_number(h + H_SIZE, H_SIZE_LEN, &size))
			return FAIL(it, -EINVAL, "bad size field in header at offset #", off);
		type = (char)h[H_TYPE];
		if (type != 'x' && type != 'g' && type != 'L' && type != 'K' && it->has_pax_size)
			size = it->pax_size;
		remain -= BLOCK;
		if (size > remain)
			return FAIL(it, -EINVAL, "truncated archive: header at offset # promises # bytes, # remain",
				    off, size, remain);
		padded = ((size_t)size + BLOCK - 1) / BLOCK * BLOCK;
		if (padded > remain)
			return FAIL(it, -EINVAL, "truncated archive: entry at offset # lacks # bytes of padding", off,
				    padded - remain);
		it->off = off + BLOCK + padded;

		switch (type) {
		case 'x':
			if ((err = parse_pax(it, off + BLOCK, h + BLOCK, (size_t)size)) < 0)
				return err;
			break;
		case 'L':
			it->long_name = (const char *)h + BLOCK;
			it->long_name_len = field_len(it->long_name, (size_t)size);
			it->has_long_name = true;
			break;
		case 'g':
		case 'K': /* GNU long link name: links are skipped anyway */
			break;
		case '0':
		case '\0':
		case '7':
		case '5':
			if ((err = take_name(it, h, format, off, e)) < 0)
				return err;
			clear_pending(it);
			if (e->name_len == 0)
				break; /* the root directory, "./" */
			e->data = h + BLOCK;
			e->size = (size_t)size;
			e->type = type == '5' ? '5' : '0';
			return 1;
		default:
			clear_pending(it);
			break;
		}
	}
	return it->state < 0 ? it->state : 0;
}

const char *tar_error(const struct tar_iter *it)
{
	return it->state < 0 ? it->error : "no error";
}

int tar_find(const void *archive, size_t len, const char *path, struct tar_entry *out)
{
	struct tar_iter it;
	struct tar_entry e;
	const char *want = path;
	size_t want_len = strlen(path);
	int r;

	path_trim(&want, &want_len);
	tar_iter_init(&it, archive, len);
	while ((r = tar_next(&it, &e)) == 1) {
		if (e.name_len == want_len && memcmp(e.name, want, want_len) == 0) {
			*out = e;
			out->name = path;
			out->name_len = strlen(path);
			return 1;
		}
	}
	return r;
}
