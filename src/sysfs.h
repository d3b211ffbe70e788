/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading sysfs, procfs and /dev under the configured roots (--sysfs,
 * --proc, --dev), so that every command runs unchanged on a saved or
 * synthetic tree. Readers return 0 (or a length) or -errno and never print;
 * sf_why() turns the errno into the reason a message gives, sf_err() and
 * sf_warn() report "PATH: reason".
 *
 * Also here: the pure parsers of sysfs attribute formats (AMD features,
 * reserved regions, PCI addresses), so that they can be unit-tested.
 */
#ifndef IOMMUCTL_SYSFS_H
#define IOMMUCTL_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Large enough for any path we build under a root. */
#define SF_PATH_MAX 4096

/* ROOT/REL with REL printf-formatted; -ENAMETOOLONG if it does not fit. */
int sf_path(char *buf, size_t n, const char *root, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define sys_path(buf, ...)  sf_path(buf, sizeof(buf), opts.sysfs_root, __VA_ARGS__)
#define proc_path(buf, ...) sf_path(buf, sizeof(buf), opts.proc_root, __VA_ARGS__)
#define dev_path(buf, ...)  sf_path(buf, sizeof(buf), opts.dev_root, __VA_ARGS__)

/*
 * A small attribute, trailing white space removed. Returns the length, or
 * -errno: -EFBIG if it does not fit in buf, -ENODATA if it is empty.
 */
int sf_read_str(const char *path, char *buf, size_t n);
/* A whole text file (at most max bytes), NUL-terminated; free() *out. */
int sf_read_text(const char *path, size_t max, char **out, size_t *len);
/* Up to n bytes of a binary file; *got is what a read returned (may be short). */
int sf_read_bin(const char *path, uint8_t *buf, size_t n, size_t *got);
/* Hexadecimal, "0x" optional (sysfs prints both ways); -EINVAL on garbage. */
int sf_read_hex(const char *path, uint64_t *v);
/* Decimal, unsigned; -EINVAL on garbage. */
int sf_read_u64(const char *path, uint64_t *v);
/* The last component of a symlink's target ("../../dmar0" -> "dmar0"). */
int sf_readlink_base(const char *path, char *buf, size_t n);

bool sf_exists(const char *path);
bool sf_is_dir(const char *path);

/* Ordering of directory listings. */
enum sf_sort {
	SF_SORT_NAME,		/* strcmp */
	SF_SORT_NUMERIC,	/* group ids: 2 < 10; non-numbers last */
	SF_SORT_NATURAL,	/* unit names: dmar2 < dmar10 */
	SF_SORT_BDF,		/* PCI addresses by domain, bus, device, function */
};

struct sf_list {
	char **names;
	size_t n;
};

/* Entries of a directory except "." and hidden names, sorted; -errno. */
int sf_list_dir(const char *dir, enum sf_sort sort, struct sf_list *out);
void sf_list_free(struct sf_list *l);

int sf_natcmp(const char *a, const char *b);
int sf_bdfcmp(const char *a, const char *b);

/* The reason for a failed read, for messages ("permission denied (needs root)"). */
const char *sf_why(int err);
/* Report "PATH: reason" as an error (returns EXIT_FAILED) or a warning. */
int sf_err(const char *path, int err);
void sf_warn(const char *path, int err);

/* ---- parsers of attribute formats ---- */

/*
 * /sys/class/iommu/ivhdN/amd-iommu/features. Three forms exist:
 *   "EFR:EFR2"   current kernels (global values)
 *   "EFR2:EFR"   6.0 until the global-EFR rework (per unit)
 *   "EFR"        before 6.0
 * The file itself does not say which of the two-value forms it is, so the
 * order is judged by the values: EFR has many low bits set, EFR2 is small.
 */
enum amd_feat_form {
	AMD_FEAT_EFR_EFR2,
	AMD_FEAT_EFR2_EFR,
	AMD_FEAT_EFR_ONLY,
};

struct amd_features {
	enum amd_feat_form form;
	uint64_t efr;
	uint64_t efr2;		/* 0 with AMD_FEAT_EFR_ONLY */
	bool efr2_known;	/* false with AMD_FEAT_EFR_ONLY */
	bool certain;		/* the order follows clearly from the values */
};

int amd_features_parse(const char *text, struct amd_features *f);
const char *amd_feat_form_name(enum amd_feat_form f);

/*
 * One line of /sys/kernel/iommu_groups/N/reserved_regions:
 * "0x%016llx 0x%016llx %s" = start, inclusive end, type. Unknown types are
 * kept (known = false); anything else malformed is -EINVAL.
 */
enum resv_type {
	RESV_DIRECT,
	RESV_DIRECT_RELAXABLE,
	RESV_RESERVED,
	RESV_MSI,
	RESV_OTHER,
};

struct resv_region {
	uint64_t start, end;	/* end inclusive */
	enum resv_type type;
	char type_name[32];
};

int resv_parse_line(const char *line, struct resv_region *r);
/* end - start + 1, false if it is 2^64 (the whole space) */
bool resv_size(const struct resv_region *r, uint64_t *size);

/*
 * A PCI address as the user types it: "DDDD:BB:DD.F" (domain of 4 to 8 hex
 * digits) or "BB:DD.F" (domain 0000). Writes the sysfs name, lower case.
 */
int bdf_parse(const char *s, char *out, size_t n);

#endif
