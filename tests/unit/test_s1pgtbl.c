// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-1 page tables, VT-d first-stage mostly: exact entry values in the region, index math
 * at the level boundaries of 4- and 5-level tables, leaf size selection,
 * refusals that leave the region untouched, unmap with splits and freeing,
 * translate against walk, printing, and a seeded random run against a
 * reference model; then the AArch64 format's entries, blocks and splits.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json.h>

#include "output.h"
#include "s1pgtbl.h"

#define K4 0x1000ULL
#define M2 0x200000ULL
#define G1 0x40000000ULL
#define BASE 0x80000000ULL	/* where the tests say the region is in the parent */
#define NONLEAF 0x27ULL		/* P | RW | US | A */
#define LEAF_RW 0x67ULL		/* P | RW | US | A | D */
#define LEAF_RO 0x25ULL		/* P | US | A */

/* ---- helpers ---------------------------------------------------------------- */

struct region {
	struct s1pt pt;
	void *mem;
	char err[256];
};

static void setup(struct region *r, size_t pages, unsigned width)
{
	r->mem = aligned_alloc(4096, pages * 4096);
	assert_non_null(r->mem);
	memset(r->mem, 0xa5, pages * 4096);	/* init must clear it */
	r->err[0] = '\0';
	if (s1pt_init(&r->pt, r->mem, pages * 4096, BASE, width, r->err, sizeof(r->err)))
		fail_msg("init: %s", r->err);
}

static void teardown(struct region *r)
{
	s1pt_fini(&r->pt);
	free(r->mem);
}

/* Entry i of the table in region page p. */
static uint64_t ent(const struct region *r, size_t page, unsigned i)
{
	return r->pt.mem[page * 512 + i];
}

static void map_ok(struct region *r, uint64_t iova, uint64_t gpa, uint64_t len, bool w)
{
	int rc = s1pt_map(&r->pt, iova, gpa, len, w, r->err, sizeof(r->err));

	if (rc)
		fail_msg("map 0x%" PRIx64 "+0x%" PRIx64 ": %d %s", iova, len, rc, r->err);
}

static uint64_t unmap_ok(struct region *r, uint64_t iova, uint64_t len)
{
	uint64_t done = ~0ULL;
	int rc = s1pt_unmap(&r->pt, iova, len, &done, r->err, sizeof(r->err));

	if (rc)
		fail_msg("unmap 0x%" PRIx64 "+0x%" PRIx64 ": %d %s", iova, len, rc, r->err);
	return done;
}

static void expect_err(const char *err, const char *want)
{
	if (!strstr(err, want))
		fail_msg("expected \"%s\" in \"%s\"", want, err);
}

struct leaf {
	uint64_t iova, gpa, len;
	bool w;
	unsigned level;
};

struct leaves {
	struct leaf *v;
	size_t n, cap;
};

static void collect(void *ctx, uint64_t iova, uint64_t gpa, uint64_t len, bool w, unsigned level)
{
	struct leaves *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		assert_non_null(l->v);
	}
	l->v[l->n++] = (struct leaf){ iova, gpa, len, w, level };
}

static struct leaves walk(const struct region *r)
{
	struct leaves l = { 0 };
	size_t count = s1pt_walk(&r->pt, collect, &l);

	assert_int_equal(count, l.n);
	assert_int_equal(count, r->pt.leaves);
	for (size_t i = 1; i < l.n; i++)	/* IOVA order, no overlap */
		assert_true(l.v[i - 1].iova + l.v[i - 1].len <= l.v[i].iova);
	return l;
}

/*
 * The structural invariants, from the raw region: the pages reachable from
 * the root are exactly the ones the bitmap holds, every one but the root has
 * a present entry, free pages are zero, and the counters agree.
 */
static size_t reach(const struct region *r, size_t page, unsigned level, bool *seen)
{
	size_t n = 0;

	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = ent(r, page, i), a = e & S1PT_ADDR_4K;

		if (!(e & S1PT_P) || level == 1 || (e & S1PT_PS))
			continue;
		assert_true(a >= BASE && a < BASE + r->pt.size);
		assert_int_equal(e & ~S1PT_ADDR_4K, NONLEAF);
		size_t c = (size_t)((a - BASE) / 4096);

		assert_false(seen[c]);
		seen[c] = true;
		n += 1 + reach(r, c, level - 1, seen);
	}
	return n;
}

static void invariants(const struct region *r)
{
	size_t np = r->pt.npages, used = 0;
	bool *seen = calloc(np, sizeof(bool));

	assert_non_null(seen);
	seen[0] = true;
	assert_int_equal(1 + reach(r, 0, r->pt.levels, seen), r->pt.pages_used);
	for (size_t p = 0; p < np; p++) {
		bool bit = r->pt.bitmap[p / 64] >> (p % 64) & 1;
		bool present = false, zero = true;

		used += bit;
		assert_int_equal(bit, seen[p]);
		for (unsigned i = 0; i < 512; i++) {
			present |= ent(r, p, i) & S1PT_P;
			zero &= !ent(r, p, i);
		}
		if (!bit)
			assert_true(zero);
		else if (p)
			assert_true(present);
	}
	assert_int_equal(used, r->pt.pages_used);
	free(seen);
}

/* A snapshot, to prove that a refused operation changed nothing. */
struct snap {
	void *mem;
	struct s1pt pt;
	uint64_t bitmap[64];
};

static void take(struct snap *s, const struct region *r)
{
	s->mem = malloc(r->pt.size);
	assert_non_null(s->mem);
	memcpy(s->mem, r->pt.mem, r->pt.size);
	s->pt = r->pt;
	assert_true((r->pt.npages + 63) / 64 <= 64);
	memcpy(s->bitmap, r->pt.bitmap, (r->pt.npages + 63) / 64 * 8);
}

static void unchanged(struct snap *s, const struct region *r)
{
	assert_memory_equal(s->mem, r->pt.mem, r->pt.size);
	assert_memory_equal(s->bitmap, r->pt.bitmap, (r->pt.npages + 63) / 64 * 8);
	assert_int_equal(s->pt.pages_used, r->pt.pages_used);
	assert_int_equal(s->pt.leaves, r->pt.leaves);
	assert_int_equal(s->pt.mapped, r->pt.mapped);
	free(s->mem);
	s->mem = NULL;
}

static void translates(const struct region *r, uint64_t iova, uint64_t want, bool want_w)
{
	uint64_t gpa = 0;
	bool w = !want_w;
	int rc = s1pt_translate(&r->pt, iova, &gpa, &w);

	if (rc)
		fail_msg("translate 0x%" PRIx64 ": %d", iova, rc);
	if (gpa != want)
		fail_msg("translate 0x%" PRIx64 ": 0x%" PRIx64 ", expected 0x%" PRIx64, iova, gpa,
			 want);
	assert_int_equal(w, want_w);
}

static void unmapped_at(const struct region *r, uint64_t iova)
{
	int rc = s1pt_translate(&r->pt, iova, NULL, NULL);

	if (rc != -ENOENT)
		fail_msg("translate 0x%" PRIx64 ": %d, expected -ENOENT", iova, rc);
}

/* ---- init ---------------------------------------------------------------------- */

static void test_init(void **state)
{
	struct region r;
	struct s1pt pt;
	char err[256];
	static uint64_t buf[1024] __attribute__((aligned(4096)));

	(void)state;
	setup(&r, 4, 48);
	assert_int_equal(r.pt.levels, 4);
	assert_int_equal(r.pt.addr_width, 48);
	assert_int_equal(r.pt.npages, 4);
	assert_int_equal(r.pt.pages_used, 1);
	assert_int_equal(r.pt.leaves, 0);
	assert_false(r.pt.allow_1g);
	assert_int_equal(s1pt_root_gpa(&r.pt), BASE);
	for (size_t i = 0; i < 4 * 512; i++)
		assert_int_equal(r.pt.mem[i], 0);
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 0);
	unmapped_at(&r, 0);
	invariants(&r);
	teardown(&r);

	setup(&r, 1, 57);
	assert_int_equal(r.pt.levels, 5);
	assert_int_equal(r.pt.addr_width, 57);
	teardown(&r);

	assert_int_equal(s1pt_init(&pt, buf, sizeof(buf), BASE, 39, err, sizeof(err)), -EINVAL);
	expect_err(err, "address width 39");
	assert_int_equal(s1pt_init(&pt, buf, sizeof(buf), BASE, 0, err, sizeof(err)), -EINVAL);
	assert_int_equal(s1pt_init(&pt, buf, 0, BASE, 48, err, sizeof(err)), -EINVAL);
	expect_err(err, "size 0");
	assert_int_equal(s1pt_init(&pt, buf, 6000, BASE, 48, err, sizeof(err)), -EINVAL);
	expect_err(err, "multiple of 4096");
	assert_int_equal(s1pt_init(&pt, buf, 4096, BASE + 8, 48, err, sizeof(err)), -EINVAL);
	expect_err(err, "not 4 KiB aligned");
	assert_int_equal(s1pt_init(&pt, buf, 4096, 1ULL << 52, 48, err, sizeof(err)), -ERANGE);
	assert_int_equal(s1pt_init(&pt, buf, 8192, (1ULL << 52) - 4096, 48, err, sizeof(err)),
			 -ERANGE);
	expect_err(err, "52 address bits");
	assert_int_equal(s1pt_init(&pt, NULL, 4096, BASE, 48, err, sizeof(err)), -EINVAL);
	/* err may be NULL */
	assert_int_equal(s1pt_init(&pt, buf, 0, BASE, 48, NULL, 0), -EINVAL);
	/* the last page below 2^52 is fine */
	assert_int_equal(s1pt_init(&pt, buf, 4096, (1ULL << 52) - 4096, 48, err, sizeof(err)), 0);
	assert_int_equal(s1pt_root_gpa(&pt), (1ULL << 52) - 4096);
	s1pt_fini(&pt);
}

/* ---- exact entries --------------------------------------------------------------- */

static void test_map_4k_entries(void **state)
{
	struct region r;

	(void)state;
	setup(&r, 8, 48);
	map_ok(&r, 0x1000, 0x40000000, K4, true);
	/* first fit: level 3 = page 1, level 2 = page 2, level 1 = page 3 */
	assert_int_equal(r.pt.pages_used, 4);
	assert_int_equal(ent(&r, 0, 0), (BASE + 0x1000) | NONLEAF);
	assert_int_equal(ent(&r, 0, 0), 0x80001027ULL);
	assert_int_equal(ent(&r, 1, 0), 0x80002027ULL);
	assert_int_equal(ent(&r, 2, 0), 0x80003027ULL);
	assert_int_equal(ent(&r, 3, 1), 0x40000067ULL);
	assert_int_equal(ent(&r, 3, 0), 0);
	assert_int_equal(ent(&r, 3, 2), 0);
	/* nothing else anywhere */
	for (size_t i = 0; i < 8 * 512; i++) {
		if (i == 0 || i == 512 || i == 1024 || i == 3 * 512 + 1)
			continue;
		assert_int_equal(r.pt.mem[i], 0);
	}
	/* read-only next to it: same tables, no RW, no D */
	map_ok(&r, 0x2000, 0x123456000ULL, K4, false);
	assert_int_equal(r.pt.pages_used, 4);
	assert_int_equal(ent(&r, 3, 2), 0x123456000ULL | LEAF_RO);
	assert_int_equal(ent(&r, 3, 2), 0x123456025ULL);
	/* a GPA with bit 51 set is still an address */
	map_ok(&r, 0x3000, (1ULL << 51) | 0x7000, K4, true);
	assert_int_equal(ent(&r, 3, 3), 0x0008000000007067ULL);
	translates(&r, 0x3abc, (1ULL << 51) | 0x7abc, true);
	translates(&r, 0x1fff, 0x40000fff, true);
	translates(&r, 0x2010, 0x123456010ULL, false);
	unmapped_at(&r, 0x0);
	unmapped_at(&r, 0x4000);
	assert_int_equal(r.pt.mapped, 3 * K4);
	invariants(&r);
	teardown(&r);
}

/* 4-level indices: L4 47:39, L3 38:30, L2 29:21, L1 20:12. */
static void test_index_math_4level(void **state)
{
	struct region r;
	const uint64_t top = (1ULL << 48) - K4;

	(void)state;
	setup(&r, 32, 48);
	map_ok(&r, top, 0x5000, K4, true);
	assert_int_equal(ent(&r, 0, 511), (BASE + 0x1000) | NONLEAF);
	assert_int_equal(ent(&r, 1, 511), (BASE + 0x2000) | NONLEAF);
	assert_int_equal(ent(&r, 2, 511), (BASE + 0x3000) | NONLEAF);
	assert_int_equal(ent(&r, 3, 511), 0x5000 | LEAF_RW);
	translates(&r, top + 0xfff, 0x5fff, true);

	/* both sides of each boundary: a new table on the far side */
	map_ok(&r, (1ULL << 39) - K4, 0x10000, 2 * K4, true);	/* L4 index 0 | 1 */
	assert_int_equal(ent(&r, 0, 0), (BASE + 0x4000) | NONLEAF);
	assert_int_equal(ent(&r, 4, 511), (BASE + 0x5000) | NONLEAF);
	assert_int_equal(ent(&r, 5, 511), (BASE + 0x6000) | NONLEAF);
	assert_int_equal(ent(&r, 6, 511), 0x10000 | LEAF_RW);
	assert_int_equal(ent(&r, 0, 1), (BASE + 0x7000) | NONLEAF);
	assert_int_equal(ent(&r, 7, 0), (BASE + 0x8000) | NONLEAF);
	assert_int_equal(ent(&r, 8, 0), (BASE + 0x9000) | NONLEAF);
	assert_int_equal(ent(&r, 9, 0), 0x11000 | LEAF_RW);
	assert_int_equal(r.pt.pages_used, 10);

	map_ok(&r, G1 - K4, 0x20000, 2 * K4, false);	/* L3 index 0 | 1 */
	assert_int_equal(ent(&r, 4, 0), (BASE + 0xa000) | NONLEAF);
	assert_int_equal(ent(&r, 10, 511), (BASE + 0xb000) | NONLEAF);
	assert_int_equal(ent(&r, 11, 511), 0x20000 | LEAF_RO);
	assert_int_equal(ent(&r, 4, 1), (BASE + 0xc000) | NONLEAF);
	assert_int_equal(ent(&r, 12, 0), (BASE + 0xd000) | NONLEAF);
	assert_int_equal(ent(&r, 13, 0), 0x21000 | LEAF_RO);

	map_ok(&r, M2 - K4, 0x30000, 2 * K4, true);	/* L2 index 0 | 1, within L3 0 */
	assert_int_equal(ent(&r, 10, 0), (BASE + 0xe000) | NONLEAF);
	assert_int_equal(ent(&r, 14, 511), 0x30000 | LEAF_RW);
	assert_int_equal(ent(&r, 10, 1), (BASE + 0xf000) | NONLEAF);
	assert_int_equal(ent(&r, 15, 0), 0x31000 | LEAF_RW);

	/* a mixed address: L4 0x155, L3 0xaa, L2 0x1ff, L1 0x001 */
	uint64_t va = (0x155ULL << 39) | (0xaaULL << 30) | (0x1ffULL << 21) | (0x1ULL << 12);

	map_ok(&r, va, 0xabc000, K4, true);
	assert_int_equal(ent(&r, 0, 0x155), (BASE + 0x10000) | NONLEAF);
	assert_int_equal(ent(&r, 16, 0xaa), (BASE + 0x11000) | NONLEAF);
	assert_int_equal(ent(&r, 17, 0x1ff), (BASE + 0x12000) | NONLEAF);
	assert_int_equal(ent(&r, 18, 0x1), 0xabc000 | LEAF_RW);
	translates(&r, va | 0x123, 0xabc123, true);
	unmapped_at(&r, va + K4);
	unmapped_at(&r, va - K4);
	invariants(&r);
	teardown(&r);
}

/* 5-level: the root indexes 56:48; the rest as with four levels. */
static void test_index_math_5level(void **state)
{
	struct region r;
	const uint64_t top = (1ULL << 57) - K4;

	(void)state;
	setup(&r, 16, 57);
	map_ok(&r, top, 0x9000, K4, false);
	assert_int_equal(r.pt.pages_used, 5);
	assert_int_equal(ent(&r, 0, 511), (BASE + 0x1000) | NONLEAF);
	assert_int_equal(ent(&r, 1, 511), (BASE + 0x2000) | NONLEAF);
	assert_int_equal(ent(&r, 2, 511), (BASE + 0x3000) | NONLEAF);
	assert_int_equal(ent(&r, 3, 511), (BASE + 0x4000) | NONLEAF);
	assert_int_equal(ent(&r, 4, 511), 0x9000 | LEAF_RO);
	translates(&r, top + 0x800, 0x9800, false);

	/* 2^48 - 4K and 2^48: root index 0 and 1 */
	map_ok(&r, (1ULL << 48) - K4, 0xa000, 2 * K4, true);
	assert_int_equal(ent(&r, 0, 0), (BASE + 0x5000) | NONLEAF);
	assert_int_equal(ent(&r, 5, 511), (BASE + 0x6000) | NONLEAF);
	assert_int_equal(ent(&r, 6, 511), (BASE + 0x7000) | NONLEAF);
	assert_int_equal(ent(&r, 7, 511), (BASE + 0x8000) | NONLEAF);
	assert_int_equal(ent(&r, 8, 511), 0xa000 | LEAF_RW);
	assert_int_equal(ent(&r, 0, 1), (BASE + 0x9000) | NONLEAF);
	assert_int_equal(ent(&r, 9, 0), (BASE + 0xa000) | NONLEAF);
	assert_int_equal(ent(&r, 10, 0), (BASE + 0xb000) | NONLEAF);
	assert_int_equal(ent(&r, 11, 0), (BASE + 0xc000) | NONLEAF);
	assert_int_equal(ent(&r, 12, 0), 0xb000 | LEAF_RW);
	translates(&r, 1ULL << 48, 0xb000, true);
	translates(&r, (1ULL << 48) - 1, 0xafff, true);
	unmapped_at(&r, 1ULL << 47);
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 3);
	invariants(&r);
	teardown(&r);
}

static void test_width(void **state)
{
	struct region r;
	uint64_t done = 7;

	(void)state;
	setup(&r, 16, 48);
	assert_int_equal(s1pt_map(&r.pt, 1ULL << 48, 0, K4, true, r.err, sizeof(r.err)), -ERANGE);
	expect_err(r.err, "0x1000000000000");
	expect_err(r.err, "48-bit");
	/* a range that starts inside and ends outside */
	assert_int_equal(s1pt_map(&r.pt, (1ULL << 48) - K4, 0, 2 * K4, true, r.err, sizeof(r.err)),
			 -ERANGE);
	/* wrap-around is beyond too */
	assert_int_equal(s1pt_map(&r.pt, K4, 0, UINT64_MAX & ~0xfffULL, true, r.err,
				  sizeof(r.err)), -ERANGE);
	assert_int_equal(s1pt_map(&r.pt, 1ULL << 63, 0, K4, true, r.err, sizeof(r.err)), -ERANGE);
	assert_int_equal(s1pt_unmap(&r.pt, 1ULL << 48, K4, &done, r.err, sizeof(r.err)), -ERANGE);
	assert_int_equal(done, 0);
	assert_int_equal(s1pt_translate(&r.pt, 1ULL << 48, NULL, NULL), -ERANGE);
	assert_int_equal(r.pt.pages_used, 1);
	/* the last page and a range ending exactly at 2^48 are fine */
	map_ok(&r, (1ULL << 48) - 2 * K4, 0, 2 * K4, true);
	assert_int_equal(unmap_ok(&r, (1ULL << 48) - 2 * K4, 2 * K4), 2 * K4);
	/* GPA beyond 52 bits */
	assert_int_equal(s1pt_map(&r.pt, 0, 1ULL << 52, K4, true, r.err, sizeof(r.err)), -ERANGE);
	expect_err(r.err, "52 address bits");
	assert_int_equal(s1pt_map(&r.pt, 0, (1ULL << 52) - K4, 2 * K4, true, r.err,
				  sizeof(r.err)), -ERANGE);
	map_ok(&r, 0, (1ULL << 52) - K4, K4, true);
	translates(&r, 0xfff, (1ULL << 52) - 1, true);
	teardown(&r);

	setup(&r, 16, 57);
	map_ok(&r, 1ULL << 48, 0x4000, K4, true);
	translates(&r, 1ULL << 48, 0x4000, true);
	assert_int_equal(s1pt_map(&r.pt, 1ULL << 57, 0, K4, true, r.err, sizeof(r.err)), -ERANGE);
	expect_err(r.err, "57-bit");
	assert_int_equal(s1pt_translate(&r.pt, 1ULL << 57, NULL, NULL), -ERANGE);
	teardown(&r);
}

static void test_bad_args(void **state)
{
	struct region r;

	(void)state;
	setup(&r, 4, 48);
	assert_int_equal(s1pt_map(&r.pt, 0, 0, 0, true, r.err, sizeof(r.err)), -EINVAL);
	expect_err(r.err, "length is 0");
	assert_int_equal(s1pt_map(&r.pt, 0x800, 0, K4, true, r.err, sizeof(r.err)), -EINVAL);
	expect_err(r.err, "4 KiB aligned");
	assert_int_equal(s1pt_map(&r.pt, 0, 0, 0x1800, true, r.err, sizeof(r.err)), -EINVAL);
	assert_int_equal(s1pt_map(&r.pt, 0, 0x10, K4, true, r.err, sizeof(r.err)), -EINVAL);
	expect_err(r.err, "GPA 0x10");
	assert_int_equal(s1pt_unmap(&r.pt, 0, 0, NULL, r.err, sizeof(r.err)), -EINVAL);
	assert_int_equal(s1pt_unmap(&r.pt, 0x10, K4, NULL, r.err, sizeof(r.err)), -EINVAL);
	assert_int_equal(s1pt_map(&r.pt, 0, 0, K4, true, NULL, 0), 0);
	assert_int_equal(s1pt_map(&r.pt, 0, 0, K4, true, NULL, 0), -EEXIST);
	assert_int_equal(r.pt.pages_used, 4);
	teardown(&r);
}

/* ---- leaf sizes ------------------------------------------------------------------ */

static void test_2m_selection(void **state)
{
	struct region r;
	struct leaves l;

	(void)state;
	setup(&r, 16, 48);
	/* 4 MiB, both aligned: two 2M leaves in the level-2 table, no level 1 */
	map_ok(&r, 0x40000000, 0x100000000ULL, 2 * M2, true);
	assert_int_equal(r.pt.pages_used, 3);
	assert_int_equal(ent(&r, 1, 1), (BASE + 0x2000) | NONLEAF);
	assert_int_equal(ent(&r, 2, 0), 0x100000000ULL | S1PT_PS | LEAF_RW);
	assert_int_equal(ent(&r, 2, 0), 0x1000000e7ULL);
	assert_int_equal(ent(&r, 2, 1), 0x1002000e7ULL);
	l = walk(&r);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].level, 2);
	assert_int_equal(l.v[0].len, M2);
	assert_int_equal(l.v[1].iova, 0x40200000);
	assert_int_equal(l.v[1].gpa, 0x100200000ULL);
	free(l.v);
	translates(&r, 0x40200000 + 0x1234a, 0x100200000ULL + 0x1234a, true);
	assert_int_equal(unmap_ok(&r, 0x40000000, 2 * M2), 2 * M2);
	assert_int_equal(r.pt.pages_used, 1);

	/* read-only 2M: P | US | A | PS */
	map_ok(&r, 0x600000, 0x800000, M2, false);
	assert_int_equal(ent(&r, 2, 3), 0x8000a5ULL);
	assert_int_equal(unmap_ok(&r, 0x600000, M2), M2);

	/* unaligned head and tail: 4K, 2M, 4K */
	map_ok(&r, M2 - K4, 0x1000000 - K4, M2 + 2 * K4, true);
	l = walk(&r);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].level, 1);
	assert_int_equal(l.v[0].iova, M2 - K4);
	assert_int_equal(l.v[1].level, 2);
	assert_int_equal(l.v[1].iova, M2);
	assert_int_equal(l.v[1].gpa, 0x1000000);
	assert_int_equal(l.v[2].level, 1);
	assert_int_equal(l.v[2].iova, 2 * M2);
	assert_int_equal(l.v[2].gpa, 0x1000000 + M2);
	free(l.v);
	assert_int_equal(unmap_ok(&r, 0, G1), M2 + 2 * K4);
	assert_int_equal(r.pt.pages_used, 1);

	/* IOVA aligned, GPA not: 512 4K leaves */
	map_ok(&r, M2, 0x1000000 + K4, M2, true);
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 512);
	assert_int_equal(r.pt.pages_used, 4);
	assert_int_equal(unmap_ok(&r, M2, M2), M2);
	/* GPA aligned, IOVA not */
	map_ok(&r, M2 + K4, 0x1000000, M2, true);
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 512);
	assert_int_equal(unmap_ok(&r, 0, G1), M2);

	/* aligned but 4K short of 2M: all 4K */
	map_ok(&r, M2, 0x1000000, M2 - K4, true);
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 511);
	assert_int_equal(unmap_ok(&r, 0, G1), M2 - K4);

	/* 1 GiB without allow_1g: 512 2M leaves */
	map_ok(&r, G1, 2 * G1, G1, true);
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 512);
	assert_int_equal(r.pt.pages_used, 3);
	invariants(&r);
	teardown(&r);
}

static void test_1g(void **state)
{
	struct region r;
	struct leaves l;

	(void)state;
	setup(&r, 16, 48);
	r.pt.allow_1g = true;
	map_ok(&r, 3 * G1, 5 * G1, G1 + M2 + K4, true);
	/* root -> L3 (page 1): a 1G leaf at index 3, then a table for the rest */
	assert_int_equal(ent(&r, 1, 3), (5 * G1) | S1PT_PS | LEAF_RW);
	assert_int_equal(ent(&r, 1, 3), 0x1400000e7ULL);
	l = walk(&r);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].level, 3);
	assert_int_equal(l.v[0].len, G1);
	assert_int_equal(l.v[1].level, 2);
	assert_int_equal(l.v[1].iova, 4 * G1);
	assert_int_equal(l.v[2].level, 1);
	assert_int_equal(l.v[2].iova, 4 * G1 + M2);
	assert_int_equal(l.v[2].gpa, 6 * G1 + M2);
	free(l.v);
	translates(&r, 3 * G1 + 0x3fffffff, 5 * G1 + 0x3fffffff, true);
	/* GPA only 2M aligned: no 1G leaf */
	map_ok(&r, 8 * G1, 9 * G1 + M2, G1, false);
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 3 + 512);
	invariants(&r);
	teardown(&r);
}

/* ---- refusals --------------------------------------------------------------------- */

static void test_overlap(void **state)
{
	struct region r;
	struct snap s;

	(void)state;
	setup(&r, 16, 48);
	map_ok(&r, 0x10000, 0x1000000, 0x4000, true);
	map_ok(&r, 0x200000, 0x2000000, M2, true);

	take(&s, &r);
	assert_int_equal(s1pt_map(&r.pt, 0x12000, 0, 0x4000, true, r.err, sizeof(r.err)), -EEXIST);
	expect_err(r.err, "IOVA 0x12000 is already mapped");
	unchanged(&s, &r);

	take(&s, &r);
	assert_int_equal(s1pt_map(&r.pt, 0xe000, 0, 0x4000, true, r.err, sizeof(r.err)), -EEXIST);
	expect_err(r.err, "IOVA 0x10000 is already mapped (a 4K leaf at 0x10000)");
	unchanged(&s, &r);

	/* inside a 2M leaf: names the address and the leaf */
	take(&s, &r);
	assert_int_equal(s1pt_map(&r.pt, 0x300000, 0, K4, true, r.err, sizeof(r.err)), -EEXIST);
	expect_err(r.err, "IOVA 0x300000 is already mapped (a 2M leaf at 0x200000)");
	unchanged(&s, &r);

	/* a large range over free space and a mapping far along */
	take(&s, &r);
	assert_int_equal(s1pt_map(&r.pt, 0x100000, 0x100000, 0x400000, true, r.err,
				  sizeof(r.err)), -EEXIST);
	expect_err(r.err, "0x200000");
	unchanged(&s, &r);

	/* exactly adjacent is fine */
	map_ok(&r, 0x14000, 0x1004000, K4, true);
	map_ok(&r, 0x400000, 0x400000, K4, true);
	map_ok(&r, 0x1ff000, 0x1ff000, K4, true);
	invariants(&r);
	teardown(&r);
}

static void test_out_of_pages(void **state)
{
	struct region r;
	struct snap s;
	uint64_t zero[4 * 512] = { 0 };

	(void)state;
	/* root + 3: one 4K chain uses them all */
	setup(&r, 4, 48);
	map_ok(&r, 0, 0x1000, K4, true);
	assert_int_equal(r.pt.pages_used, 4);
	map_ok(&r, 0x1ff000, 0x2000, K4, true);	/* same level-1 table: no page */
	take(&s, &r);
	assert_int_equal(s1pt_map(&r.pt, G1, 0, K4, true, r.err, sizeof(r.err)), -ENOSPC);
	expect_err(r.err, "out of table pages");
	expect_err(r.err, "0x40000000");
	expect_err(r.err, "the region has 4 pages");
	unchanged(&s, &r);
	/* 2M needs no level-1 table, but a level-2 one: still none */
	take(&s, &r);
	assert_int_equal(s1pt_map(&r.pt, G1, 0, M2, true, r.err, sizeof(r.err)), -ENOSPC);
	unchanged(&s, &r);
	/* a 2M leaf in the existing level-2 table needs none */
	map_ok(&r, M2, 0x400000, M2, true);
	teardown(&r);

	/* partway: the first 4K is mapped (4 pages), the next needs a 5th; all
	 * of it is rolled back, down to the empty root */
	setup(&r, 4, 48);
	assert_int_equal(s1pt_map(&r.pt, M2 - K4, 0x5000, 2 * K4, true, r.err, sizeof(r.err)),
			 -ENOSPC);
	expect_err(r.err, "at IOVA 0x200000");
	assert_int_equal(r.pt.pages_used, 1);
	assert_int_equal(r.pt.leaves, 0);
	assert_int_equal(r.pt.mapped, 0);
	assert_memory_equal(r.pt.mem, zero, sizeof(zero));
	invariants(&r);
	/* and after a refusal, the same pages serve a map that fits */
	map_ok(&r, M2 - K4, 0x5000, K4, true);
	assert_int_equal(ent(&r, 3, 511), 0x5000 | LEAF_RW);
	teardown(&r);

	/* partway with existing mappings around: 4K at 2M-4K (existing level-1
	 * table), 511 2M leaves (existing level-2 table), then 4K at 1G needs two
	 * new tables and there is one: all 512 leaves are undone */
	setup(&r, 5, 48);
	map_ok(&r, 0, 0, K4, true);
	take(&s, &r);
	assert_int_equal(s1pt_map(&r.pt, M2 - K4, 4 * G1 - K4, G1 - M2 + 2 * K4, true, r.err,
				  sizeof(r.err)), -ENOSPC);
	expect_err(r.err, "at IOVA 0x40000000");
	expect_err(r.err, "the region has 5 pages (4 in use)");
	unchanged(&s, &r);
	invariants(&r);
	/* one 4K less fits, in 2M leaves */
	map_ok(&r, M2 - K4, 4 * G1 - K4, G1 - M2 + K4, true);
	assert_int_equal(r.pt.leaves, 1 + 1 + 511);
	assert_int_equal(r.pt.pages_used, 4);
	teardown(&r);
}

/* ---- unmap ------------------------------------------------------------------------- */

static void test_unmap_frees(void **state)
{
	struct region r;
	uint64_t done;

	(void)state;
	setup(&r, 16, 48);
	map_ok(&r, 0, 0x10000, K4, true);
	map_ok(&r, 1ULL << 39, 0x20000, K4, true);
	assert_int_equal(r.pt.pages_used, 7);
	assert_int_equal(ent(&r, 0, 1), (BASE + 0x4000) | NONLEAF);

	assert_int_equal(unmap_ok(&r, 1ULL << 39, K4), K4);
	assert_int_equal(r.pt.pages_used, 4);
	assert_int_equal(ent(&r, 0, 1), 0);
	assert_int_equal(ent(&r, 0, 0), (BASE + 0x1000) | NONLEAF);
	unmapped_at(&r, 1ULL << 39);
	translates(&r, 0, 0x10000, true);
	invariants(&r);	/* the freed pages are zero again */

	/* holes: nothing to do, no error */
	assert_int_equal(unmap_ok(&r, 1ULL << 40, G1), 0);
	assert_int_equal(s1pt_unmap(&r.pt, K4, K4, NULL, r.err, sizeof(r.err)), 0);
	assert_int_equal(r.pt.pages_used, 4);

	/* a partly emptied table stays */
	map_ok(&r, K4, 0x11000, K4, true);
	assert_int_equal(unmap_ok(&r, 0, K4), K4);
	assert_int_equal(r.pt.pages_used, 4);
	assert_int_equal(ent(&r, 3, 0), 0);
	assert_int_equal(ent(&r, 3, 1), 0x11000 | LEAF_RW);

	/* the whole space at once: back to the empty root */
	done = 0;
	assert_int_equal(s1pt_unmap(&r.pt, 0, 1ULL << 48, &done, r.err, sizeof(r.err)), 0);
	assert_int_equal(done, K4);
	assert_int_equal(r.pt.pages_used, 1);
	assert_int_equal(r.pt.leaves, 0);
	assert_int_equal(r.pt.mapped, 0);
	for (size_t i = 0; i < 16 * 512; i++)
		assert_int_equal(r.pt.mem[i], 0);
	invariants(&r);
	teardown(&r);
}

static void test_unmap_split(void **state)
{
	struct region r;
	struct snap s;
	struct leaves l;

	(void)state;
	setup(&r, 8, 48);
	map_ok(&r, M2, 0x40000000, M2, true);
	assert_int_equal(r.pt.pages_used, 3);
	/* 4K from the middle: the 2M leaf becomes a table of 511 */
	assert_int_equal(unmap_ok(&r, M2 + K4, K4), K4);
	assert_int_equal(r.pt.pages_used, 4);
	assert_int_equal(ent(&r, 2, 1), (BASE + 0x3000) | NONLEAF);
	assert_int_equal(ent(&r, 3, 0), 0x40000000 | LEAF_RW);
	assert_int_equal(ent(&r, 3, 1), 0);
	assert_int_equal(ent(&r, 3, 511), 0x401ff000 | LEAF_RW);
	assert_int_equal(r.pt.leaves, 511);
	assert_int_equal(r.pt.mapped, M2 - K4);
	translates(&r, M2, 0x40000000, true);
	translates(&r, M2 + 2 * K4 + 5, 0x40002005, true);
	unmapped_at(&r, M2 + K4);
	/* unmapping the rest empties and frees the split table */
	assert_int_equal(unmap_ok(&r, M2, M2), M2 - K4);
	assert_int_equal(r.pt.pages_used, 1);
	invariants(&r);

	/* the front half of a read-only 2M: the back half keeps its bits */
	map_ok(&r, M2, 0x40000000, M2, false);
	assert_int_equal(unmap_ok(&r, 0, M2 + M2 / 2), M2 / 2);
	l = walk(&r);
	assert_int_equal(l.n, 256);
	assert_int_equal(l.v[0].iova, M2 + M2 / 2);
	assert_int_equal(l.v[0].gpa, 0x40000000 + M2 / 2);
	assert_false(l.v[0].w);
	free(l.v);
	assert_int_equal(ent(&r, 3, 256), (0x40000000 + M2 / 2) | LEAF_RO);
	assert_int_equal(unmap_ok(&r, 0, G1), M2 / 2);

	/* 1G: a 4K hole splits twice (1G -> 2M -> 4K); a range across two 2M
	 * pieces of it splits both edges */
	r.pt.allow_1g = true;
	map_ok(&r, G1, 4 * G1, G1, true);
	assert_int_equal(r.pt.pages_used, 2);
	assert_int_equal(unmap_ok(&r, G1 + 3 * M2 + K4, K4), K4);
	assert_int_equal(r.pt.pages_used, 4);
	assert_int_equal(r.pt.leaves, 511 + 511);
	assert_int_equal(ent(&r, 1, 1), (BASE + 0x2000) | NONLEAF);
	assert_int_equal(ent(&r, 2, 0), (4 * G1) | S1PT_PS | LEAF_RW);
	assert_int_equal(ent(&r, 2, 3), (BASE + 0x3000) | NONLEAF);
	assert_int_equal(ent(&r, 3, 0), (4 * G1 + 3 * M2) | LEAF_RW);
	translates(&r, G1 + 3 * M2, 4 * G1 + 3 * M2, true);
	translates(&r, G1 + 100 * M2 + 77, 4 * G1 + 100 * M2 + 77, true);
	unmapped_at(&r, G1 + 3 * M2 + K4);
	assert_int_equal(unmap_ok(&r, G1 + 10 * M2 - K4, M2 + 2 * K4), M2 + 2 * K4);
	assert_int_equal(r.pt.pages_used, 6);
	invariants(&r);

	/* fill the region: a split each, 8 of 8 pages */
	assert_int_equal(unmap_ok(&r, G1 + 20 * M2 + K4, K4), K4);
	assert_int_equal(unmap_ok(&r, G1 + 30 * M2 + K4, K4), K4);
	assert_int_equal(r.pt.pages_used, 8);
	/* no page for a split: refused, nothing changed */
	take(&s, &r);
	assert_int_equal(s1pt_unmap(&r.pt, G1 + 40 * M2 + K4, K4, NULL, r.err, sizeof(r.err)),
			 -ENOSPC);
	expect_err(r.err, "needs a table page");
	expect_err(r.err, "the region has 8 pages (8 in use)");
	unchanged(&s, &r);
	/* whole pieces need no split, even when full */
	assert_int_equal(unmap_ok(&r, G1 + 50 * M2, 2 * M2), 2 * M2);
	/* emptying piece 30 frees its table: one page free */
	assert_int_equal(unmap_ok(&r, G1 + 30 * M2, M2), M2 - K4);
	assert_int_equal(r.pt.pages_used, 7);
	/* the first edge can split, the second cannot: the first is undone */
	take(&s, &r);
	assert_int_equal(s1pt_unmap(&r.pt, G1 + 40 * M2 + K4, M2, NULL, r.err, sizeof(r.err)),
			 -ENOSPC);
	unchanged(&s, &r);
	/* both edges in one 2M piece: one page is enough */
	assert_int_equal(unmap_ok(&r, G1 + 40 * M2 + K4, M2 - 2 * K4), M2 - 2 * K4);
	assert_int_equal(r.pt.pages_used, 8);
	invariants(&r);
	teardown(&r);

	/* 1G -> 2M splits, 2M -> 4K has no page: both undone */
	setup(&r, 3, 48);
	r.pt.allow_1g = true;
	map_ok(&r, 0, 0, G1, true);
	take(&s, &r);
	assert_int_equal(s1pt_unmap(&r.pt, 5 * M2 + K4, K4, NULL, r.err, sizeof(r.err)), -ENOSPC);
	unchanged(&s, &r);
	assert_int_equal(ent(&r, 1, 0), S1PT_PS | LEAF_RW);
	/* a 2M-aligned hole needs the one page only */
	assert_int_equal(unmap_ok(&r, 5 * M2, M2), M2);
	assert_int_equal(r.pt.pages_used, 3);
	assert_int_equal(r.pt.leaves, 511);
	unmapped_at(&r, 5 * M2);
	translates(&r, 6 * M2, 6 * M2, true);
	invariants(&r);
	teardown(&r);
}

/* ---- translate against walk --------------------------------------------------------- */

static void test_translate_walk(void **state)
{
	struct region r;
	struct leaves l;
	uint64_t gpa;
	bool w;

	(void)state;
	setup(&r, 64, 57);
	r.pt.allow_1g = true;
	map_ok(&r, 0, 0x100000, 3 * K4, true);
	map_ok(&r, 0x7fe00000, 0x200000000ULL, 3 * M2, false);
	map_ok(&r, 5 * G1, 7 * G1, G1, true);
	map_ok(&r, (1ULL << 56) + 0x5000, 0xdead000, K4, false);
	l = walk(&r);
	assert_int_equal(l.n, 3 + 3 + 1 + 1);
	for (size_t i = 0; i < l.n; i++) {
		const struct leaf *f = &l.v[i];
		uint64_t probe[] = { 0, 1, f->len / 2 + 3, f->len - 1 };

		assert_int_equal(f->len, 1ULL << (12 + 9 * (f->level - 1)));
		assert_int_equal(f->iova % f->len, 0);
		assert_int_equal(f->gpa % f->len, 0);
		for (size_t k = 0; k < 4; k++)
			translates(&r, f->iova + probe[k], f->gpa + probe[k], f->w);
		if (!i || l.v[i - 1].iova + l.v[i - 1].len < f->iova)
			if (f->iova)
				unmapped_at(&r, f->iova - 1);
	}
	assert_int_equal(l.v[0].level, 1);
	assert_true(l.v[0].w);
	assert_int_equal(l.v[3].level, 2);
	assert_false(l.v[3].w);
	assert_int_equal(l.v[6].level, 3);
	assert_int_equal(l.v[7].iova, (1ULL << 56) + 0x5000);
	assert_int_equal(l.v[7].gpa, 0xdead000);
	free(l.v);
	unmapped_at(&r, 3 * K4);
	unmapped_at(&r, 6 * G1);
	/* NULL outputs are allowed */
	assert_int_equal(s1pt_translate(&r.pt, 0x10, NULL, NULL), 0);
	assert_int_equal(s1pt_translate(&r.pt, 0x10, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x100010);
	assert_int_equal(s1pt_translate(&r.pt, 0x7fe00010, NULL, &w), 0);
	assert_false(w);
	invariants(&r);
	teardown(&r);
}

/* What the hardware would fault on: written by hand into the region. */
static void test_translate_faults(void **state)
{
	struct region r;
	uint64_t *root;

	(void)state;
	setup(&r, 8, 48);
	root = r.pt.mem;
	/* PS in a level-4 entry is reserved */
	root[0] = 0x40000000 | S1PT_PS | LEAF_RW;
	assert_int_equal(s1pt_translate(&r.pt, 0, NULL, NULL), -EFAULT);
	/* a table outside the region */
	root[0] = 0x10000000 | NONLEAF;
	assert_int_equal(s1pt_translate(&r.pt, 0, NULL, NULL), -EFAULT);
	/* walk skips what it cannot read */
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 0);
	root[0] = 0;
	/* a 1G leaf without allow_1g (CAP.FS1GP=0) */
	map_ok(&r, 0, 0, K4, true);
	r.pt.mem[512 + 1] = G1 | S1PT_PS | LEAF_RW;
	assert_int_equal(s1pt_translate(&r.pt, G1, NULL, NULL), -EFAULT);
	r.pt.allow_1g = true;
	translates(&r, G1 + 5, G1 + 5, true);
	/* reserved bits 29:13 of a 1G leaf */
	r.pt.mem[512 + 1] |= 1ULL << 13;
	assert_int_equal(s1pt_translate(&r.pt, G1, NULL, NULL), -EFAULT);
	r.pt.mem[512 + 1] = 0;
	/* a read-only non-leaf makes everything under it read-only */
	root[0] &= ~S1PT_RW;
	translates(&r, 0, 0, false);
	teardown(&r);
}

/*
 * Tables rewritten behind the builder's back (the region is in the IOAS: DMA
 * can write it). A level-4 table whose 512 entries all point to itself made
 * the walk visit 512^4 tables (found by fuzzing); only the entry that made a
 * page its child is followed, so the walk ends and unmap frees nothing twice.
 */
static void test_rewritten_tables(void **state)
{
	struct region r;
	uint64_t unmapped;
	size_t used;

	(void)state;
	setup(&r, 8, 57);
	map_ok(&r, 0x100000, 0x200000, K4, true);	/* tables in pages 1 to 4 */
	used = r.pt.pages_used;
	assert_int_equal(used, 5);
	for (unsigned i = 0; i < 512; i++)
		r.pt.mem[512 + i] = (BASE + K4) | NONLEAF;	/* page 1, at level 4 */
	assert_int_equal(s1pt_walk(&r.pt, NULL, NULL), 0);
	/* the IOMMU follows them, one path at a time: down to a "leaf" in page 1 */
	translates(&r, 0x100000, BASE + K4, true);
	assert_int_equal(s1pt_unmap(&r.pt, 0, 1ULL << 56, &unmapped, r.err, sizeof(r.err)), 0);
	assert_int_equal(unmapped, 0);
	assert_int_equal(r.pt.pages_used, used);	/* nothing freed: page 1 lost its children */
	/* a map through the rewritten table is refused, not written into it */
	assert_int_equal(s1pt_map(&r.pt, 0x100000, 0, K4, true, r.err, sizeof(r.err)), -EEXIST);
	teardown(&r);
}

/* ---- random run against a reference model ------------------------------------------- */

#define WIN_PAGES 2048	/* 8 MiB, across a top-level index boundary */

struct model {
	uint64_t gpa[WIN_PAGES];
	bool mapped[WIN_PAGES];
	bool w[WIN_PAGES];
};

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

struct check_ctx {
	const struct model *m;
	uint64_t win;
	size_t pages;
};

static void check_leaf(void *ctx, uint64_t iova, uint64_t gpa, uint64_t len, bool w,
		       unsigned level)
{
	struct check_ctx *c = ctx;

	assert_int_equal(len, 1ULL << (12 + 9 * (level - 1)));
	assert_true(iova >= c->win && iova + len <= c->win + WIN_PAGES * K4);
	for (uint64_t off = 0; off < len; off += K4) {
		size_t p = (size_t)((iova + off - c->win) / K4);

		if (!c->m->mapped[p] || c->m->gpa[p] != gpa + off || c->m->w[p] != w)
			fail_msg("page 0x%" PRIx64 ": table 0x%" PRIx64 " %d, model %d 0x%" PRIx64
				 " %d", iova + off, gpa + off, w, c->m->mapped[p], c->m->gpa[p],
				 c->m->w[p]);
		c->pages++;
	}
}

static void verify(const struct region *r, const struct model *m, uint64_t win)
{
	struct check_ctx c = { m, win, 0 };
	size_t want = 0;

	assert_int_equal(s1pt_walk(&r->pt, check_leaf, &c), r->pt.leaves);
	for (size_t p = 0; p < WIN_PAGES; p++)
		want += m->mapped[p];
	assert_int_equal(c.pages, want);
	assert_int_equal(r->pt.mapped, want * K4);
	invariants(r);
	for (int k = 0; k < 16; k++) {
		size_t p = (size_t)below(WIN_PAGES);
		uint64_t off = below(K4), gpa = 0;
		bool w = false;
		int rc = s1pt_translate(&r->pt, win + p * K4 + off, &gpa, &w);

		if (m->mapped[p]) {
			assert_int_equal(rc, 0);
			assert_int_equal(gpa, m->gpa[p] + off);
			assert_int_equal(w, m->w[p]);
		} else {
			assert_int_equal(rc, -ENOENT);
		}
	}
}

static void random_run(unsigned width, uint64_t win, size_t npages, uint64_t seed, int iters,
		       bool may_run_out)
{
	struct region r;
	struct model *m = calloc(1, sizeof(*m));
	struct snap s;
	int maps = 0, unmaps = 0, overlaps = 0, nospace = 0, large = 0;

	assert_non_null(m);
	rng_state = seed;
	setup(&r, npages, width);
	for (int it = 0; it < iters; it++) {
		size_t p = (size_t)below(WIN_PAGES), len;
		int rc;

		if (below(100) < 55) {
			uint64_t gpa;
			bool w = below(2), busy = false;

			if (below(3) == 0) {	/* 2M-friendly */
				p &= ~(size_t)511;
				len = 512 * (1 + below(2)) + (below(2) ? below(40) : 0);
				gpa = (1 + below(1000)) * M2 + (below(4) ? 0 : below(512) * K4);
			} else {
				len = 1 + below(64);
				gpa = (1 + below(1ULL << 28)) * K4;
			}
			if (p + len > WIN_PAGES)
				len = WIN_PAGES - p;
			for (size_t i = p; i < p + len; i++)
				busy |= m->mapped[i];
			take(&s, &r);
			rc = s1pt_map(&r.pt, win + p * K4, gpa, len * K4, w, r.err, sizeof(r.err));
			if (busy) {
				assert_int_equal(rc, -EEXIST);
				overlaps++;
				unchanged(&s, &r);
			} else if (rc == -ENOSPC && may_run_out) {
				nospace++;
				unchanged(&s, &r);
			} else {
				if (rc)
					fail_msg("iteration %d: map: %s", it, r.err);
				free(s.mem);
				maps++;
				for (size_t i = 0; i < len; i++) {
					m->mapped[p + i] = true;
					m->gpa[p + i] = gpa + i * K4;
					m->w[p + i] = w;
				}
			}
		} else if (below(100) < 90) {
			uint64_t done = 0, want = 0;

			len = below(4) ? 1 + below(600) : 1 + below(8);
			if (p + len > WIN_PAGES)
				len = WIN_PAGES - p;
			for (size_t i = p; i < p + len; i++)
				want += m->mapped[i] ? K4 : 0;
			take(&s, &r);
			rc = s1pt_unmap(&r.pt, win + p * K4, len * K4, &done, r.err, sizeof(r.err));
			if (rc == -ENOSPC && may_run_out) {
				nospace++;
				unchanged(&s, &r);
			} else {
				if (rc)
					fail_msg("iteration %d: unmap: %s", it, r.err);
				free(s.mem);
				unmaps++;
				assert_int_equal(done, want);
				for (size_t i = p; i < p + len; i++)
					m->mapped[i] = false;
			}
		}
		verify(&r, m, win);
		large += r.pt.leaves < r.pt.mapped / K4;
	}
	/* the run did exercise what it claims */
	assert_true(maps > iters / 10);
	assert_true(unmaps > iters / 10);
	assert_true(overlaps > 0);
	assert_true(large > 0);
	if (may_run_out)
		assert_true(nospace > 0);
	else
		assert_int_equal(nospace, 0);
	/* unmap everything: the empty root again */
	assert_int_equal(s1pt_unmap(&r.pt, win, WIN_PAGES * K4, NULL, r.err, sizeof(r.err)), 0);
	assert_int_equal(r.pt.pages_used, 1);
	assert_int_equal(r.pt.leaves, 0);
	free(m);
	teardown(&r);
}

static void test_random_4level(void **state)
{
	(void)state;
	/* 2^39 - 4M .. 2^39 + 4M: two level-3 tables; 64 pages never run out */
	random_run(48, (1ULL << 39) - WIN_PAGES / 2 * K4, 64, 0x5eed0001ULL, 1500, false);
}

static void test_random_5level(void **state)
{
	(void)state;
	random_run(57, (1ULL << 48) - WIN_PAGES / 2 * K4, 64, 0x5eed0002ULL, 1500, false);
}

static void test_random_tight(void **state)
{
	(void)state;
	/* 9 pages cover the window in 4K leaves; 7 make map and split run out */
	random_run(48, (1ULL << 39) - WIN_PAGES / 2 * K4, 7, 0x5eed0003ULL, 1500, true);
}

/* ---- printing ------------------------------------------------------------------------ */

static void build_sample(struct region *r)
{
	setup(r, 8, 48);
	map_ok(r, 0x1000, 0x40000000, K4, true);
	map_ok(r, 0x200000, 0x1ffe00000ULL, M2, false);
}

static void test_print_json(void **state)
{
	struct region r;
	struct json_object *root, *maps, *o, *x;

	(void)state;
	build_sample(&r);
	out_set_mode(true, false);
	out_begin();
	s1pt_print(&r.pt);
	root = out_take();
	out_set_mode(false, false);
	assert_non_null(root);
	assert_int_equal(json_object_object_length(root), 7);
	assert_true(json_object_object_get_ex(root, "format", &x));
	assert_string_equal(json_object_get_string(x), "vtd");
	assert_true(json_object_object_get_ex(root, "levels", &x));
	assert_int_equal(json_object_get_int(x), 4);
	assert_true(json_object_object_get_ex(root, "addr_width", &x));
	assert_int_equal(json_object_get_int(x), 48);
	assert_true(json_object_object_get_ex(root, "root_gpa", &x));
	assert_string_equal(json_object_get_string(x), "0x80000000");
	assert_true(json_object_object_get_ex(root, "table_pages_used", &x));
	assert_int_equal(json_object_get_int(x), 4);
	assert_true(json_object_object_get_ex(root, "table_pages_total", &x));
	assert_int_equal(json_object_get_int(x), 8);
	assert_true(json_object_object_get_ex(root, "mappings", &maps));
	assert_int_equal(json_object_array_length(maps), 2);

	o = json_object_array_get_idx(maps, 0);
	assert_int_equal(json_object_object_length(o), 5);
	assert_true(json_object_object_get_ex(o, "iova", &x));
	assert_string_equal(json_object_get_string(x), "0x1000");
	assert_true(json_object_object_get_ex(o, "gpa", &x));
	assert_string_equal(json_object_get_string(x), "0x40000000");
	assert_true(json_object_object_get_ex(o, "length", &x));
	assert_int_equal(json_object_get_uint64(x), 4096);
	assert_true(json_object_object_get_ex(o, "page_size", &x));
	assert_string_equal(json_object_get_string(x), "4K");
	assert_true(json_object_object_get_ex(o, "writable", &x));
	assert_true(json_object_get_boolean(x));

	o = json_object_array_get_idx(maps, 1);
	assert_true(json_object_object_get_ex(o, "iova", &x));
	assert_string_equal(json_object_get_string(x), "0x200000");
	assert_true(json_object_object_get_ex(o, "gpa", &x));
	assert_string_equal(json_object_get_string(x), "0x1ffe00000");
	assert_true(json_object_object_get_ex(o, "length", &x));
	assert_int_equal(json_object_get_uint64(x), M2);
	assert_true(json_object_object_get_ex(o, "page_size", &x));
	assert_string_equal(json_object_get_string(x), "2M");
	assert_true(json_object_object_get_ex(o, "writable", &x));
	assert_false(json_object_get_boolean(x));
	json_object_put(root);
	teardown(&r);

	/* empty: an empty array */
	setup(&r, 1, 57);
	out_set_mode(true, false);
	out_begin();
	s1pt_print(&r.pt);
	root = out_take();
	out_set_mode(false, false);
	assert_true(json_object_object_get_ex(root, "levels", &x));
	assert_int_equal(json_object_get_int(x), 5);
	assert_true(json_object_object_get_ex(root, "mappings", &maps));
	assert_int_equal(json_object_array_length(maps), 0);
	json_object_put(root);
	teardown(&r);
}

static void capture(const struct region *r, char *buf, size_t size)
{
	FILE *cap = tmpfile();
	int saved = dup(1);
	size_t n;

	assert_non_null(cap);
	out_set_mode(false, false);
	fflush(stdout);
	dup2(fileno(cap), 1);
	out_begin();
	s1pt_print(&r->pt);
	out_end();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(cap);
	n = fread(buf, 1, size - 1, cap);
	buf[n] = '\0';
	fclose(cap);
}

static void test_print_text(void **state)
{
	struct region r;
	char buf[4096];

	(void)state;
	build_sample(&r);
	capture(&r, buf, sizeof(buf));
	assert_string_equal(buf,
		"first-stage page table: 4 levels (48-bit), root 0x80000000, table pages 4/8\n"
		"  0x0000000000001000-0x0000000000001fff -> 0x0000000040000000 4K rw\n"
		"  0x0000000000200000-0x00000000003fffff -> 0x00000001ffe00000 2M ro\n");
	teardown(&r);

	setup(&r, 2, 57);
	capture(&r, buf, sizeof(buf));
	assert_string_equal(buf,
		"first-stage page table: 5 levels (57-bit), root 0x80000000, table pages 1/2\n"
		"  no mappings\n");
	teardown(&r);
}

/* ---- AArch64 stage 1 (SMMUv3 TTB0) --------------------------------------------- */

#define A64_TABLE_E	0x3ULL		/* valid | table */
#define A64_PAGE_RW	0xf43ULL	/* valid | page | AP[1] | SH inner | AF | nG */
#define A64_BLOCK_RW	0xf41ULL	/* the same as a block */
#define A64_RO		0x80ULL		/* AP[2] */

static void setup_a64(struct region *r, size_t pages, unsigned width)
{
	r->mem = aligned_alloc(4096, pages * 4096);
	assert_non_null(r->mem);
	memset(r->mem, 0xa5, pages * 4096);
	r->err[0] = '\0';
	if (s1pt_init_fmt(&r->pt, S1PT_ARM64, r->mem, pages * 4096, BASE, width, r->err,
			  sizeof(r->err)))
		fail_msg("init: %s", r->err);
}

static void test_a64_entries(void **state)
{
	struct region r;
	uint64_t gpa;
	bool w;

	(void)state;
	setup_a64(&r, 8, 39);
	assert_int_equal(r.pt.levels, 3);
	/* 39 bits: the root is level 3 (AArch64 lookup level 1), 1 GiB per entry */
	map_ok(&r, 0x201000, 0x1100000, K4, true);
	assert_int_equal(ent(&r, 0, 0), (BASE + 1 * K4) | A64_TABLE_E);
	assert_int_equal(ent(&r, 1, 1), (BASE + 2 * K4) | A64_TABLE_E);
	assert_int_equal(ent(&r, 2, 1), 0x1100000 | A64_PAGE_RW);
	map_ok(&r, 0x202000, 0x1200000, K4, false);
	assert_int_equal(ent(&r, 2, 2), 0x1200000 | A64_PAGE_RW | A64_RO);
	/* a 2 MiB block: bit 1 clear */
	map_ok(&r, 0x400000, 0x2000000, M2, true);
	assert_int_equal(ent(&r, 1, 2), 0x2000000 | A64_BLOCK_RW);
	assert_int_equal(s1pt_translate(&r.pt, 0x201abc, &gpa, &w), 0);
	assert_int_equal(gpa, 0x1100abc);
	assert_true(w);
	assert_int_equal(s1pt_translate(&r.pt, 0x202000, &gpa, &w), 0);
	assert_false(w);
	assert_int_equal(s1pt_translate(&r.pt, 0x5ff123, &gpa, &w), 0);
	assert_int_equal(gpa, 0x21ff123);
	assert_int_equal(s1pt_translate(&r.pt, 0x300000, &gpa, &w), -ENOENT);
	assert_int_equal(s1pt_translate(&r.pt, 1ULL << 39, &gpa, &w), -ERANGE);
	/* splitting the block keeps its attributes, as pages */
	assert_int_equal(unmap_ok(&r, 0x401000, K4), K4);
	assert_int_equal(ent(&r, 3, 0), 0x2000000 | A64_PAGE_RW);
	assert_int_equal(ent(&r, 3, 1), 0);
	assert_int_equal(ent(&r, 3, 2), 0x2002000 | A64_PAGE_RW);
	assert_int_equal(ent(&r, 1, 2), (BASE + 3 * K4) | A64_TABLE_E);
	assert_int_equal(s1pt_translate(&r.pt, 0x401000, &gpa, &w), -ENOENT);
	teardown(&r);
}

static void test_a64_width(void **state)
{
	struct region r;
	struct s1pt pt;
	uint64_t buf[512];
	char err[256];

	(void)state;
	setup_a64(&r, 8, 48);
	assert_int_equal(r.pt.levels, 4);
	map_ok(&r, 0x0000ff8000201000ULL, 0x1000, K4, true);
	/* level 4 (lookup level 0) index 511, then 0, 1, 1 */
	assert_int_equal(ent(&r, 0, 511), (BASE + K4) | A64_TABLE_E);
	assert_int_equal(ent(&r, 3, 1), 0x1000 | A64_PAGE_RW);
	teardown(&r);
	assert_int_equal(s1pt_init_fmt(&pt, S1PT_ARM64, buf, sizeof(buf), BASE, 57, err,
				       sizeof(err)), -EINVAL);
	expect_err(err, "39 (3-level) or 48 (4-level)");
	/* a block where AArch64 has none (lookup level 0) faults */
	setup_a64(&r, 8, 48);
	r.pt.mem[0] = 0x40000000ULL | 0x1;
	assert_int_equal(s1pt_translate(&r.pt, 0, NULL, NULL), -EFAULT);
	teardown(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_map_4k_entries),
		cmocka_unit_test(test_index_math_4level),
		cmocka_unit_test(test_index_math_5level),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_2m_selection),
		cmocka_unit_test(test_1g),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_out_of_pages),
		cmocka_unit_test(test_unmap_frees),
		cmocka_unit_test(test_unmap_split),
		cmocka_unit_test(test_translate_walk),
		cmocka_unit_test(test_translate_faults),
		cmocka_unit_test(test_rewritten_tables),
		cmocka_unit_test(test_random_4level),
		cmocka_unit_test(test_random_5level),
		cmocka_unit_test(test_random_tight),
		cmocka_unit_test(test_print_json),
		cmocka_unit_test(test_print_text),
		cmocka_unit_test(test_a64_entries),
		cmocka_unit_test(test_a64_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
