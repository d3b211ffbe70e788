/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A builder for stage-1 page tables, built the way a guest builds them for
 * an iommufd nested HWPT, in one of two formats:
 *  - Intel VT-d first-stage tables (IA-32e paging: 4 levels for 48-bit, 5
 *    levels for 57-bit input addresses) for IOMMU_HWPT_DATA_VTD_S1, whose
 *    pgtbl_addr is s1pt_root_gpa();
 *  - AArch64 VMSAv8-64 stage-1 tables with the 4 KiB granule (3 levels for
 *    39-bit, 4 for 48-bit input addresses), which an SMMUv3 context
 *    descriptor's TTB0 points to (IOMMU_HWPT_DATA_ARM_SMMUV3 names the CD
 *    table in its guest STE).
 * Both are radix trees of 4 KiB tables of 512 8-byte entries with bit 0 as
 * the valid bit; only the entry encodings differ. Levels are numbered from
 * the leaf: 1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB (AArch64 lookup levels 3, 2, 1).
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
 * AArch64 entry bits written (as Linux's io-pgtable-arm writes stage 1):
 *   table:    table GPA | valid | table (0b11)
 *   leaf:     page GPA  | valid | page (level 1, 0b11) or block (0b01) | AF |
 *             SH inner shareable | AP[1] (unprivileged access) | nG |
 *             AttrIndx 0; read-only adds AP[2]
 * AF preset (no access-flag faults, CD.AFFD stays 0), nG so that TLB entries
 * belong to the CD's ASID (TLBI_NH_ASID invalidates them), AttrIndx 0 = the
 * CD's MAIR attribute 0 (normal write-back memory).
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

/* AArch64 descriptor bits (VMSAv8-64, 4 KiB granule). */
#define A64_VALID	(1ULL << 0)
#define A64_TABLE	(1ULL << 1)	/* tables, and pages at level 1; 0: a block */
#define A64_ATTRIDX	(7ULL << 2)
#define A64_AP_EL0	(1ULL << 6)	/* AP[1]: unprivileged access */
#define A64_AP_RO	(1ULL << 7)	/* AP[2]: read-only */
#define A64_SH_INNER	(3ULL << 8)
#define A64_AF		(1ULL << 10)
#define A64_NG		(1ULL << 11)
#define A64_APTABLE_RO	(1ULL << 62)	/* table descriptors: APTable[1] */

enum s1pt_format {
	S1PT_VTD,	/* VT-d first-stage (IA-32e) */
	S1PT_ARM64,	/* AArch64 stage 1, 4 KiB granule (SMMUv3 CD.TTB0) */
};

struct s1pt {
	enum s1pt_format fmt;
	uint64_t *mem;		/* the region: npages tables of 512 entries */
	size_t size;		/* bytes, a whole number of 4 KiB pages */
	size_t npages;
	uint64_t gpa_base;	/* where the region is mapped in the parent IOAS */
	unsigned levels;	/* VT-d 4 or 5; AArch64 3 or 4 */
	unsigned addr_width;	/* VT-d 48 or 57; AArch64 39 or 48 */
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
	/* AArch64 for SMMUv3: the context descriptor (8 words) whose TTB0 is
	 * the root, kept by s1.c beside the tables; NULL otherwise */
	uint64_t *cd;
	uint64_t cd_gpa;
};

/*
 * Take over mem[size] (zeroed here; page 0 becomes the empty root).
 * size: a non-zero multiple of 4 KiB; gpa_base: 4 KiB aligned, the region
 * below 2^52; addr_width: 48 or 57. Allocates the bitmap and the owner table:
 * s1pt_fini() frees them.
 */
int s1pt_init(struct s1pt *pt, void *mem, size_t size, uint64_t gpa_base, unsigned addr_width,
	      char *err, size_t n);
/* The same in either format: AArch64 takes addr_width 39 or 48. */
int s1pt_init_fmt(struct s1pt *pt, enum s1pt_format fmt, void *mem, size_t size,
		  uint64_t gpa_base, unsigned addr_width, char *err, size_t n);
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
 * PS set where it is reserved, an AArch64 block where none may be).
 */
int s1pt_translate(const struct s1pt *pt, uint64_t iova, uint64_t *gpa, bool *writable);

/* JSON: {"levels", "addr_width", "root_gpa", "table_pages_used",
 * "table_pages_total", "mappings": [{"iova", "gpa", "length", "page_size",
 * "writable"}]} in the current object; text: a header and a line per leaf. */
void s1pt_print(const struct s1pt *pt);

/* The GPA of the root table: pgtbl_addr for IOMMU_HWPT_DATA_VTD_S1. */
uint64_t s1pt_root_gpa(const struct s1pt *pt);

#endif
