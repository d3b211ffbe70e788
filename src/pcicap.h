/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCIe extended capabilities from a device's config space (the sysfs
 * `config` file): a safe walk of the list at 0x100 and the decoding of the
 * three that matter for iommufd: PASID, ATS and PRI.
 *
 * The walk never trusts the device: every header must lie inside what was
 * read, pointers must stay in the extended space and every offset is visited
 * at most once. Unprivileged reads of `config` return only the first 64
 * bytes; that is reported as "unreadable", never as "no capabilities".
 */
#ifndef IOMMUCTL_PCICAP_H
#define IOMMUCTL_PCICAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCI_CFG_SPACE_SIZE	256
#define PCI_CFG_SPACE_EXP_SIZE	4096
#define PCI_CFG_UNPRIV_SIZE	64	/* what a non-root read returns */

#define PCI_EXT_CAP_ID_ATS	0x000f
#define PCI_EXT_CAP_ID_PRI	0x0013
#define PCI_EXT_CAP_ID_PASID	0x001b

/* What the config space that was read lets us say. */
enum pcicap_space {
	PCICAP_SPACE_EXTENDED,	/* 4 KiB (or more than 256 bytes): walked */
	PCICAP_SPACE_CONVENTIONAL,	/* exactly 256 bytes: no extended space */
	PCICAP_SPACE_UNPRIVILEGED,	/* 64..255 bytes: the unprivileged limit */
	PCICAP_SPACE_TRUNCATED,	/* fewer than 64 bytes: not a config space */
};

/* How the walk ended. */
enum pcicap_walk {
	PCICAP_WALK_OK,		/* reached a zero next pointer */
	PCICAP_WALK_NONE,	/* no extended capabilities (header 0 or ~0 at 0x100) */
	PCICAP_WALK_LOOP,	/* a pointer led back to a visited header */
	PCICAP_WALK_BAD_PTR,	/* a pointer below 0x100 */
	PCICAP_WALK_TRUNCATED,	/* a header or body past the end of what was read */
	PCICAP_WALK_SKIPPED,	/* no extended space to walk */
};

#define PCICAP_MAX 64

struct pcicap_entry {
	uint16_t id;
	uint8_t version;
	uint16_t offset;
};

struct pcicap_pasid {
	bool present;
	uint16_t offset;
	unsigned max_width;	/* PASID bits, 0..20 */
	bool exec_supported, priv_supported;
	bool enabled, exec_enabled, priv_enabled;
};

struct pcicap_ats {
	bool present;
	uint16_t offset;
	unsigned queue_depth;	/* invalidate queue depth, 0 encoded as 32 */
	bool page_aligned, global_inval;
	bool enabled;
	unsigned stu;		/* smallest translation unit: 2^(12+stu) bytes */
};

struct pcicap_pri {
	bool present;
	uint16_t offset;
	bool enabled, reset;
	bool response_failure, unexpected_index, stopped, pasid_required;
	uint32_t capacity;	/* outstanding page requests supported */
	uint32_t allocation;	/* outstanding page requests allowed */
};

struct pcicap_info {
	size_t size;			/* bytes of config space read */
	enum pcicap_space space;
	enum pcicap_walk walk;
	uint16_t walk_at;		/* where the walk stopped, for LOOP/BAD_PTR/TRUNCATED */
	uint16_t walk_ptr;		/* the offending pointer (BAD_PTR, LOOP) */
	struct pcicap_entry caps[PCICAP_MAX];
	size_t n_caps;
	bool more;			/* more than PCICAP_MAX capabilities */
	struct pcicap_pasid pasid;
	struct pcicap_ats ats;
	struct pcicap_pri pri;
};

/* Walk and decode; cfg is what a read of `config` returned (size bytes). */
void pcicap_parse(const uint8_t *cfg, size_t size, struct pcicap_info *info);

const char *pcicap_name(uint16_t id);		/* "PASID", or NULL */
const char *pcicap_space_name(enum pcicap_space s);
const char *pcicap_walk_name(enum pcicap_walk w);
/* One sentence about the walk or the space, for text and JSON ("" if fine). */
void pcicap_walk_text(const struct pcicap_info *info, char *buf, size_t n);

#endif
