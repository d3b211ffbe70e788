// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ACPI IORT (Arm DEN0049): just enough of it to say whether a PCI root
 * complex is declared CANWBS, which gates SMMUv3 vIOMMUs in Linux. See iort.h.
 *
 * Layout: a 36-byte ACPI header (length @4, revision @8, checksum @9, OEM id
 * @10, OEM table id @16, OEM revision @24), node count @36, node array
 * offset @40. Every node: type u8, length u16, revision u8, identifier u32,
 * mapping count u32, mapping offset u32. A root complex (type 2) continues
 * with its memory access properties: cache coherency u32 @16, hints u8 @20,
 * reserved u16, memory access flags u8 @23; then ATS attribute u32 @24 and
 * the PCI segment u32 @28.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "iort.h"
#include "output.h"
#include "registers.h"
#include "sysfs.h"

#define IORT_NODE_RC 2
#define IORT_MAX_BYTES (1u << 20)

static const struct reg_field mem_flags_fields[] = {
	{ .key = "cpm", .name = "CPM", .hi = 0, .lo = 0, .kind = FLD_FLAG,
	  .desc = "coherent path to memory" },
	{ .key = "dacs", .name = "DACS", .hi = 1, .lo = 1, .kind = FLD_FLAG,
	  .desc = "device attributes: cacheable, inner shareable" },
	{ .key = "canwbs", .name = "CANWBS", .hi = 2, .lo = 2, .kind = FLD_FLAG,
	  .desc = "write-back snooping: fully coherent (SMMUv3 vIOMMUs need it or FWB)" },
};
static const struct reg_derived mem_flags_derived[] = {};

const struct reg_desc iort_rc_mem_flags_reg =
	REG_DESC("memory_access_flags", "Memory Access Flags",
		 "IORT root complex memory access flags", 8, mem_flags_fields, mem_flags_derived);

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int iort_parse(const uint8_t *t, size_t len, struct iort_info *out, const char **why)
{
	uint32_t off;
	uint8_t sum = 0;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (len < 48 || memcmp(t, "IORT", 4)) {
		*why = "not an IORT (no signature or shorter than its header)";
		return -EINVAL;
	}
	out->length = le32(t + 4);
	if (out->length != len) {
		*why = "the header's length is not the table's size";
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + t[i]);
	if (sum) {
		*why = "bad checksum";
		return -EINVAL;
	}
	out->revision = t[8];
	memcpy(out->oem_id, t + 10, 6);
	memcpy(out->oem_table_id, t + 16, 8);
	out->oem_revision = le32(t + 24);
	out->n_nodes = le32(t + 36);
	off = le32(t + 40);
	for (uint32_t n = 0; n < out->n_nodes; n++) {
		uint32_t nlen;

		if (off > len || len - off < 16) {
			*why = "a node lies outside the table";
			return -EINVAL;
		}
		nlen = (uint32_t)t[off + 1] | (uint32_t)t[off + 2] << 8;
		if (nlen < 16 || nlen > len - off) {
			*why = "a node has a bad length";
			return -EINVAL;
		}
		if (t[off] == IORT_NODE_RC && out->n_rc < IORT_MAX_RC) {
			struct iort_rc *rc = &out->rc[out->n_rc++];

			if (nlen < 32) {
				*why = "a root complex node is too short";
				return -EINVAL;
			}
			rc->node_offset = off;
			rc->cca = le32(t + off + 16);
			rc->hints = t[off + 20];
			rc->mem_flags = t[off + 23];
			rc->ats = le32(t + off + 24);
			rc->segment = le32(t + off + 28);
		}
		off += nlen;
	}
	return 0;
}

int iort_read(struct iort_info *out, const char **why)
{
	char path[SF_PATH_MAX];
	uint8_t *buf;
	size_t got;
	int r;

	*why = NULL;
	if ((r = sys_path(path, "firmware/acpi/tables/IORT")))
		return r;
	buf = malloc(IORT_MAX_BYTES);
	if (!buf)
		return -ENOMEM;
	r = sf_read_bin(path, buf, IORT_MAX_BYTES, &got);
	if (!r)
		r = iort_parse(buf, got, out, why);
	free(buf);
	return r;
}

const struct iort_rc *iort_rc_of_segment(const struct iort_info *io, uint32_t segment)
{
	for (size_t i = 0; i < io->n_rc; i++)
		if (io->rc[i].segment == segment)
			return &io->rc[i];
	return NULL;
}

bool iort_dt_boot(void)
{
	char path[SF_PATH_MAX];

	return sys_path(path, "firmware/devicetree/base") == 0 && sf_is_dir(path) &&
	       !(sys_path(path, "firmware/acpi/tables") == 0 && sf_is_dir(path));
}

void iort_print(const struct iort_info *io, const struct iort_rc *rc)
{
	open_object("iort");
	print_u64(PRINT_ANY, "revision", "IORT revision %" PRIu64, io->revision);
	print_string(PRINT_ANY, "oem_id", " OEM %s", io->oem_id);
	print_string(PRINT_ANY, "oem_table_id", "/%s", io->oem_table_id);
	print_u64(PRINT_ANY, "oem_revision", " revision %" PRIu64, io->oem_revision);
	print_u64(PRINT_ANY, "root_complexes", ", %" PRIu64 " root complex(es)\n", io->n_rc);
	if (rc) {
		open_object("root_complex");
		text_indent(1);
		print_u64(PRINT_ANY, "segment", "root complex of segment %" PRIu64, rc->segment);
		print_hex(PRINT_ANY, "node_offset", " (node at %#" PRIx64 ")", rc->node_offset);
		print_u64(PRINT_ANY, "cache_coherency", ": cache coherency %" PRIu64, rc->cca);
		print_hex(PRINT_ANY, "hints", ", hints %#" PRIx64, rc->hints);
		print_bool(PRINT_ANY, "ats", ", ATS %s\n", rc->ats & 1);
		reg_print(&iort_rc_mem_flags_reg, NULL, rc->mem_flags, true);
		text_indent(-1);
		close_object();
	} else {
		print_null(PRINT_JSON, "root_complex", NULL);
	}
	close_object();
}
