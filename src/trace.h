/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * -d/--debug ioctl tracing. Every iommufd and VFIO ioctl that iommufd.c
 * issues is printed on stderr as one block:
 *
 *   ioctl IOMMU_HWPT_ALLOC(0x3b89) {size=48 flags=NEST_PARENT dev_id=1 …} = 0 -> {out_hwpt_id=3}
 *     data_uptr -> iommu_hwpt_vtd_s1 {flags=SRE pgtbl_addr=0x1000 addr_width=48}
 *
 * The decoding is table-driven: one descriptor per structure (field name,
 * offset, size, kind, direction), walked by one printer. Blobs behind user
 * pointers (HWPT data, invalidation arrays, IOVA ranges, hw_info data) are
 * read through a pipe, so a bad pointer prints "unreadable" instead of
 * crashing the tracer.
 */
#ifndef IOMMUCTL_TRACE_H
#define IOMMUCTL_TRACE_H

#include <stddef.h>
#include <stdint.h>

enum tf_kind {
	TF_U,		/* unsigned decimal */
	TF_S,		/* signed decimal (fds) */
	TF_HEX,		/* addresses, pointers, raw register words */
	TF_ID,		/* iommufd object id */
	TF_FLAGS,	/* bits by name, unknown bits in hex */
	TF_ENUM,	/* value by name */
	TF_RSVD,	/* printed only when non-zero (a bug worth seeing) */
	TF_BYTES,	/* count bytes as one hex string (UUIDs) */
	TF_UNION,	/* variant inside the struct, chosen by a key field */
	TF_PTR,		/* user pointer: value inline, pointee decoded below */
};

enum tf_dir {
	TF_IN = 1,	/* printed before " = " */
	TF_OUT = 2,	/* printed after "->" on success */
	TF_IO = TF_IN | TF_OUT,
	TF_ERR = 4,	/* output also written back on failure */
};

struct tf_name {
	uint64_t val;
	const char *name;	/* NULL ends the table */
};

struct tf_struct;

struct tf_variant {
	uint64_t key;
	const struct tf_struct *s;
	uint32_t len;		/* nonzero: only for this element length
				 * (selftest HWPT and vIOMMU entries share a key) */
};

struct tf_field {
	const char *name;
	uint16_t off;		/* from the start of the enclosing struct */
	uint8_t size;		/* of one element: 1, 2, 4 or 8 */
	uint8_t count;		/* array elements; 0 means 1 */
	uint8_t kind;		/* enum tf_kind */
	uint8_t dir;		/* enum tf_dir; 0 inside blobs: both */
	uint8_t bdir;		/* TF_PTR: direction of the pointee */
	uint64_t mask;		/* nonzero: show raw & mask */
	const struct tf_name *names;	/* TF_FLAGS, TF_ENUM */
	/* TF_UNION, TF_PTR: offsets of u32 fields in the enclosing struct,
	 * -1 when absent (single variant, variant size, one element). */
	const struct tf_variant *variants;	/* ends with s == NULL */
	int16_t key_off;
	uint64_t key_mask;
	int16_t len_off;
	int16_t num_off;
};

struct tf_struct {
	const char *name;	/* the kernel's name, e.g. "iommu_hwpt_alloc" */
	uint16_t size;
	uint16_t nfields;
	const struct tf_field *fields;
};

/* Name of an ioctl known to iommuctl ("IOMMU_HWPT_ALLOC"), or NULL. */
const char *trace_ioctl_name(unsigned long cmd);
/* The descriptor of an ioctl's argument, or NULL. */
const struct tf_struct *trace_ioctl_struct(unsigned long cmd);

/*
 * Print one ioctl block on stderr. before is the argument as sent, after as
 * returned (size bytes each); ret is the ioctl result or -errno.
 */
void trace_ioctl(unsigned long cmd, const void *before, const void *after, size_t size,
		 int ret);

/* Print a record read from an event fd ("fault", "vevent"), len bytes. */
void trace_record(const char *what, const struct tf_struct *s, const void *p, size_t len);

/* Descriptors of the records read from fault and vEVENTQ fds. */
extern const struct tf_struct tf_iommu_hwpt_pgfault;
extern const struct tf_struct tf_iommufd_vevent_header;

#endif
