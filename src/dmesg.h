/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-log parser: finds the IOMMU unit lines in a saved kernel log (dmesg,
 * journalctl -k, a mail paste) and returns their register values. A pure
 * function over a buffer: no I/O, any bytes accepted.
 */
#ifndef IOMMUCTL_DMESG_H
#define IOMMUCTL_DMESG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dmesg_vendor { DMESG_VTD, DMESG_AMD, DMESG_SMMUV3 };

/* Longer logical lines are cut (the rest is never a unit line). */
#define DMESG_MAX_LINE 4096
/* Entries beyond this are counted in dropped, not stored. */
#define DMESG_MAX_ENTRIES 1024

struct dmesg_entry {
	enum dmesg_vendor vendor;
	size_t line;		/* 1-based line number of the first physical line */
	bool decodable;		/* false: see reason */
	char name[40];		/* "dmar0", AMD "0000:00:00.2" or "AMD-Vi", SMMU device */
	const char *form;	/* which message: "dmar", "dmar-old", "amd-features", … */
	bool has_reg_base;
	uint64_t reg_base;
	char version[12];	/* VT-d "major:minor", else "" */
	uint64_t regs[2];	/* VT-d cap, ecap; AMD EFR, EFR2; SMMUv3 features word */
	bool efr2_known;	/* AMD: the message carried EFR2 */
	char reason[200];	/* why it is not decodable */
};

struct dmesg_log {
	struct dmesg_entry *entries;
	size_t n, alloc;
	size_t lines;		/* physical lines read */
	size_t dropped;		/* entries past DMESG_MAX_ENTRIES */
};

/* 0, or -ENOMEM (log then holds what was found so far). */
int dmesg_parse(const char *buf, size_t len, struct dmesg_log *log);
void dmesg_free(struct dmesg_log *log);

const char *dmesg_vendor_name(enum dmesg_vendor v);

#endif
