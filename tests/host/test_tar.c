/* Host tests for the tar reader (kernel/lib/tar.c): archives are built here
 * (ustar, GNU, pax), then read whole, truncated at every offset and
 * corrupted at random; every read must stay inside the archive. */
#include "check.h"
#include "tar.h"

#include <errno.h>
#include <stdint.h>

/* ---- building archives ---- */

enum fmt { USTAR, GNU };

struct ar {
	uint8_t *buf;
	size_t len, cap;
};

static void ar_put(struct ar *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2;
		a->buf = realloc(a->buf, a->cap);
		if (!a->buf)
			abort();
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void ar_pad(struct ar *a)
{
	static const uint8_t zero[512];
	if (a->len % 512)
		ar_put(a, zero, 512 - a->len % 512);
}

static void ar_end(struct ar *a)
{
	static const uint8_t zero[1024];
	ar_put(a, zero, sizeof zero);
}

static void ar_free(struct ar *a)
{
	free(a->buf);
	memset(a, 0, sizeof *a);
}

static void set_checksum(uint8_t *h)
{
	unsigned sum = 0;
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
}

/* A header as GNU tar writes one; prefix is used for USTAR only. */
static void make_header(uint8_t h[512], const char *name, const char *prefix, size_t size, char type, enum fmt fmt)
{
	memset(h, 0, 512);
	memcpy(h, name, strlen(name) < 100 ? strlen(name) : 100);
	memcpy(h + 100, "0000644", 8);
	memcpy(h + 108, "0001750", 8);
	memcpy(h + 116, "0001750", 8);
	snprintf((char *)h + 124, 12, "%011zo", size);
	memcpy(h + 136, "14712345670", 12);
	h[156] = (uint8_t)type;
	memcpy(h + 265, "user", 5);
	memcpy(h + 297, "group", 6);
	if (fmt == USTAR) {
		memcpy(h + 257, "ustar\0" "00", 8);
		if (prefix)
			memcpy(h + 345, prefix, strlen(prefix) < 155 ? strlen(prefix) : 155);
	} else {
		memcpy(h + 257, "ustar  \0", 8);
	}
	set_checksum(h);
}

static void ar_entry(struct ar *a, const char *name, const char *prefix, const void *data, size_t size, char type,
		     enum fmt fmt)
{
	uint8_t h[512];
	make_header(h, name, prefix, size, type, fmt);
	ar_put(a, h, 512);
	ar_put(a, data, size);
	ar_pad(a);
}

static void ar_file(struct ar *a, const char *name, const char *text)
{
	ar_entry(a, name, NULL, text, strlen(text), '0', USTAR);
}

static void ar_dir(struct ar *a, const char *name)
{
	ar_entry(a, name, NULL, "", 0, '5', USTAR);
}

/* Appends one pax record "LEN key=value\n" to out; returns its length. */
static size_t pax_record(char *out, const char *key, const char *value)
{
	size_t body = strlen(key) + strlen(value) + 3, len = body + 1;
	while (len != body + (size_t)snprintf(NULL, 0, "%zu", len))
		len = body + (size_t)snprintf(NULL, 0, "%zu", len);
	return (size_t)sprintf(out, "%zu %s=%s\n", len, key, value);
}

static void ar_pax(struct ar *a, char type, const char *records)
{
	ar_entry(a, "./PaxHeaders.1234/x", NULL, records, strlen(records), type, USTAR);
}

static void ar_pax_path(struct ar *a, const char *path)
{
	char rec[4096];
	pax_record(rec, "path", path);
	ar_pax(a, 'x', rec);
}

static void ar_long_name(struct ar *a, const char *name)
{
	ar_entry(a, "././@LongLink", NULL, name, strlen(name) + 1, 'L', GNU);
}

static char *repeat_path(char *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		out[i] = i % 10 == 9 ? '/' : (char)('a' + i % 26);
	out[len - 1] = 'z';
	out[len] = '\0';
	return out;
}

static uint8_t *copy(const void *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);
	if (!c)
		abort();
	memcpy(c, p, n);
	return c;
}

/* ---- reading helpers ---- */

struct seen_entry {
	char name[TAR_NAME_MAX];
	size_t size;
	const uint8_t *data;
	char type;
};

/* Reads every entry of archive[0..len) into out (up to max); returns the
 * final tar_next result and the count in *n. Touches every data byte so
 * the sanitizer sees any read outside the archive. */
static int read_all(const void *archive, size_t len, struct seen_entry *out, size_t max, size_t *n,
		    struct tar_iter *it)
{
	struct tar_entry e;
	unsigned sum = 0;
	int r;

	*n = 0;
	tar_iter_init(it, archive, len);
	while ((r = tar_next(it, &e)) == 1) {
		for (size_t i = 0; i < e.size; i++)
			sum += e.data[i];
		if (strlen(e.name) != e.name_len)
			return -1000;
		if (*n < max) {
			memcpy(out[*n].name, e.name, e.name_len + 1);
			out[*n].size = e.size;
			out[*n].data = e.data;
			out[*n].type = e.type;
		}
		++*n;
	}
	(void)sum;
	return r;
}

static int same_data(const struct seen_entry *e, const char *text)
{
	return e->size == strlen(text) && memcmp(e->data, text, e->size) == 0;
}

/* ---- tests ---- */

static void test_basic_ustar(void)
{
	struct ar a = {0};
	struct seen_entry s[8];
	struct tar_iter it;
	struct tar_entry e;
	char big[1500];
	size_t n;

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ar_file(&a, "hello.txt", "hello");
	ar_dir(&a, "dir/");
	ar_file(&a, "dir/big.js", big);
	ar_file(&a, "empty", "");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 8, &n, &it) == 0);
	REQUIRE(n == 4);
	CHECK(strcmp(s[0].name, "hello.txt") == 0 && s[0].type == '0' && same_data(&s[0], "hello"));
	CHECK(s[0].data == a.buf + 512);
	CHECK(strcmp(s[1].name, "dir") == 0 && s[1].type == '5' && s[1].size == 0);
	CHECK(strcmp(s[2].name, "dir/big.js") == 0 && same_data(&s[2], big));
	CHECK(strcmp(s[3].name, "empty") == 0 && s[3].size == 0);
	CHECK(tar_next(&it, &e) == 0);
	CHECK(strcmp(tar_error(&it), "no error") == 0);
	ar_free(&a);
}

static void test_dot_slash_is_the_same_path(void)
{
	struct ar a = {0};
	struct seen_entry s[8];
	struct tar_iter it;
	struct tar_entry e;
	size_t n;

	ar_dir(&a, "./");
	ar_dir(&a, "./app/");
	ar_file(&a, "./app/main.js", "main");
	ar_file(&a, "lib/util.js", "util");
	ar_file(&a, "/abs/x.js", "abs");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 8, &n, &it) == 0);
	REQUIRE(n == 4); /* the root "./" is skipped */
	CHECK(strcmp(s[0].name, "app") == 0 && s[0].type == '5');
	CHECK(strcmp(s[1].name, "app/main.js") == 0);
	CHECK(strcmp(s[3].name, "abs/x.js") == 0);
	CHECK(tar_find(a.buf, a.len, "app/main.js", &e) == 1 && e.size == 4 && memcmp(e.data, "main", 4) == 0);
	CHECK(strcmp(e.name, "app/main.js") == 0 && e.name_len == 11);
	CHECK(tar_find(a.buf, a.len, "./app/main.js", &e) == 1 && e.size == 4);
	CHECK(strcmp(e.name, "./app/main.js") == 0);
	CHECK(tar_find(a.buf, a.len, "./lib/util.js", &e) == 1 && memcmp(e.data, "util", 4) == 0);
	CHECK(tar_find(a.buf, a.len, "lib/util.js", &e) == 1);
	CHECK(tar_find(a.buf, a.len, "app", &e) == 1 && e.type == '5');
	CHECK(tar_find(a.buf, a.len, "./app/", &e) == 1 && e.type == '5');
	CHECK(tar_find(a.buf, a.len, "app/main", &e) == 0);
	CHECK(tar_find(a.buf, a.len, "pp/main.js", &e) == 0);
	CHECK(tar_find(a.buf, a.len, ".", &e) == 0);
	CHECK(tar_find(a.buf, a.len, "", &e) == 0);
	ar_free(&a);
}

static void test_ustar_prefix(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	struct tar_entry e;
	size_t n;
	const char *prefix = "./node_modules/some-package/lib/deeply/nested/folder/that/is/long";

	ar_entry(&a, "index.js", prefix, "module.exports = 1;", 19, '0', USTAR);
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0);
	REQUIRE(n == 1);
	CHECK(strcmp(s[0].name, "node_modules/some-package/lib/deeply/nested/folder/that/is/long/index.js") == 0);
	CHECK(tar_find(a.buf, a.len, "node_modules/some-package/lib/deeply/nested/folder/that/is/long/index.js",
		       &e) == 1);
	ar_free(&a);
}

static void test_full_length_name_and_prefix(void)
{
	struct ar a = {0};
	struct seen_entry s[2];
	struct tar_iter it;
	char name[101], prefix[156], want[260];
	size_t n;

	memset(name, 'n', 100);
	name[100] = '\0';
	memset(prefix, 'p', 155);
	prefix[155] = '\0';
	ar_entry(&a, name, prefix, "x", 1, '0', USTAR); /* neither field NUL-terminated */
	ar_end(&a);
	snprintf(want, sizeof want, "%s/%s", prefix, name);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == 0);
	REQUIRE(n == 1);
	CHECK(strcmp(s[0].name, want) == 0);
	ar_free(&a);
}

static void test_gnu_header_has_no_prefix(void)
{
	struct ar a = {0};
	struct seen_entry s[2];
	struct tar_iter it;
	uint8_t h[512];
	size_t n;

	make_header(h, "gnu.js", NULL, 3, '0', GNU);
	memcpy(h + 345, "12345670123", 11); /* GNU keeps atime here */
	set_checksum(h);
	ar_put(&a, h, 512);
	ar_put(&a, "abc", 3);
	ar_pad(&a);
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == 0);
	REQUIRE(n == 1);
	CHECK(strcmp(s[0].name, "gnu.js") == 0 && same_data(&s[0], "abc"));
	ar_free(&a);
}

static void test_pax_path(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	struct tar_entry e;
	char path[400], recs[1024];
	size_t n, off = 0;

	repeat_path(path, 300);
	off += pax_record(recs + off, "mtime", "1700000000.123456789");
	off += pax_record(recs + off, "path", path);
	off += pax_record(recs + off, "SCHILY.xattr.user.x", "y");
	ar_pax(&a, 'x', recs);
	ar_entry(&a, "truncated-name-ignored", NULL, "pax!", 4, '0', USTAR);
	ar_file(&a, "next.js", "next");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0);
	REQUIRE(n == 2);
	CHECK(strcmp(s[0].name, path) == 0 && same_data(&s[0], "pax!"));
	CHECK(strcmp(s[1].name, "next.js") == 0); /* the pax header applied to one entry only */
	CHECK(tar_find(a.buf, a.len, path, &e) == 1 && e.size == 4);
	ar_free(&a);
}

static void test_pax_global_header_ignored(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	char rec[128];
	size_t n;

	pax_record(rec, "path", "global-name");
	ar_pax(&a, 'g', rec);
	ar_file(&a, "own.js", "own");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0);
	REQUIRE(n == 1);
	CHECK(strcmp(s[0].name, "own.js") == 0);
	ar_free(&a);
}

static void test_pax_size_overrides_header(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	uint8_t h[512], data[700];
	char rec[64];
	size_t n;

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)i;
	pax_record(rec, "size", "700");
	ar_pax(&a, 'x', rec);
	make_header(h, "big.bin", NULL, 0, '0', USTAR); /* as if the size did not fit */
	ar_put(&a, h, 512);
	ar_put(&a, data, sizeof data);
	ar_pad(&a);
	ar_file(&a, "after", "after");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0);
	REQUIRE(n == 2);
	CHECK(s[0].size == 700 && memcmp(s[0].data, data, 700) == 0);
	CHECK(strcmp(s[1].name, "after") == 0 && same_data(&s[1], "after"));
	ar_free(&a);
}

static void test_pax_empty_value_cancels(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	char recs[128];
	size_t n, off = 0;

	off += pax_record(recs + off, "path", "long/name");
	off += pax_record(recs + off, "path", "");
	ar_pax(&a, 'x', recs);
	ar_file(&a, "short", "s");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0);
	REQUIRE(n == 1);
	CHECK(strcmp(s[0].name, "short") == 0);
	ar_free(&a);
}

static void test_bad_pax_records(void)
{
	static const char *bad[] = {
		"abc path=x\n",    /* no length */
		"100 path=x\n",    /* longer than the data */
		"10 path=xy",      /* no newline */
		"10 path=xy\n",    /* length ends before the newline */
		"5 =x\n",          /* empty key */
		"9 pathxy\n",      /* no '=' */
		"2 \n",            /* too short */
		"11 size=1a\n",    /* not a number */
		"9path=xy\n",      /* no space */
		"29 size=99999999999999999999\n", /* overflow */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ar a = {0};
		struct seen_entry s[2];
		struct tar_iter it;
		size_t n;

		ar_pax(&a, 'x', bad[i]);
		ar_file(&a, "f", "f");
		ar_end(&a);
		CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == -EINVAL);
		CHECK(n == 0);
		CHECK(strstr(tar_error(&it), "bad pax") != NULL);
		CHECK(strstr(tar_error(&it), "at offset 512") != NULL);
		ar_free(&a);
	}
}

/* The header says 10 bytes; the block holds a whole 20-byte record, whose
 * tail must still not be read. */
static void test_pax_record_past_header_size(void)
{
	struct ar a = {0};
	struct seen_entry s[2];
	struct tar_iter it;
	uint8_t h[512];
	size_t n;

	make_header(h, "./PaxHeaders/x", NULL, 10, 'x', USTAR);
	ar_put(&a, h, 512);
	ar_put(&a, "20 path=abcdefghijk\n", 20);
	ar_pad(&a);
	ar_file(&a, "f", "f");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == -EINVAL);
	CHECK(strcmp(tar_error(&it), "bad pax record at offset 512") == 0);
	ar_free(&a);
}

static void test_gnu_long_name(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	struct tar_entry e;
	char path[300];
	size_t n;

	repeat_path(path, 250);
	ar_long_name(&a, path);
	ar_entry(&a, "shortened", NULL, "long", 4, '0', GNU);
	ar_entry(&a, "plain", NULL, "p", 1, '0', GNU);
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0);
	REQUIRE(n == 2);
	CHECK(strcmp(s[0].name, path) == 0 && same_data(&s[0], "long"));
	CHECK(strcmp(s[1].name, "plain") == 0);
	CHECK(tar_find(a.buf, a.len, path, &e) == 1);
	ar_free(&a);
}

static void test_other_types_skipped(void)
{
	struct ar a = {0};
	struct seen_entry s[8];
	struct tar_iter it;
	size_t n;

	ar_entry(&a, "link", NULL, "", 0, '2', USTAR);
	ar_entry(&a, "hard", NULL, "", 0, '1', USTAR);
	ar_entry(&a, "chr", NULL, "", 0, '3', USTAR);
	ar_entry(&a, "fifo", NULL, "", 0, '6', USTAR);
	ar_entry(&a, "vendor", NULL, "data", 4, 'V', USTAR);
	ar_long_name(&a, "very/long/link/name");
	ar_entry(&a, "short-link", NULL, "", 0, '2', GNU); /* consumes the long name */
	ar_entry(&a, "contig", NULL, "c", 1, '7', USTAR);
	ar_entry(&a, "old", NULL, "o", 1, '\0', USTAR);
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 8, &n, &it) == 0);
	REQUIRE(n == 2);
	CHECK(strcmp(s[0].name, "contig") == 0 && s[0].type == '0');
	CHECK(strcmp(s[1].name, "old") == 0 && s[1].type == '0');
	ar_free(&a);
}

static void test_bad_checksum(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	struct tar_entry e;
	size_t n;

	ar_file(&a, "one", "1");
	ar_file(&a, "two", "2");
	ar_end(&a);
	a.buf[1024 + 1] ^= 1;
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL);
	CHECK(n == 1);
	CHECK(strcmp(tar_error(&it), "bad header checksum at offset 1024") == 0);
	CHECK(tar_next(&it, &e) == -EINVAL); /* sticky */
	CHECK(tar_find(a.buf, a.len, "one", &e) == 1);
	CHECK(tar_find(a.buf, a.len, "two", &e) == -EINVAL);
	ar_free(&a);
}

static void test_signed_checksum_accepted(void)
{
	struct ar a = {0};
	struct seen_entry s[2];
	struct tar_iter it;
	uint8_t h[512];
	int sum = 0;
	size_t n;

	make_header(h, "caf\xc3\xa9.js", NULL, 1, '0', USTAR);
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += (signed char)h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	ar_put(&a, h, 512);
	ar_put(&a, "x", 1);
	ar_pad(&a);
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == 0);
	CHECK(n == 1 && strcmp(s[0].name, "caf\xc3\xa9.js") == 0);
	ar_free(&a);
}

static void test_not_a_tar_archive(void)
{
	uint8_t junk[1024];
	struct seen_entry s[2];
	struct tar_iter it;
	size_t n;

	memset(junk, 0, sizeof junk);
	strcpy((char *)junk, "#!/bin/sh\necho this is not a tar archive\n");
	CHECK(read_all(junk, sizeof junk, s, 2, &n, &it) == -EINVAL);
	CHECK(strcmp(tar_error(&it), "not a tar archive") == 0);
	CHECK(read_all(junk, 100, s, 2, &n, &it) == -EINVAL);
	CHECK(strstr(tar_error(&it), "truncated") != NULL);
}

static void test_bad_magic_later(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	size_t n;

	ar_file(&a, "one", "1");
	ar_file(&a, "two", "2");
	ar_end(&a);
	memcpy(a.buf + 1024 + 257, "ustaR", 5);
	set_checksum(a.buf + 1024);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL);
	CHECK(strcmp(tar_error(&it), "bad header magic at offset 1024") == 0);
	ar_free(&a);
}

static void test_truncation_message(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	uint8_t h[512], data[300] = {0};
	size_t n;

	ar_file(&a, "first", "1");
	ar_file(&a, "second", "2");
	make_header(h, "big", NULL, 5000, '0', USTAR);
	ar_put(&a, h, 512);
	ar_put(&a, data, sizeof data);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL);
	CHECK(n == 2);
	CHECK(strcmp(tar_error(&it), "truncated archive: header at offset 2048 promises 5000 bytes, 300 remain") == 0);
	ar_free(&a);
}

static void test_missing_padding(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	size_t n;

	ar_file(&a, "first", "12345");
	a.len -= 100;
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL);
	CHECK(strcmp(tar_error(&it), "truncated archive: entry at offset 0 lacks 100 bytes of padding") == 0);
	ar_free(&a);
}

static void test_end_markers(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	uint8_t zeros[2048] = {0};
	size_t n, body;

	CHECK(read_all(NULL, 0, s, 4, &n, &it) == 0 && n == 0);
	CHECK(read_all(zeros, 0, s, 4, &n, &it) == 0 && n == 0);
	CHECK(read_all(zeros, 1024, s, 4, &n, &it) == 0 && n == 0);
	CHECK(read_all(zeros, 512, s, 4, &n, &it) == 0 && n == 0);
	CHECK(read_all(zeros, 600, s, 4, &n, &it) == -EINVAL);
	CHECK(strcmp(tar_error(&it), "truncated archive: 88 bytes at offset 512 are less than a header") == 0);

	ar_file(&a, "f", "f");
	body = a.len;
	/* No end marker at all. */
	CHECK(read_all(a.buf, body, s, 4, &n, &it) == 0 && n == 1);
	/* One zero block at the very end. */
	ar_put(&a, zeros, 512);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0 && n == 1);
	/* Anything after the two zero blocks (record padding) is ignored. */
	ar_put(&a, zeros, 512);
	ar_put(&a, "garbage after the end", 21);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == 0 && n == 1);
	/* A lone zero block followed by another header is an error. */
	a.len = body + 512;
	ar_file(&a, "g", "g");
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL && n == 1);
	CHECK(strcmp(tar_error(&it), "lone zero block at offset 1024 followed by more data") == 0);
	/* A partial block after the last entry. */
	a.len = body;
	ar_put(&a, "x", 1);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL && n == 1);
	CHECK(strcmp(tar_error(&it), "truncated archive: 1 bytes at offset 1024 are less than a header") == 0);
	ar_free(&a);
}

static void test_extended_header_at_end(void)
{
	struct ar a = {0};
	struct seen_entry s[4];
	struct tar_iter it;
	size_t n;

	ar_file(&a, "f", "f");
	ar_pax_path(&a, "name/for/nothing");
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL);
	CHECK(n == 1 && strstr(tar_error(&it), "extended header") != NULL);
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 4, &n, &it) == -EINVAL);
	ar_free(&a);
}

static void test_name_too_long(void)
{
	struct ar a = {0};
	struct seen_entry s[2];
	struct tar_iter it;
	char path[TAR_NAME_MAX + 10];
	size_t n;

	repeat_path(path, TAR_NAME_MAX - 1);
	ar_pax_path(&a, path);
	ar_file(&a, "x", "x");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == 0);
	CHECK(n == 1 && strlen(s[0].name) == TAR_NAME_MAX - 1);
	ar_free(&a);

	repeat_path(path, TAR_NAME_MAX);
	ar_long_name(&a, path);
	ar_file(&a, "x", "x");
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == -E2BIG);
	CHECK(strcmp(tar_error(&it), "path too long in entry at offset 2048") == 0);
	ar_free(&a);
}

static void test_base256_size(void)
{
	struct ar a = {0};
	struct seen_entry s[2];
	struct tar_iter it;
	uint8_t h[512], data[700];
	size_t n;

	memset(data, 'd', sizeof data);
	make_header(h, "b256", NULL, 0, '0', GNU);
	memset(h + 124, 0, 12);
	h[124] = 0x80;
	h[134] = 700 >> 8;
	h[135] = 700 & 0xff;
	set_checksum(h);
	ar_put(&a, h, 512);
	ar_put(&a, data, sizeof data);
	ar_pad(&a);
	ar_end(&a);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == 0);
	CHECK(n == 1 && s[0].size == 700);
	/* Negative base-256 is refused. */
	a.buf[124] = 0xff;
	set_checksum(a.buf);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == -EINVAL);
	CHECK(strcmp(tar_error(&it), "bad size field in header at offset 0") == 0);
	ar_free(&a);
}

static void test_bad_size_field(void)
{
	struct ar a = {0};
	struct seen_entry s[2];
	struct tar_iter it;
	size_t n;

	ar_file(&a, "f", "f");
	ar_end(&a);
	memcpy(a.buf + 124, "0000000001x", 11);
	set_checksum(a.buf);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == -EINVAL);
	CHECK(strcmp(tar_error(&it), "bad size field in header at offset 0") == 0);
	/* Huge octal: more than the archive holds. */
	memcpy(a.buf + 124, "77777777777", 11);
	set_checksum(a.buf);
	CHECK(read_all(a.buf, a.len, s, 2, &n, &it) == -EINVAL);
	CHECK(strstr(tar_error(&it), "promises 8589934591 bytes") != NULL);
	ar_free(&a);
}

/* An archive with every feature, for the truncation and corruption runs. */
static void build_rich(struct ar *a, struct seen_entry *want, size_t *nwant)
{
	static char path[400], data[3000], longname[300];
	char recs[1024];
	size_t off = 0;

	repeat_path(path, 333);
	repeat_path(longname, 222);
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)('A' + i % 50);
	data[sizeof data - 1] = '\0';
	ar_dir(a, "./");
	ar_dir(a, "./app/");
	ar_file(a, "./app/main.js", "import './lib.js';\n");
	ar_entry(a, "lib.js", "app", data, 1234, '0', USTAR);
	off += pax_record(recs + off, "path", path);
	off += pax_record(recs + off, "size", "2999");
	ar_pax(a, 'x', recs);
	ar_entry(a, "pax", NULL, data, 2999, '0', USTAR);
	ar_long_name(a, longname);
	ar_entry(a, "gnu", NULL, data, 513, '0', GNU);
	ar_entry(a, "symlink", NULL, "", 0, '2', USTAR);
	ar_file(a, "empty", "");
	ar_file(a, "last.js", "last");
	ar_end(a);

	*nwant = 0;
	strcpy(want[(*nwant)++].name, "app");
	strcpy(want[(*nwant)++].name, "app/main.js");
	strcpy(want[(*nwant)++].name, "app/lib.js");
	strcpy(want[(*nwant)++].name, path);
	strcpy(want[(*nwant)++].name, longname);
	strcpy(want[(*nwant)++].name, "empty");
	strcpy(want[(*nwant)++].name, "last.js");
}

static void test_rich_archive(void)
{
	struct ar a = {0};
	static struct seen_entry want[8], got[8];
	struct tar_iter it;
	size_t nwant, n;

	build_rich(&a, want, &nwant);
	CHECK(read_all(a.buf, a.len, got, 8, &n, &it) == 0);
	REQUIRE(n == nwant);
	for (size_t i = 0; i < n; i++)
		CHECK(strcmp(got[i].name, want[i].name) == 0);
	CHECK(got[2].size == 1234 && got[3].size == 2999 && got[4].size == 513);
	ar_free(&a);
}

/* Cut anywhere: an error, or (only at a block boundary) a clean prefix. */
static void test_truncated_at_every_offset(void)
{
	struct ar a = {0};
	static struct seen_entry full[8], got[8];
	struct tar_iter it;
	struct tar_entry e;
	size_t nfull, n, errors = 0, clean = 0;

	build_rich(&a, full, &nfull);
	REQUIRE(read_all(a.buf, a.len, full, 8, &nfull, &it) == 0);
	for (size_t len = 0; len < a.len; len++) {
		uint8_t *cut = copy(a.buf, len); /* exact size: ASan sees overreads */
		int r = read_all(cut, len, got, 8, &n, &it);

		CHECK(r == 0 || r == -EINVAL);
		CHECK(n <= nfull);
		for (size_t i = 0; i < n && i < nfull; i++) {
			CHECK(strcmp(got[i].name, full[i].name) == 0);
			CHECK(got[i].size == full[i].size);
			CHECK(memcmp(got[i].data, full[i].data, got[i].size) == 0);
		}
		if (r == 0) {
			clean++;
			CHECK(len % 512 == 0);
		} else {
			errors++;
			CHECK(strncmp(tar_error(&it), "truncated archive", 17) == 0 ||
			      (len == 0 && strcmp(tar_error(&it), "not a tar archive") == 0));
		}
		/* The last entry is found whenever it was read whole. */
		if (r == 0)
			CHECK(tar_find(cut, len, "last.js", &e) == (n == nfull));
		else
			CHECK(tar_find(cut, len, "last.js", &e) == (n == nfull ? 1 : -EINVAL));
		free(cut);
		if (check_failed()) {
			fprintf(stderr, "(at length %zu: %s)\n", len, tar_error(&it));
			break;
		}
	}
	CHECK(clean >= nfull);
	ar_free(&a);
}

static void test_random_corruption(void)
{
	struct ar a = {0};
	static struct seen_entry full[8], got[8];
	struct tar_iter it;
	struct tar_entry e;
	uint64_t x = 88172645463325252ull;
	size_t nfull, n, errors = 0;

	build_rich(&a, full, &nfull);
	for (int round = 0; round < 20000; round++) {
		uint8_t *c = copy(a.buf, a.len);
		int flips = 1 + round % 4, r;

		for (int f = 0; f < flips; f++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* Mostly hit headers, where the interesting fields are. */
			size_t pos = (x >> 16) % a.len;
			if (round % 2)
				pos = pos / 512 * 512 + (x >> 40) % 160 + (round % 3 ? 100 : 0);
			if (pos < a.len)
				c[pos] = (uint8_t)x;
		}
		/* Keep some corrupted headers' checksums valid, so the parsing
		 * behind the checksum is exercised too. */
		if (round % 5 == 0) {
			for (size_t off = 0; off + 512 <= a.len; off += 512)
				if (memcmp(c + off + 257, "ustar", 5) == 0)
					set_checksum(c + off);
		}
		r = read_all(c, a.len, got, 8, &n, &it);
		CHECK(r == 0 || r == -EINVAL || r == -E2BIG);
		for (size_t i = 0; i < n && i < 8; i++)
			CHECK(got[i].data >= c && got[i].data + got[i].size <= c + a.len);
		if (r < 0) {
			errors++;
			CHECK(strlen(tar_error(&it)) > 0 && strcmp(tar_error(&it), "no error") != 0);
		}
		r = tar_find(c, a.len, full[nfull - 1].name, &e);
		CHECK(r <= 1 && (r != 1 || (e.data >= c && e.data + e.size <= c + a.len)));
		free(c);
		if (check_failed())
			break;
	}
	CHECK(errors > 1000);
	ar_free(&a);
}

static const struct check_test tests[] = {
	{"basic_ustar", test_basic_ustar},
	{"dot_slash_is_the_same_path", test_dot_slash_is_the_same_path},
	{"ustar_prefix", test_ustar_prefix},
	{"full_length_name_and_prefix", test_full_length_name_and_prefix},
	{"gnu_header_has_no_prefix", test_gnu_header_has_no_prefix},
	{"pax_path", test_pax_path},
	{"pax_global_header_ignored", test_pax_global_header_ignored},
	{"pax_size_overrides_header", test_pax_size_overrides_header},
	{"pax_empty_value_cancels", test_pax_empty_value_cancels},
	{"bad_pax_records", test_bad_pax_records},
	{"pax_record_past_header_size", test_pax_record_past_header_size},
	{"gnu_long_name", test_gnu_long_name},
	{"other_types_skipped", test_other_types_skipped},
	{"bad_checksum", test_bad_checksum},
	{"signed_checksum_accepted", test_signed_checksum_accepted},
	{"not_a_tar_archive", test_not_a_tar_archive},
	{"bad_magic_later", test_bad_magic_later},
	{"truncation_message", test_truncation_message},
	{"missing_padding", test_missing_padding},
	{"end_markers", test_end_markers},
	{"extended_header_at_end", test_extended_header_at_end},
	{"name_too_long", test_name_too_long},
	{"base256_size", test_base256_size},
	{"bad_size_field", test_bad_size_field},
	{"rich_archive", test_rich_archive},
	{"truncated_at_every_offset", test_truncated_at_every_offset},
	{"random_corruption", test_random_corruption},
};

CHECK_MAIN(tests)
