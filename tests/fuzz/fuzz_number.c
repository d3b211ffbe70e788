// SPDX-License-Identifier: GPL-2.0-only
/*
 * Number parsing: parse_u64/parse_u32 (ids, addresses, lengths), parse_size
 * (k/M/G suffixes), parse_reg (register values), bdf_parse (PCI addresses)
 * and host_parse_release, on the input as one word (up to the first NUL).
 *
 * Each result is compared with a reference written here from the documented
 * grammar (cmd.h, kwargs.h, sysfs.h), with 128-bit arithmetic for overflow;
 * a success must print back and parse to the same value; a failure must be
 * reported in a message that names the argument, a success must print none.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "fuzz.h"
#include "host.h"
#include "kwargs.h"
#include "sysfs.h"

typedef unsigned __int128 u128;

static int digit(char c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0' :
		c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < base ? d : -1;
}

/* Digits of base from s to the end, no sign, no blanks: 1 if fine and
 * (saturated at 2^65) value in *v, 0 if anything else is there. */
static int ref_digits(const char *s, int base, u128 *v)
{
	u128 x = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		int d = digit(*s, base);

		if (d < 0)
			return 0;
		x = x * (unsigned)base + (unsigned)d;
		if (x > ((u128)1 << 65))
			x = (u128)1 << 65;
	}
	*v = x;
	return 1;
}

/* cmd.h: decimal or 0x-hex, no sign, no garbage, at most max. */
static int ref_u64(const char *s, uint64_t max, uint64_t *out)
{
	u128 v;
	int ok = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? ref_digits(s + 2, 16, &v)
							       : ref_digits(s, 10, &v);

	if (!ok || v > max)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* kwargs.h: a number with an optional k/K, m/M, g/G suffix (binary units). */
static int ref_size(const char *s, uint64_t *out)
{
	size_t n = strlen(s);
	unsigned shift = 0;
	char *num;
	uint64_t v;
	int rc;

	if (n && strchr("kK", s[n - 1]))
		shift = 10;
	else if (n && strchr("mM", s[n - 1]))
		shift = 20;
	else if (n && strchr("gG", s[n - 1]))
		shift = 30;
	if (!shift)
		return ref_u64(s, UINT64_MAX, out);
	num = strndup(s, n - 1);
	if (!num)
		abort();
	rc = ref_u64(num, UINT64_MAX >> shift, &v);
	free(num);
	if (rc)
		return -1;
	*out = v << shift;
	return 0;
}

/* cmd.h: always hexadecimal, "0x" optional, below 2^bits. */
static int ref_reg(const char *s, unsigned bits, uint64_t *out)
{
	const char *p = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? s + 2 : s;
	u128 v;

	if (!ref_digits(p, 16, &v) || (bits < 64 && v >> bits) || v > UINT64_MAX)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

struct ctx {
	const char *s;
	int rc_u64, rc_max, rc_u32, rc_size, rc_reg64, rc_reg32, rc_reg20;
};

static void parse_all(void *p)
{
	struct ctx *c = p;
	uint64_t v, r;
	uint32_t v32;
	char buf[64];

	if (!(c->rc_u64 = parse_u64("arg-u64", c->s, UINT64_MAX, &v))) {
		FUZZ_CHECK(ref_u64(c->s, UINT64_MAX, &r) == 0 && r == v);
		snprintf(buf, sizeof(buf), "%" PRIu64, v);
		FUZZ_CHECK(parse_u64("again", buf, UINT64_MAX, &r) == 0 && r == v);
		snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
		FUZZ_CHECK(parse_u64("again", buf, UINT64_MAX, &r) == 0 && r == v);
	} else {
		FUZZ_CHECK_MSG(ref_u64(c->s, UINT64_MAX, &r) != 0, c->s);
	}
	if (!(c->rc_max = parse_u64("arg-pasid", c->s, 0xfffff, &v)))
		FUZZ_CHECK(ref_u64(c->s, 0xfffff, &r) == 0 && r == v);
	else
		FUZZ_CHECK_MSG(ref_u64(c->s, 0xfffff, &r) != 0, c->s);
	if (!(c->rc_u32 = parse_u32("arg-u32", c->s, &v32)))
		FUZZ_CHECK(ref_u64(c->s, UINT32_MAX, &r) == 0 && r == v32);
	else
		FUZZ_CHECK_MSG(ref_u64(c->s, UINT32_MAX, &r) != 0, c->s);

	if (!(c->rc_size = parse_size("arg-size", c->s, &v)))
		FUZZ_CHECK(ref_size(c->s, &r) == 0 && r == v);
	else
		FUZZ_CHECK_MSG(ref_size(c->s, &r) != 0, c->s);

	if (!(c->rc_reg64 = parse_reg("arg-reg64", c->s, 64, &v))) {
		FUZZ_CHECK(ref_reg(c->s, 64, &r) == 0 && r == v);
		snprintf(buf, sizeof(buf), "%" PRIx64, v);
		FUZZ_CHECK(parse_reg("again", buf, 64, &r) == 0 && r == v);
	} else {
		FUZZ_CHECK_MSG(ref_reg(c->s, 64, &r) != 0, c->s);
	}
	if (!(c->rc_reg32 = parse_reg("arg-reg32", c->s, 32, &v)))
		FUZZ_CHECK(ref_reg(c->s, 32, &r) == 0 && r == v && v <= UINT32_MAX);
	else
		FUZZ_CHECK_MSG(ref_reg(c->s, 32, &r) != 0, c->s);
	if (!(c->rc_reg20 = parse_reg("arg-reg20", c->s, 20, &v)))
		FUZZ_CHECK(ref_reg(c->s, 20, &r) == 0 && r == v && v < (1u << 20));
	else
		FUZZ_CHECK_MSG(ref_reg(c->s, 20, &r) != 0, c->s);
}

/* A failure is a usage error whose message names the argument; a success
 * prints nothing. */
static void check_reported(const struct fuzz_run *r, int rc, const char *what)
{
	char tag[64];

	snprintf(tag, sizeof(tag), "\niommuctl: usage: %s: ", what);
	FUZZ_CHECK(rc == 0 || rc == EXIT_USAGE);
	/* after a newline: at the start of a line, not quoted from the input */
	FUZZ_CHECK_MSG((strstr(r->err, tag) != NULL || !strncmp(r->err, tag + 1, strlen(tag + 1))) ==
		       (rc != 0), r->err);
}

static void check_bdf(const char *s)
{
	char out[32], again[32];
	int r = bdf_parse(s, out, sizeof(out));
	unsigned bus, dev, fn;

	if (r)
		return;
	/* DDDD:BB:DD.F with a 4 to 8 digit domain, lower case, and stable */
	FUZZ_CHECK(strlen(out) >= 12 && strlen(out) <= 16);
	FUZZ_CHECK(strspn(out, "0123456789abcdef:.") == strlen(out));
	FUZZ_CHECK(sscanf(out + strlen(out) - 7, "%2x:%2x.%1u", &bus, &dev, &fn) == 3);
	FUZZ_CHECK(dev <= 0x1f && fn <= 7);
	FUZZ_CHECK(bdf_parse(out, again, sizeof(again)) == 0 && !strcmp(out, again));
	FUZZ_CHECK(bdf_parse(s, out, 8) == -ENAMETOOLONG);
}

void fuzz_number(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct ctx c = { .s = s };
	struct fuzz_run r;
	int major, minor;

	fuzz_print(false, parse_all, &c, &r);
	check_reported(&r, c.rc_u64, "arg-u64");
	check_reported(&r, c.rc_max, "arg-pasid");
	check_reported(&r, c.rc_u32, "arg-u32");
	check_reported(&r, c.rc_size, "arg-size");
	check_reported(&r, c.rc_reg64, "arg-reg64");
	check_reported(&r, c.rc_reg32, "arg-reg32");
	check_reported(&r, c.rc_reg20, "arg-reg20");
	FUZZ_CHECK(r.out_len == 0);
	fuzz_run_free(&r);

	check_bdf(s);
	if (host_parse_release(s, &major, &minor) == 0)
		FUZZ_CHECK(major >= 0 && major <= 1000 && minor >= 0 && minor <= 1000);
	else
		FUZZ_CHECK(major == 0 && minor == 0);
	free(s);
}
