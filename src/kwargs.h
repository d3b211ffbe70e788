/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Keyword arguments ("iova 0x1000 length 4096 readonly name m0"): one parser
 * for every command, so that every command rejects unknown, repeated and
 * malformed keywords with the same message and exit code.
 */
#ifndef IOMMUCTL_KWARGS_H
#define IOMMUCTL_KWARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kw_type {
	KW_FLAG,	/* present or not: bool */
	KW_U64,		/* number up to max: uint64_t */
	KW_U32,		/* number up to max (or UINT32_MAX): uint32_t */
	KW_STR,		/* any word: const char * */
	KW_OBJ,		/* name or id of a session object of kinds: uint32_t */
	KW_NAME,	/* a new object's name: checked for syntax and reuse */
	KW_SIZE,	/* number with optional k/M/G suffix: uint64_t */
};

struct kwarg {
	const char *name;
	enum kw_type type;
	void *dst;
	uint64_t max;		/* numbers: 0 means the type's maximum */
	unsigned kinds;		/* KW_OBJ */
	bool seen;		/* set by the parser */
};

#define KW(n, t, d) { .name = (n), .type = (t), .dst = (d) }
#define KW_MAX(n, t, d, m) { .name = (n), .type = (t), .dst = (d), .max = (m) }
#define KW_KIND(n, d, k) { .name = (n), .type = KW_OBJ, .dst = (d), .kinds = (k) }

/* Parse argv as keywords of kws[0..n). Returns 0 or EXIT_USAGE (reported). */
int parse_kwargs(const char *ctx, int argc, char **argv, struct kwarg *kws, size_t n);
/* Require a keyword; EXIT_USAGE if it was not given. */
int kw_require(const char *ctx, const struct kwarg *kws, size_t n, const char *name);
bool kw_seen(const struct kwarg *kws, size_t n, const char *name);

/* "4096", "0x1000", "4k", "2M", "1G" (binary units). */
int parse_size(const char *what, const char *s, uint64_t *out);

#endif
