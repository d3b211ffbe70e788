/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ACPI IORT as the kernel exports it (/sys/firmware/acpi/tables/IORT):
 * the PCI root complex nodes and their memory access properties. Linux marks
 * every device below a root complex whose flags have CANWBS as fully
 * coherent (IOMMU_FWSPEC_PCI_RC_CANWBS), and the SMMUv3 driver allows a
 * vIOMMU only for such devices unless the SMMU has IDR3.FWB. Nothing else in
 * sysfs says it.
 */
#ifndef IOMMUCTL_IORT_H
#define IOMMUCTL_IORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IORT_MAX_RC 16

/* Root complex memory access flags (ACPI_IORT_MF_*). */
#define IORT_MF_CPM	(1u << 0)	/* coherent path to memory */
#define IORT_MF_DACS	(1u << 1)	/* device attributes cacheable, inner shareable */
#define IORT_MF_CANWBS	(1u << 2)	/* write-back snooping: fully coherent */

struct iort_rc {
	uint32_t node_offset;	/* in the table */
	uint32_t segment;	/* PCI segment (domain) */
	uint32_t cca;		/* cache coherency attribute: 1 = coherent */
	uint8_t hints;		/* allocation hints */
	uint8_t mem_flags;	/* IORT_MF_* */
	uint32_t ats;		/* ATS attribute: bit 0 = supported */
};

struct iort_info {
	uint8_t revision;
	uint32_t length, oem_revision, n_nodes;
	char oem_id[7], oem_table_id[9];
	size_t n_rc;
	struct iort_rc rc[IORT_MAX_RC];
};

/* Parse a table; -EINVAL (with *why) when it is not a well-formed IORT. */
int iort_parse(const uint8_t *t, size_t len, struct iort_info *out, const char **why);
/* Read and parse SYSFS/firmware/acpi/tables/IORT: -ENOENT when the firmware
 * has none (a device-tree or x86 boot), -EACCES without root. */
int iort_read(struct iort_info *out, const char **why);
/* The root complex node of a PCI segment, or NULL. */
const struct iort_rc *iort_rc_of_segment(const struct iort_info *io, uint32_t segment);
/* Whether the firmware booted with a device tree (no IORT can exist then). */
bool iort_dt_boot(void);

/* JSON "iort": {...} / text lines for one root complex (rc may be NULL). */
void iort_print(const struct iort_info *io, const struct iort_rc *rc);

#endif
