// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "kwargs.h"
#include "session.h"

int parse_size(const char *what, const char *s, uint64_t *out)
{
	size_t n = s ? strlen(s) : 0, digits;
	unsigned shift = 0;
	const char *p = s;
	uint64_t v = 0;
	unsigned base = 10;

	if (!n)
		return err_usage("%s: empty value; expected a size", what);
	if (*s == '-' || *s == '+')
		return err_usage("%s: '%s' is not an unsigned number", what, err_arg(s));
	switch (s[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	/* k, M, G are not hex digits, so "0x10M" is unambiguous */
	digits = n - (shift ? 1 : 0);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		digits -= 2;
	}
	for (size_t i = 0; i < digits; i++)
		if (base == 16 ? !isxdigit((unsigned char)p[i]) : !isdigit((unsigned char)p[i]))
			digits = 0;
	if (!digits)
		return err_usage("%s: '%s' is not a size (a number with an optional k, M or G "
				 "suffix)", what, err_arg(s));
	for (size_t i = 0; i < digits; i++) {
		unsigned d = isdigit((unsigned char)p[i]) ? (unsigned)(p[i] - '0')
			     : (unsigned)(tolower((unsigned char)p[i]) - 'a' + 10);

		if (v > (UINT64_MAX - d) / base)
			goto range;
		v = v * base + d;
	}
	if (v > UINT64_MAX >> shift)
		goto range;
	*out = v << shift;
	return 0;
range:
	return err_usage(n > 64 ? "%s: '%s' is out of range (maximum %llu)"
				: "%s: %s is out of range (maximum %llu)",
			 what, err_arg(s), (unsigned long long)UINT64_MAX);
}

static struct kwarg *find_kw(struct kwarg *kws, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kws[i].name, name))
			return &kws[i];
	return NULL;
}

static int unknown(const char *ctx, const char *got, const struct kwarg *kws, size_t n)
{
	const char *names[64];
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < sizeof(names) / sizeof(names[0]); i++)
		names[k++] = kws[i].name;
	names[k] = NULL;
	return err_keyword(ctx, got, names);
}

int parse_kwargs(const char *ctx, int argc, char **argv, struct kwarg *kws, size_t n)
{
	for (int i = 0; i < argc; i++) {
		struct kwarg *k = find_kw(kws, n, argv[i]);
		char what[96];
		uint64_t v;
		int rc;

		if (!k)
			return unknown(ctx, argv[i], kws, n);
		if (k->seen)
			return err_usage("%s: keyword '%s' given twice", ctx, k->name);
		k->seen = true;
		if (k->type == KW_FLAG) {
			*(bool *)k->dst = true;
			continue;
		}
		if (i + 1 >= argc)
			return err_usage("%s: keyword '%s' needs a value", ctx, k->name);
		snprintf(what, sizeof(what), "%s: %s", ctx, k->name);
		const char *val = argv[++i];

		switch (k->type) {
		case KW_U64:
			rc = parse_u64(what, val, k->max ? k->max : UINT64_MAX, &v);
			if (rc)
				return rc;
			*(uint64_t *)k->dst = v;
			break;
		case KW_SIZE:
			rc = parse_size(what, val, &v);
			if (rc)
				return rc;
			if (k->max && v > k->max)
				return err_usage("%s: %s is out of range (maximum %llu)", what, err_arg(val),
						 (unsigned long long)k->max);
			*(uint64_t *)k->dst = v;
			break;
		case KW_U32:
			rc = parse_u64(what, val, k->max ? k->max : UINT32_MAX, &v);
			if (rc)
				return rc;
			*(uint32_t *)k->dst = (uint32_t)v;
			break;
		case KW_STR:
			*(const char **)k->dst = val;
			break;
		case KW_OBJ: {
			struct sobj *o;

			rc = session_resolve(val, k->kinds ? k->kinds : SOBJ_ANY, what,
					     (uint32_t *)k->dst, &o);
			if (rc)
				return rc;
			break;
		}
		case KW_NAME:
			rc = session_check_name(ctx, val);
			if (rc)
				return rc;
			*(const char **)k->dst = val;
			break;
		case KW_FLAG:
			break;
		}
	}
	return 0;
}

bool kw_seen(const struct kwarg *kws, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kws[i].name, name))
			return kws[i].seen;
	return false;
}

int kw_require(const char *ctx, const struct kwarg *kws, size_t n, const char *name)
{
	if (kw_seen(kws, n, name))
		return 0;
	return err_usage("%s: missing keyword '%s'", ctx, name);
}
