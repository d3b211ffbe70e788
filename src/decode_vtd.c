// SPDX-License-Identifier: GPL-2.0-only
/*
 * Intel VT-d CAP_REG and ECAP_REG, field by field (VT-d 4.x names as keys,
 * the first/second-level names that Linux 7.2 macros still use as aliases).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "registers.h"

#define FLAG(k, n, b, d) \
	{ .key = (k), .name = (n), .hi = (b), .lo = (b), .kind = FLD_FLAG, .desc = (d) }
#define FLAGA(k, n, a, b, d) \
	{ .key = (k), .name = (n), .alias = (a), .hi = (b), .lo = (b), .kind = FLD_FLAG, .desc = (d) }
#define FIELD(k, n, h, l, t, d) \
	{ .key = (k), .name = (n), .hi = (h), .lo = (l), .kind = (t), .desc = (d) }
#define FIELDA(k, n, a, h, l, t, d) \
	{ .key = (k), .name = (n), .alias = (a), .hi = (h), .lo = (l), .kind = (t), .desc = (d) }

static const struct reg_field cap_fields[] = {
	FIELD("nd", "ND", 2, 0, FLD_NUM, "number of domain IDs: 2^(4+2*ND)"),
	FLAG("afl", "AFL", 3, "advanced fault logging"),
	FLAG("rwbf", "RWBF", 4, "write-buffer flush required"),
	FLAG("plmr", "PLMR", 5, "protected low-memory region"),
	FLAG("phmr", "PHMR", 6, "protected high-memory region"),
	FLAG("cm", "CM", 7, "caching mode: invalid entries may be cached (emulated IOMMUs)"),
	FIELD("sagaw", "SAGAW", 12, 8, FLD_HEX,
	      "second-stage table depths: bit1 3-level, bit2 4-level, bit3 5-level"),
	FIELD("mgaw", "MGAW", 21, 16, FLD_NUM, "maximum guest address width minus 1"),
	FLAG("zlr", "ZLR", 22, "zero-length reads"),
	FLAG("isoch", "ISOCH", 23, "deprecated (isochrony); reserved"),
	FIELD("fro", "FRO", 33, 24, FLD_HEX, "fault-recording registers offset / 16"),
	FIELDA("sslps", "SSLPS", "SLLPS", 37, 34, FLD_HEX,
	       "second-stage large pages: bit0 2 MiB, bit1 1 GiB"),
	FLAG("psi", "PSI", 39, "page-selective IOTLB invalidation"),
	FIELD("nfr", "NFR", 47, 40, FLD_NUM, "number of fault-recording registers minus 1"),
	FIELD("mamv", "MAMV", 53, 48, FLD_NUM, "maximum address mask for page-selective invalidation"),
	FLAG("dwd", "DWD", 54, "DMA write draining"),
	FLAG("drd", "DRD", 55, "DMA read draining"),
	FLAGA("fs1gp", "FS1GP", "FL1GP", 56, "1 GiB pages in first-stage tables"),
	FLAG("pi", "PI", 59, "posted interrupts"),
	FLAGA("fs5lp", "FS5LP", "FL5LP", 60, "5-level first-stage tables"),
	FLAG("ecmds", "ECMDS", 61, "enhanced command interface"),
	FLAG("esirtps", "ESIRTPS", 62, "SIRTP also invalidates the interrupt-entry cache"),
	FLAG("esrtps", "ESRTPS", 63, "SRTP also invalidates context, PASID and IOTLB caches"),
};

static const struct reg_field ecap_fields[] = {
	FLAG("c", "C", 0, "page-walk coherency (legacy-mode structures)"),
	FLAG("qi", "QI", 1, "queued invalidation"),
	FLAG("dt", "DT", 2, "device-TLB (ATS)"),
	FLAG("ir", "IR", 3, "interrupt remapping"),
	FLAG("eim", "EIM", 4, "extended interrupt mode (x2APIC)"),
	FLAG("ch", "CH", 5, "deprecated (caching hints); reserved"),
	FLAG("pt", "PT", 6, "pass-through in legacy context entries"),
	FLAG("sc", "SC", 7, "snoop control"),
	FIELD("iro", "IRO", 17, 8, FLD_HEX, "IOTLB registers offset / 16"),
	FIELD("mhmv", "MHMV", 23, 20, FLD_NUM, "maximum interrupt-cache invalidation handle mask"),
	FLAG("ecs", "ECS", 24, "deprecated (VT-d 2.x extended context); reserved"),
	FLAG("mts", "MTS", 25, "memory-type support"),
	FLAG("nest", "NEST", 26, "nested translation (meaningful only with SMTS)"),
	FLAG("dis", "DIS", 27, "deprecated (deferred invalidate); reserved"),
	FLAG("pasid_old", "PASID_OLD", 28, "deprecated pre-2015 PASID bit; the live one is bit 40"),
	FLAG("prs", "PRS", 29, "page requests (PRI)"),
	FLAG("ers", "ERS", 30, "execute requests"),
	FLAG("srs", "SRS", 31, "supervisor requests"),
	FLAG("pot", "POT", 32, "deprecated (PASID-only translation); reserved"),
	FLAG("nwfs", "NWFS", 33, "no-write flag in ATS translation requests"),
	FLAG("eafs", "EAFS", 34, "extended-accessed flag in first-stage entries"),
	FIELD("pss", "PSS", 39, 35, FLD_NUM, "PASID size: PSS+1 PASID bits"),
	FLAG("pasid", "PASID", 40, "requests with PASID"),
	FLAG("dit", "DIT", 41, "device-TLB invalidation throttling"),
	FLAG("pds", "PDS", 42, "page-request drain"),
	FLAG("smts", "SMTS", 43, "scalable-mode translation"),
	FLAG("vcs", "VCS", 44, "deprecated (virtual command); no Linux 7.2 macro"),
	FLAGA("ssads", "SSADS", "SLADS", 45, "second-stage accessed/dirty bits"),
	FLAGA("ssts", "SSTS", "SLTS", 46, "second-stage translation in scalable mode"),
	FLAGA("fsts", "FSTS", "FLTS", 47, "first-stage translation in scalable mode"),
	FLAG("smpwcs", "SMPWCS", 48, "page-walk coherency (scalable-mode structures)"),
	FLAG("rps", "RPS", 49, "RID_PASID in scalable context entries"),
	FLAG("tdxio", "TDXIO", 50, "TDX-IO (TDX Connect)"),
	FLAG("pms", "PMS", 51, "performance monitoring"),
	FLAG("adms", "ADMS", 52, "abort-DMA mode"),
	FLAG("rprivs", "RPRIVS", 53, "RID_PRIV in scalable context entries"),
};

static uint64_t cap(uint64_t reg, const char *key)
{
	return reg_value(&vtd_cap_reg, reg, key);
}

static uint64_t ecap(uint64_t reg, const char *key)
{
	return reg_value(&vtd_ecap_reg, reg, key);
}

static bool nd_valid(uint64_t reg)
{
	return cap(reg, "nd") <= 6;	/* 7 is reserved */
}

static uint64_t der_domains(uint64_t reg)
{
	return 1ULL << (4 + 2 * cap(reg, "nd"));
}

static uint64_t der_mgaw_bits(uint64_t reg)
{
	return cap(reg, "mgaw") + 1;
}

/* A list from the set bits of v: bit i is named by first + i * step. */
static void bit_list(uint64_t v, unsigned nbits, unsigned first, unsigned step,
		     const char *suffix, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < nbits; i++) {
		int w;

		if (!(v >> i & 1))
			continue;
		w = snprintf(buf + used, n - used, "%s%u%s", used ? "," : "", first + i * step,
			     suffix);
		if (w < 0 || (size_t)w >= n - used)
			return;
		used += (size_t)w;
	}
	if (!used)
		snprintf(buf, n, "none");
}

/* SAGAW bit i is a (i+2)-level table of 30+9i bits. */
static void der_sagaw_levels(uint64_t reg, char *buf, size_t n)
{
	bit_list(cap(reg, "sagaw"), 5, 2, 1, "", buf, n);
}

static void der_sagaw_widths(uint64_t reg, char *buf, size_t n)
{
	bit_list(cap(reg, "sagaw"), 5, 30, 9, "", buf, n);
}

static void der_sslps_sizes(uint64_t reg, char *buf, size_t n)
{
	static const char *const sizes[] = { "2M", "1G", "512G", "1T" };
	uint64_t v = cap(reg, "sslps");
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < 4; i++)
		if (v >> i & 1) {
			int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "", sizes[i]);

			if (w < 0 || (size_t)w >= n - used)
				return;
			used += (size_t)w;
		}
	if (!used)
		snprintf(buf, n, "none");
}

static void der_fault_offset(uint64_t reg, char *buf, size_t n)
{
	snprintf(buf, n, "0x%" PRIx64, cap(reg, "fro") * 16);
}

static uint64_t der_num_fault_regs(uint64_t reg)
{
	return cap(reg, "nfr") + 1;
}

static void der_iotlb_offset(uint64_t reg, char *buf, size_t n)
{
	snprintf(buf, n, "0x%" PRIx64, ecap(reg, "iro") * 16);
}

static uint64_t der_pasid_bits(uint64_t reg)
{
	return ecap(reg, "pss") + 1;
}

/* Linux: max_pasids = 2 << PSS, and only when PASID is supported. */
static uint64_t der_max_pasids(uint64_t reg)
{
	return 2ULL << ecap(reg, "pss");
}

static bool pasid_valid(uint64_t reg)
{
	return ecap(reg, "pasid");
}

static const struct reg_derived cap_derived[] = {
	{ "domains", "domain IDs", DER_NUM, der_domains, NULL, nd_valid },
	{ "mgaw_bits", "maximum guest address width (bits)", DER_NUM, der_mgaw_bits, NULL, NULL },
	{ "sagaw_levels", "second-stage table levels", DER_STR, NULL, der_sagaw_levels, NULL },
	{ "sagaw_widths", "second-stage address widths (bits)", DER_STR, NULL, der_sagaw_widths,
	  NULL },
	{ "sslps_sizes", "second-stage large pages", DER_STR, NULL, der_sslps_sizes, NULL },
	{ "fault_reg_offset", "fault-recording registers at", DER_STR, NULL, der_fault_offset,
	  NULL },
	{ "num_fault_regs", "fault-recording registers", DER_NUM, der_num_fault_regs, NULL, NULL },
};

static const struct reg_derived ecap_derived[] = {
	{ "iotlb_reg_offset", "IOTLB registers at", DER_STR, NULL, der_iotlb_offset, NULL },
	{ "pasid_bits", "PASID bits", DER_NUM, der_pasid_bits, NULL, NULL },
	{ "max_pasids", "PASIDs (Linux max_pasids)", DER_NUM, der_max_pasids, NULL, pasid_valid },
};

const struct reg_desc vtd_cap_reg =
	REG_DESC("cap", "CAP_REG", "Capability Register", 64, cap_fields, cap_derived);
const struct reg_desc vtd_ecap_reg =
	REG_DESC("ecap", "ECAP_REG", "Extended Capability Register", 64, ecap_fields,
		 ecap_derived);
