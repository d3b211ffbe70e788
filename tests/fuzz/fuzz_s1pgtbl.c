// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VT-d stage-1 table builder (s1pgtbl.c) driven by a sequence of map,
 * unmap and translate operations, against a model kept here as a list of
 * mapped ranges; and its walkers on tables someone else wrote: the region is
 * mapped into the parent IOAS, so a device or a selftest access can overwrite
 * it, and walk, translate and print must still end.
 *
 * Input: bytes (raw, or "hex:" text). Byte 0: bit 0 a 57-bit (5-level)
 * table, bit 1 1 GiB leaves allowed; byte 1: the region's size in pages
 * (1 to 16, so that it runs out). Then up to 48 operations of 12 bytes: an
 * opcode and its arguments (see run_op). Checks after each: the result agrees with the
 * model (mapped iff no overlap, unless out of table pages; a failure leaves
 * the region byte for byte as it was); translate agrees with the model; the
 * walk yields exactly the model's ranges. After a write into the region the
 * model no longer applies: what is checked then is that everything ends,
 * stays in bounds and keeps its page accounting sane.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "output.h"
#include "s1pgtbl.h"

#define MAX_RANGES 512
#define REGION_GPA 0x80000000ULL

struct range {
	uint64_t iova, len, gpa;
	bool w;
};

struct model {
	struct range r[MAX_RANGES];
	size_t n;
	bool valid;		/* false once the region was written behind its back */
	unsigned prints;	/* print ops so far: a few tell as much as many, and cost */
};

static const struct range *find(const struct model *m, uint64_t iova)
{
	for (size_t i = 0; i < m->n; i++)
		if (iova >= m->r[i].iova && iova - m->r[i].iova < m->r[i].len)
			return &m->r[i];
	return NULL;
}

static bool overlaps(const struct model *m, uint64_t iova, uint64_t len)
{
	for (size_t i = 0; i < m->n; i++)
		if (iova < m->r[i].iova + m->r[i].len && m->r[i].iova < iova + len)
			return true;
	return false;
}

/* Remove [iova, iova+len) from the model; false if it ran out of slots. */
static bool model_unmap(struct model *m, uint64_t iova, uint64_t len, uint64_t *removed)
{
	uint64_t end = iova + len;

	*removed = 0;
	for (size_t i = 0; i < m->n; i++) {
		struct range r = m->r[i];
		uint64_t rend = r.iova + r.len;

		if (end <= r.iova || rend <= iova)
			continue;
		*removed += (end < rend ? end : rend) - (iova > r.iova ? iova : r.iova);
		m->r[i] = m->r[--m->n];	/* replaced by what is left of it */
		i--;
		if (r.iova < iova) {
			if (m->n == MAX_RANGES)
				return false;
			m->r[m->n++] = (struct range){ r.iova, iova - r.iova, r.gpa, r.w };
		}
		if (end < rend) {
			if (m->n == MAX_RANGES)
				return false;
			m->r[m->n++] = (struct range){ end, rend - end, r.gpa + (end - r.iova), r.w };
		}
	}
	return true;
}

static uint64_t model_bytes(const struct model *m)
{
	uint64_t b = 0;

	for (size_t i = 0; i < m->n; i++)
		b += m->r[i].len;
	return b;
}

struct walk {
	const struct model *m;
	const struct s1pt *pt;
	uint64_t bytes, last_end;
	size_t leaves;
};

static void on_leaf(void *ctx, uint64_t iova, uint64_t gpa, uint64_t len, bool w, unsigned level)
{
	struct walk *wk = ctx;

	FUZZ_CHECK(level >= 1 && level <= 3);
	FUZZ_CHECK(len == 1ULL << (12 + 9 * (level - 1)));
	FUZZ_CHECK(iova % len == 0 && iova >> wk->pt->addr_width == 0);
	FUZZ_CHECK(wk->leaves == 0 || iova >= wk->last_end);	/* IOVA order, no overlap */
	wk->last_end = iova + len;
	wk->leaves++;
	wk->bytes += len;
	if (wk->m->valid) {
		const struct range *r = find(wk->m, iova);

		FUZZ_CHECK(r && iova + len <= r->iova + r->len);
		FUZZ_CHECK(gpa == r->gpa + (iova - r->iova) && w == r->w);
	}
}

static void check_walk(const struct s1pt *pt, const struct model *m)
{
	struct walk wk = { .m = m, .pt = pt };
	size_t n = s1pt_walk(pt, on_leaf, &wk);

	FUZZ_CHECK(n == wk.leaves);
	if (m->valid) {
		FUZZ_CHECK(wk.bytes == model_bytes(m));
		FUZZ_CHECK(pt->mapped == wk.bytes && pt->leaves == wk.leaves);
	}
	FUZZ_CHECK(pt->pages_used >= 1 && pt->pages_used <= pt->npages);
}

static void print_table(void *p)
{
	s1pt_print(p);
}

static uint64_t get(const uint8_t *b, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/*
 * op[0] % 5: 0 map, 1 unmap, 2 translate, 3 write 8 bytes into the region,
 * 4 print (the first two). Addresses are in 4 KiB pages: op[1..4] the IOVA page (op[1] bit 7
 * moves it to the top of the input space), op[5..7] the GPA page, op[8..10]
 * the length in pages (18 bits: up to 1 GiB); op[11] bit 0 writable.
 */
static void run_op(struct s1pt *pt, struct model *m, const uint8_t *op, uint8_t *snap)
{
	uint64_t iova = get(op + 1, 4) << 12, gpa = get(op + 5, 3) << 12;
	uint64_t len = (get(op + 8, 3) & 0x3ffff) << 12, done, removed, g;	/* <= 1 GiB */
	bool w = op[11] & 1, wr;
	char err[256];
	int rc;

	if (op[1] & 0x80)	/* near the end of the input width */
		iova = (1ULL << pt->addr_width) - (get(op + 2, 3) << 12) - 4096;
	switch (op[0] % 5) {
	case 0:
		memcpy(snap, pt->mem, pt->size);
		err[0] = '\0';
		rc = s1pt_map(pt, iova, gpa, len, w, err, sizeof(err));
		if (rc)
			FUZZ_CHECK(err[0]);
		if (!m->valid)
			break;
		if (rc)	/* a failure changes nothing (on tables it wrote itself) */
			FUZZ_CHECK(!memcmp(snap, pt->mem, pt->size));
		if (!len || iova >> pt->addr_width || len > (1ULL << pt->addr_width) - iova ||
		    gpa + len > 1ULL << 52) {
			FUZZ_CHECK(rc == -EINVAL || rc == -ERANGE);
			break;
		}
		if (overlaps(m, iova, len)) {
			FUZZ_CHECK(rc == -EEXIST);
			break;
		}
		FUZZ_CHECK(rc == 0 || rc == -ENOSPC);
		if (rc == 0) {
			if (m->n == MAX_RANGES)
				m->valid = false;	/* the model is full: stop comparing */
			else
				m->r[m->n++] = (struct range){ iova, len, gpa, w };
		}
		break;
	case 1:
		memcpy(snap, pt->mem, pt->size);
		rc = s1pt_unmap(pt, iova, len, &done, err, sizeof(err));
		if (rc)
			FUZZ_CHECK(done == 0);
		if (!m->valid)
			break;
		if (rc)
			FUZZ_CHECK(!memcmp(snap, pt->mem, pt->size));
		if (!len || iova >> pt->addr_width || len > (1ULL << pt->addr_width) - iova) {
			FUZZ_CHECK(rc == -EINVAL || rc == -ERANGE);
			break;
		}
		FUZZ_CHECK(rc == 0 || rc == -ENOSPC);
		if (rc == 0) {
			if (!model_unmap(m, iova, len, &removed))
				m->valid = false;
			else
				FUZZ_CHECK(done == removed);
		}
		break;
	case 2:
		iova |= get(op + 8, 2) & 0xfff;	/* any byte of the page */
		rc = s1pt_translate(pt, iova, &g, &wr);
		FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -ERANGE || rc == -EFAULT);
		if (m->valid) {
			const struct range *r = find(m, iova);

			if (iova >> pt->addr_width)
				FUZZ_CHECK(rc == -ERANGE);
			else if (!r)
				FUZZ_CHECK(rc == -ENOENT);
			else	/* 1G leaves only when allowed, so never a fault */
				FUZZ_CHECK(rc == 0 && g == r->gpa + (iova - r->iova) && wr == r->w);
		}
		break;
	case 3: {	/* op[1..3] where, op[4..11] what; op[1] bit 7: the whole page */
		size_t off = (size_t)get(op + 1, 3) % (pt->size / 8);
		uint64_t v = get(op + 4, 8);

		if (op[1] & 0x80)
			for (size_t i = off & ~(size_t)511; i <= (off | 511); i++)
				pt->mem[i] = v;
		else
			pt->mem[off] = v;
		m->valid = false;
		break;
	}
	default: {
		struct fuzz_run r;

		if (m->prints++ >= 2)
			break;
		fuzz_print(op[11] & 1, print_table, pt, &r);
		fuzz_run_free(&r);
		break;
	}
	}
	check_walk(pt, m);
}

void fuzz_s1pgtbl(const uint8_t *data, size_t size)
{
	struct model *m = calloc(1, sizeof(*m));
	struct s1pt pt;
	uint8_t *b, *snap;
	uint64_t *mem;
	size_t n, pages;
	char err[256];

	fuzz_bytes(data, size, &b, &n);
	if (n < 2 || !m) {
		free(b);
		free(m);
		return;
	}
	pages = 1 + b[1] % 16;
	mem = aligned_alloc(4096, pages * 4096);
	snap = malloc(pages * 4096);
	if (!mem || !snap)
		abort();
	FUZZ_CHECK(s1pt_init(&pt, mem, pages * 4096, REGION_GPA, b[0] & 1 ? 57 : 48, err,
			     sizeof(err)) == 0);
	pt.allow_1g = b[0] & 2;
	m->valid = true;
	for (size_t off = 2; off + 12 <= n && off < 2 + 12 * 48; off += 12)	/* 48 ops */
		run_op(&pt, m, b + off, snap);
	s1pt_fini(&pt);
	free(mem);
	free(snap);
	free(m);
	free(b);
}
