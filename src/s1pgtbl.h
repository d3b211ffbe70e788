/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A builder for Intel VT-d first-stage page tables (IA-32e paging: 4 levels
 * for 48-bit, 5 levels for 57-bit input addresses), built the way a guest
 * builds them for an iommufd nested HWPT (IOMMU_HWPT_DATA_VTD_S1, whose
 * pgtbl_addr is s1pt_root_gpa()).
 *
 * The tables live in a region the caller owns: it is mmap'd and mapped into
 * the parent IOAS at gpa_base, so every table pointer written into an entry is
 * gpa_base + offset in the region. Page 0 of the region is the root table.
 *
 * Entry bits written (the choices Linux makes for its own first-stage tables):
 *   non-leaf: table GPA | P | R/W | U/S | A
 *   leaf:     page GPA  | P | U/S | A | PS (2M/1G) and, if writable, R/W | D
 * U/S because requests without SRE are user-level; A and D preset so that the
 * IOMMU never has to write them back into the table; XD never (deprecated by
 * VT-d together with Execute-Requested; NXE is not settable through iommufd).
 *
 * Every function returns 0 or a negative errno and writes a one-line reason to
 * err[n] (err may be NULL). On failure the region is left byte-for-byte as it
 * was. The struct is not thread-safe.
 */
#ifndef IOMMUCTL_S1PGTBL_H
#define IOMMUCTL_S1PGTBL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define S1PT_PAGE_SIZE	4096ULL
#define S1PT_SIZE_2M	(1ULL << 21)
#define S1PT_SIZE_1G	(1ULL << 30)
#define S1PT_ENTRIES	512

/* Entry bits (IA-32e paging as used by VT-d first-stage translation). */
#define S1PT_P		(1ULL << 0)
#define S1PT_RW		(1ULL << 1)
#define S1PT_US		(1ULL << 2)
#define S1PT_PWT	(1ULL << 3)
#define S1PT_PCD	(1ULL << 4)
#define S1PT_A		(1ULL << 5)
#define S1PT_D		(1ULL << 6)
#define S1PT_PS		(1ULL << 7)
#define S1PT_XD		(1ULL << 63)
#define S1PT_ADDR_4K	0x000ffffffffff000ULL	/* bits 51:12 */
#define S1PT_ADDR_2M	0x000fffffffe00000ULL	/* bits 51:21 */
#define S1PT_ADDR_1G	0x000fffffc0000000ULL	/* bits 51:30 */

struct s1pt {
	uint64_t *mem;		/* the region: npages tables of 512 entries */
	size_t size;		/* bytes, a whole number of 4 KiB pages */
	size_t npages;
	uint64_t gpa_base;	/* where the region is mapped in the parent IOAS */
	unsigned levels;	/* 4 or 5 */
	unsigned addr_width;	/* 48 or 57 */
	bool allow_1g;		/* 1 GiB leaves (CAP.FS1GP): set before mapping; without
			 * it translate faults on them as the IOMMU would */
	uint64_t *bitmap;	/* one bit per region page, set when in use */
	size_t *owner;		/* per page: 1 + the index in mem of the entry that points
			 * to it (0: none); only that entry is followed, so tables
			 * rewritten behind our back (DMA into the region) cannot
			 * make a walk revisit pages or free them twice */
	size_t pages_used;	/* table pages in use, the root included */
	size_t leaves;		/* present leaf entries */
	uint64_t mapped;	/* bytes mapped */
};

/*
 * Take over mem[size] (zeroed here; page 0 becomes the empty root).
 * size: a non-zero multiple of 4 KiB; gpa_base: 4 KiB aligned, the region
 * below 2^52; addr_width: 48 or 57. Allocates the bitmap and the owner table:
 * s1pt_fini() frees them.
 */
int s1pt_init(struct s1pt *pt, void *mem, size_t size, uint64_t gpa_base, unsigned addr_width,
	      char *err, size_t n);
/* Free the bitmap and the owner table (the region stays the caller's, as it is). */
void s1pt_fini(struct s1pt *pt);

/*
 * Map [iova, iova+len) to [gpa, gpa+len): all 4 KiB aligned, len > 0, iova
 * range inside the width, gpa range below 2^52. Uses 2 MiB leaves (and 1 GiB
 * ones with allow_1g) where both addresses are aligned and the range covers
 * the whole leaf. -EEXIST if any part is mapped, -ENOSPC when the region runs
 * out of table pages, -ERANGE beyond the width, -EINVAL for bad alignment.
 */
int s1pt_map(struct s1pt *pt, uint64_t iova, uint64_t gpa, uint64_t len, bool writable,
	     char *err, size_t n);

/*
 * Remove the leaves in [iova, iova+len) (holes are fine). A 2 MiB or 1 GiB
 * leaf the range covers only in part is split first, so that exactly the range
 * goes; a split needs table pages (-ENOSPC, nothing changed, if there are
 * none). Table pages that become empty are freed, never the root.
 * *unmapped (may be NULL): bytes actually unmapped.
 */
int s1pt_unmap(struct s1pt *pt, uint64_t iova, uint64_t len, uint64_t *unmapped,
	       char *err, size_t n);

/*
 * Call cb (may be NULL) once per leaf, in IOVA order, without merging:
 * level 1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB; writable is R/W of every level
 * ANDed, as the IOMMU sees it. Returns the number of leaves.
 */
typedef void (*s1pt_walk_cb)(void *ctx, uint64_t iova, uint64_t gpa, uint64_t len, bool writable,
			     unsigned level);
size_t s1pt_walk(const struct s1pt *pt, s1pt_walk_cb cb, void *ctx);

/*
 * Translate one address the way the IOMMU walks the table. 0 and *gpa,
 * *writable (each may be NULL); -ENOENT not present; -ERANGE beyond the width;
 * -EFAULT for an entry the hardware would fault on (a table outside the region,
 * PS set where it is reserved).
 */
int s1pt_translate(const struct s1pt *pt, uint64_t iova, uint64_t *gpa, bool *writable);

/* JSON: {"levels", "addr_width", "root_gpa", "table_pages_used",
 * "table_pages_total", "mappings": [{"iova", "gpa", "length", "page_size",
 * "writable"}]} in the current object; text: a header and a line per leaf. */
void s1pt_print(const struct s1pt *pt);

/* The GPA of the root table: pgtbl_addr for IOMMU_HWPT_DATA_VTD_S1. */
uint64_t s1pt_root_gpa(const struct s1pt *pt);

#endif
