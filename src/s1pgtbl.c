// SPDX-License-Identifier: GPL-2.0-only
/* Stage-1 page-table builder (VT-d first stage, AArch64 stage 1): see s1pgtbl.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "s1pgtbl.h"

#define GPA_LIMIT	(1ULL << 52)	/* entries hold address bits 51:12 */
#define NONLEAF_BITS	(S1PT_P | S1PT_RW | S1PT_US | S1PT_A)
#define PTE_PAT		(1ULL << 7)	/* 4 KiB leaves: bit 7 is PAT, not PS */
#define LARGE_PAT	(1ULL << 12)	/* 2 MiB / 1 GiB leaves */
#define NO_PAGE		((size_t)-1)

__attribute__((format(printf, 4, 5)))
static int fail(char *err, size_t n, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && n) {
		va_start(ap, fmt);
		vsnprintf(err, n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static unsigned shift_of(unsigned level)
{
	return 12 + 9 * (level - 1);
}

static uint64_t size_of(unsigned level)
{
	return 1ULL << shift_of(level);
}

static unsigned index_of(uint64_t va, unsigned level)
{
	return (unsigned)(va >> shift_of(level)) & (S1PT_ENTRIES - 1);
}

static uint64_t leaf_mask(unsigned level)
{
	return level == 1 ? S1PT_ADDR_4K : level == 2 ? S1PT_ADDR_2M : S1PT_ADDR_1G;
}

static const char *size_name(unsigned level)
{
	return level == 1 ? "4K" : level == 2 ? "2M" : "1G";
}

static uint64_t *table(const struct s1pt *pt, size_t page)
{
	return pt->mem + page * S1PT_ENTRIES;
}

static uint64_t page_gpa(const struct s1pt *pt, size_t page)
{
	return pt->gpa_base + page * S1PT_PAGE_SIZE;
}

static bool page_used(const struct s1pt *pt, size_t page)
{
	return pt->bitmap[page / 64] >> (page % 64) & 1;
}

/* ---- the two entry formats ---- */

/* VT-d: PS is a leaf only at levels 2 and 3; at 4 and 5 it is reserved.
 * AArch64: a block (bit 1 clear) at levels 2 and 3; level 4 has none. */
static bool is_leaf(const struct s1pt *pt, uint64_t e, unsigned level)
{
	if (level == 1)
		return true;
	if (pt->fmt == S1PT_ARM64)
		return !(e & A64_TABLE) && level <= 3;
	return (e & S1PT_PS) && level <= 3;
}

static uint64_t table_entry(const struct s1pt *pt, uint64_t gpa)
{
	return gpa | (pt->fmt == S1PT_ARM64 ? A64_VALID | A64_TABLE : NONLEAF_BITS);
}

static uint64_t leaf_entry(const struct s1pt *pt, uint64_t pa, unsigned level, bool writable)
{
	pa &= leaf_mask(level);
	if (pt->fmt == S1PT_ARM64)
		return pa | A64_VALID | (level == 1 ? A64_TABLE : 0) | A64_AF | A64_SH_INNER |
		       A64_AP_EL0 | A64_NG | (writable ? 0 : A64_AP_RO);
	return pa | S1PT_P | S1PT_US | S1PT_A | (level > 1 ? S1PT_PS : 0) |
	       (writable ? S1PT_RW | S1PT_D : 0);
}

/* Whether an entry allows writes: a leaf's own permission, or what a table
 * entry passes down (VT-d R/W at every level, AArch64 APTable). */
static bool entry_writable(const struct s1pt *pt, uint64_t e, bool leaf)
{
	if (pt->fmt == S1PT_ARM64)
		return leaf ? !(e & A64_AP_RO) : !(e & A64_APTABLE_RO);
	return e & S1PT_RW;
}

/* A piece of a large leaf split one level down: the same attributes (VT-d
 * moves PAT between bit 12 and bit 7; AArch64 turns a block into pages). */
static uint64_t split_piece(const struct s1pt *pt, uint64_t old, unsigned to_level, uint64_t pa)
{
	uint64_t attrs;

	if (pt->fmt == S1PT_ARM64) {
		attrs = old & ~S1PT_ADDR_4K & ~A64_TABLE;
		return pa | attrs | (to_level == 1 ? A64_TABLE : 0);
	}
	attrs = old & ~S1PT_ADDR_4K & ~S1PT_PS;
	if (to_level == 1)
		attrs |= old & LARGE_PAT ? PTE_PAT : 0;
	else
		attrs |= S1PT_PS | (old & LARGE_PAT);
	return pa | attrs;
}

/* A leaf the hardware would fault on: VT-d PS above level 3 (or at 3
 * without FS1GP), AArch64 a block at level 4; address bits below the page
 * size (but VT-d's PAT) set. */
static bool bad_leaf(const struct s1pt *pt, uint64_t e, unsigned level)
{
	if (level == 1)
		return false;
	if (pt->fmt == S1PT_ARM64)
		return level > 3 || (e & ~leaf_mask(level) & S1PT_ADDR_4K);
	if (level > 3 || (level == 3 && !pt->allow_1g))
		return true;
	return e & ~leaf_mask(level) & S1PT_ADDR_4K & ~LARGE_PAT;
}

/* The table page in use that a non-leaf entry points to, if any: what the
 * IOMMU would read (translate). */
static bool table_page(const struct s1pt *pt, uint64_t e, size_t *page)
{
	uint64_t a = e & S1PT_ADDR_4K;
	size_t p;

	if (a < pt->gpa_base || (a - pt->gpa_base) / S1PT_PAGE_SIZE >= pt->npages)
		return false;
	p = (size_t)((a - pt->gpa_base) / S1PT_PAGE_SIZE);
	if (p == 0 || !page_used(pt, p))
		return false;
	*page = p;
	return true;
}

/* The same, for the builder's own walks: only from the entry that made the
 * page its child. Anything else (the region was written behind our back) is
 * not followed, so that every page is visited at most once. */
static bool child_page(const struct s1pt *pt, const uint64_t *entry, size_t *page)
{
	size_t p;

	if (!table_page(pt, *entry, &p) || pt->owner[p] != (size_t)(entry - pt->mem) + 1)
		return false;
	*page = p;
	return true;
}

/* entry now points to page, a new table. */
static void link_child(struct s1pt *pt, uint64_t *entry, size_t page)
{
	*entry = table_entry(pt, page_gpa(pt, page));
	pt->owner[page] = (size_t)(entry - pt->mem) + 1;
}

static size_t free_pages(const struct s1pt *pt)
{
	return pt->npages - pt->pages_used;
}

/* First fit: deterministic, so the tests can name the pages. Free pages are
 * kept zeroed, so a new table is already empty. */
static size_t alloc_page(struct s1pt *pt)
{
	for (size_t w = 0; w < (pt->npages + 63) / 64; w++) {
		if (pt->bitmap[w] == UINT64_MAX)
			continue;
		size_t p = w * 64 + (size_t)__builtin_ctzll(~pt->bitmap[w]);

		if (p >= pt->npages)
			break;
		pt->bitmap[w] |= 1ULL << (p % 64);
		pt->pages_used++;
		return p;
	}
	return NO_PAGE;
}

/* Zero on free: keeps "free pages are zero", which makes a rolled-back
 * operation leave the region byte-identical. */
static void free_page(struct s1pt *pt, size_t page)
{
	memset(table(pt, page), 0, S1PT_PAGE_SIZE);
	pt->owner[page] = 0;
	pt->bitmap[page / 64] &= ~(1ULL << (page % 64));
	pt->pages_used--;
}

static bool table_empty(const struct s1pt *pt, size_t page)
{
	const uint64_t *t = table(pt, page);

	for (unsigned i = 0; i < S1PT_ENTRIES; i++)
		if (t[i] & S1PT_P)
			return false;
	return true;
}

int s1pt_init(struct s1pt *pt, void *mem, size_t size, uint64_t gpa_base, unsigned addr_width,
	      char *err, size_t n)
{
	return s1pt_init_fmt(pt, S1PT_VTD, mem, size, gpa_base, addr_width, err, n);
}

int s1pt_init_fmt(struct s1pt *pt, enum s1pt_format fmt, void *mem, size_t size,
		  uint64_t gpa_base, unsigned addr_width, char *err, size_t n)
{
	memset(pt, 0, sizeof(*pt));
	if (fmt == S1PT_ARM64 && addr_width != 39 && addr_width != 48)
		return fail(err, n, -EINVAL,
			    "address width %u: AArch64 stage-1 tables (4 KiB granule) take 39 "
			    "(3-level) or 48 (4-level)", addr_width);
	if (fmt == S1PT_VTD && addr_width != 48 && addr_width != 57)
		return fail(err, n, -EINVAL,
			    "address width %u: first-stage tables take 48 (4-level) or 57 (5-level)",
			    addr_width);
	if (!mem || ((uintptr_t)mem & 7))
		return fail(err, n, -EINVAL, "table region must be a non-NULL, 8-byte aligned pointer");
	if (!size || size % S1PT_PAGE_SIZE)
		return fail(err, n, -EINVAL,
			    "table region size %zu is not a non-zero multiple of 4096", size);
	if (gpa_base % S1PT_PAGE_SIZE)
		return fail(err, n, -EINVAL, "table region GPA 0x%" PRIx64 " is not 4 KiB aligned",
			    gpa_base);
	if (gpa_base >= GPA_LIMIT || size > GPA_LIMIT - gpa_base)
		return fail(err, n, -ERANGE,
			    "table region 0x%" PRIx64 "+0x%zx does not fit in 52 address bits",
			    gpa_base, size);
	pt->npages = size / S1PT_PAGE_SIZE;
	pt->bitmap = calloc((pt->npages + 63) / 64, sizeof(uint64_t));
	pt->owner = calloc(pt->npages, sizeof(size_t));
	if (!pt->bitmap || !pt->owner) {
		s1pt_fini(pt);
		return fail(err, n, -ENOMEM, "no memory for a %zu-page bitmap", pt->npages);
	}
	pt->mem = mem;
	pt->size = size;
	pt->gpa_base = gpa_base;
	pt->fmt = fmt;
	pt->addr_width = addr_width;
	pt->levels = (addr_width - 12 + 8) / 9;	/* 39: 3, 48: 4, 57: 5 */
	memset(mem, 0, size);
	pt->bitmap[0] = 1;	/* the root */
	pt->pages_used = 1;
	return 0;
}

void s1pt_fini(struct s1pt *pt)
{
	free(pt->bitmap);
	free(pt->owner);
	pt->bitmap = NULL;
	pt->owner = NULL;
}

uint64_t s1pt_root_gpa(const struct s1pt *pt)
{
	return pt->gpa_base;
}

/* Alignment and width checks shared by map and unmap. */
static int check_range(const struct s1pt *pt, const char *what, uint64_t iova, uint64_t len,
		       char *err, size_t n)
{
	uint64_t limit = 1ULL << pt->addr_width;

	if (!len)
		return fail(err, n, -EINVAL, "%s: length is 0", what);
	if ((iova | len) % S1PT_PAGE_SIZE)
		return fail(err, n, -EINVAL,
			    "%s: IOVA 0x%" PRIx64 " and length 0x%" PRIx64 " must be 4 KiB aligned",
			    what, iova, len);
	if (iova >= limit || len > limit - iova)
		return fail(err, n, -ERANGE,
			    "%s: IOVA 0x%" PRIx64 "+0x%" PRIx64 " goes beyond the %u-bit input width",
			    what, iova, len, pt->addr_width);
	return 0;
}

/* The lowest leaf meeting [start, end), in the table at page (level, base). */
static bool find_leaf(const struct s1pt *pt, size_t page, unsigned level, uint64_t base,
		      uint64_t start, uint64_t end, uint64_t *leaf_va, unsigned *leaf_level)
{
	const uint64_t *t = table(pt, page);
	uint64_t sz = size_of(level);
	uint64_t lo = start > base ? start : base;
	uint64_t hi = end < base + sz * S1PT_ENTRIES ? end : base + sz * S1PT_ENTRIES;
	size_t child;

	if (lo >= hi)
		return false;
	for (uint64_t i = (lo - base) / sz; i <= (hi - 1 - base) / sz; i++) {
		uint64_t e = t[i];

		if (!(e & S1PT_P))
			continue;
		if (is_leaf(pt, e, level)) {
			*leaf_va = base + i * sz;
			*leaf_level = level;
			return true;
		}
		if (child_page(pt, &t[i], &child) &&
		    find_leaf(pt, child, level - 1, base + i * sz, start, end, leaf_va, leaf_level))
			return true;
	}
	return false;
}

/* Remove the leaves in [start, end) below page; free tables left empty.
 * Callers split partly covered large leaves first. Returns bytes removed. */
static uint64_t clear_range(struct s1pt *pt, size_t page, unsigned level, uint64_t base,
			    uint64_t start, uint64_t end)
{
	uint64_t *t = table(pt, page);
	uint64_t sz = size_of(level), done = 0;
	uint64_t lo = start > base ? start : base;
	uint64_t hi = end < base + sz * S1PT_ENTRIES ? end : base + sz * S1PT_ENTRIES;
	size_t child;

	if (lo >= hi)
		return 0;
	for (uint64_t i = (lo - base) / sz; i <= (hi - 1 - base) / sz; i++) {
		uint64_t va = base + i * sz, e = t[i];

		if (!(e & S1PT_P))
			continue;
		if (is_leaf(pt, e, level)) {
			if (va < start || va + sz > end)
				continue;	/* not reached: split before */
			t[i] = 0;
			pt->leaves--;
			pt->mapped -= sz;
			done += sz;
			continue;
		}
		if (!child_page(pt, &t[i], &child))
			continue;
		done += clear_range(pt, child, level - 1, va, start, end);
		if (table_empty(pt, child)) {
			t[i] = 0;
			free_page(pt, child);
		}
	}
	return done;
}

/* Write one leaf at level; the tables on the way are allocated only once it
 * is known that there are enough, so a failure changes nothing. */
static int install(struct s1pt *pt, uint64_t va, uint64_t pa, unsigned level, bool writable)
{
	size_t page = 0, child;
	unsigned need = 0;
	uint64_t *e;

	for (unsigned l = pt->levels; l > level; l--) {
		e = &table(pt, page)[index_of(va, l)];
		if (!(*e & S1PT_P)) {
			need = l - level;
			break;
		}
		if (is_leaf(pt, *e, l) || !child_page(pt, e, &child))
			return -EEXIST;	/* excluded by the overlap check */
		page = child;
	}
	if (need > free_pages(pt))
		return -ENOSPC;
	for (unsigned l = level + need; l > level; l--) {
		child = alloc_page(pt);
		link_child(pt, &table(pt, page)[index_of(va, l)], child);
		page = child;
	}
	e = &table(pt, page)[index_of(va, level)];
	if (*e & S1PT_P)
		return -EEXIST;
	*e = leaf_entry(pt, pa, level, writable);
	pt->leaves++;
	pt->mapped += size_of(level);
	return 0;
}

int s1pt_map(struct s1pt *pt, uint64_t iova, uint64_t gpa, uint64_t len, bool writable,
	     char *err, size_t n)
{
	uint64_t end = iova + len, off, at;
	unsigned lvl;
	int rc;

	rc = check_range(pt, "map", iova, len, err, n);
	if (rc)
		return rc;
	if (gpa % S1PT_PAGE_SIZE)
		return fail(err, n, -EINVAL, "map: GPA 0x%" PRIx64 " is not 4 KiB aligned", gpa);
	if (gpa >= GPA_LIMIT || len > GPA_LIMIT - gpa)
		return fail(err, n, -ERANGE,
			    "map: GPA 0x%" PRIx64 "+0x%" PRIx64 " does not fit in 52 address bits",
			    gpa, len);
	/* Check first: refusing an overlap must not touch the table. */
	if (find_leaf(pt, 0, pt->levels, 0, iova, end, &at, &lvl)) {
		uint64_t first = at > iova ? at : iova;

		return fail(err, n, -EEXIST,
			    "map: IOVA 0x%" PRIx64 " is already mapped (a %s leaf at 0x%" PRIx64 ")",
			    first, size_name(lvl), at);
	}
	for (off = 0; off < len; off += size_of(lvl)) {
		uint64_t va = iova + off, pa = gpa + off, left = len - off;

		lvl = 1;
		if (pt->allow_1g && !((va | pa) % S1PT_SIZE_1G) && left >= S1PT_SIZE_1G)
			lvl = 3;
		else if (!((va | pa) % S1PT_SIZE_2M) && left >= S1PT_SIZE_2M)
			lvl = 2;
		rc = install(pt, va, pa, lvl, writable);
		if (rc) {
			/* Roll back what this call mapped; its tables empty and go. */
			clear_range(pt, 0, pt->levels, 0, iova, va);
			if (rc == -ENOSPC)
				return fail(err, n, rc,
					    "map: out of table pages at IOVA 0x%" PRIx64
					    ": the region has %zu pages (%zu in use)",
					    va, pt->npages, pt->pages_used);
			return fail(err, n, rc, "map: IOVA 0x%" PRIx64 " is already mapped", va);
		}
	}
	return 0;
}

struct split_undo {
	uint64_t *entry;
	uint64_t old;
	size_t page;
};

/* Make va a leaf boundary: split the large leaf containing it (1G into 2M,
 * 2M into 4K) until va is aligned to the leaf. Logged for undo. */
static int split_at(struct s1pt *pt, uint64_t va, struct split_undo *log, unsigned *nlog)
{
	size_t page = 0, child;

	for (unsigned l = pt->levels; l >= 1; l--) {
		uint64_t *e = &table(pt, page)[index_of(va, l)];
		uint64_t old = *e, sz = size_of(l), csz, pa;

		if (!(old & S1PT_P))
			return 0;
		if (!is_leaf(pt, old, l)) {
			if (!child_page(pt, e, &page))
				return 0;
			continue;
		}
		if (l == 1 || va % sz == 0)
			return 0;
		if (!free_pages(pt))
			return -ENOSPC;
		child = alloc_page(pt);
		csz = size_of(l - 1);
		/* Same attributes in every piece. */
		pa = old & leaf_mask(l);
		for (unsigned i = 0; i < S1PT_ENTRIES; i++)
			table(pt, child)[i] = split_piece(pt, old, l - 1, pa + i * csz);
		link_child(pt, e, child);
		log[*nlog].entry = e;
		log[*nlog].old = old;
		log[*nlog].page = child;
		(*nlog)++;
		pt->leaves += S1PT_ENTRIES - 1;
		page = child;
	}
	return 0;
}

int s1pt_unmap(struct s1pt *pt, uint64_t iova, uint64_t len, uint64_t *unmapped,
	       char *err, size_t n)
{
	struct split_undo log[4];	/* two boundaries, two splits each at most */
	unsigned nlog = 0;
	uint64_t end = iova + len, done;
	int rc;

	if (unmapped)
		*unmapped = 0;
	rc = check_range(pt, "unmap", iova, len, err, n);
	if (rc)
		return rc;
	rc = split_at(pt, iova, log, &nlog);
	if (!rc && end < 1ULL << pt->addr_width)
		rc = split_at(pt, end, log, &nlog);
	if (rc) {
		while (nlog--) {
			*log[nlog].entry = log[nlog].old;
			free_page(pt, log[nlog].page);
			pt->leaves -= S1PT_ENTRIES - 1;
		}
		return fail(err, n, rc,
			    "unmap: splitting a large page at the edge of 0x%" PRIx64 "+0x%" PRIx64
			    " needs a table page: the region has %zu pages (%zu in use)",
			    iova, len, pt->npages, pt->pages_used);
	}
	done = clear_range(pt, 0, pt->levels, 0, iova, end);
	if (unmapped)
		*unmapped = done;
	return 0;
}

static size_t walk_table(const struct s1pt *pt, size_t page, unsigned level, uint64_t base,
			 bool rw, s1pt_walk_cb cb, void *ctx)
{
	const uint64_t *t = table(pt, page);
	uint64_t sz = size_of(level);
	size_t count = 0, child;

	for (unsigned i = 0; i < S1PT_ENTRIES; i++) {
		uint64_t e = t[i], va = base + i * sz;
		bool w;

		if (!(e & S1PT_P))
			continue;
		w = rw && entry_writable(pt, e, is_leaf(pt, e, level));
		if (is_leaf(pt, e, level)) {
			if (cb)
				cb(ctx, va, e & leaf_mask(level), sz, w, level);
			count++;
		} else if (child_page(pt, &t[i], &child)) {
			count += walk_table(pt, child, level - 1, va, w, cb, ctx);
		}
	}
	return count;
}

size_t s1pt_walk(const struct s1pt *pt, s1pt_walk_cb cb, void *ctx)
{
	return walk_table(pt, 0, pt->levels, 0, true, cb, ctx);
}

int s1pt_translate(const struct s1pt *pt, uint64_t iova, uint64_t *gpa, bool *writable)
{
	size_t page = 0;
	bool rw = true;

	if (iova >> pt->addr_width)
		return -ERANGE;
	for (unsigned l = pt->levels; l >= 1; l--) {
		uint64_t e = table(pt, page)[index_of(iova, l)], sz = size_of(l);

		bool leaf;

		if (!(e & S1PT_P))
			return -ENOENT;
		leaf = l == 1 || (pt->fmt == S1PT_ARM64 ? !(e & A64_TABLE) : (e & S1PT_PS));
		rw = rw && entry_writable(pt, e, leaf);
		if (leaf) {
			if (bad_leaf(pt, e, l))
				return -EFAULT;
			if (gpa)
				*gpa = (e & leaf_mask(l)) | (iova & (sz - 1));
			if (writable)
				*writable = rw;
			return 0;
		}
		if (!table_page(pt, e, &page))
			return -EFAULT;	/* a table we cannot read (or never wrote) */
	}
	return -EFAULT;
}

static void print_leaf(void *ctx, uint64_t iova, uint64_t gpa, uint64_t len, bool writable,
		       unsigned level)
{
	(void)ctx;
	open_object(NULL);
	print_hex(PRINT_ANY, "iova", "0x%016" PRIx64, iova);
	print_hex(PRINT_TEXT, NULL, "-0x%016" PRIx64, iova + len - 1);
	print_hex(PRINT_ANY, "gpa", " -> 0x%016" PRIx64, gpa);
	print_u64(PRINT_JSON, "length", NULL, len);
	print_string(PRINT_ANY, "page_size", " %s", size_name(level));
	print_bool(PRINT_JSON, "writable", NULL, writable);
	print_string(PRINT_TEXT, NULL, " %s\n", writable ? "rw" : "ro");
	close_object();
}

void s1pt_print(const struct s1pt *pt)
{
	print_string(PRINT_JSON, "format", NULL, pt->fmt == S1PT_ARM64 ? "aarch64" : "vtd");
	print_u64(PRINT_ANY, "levels", pt->fmt == S1PT_ARM64
		  ? "AArch64 stage-1 page table (4 KiB granule): %" PRIu64 " levels"
		  : "first-stage page table: %" PRIu64 " levels", pt->levels);
	print_u64(PRINT_ANY, "addr_width", " (%" PRIu64 "-bit)", pt->addr_width);
	print_hex(PRINT_ANY, "root_gpa", ", root 0x%" PRIx64, s1pt_root_gpa(pt));
	print_u64(PRINT_ANY, "table_pages_used", ", table pages %" PRIu64, pt->pages_used);
	print_u64(PRINT_ANY, "table_pages_total", "/%" PRIu64 "\n", pt->npages);
	text_indent(1);
	open_array("mappings");
	if (!s1pt_walk(pt, print_leaf, NULL))
		print_text("no mappings\n");
	close_array();
	text_indent(-1);
}
