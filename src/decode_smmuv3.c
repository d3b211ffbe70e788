// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv3 ID registers, as IOMMU_GET_HW_INFO returns them (struct
 * iommu_hw_info_arm_smmuv3): IDR0, IDR1, IDR3, IDR5, IIDR and AIDR.
 */
#include <stdio.h>

#include "registers.h"

#define FLAG(k, n, b, d) \
	{ .key = (k), .name = (n), .hi = (b), .lo = (b), .kind = FLD_FLAG, .desc = (d) }
#define FIELD(k, n, h, l, t, d) \
	{ .key = (k), .name = (n), .hi = (h), .lo = (l), .kind = (t), .desc = (d) }
#define ENUM(k, n, h, l, names, d) \
	{ .key = (k), .name = (n), .hi = (h), .lo = (l), .kind = FLD_ENUM, .desc = (d), \
	  .enum_names = (names), .n_enum = sizeof(names) / sizeof((names)[0]) }

static const char *const ttf_names[] = { NULL, "AArch32", "AArch64", "AArch32+AArch64" };
static const char *const httu_names[] = {
	"none", "access flag", "access+dirty", "access+dirty+HAFT",
};
static const char *const ttendian_names[] = { "mixed", NULL, "little", "big" };
static const char *const stall_names[] = {
	"stall and terminate", "terminate only", "stall forced", NULL,
};
static const char *const st_level_names[] = { "linear", "2-level", NULL, NULL };

static const struct reg_field idr0_fields[] = {
	FLAG("s2p", "S2P", 0, "stage-2 translation"),
	FLAG("s1p", "S1P", 1, "stage-1 translation"),
	ENUM("ttf", "TTF", 3, 2, ttf_names, "translation table formats"),
	FLAG("cohacc", "COHACC", 4, "coherent table and queue access"),
	FLAG("btm", "BTM", 5, "broadcast TLB maintenance"),
	ENUM("httu", "HTTU", 7, 6, httu_names, "hardware access/dirty updates"),
	FLAG("dormhint", "DORMHINT", 8, "dormant hint"),
	FLAG("hyp", "HYP", 9, "EL2 stage-1 contexts"),
	FLAG("ats", "ATS", 10, "PCIe ATS"),
	FLAG("ns1ats", "NS1ATS", 11, "no stage-1-only ATS"),
	FLAG("asid16", "ASID16", 12, "16-bit ASIDs"),
	FLAG("msi", "MSI", 13, "MSI interrupts"),
	FLAG("sev", "SEV", 14, "WFE wake-up events"),
	FLAG("atos", "ATOS", 15, "address-translation operations"),
	FLAG("pri", "PRI", 16, "page request interface"),
	FLAG("vmw", "VMW", 17, "VMID wildcard matching"),
	FLAG("vmid16", "VMID16", 18, "16-bit VMIDs"),
	FLAG("cd2l", "CD2L", 19, "2-level context-descriptor tables"),
	FLAG("vatos", "VATOS", 20, "virtual ATOS"),
	ENUM("ttendian", "TTENDIAN", 22, 21, ttendian_names, "table endianness"),
	FLAG("atsrecerr", "ATSRECERR", 23, "ATS recoverable-error handling"),
	ENUM("stall_model", "STALL_MODEL", 25, 24, stall_names, "stall model"),
	FLAG("term_model", "TERM_MODEL", 26, "terminate model: abort (else RAZ/WI)"),
	ENUM("st_level", "ST_LEVEL", 28, 27, st_level_names, "stream table format"),
	FLAG("rme_impl", "RME_IMPL", 30, "realm management extension"),
};

static const struct reg_field idr1_fields[] = {
	FIELD("sidsize", "SIDSIZE", 5, 0, FLD_NUM, "StreamID bits"),
	FIELD("ssidsize", "SSIDSIZE", 10, 6, FLD_NUM, "SubstreamID (PASID) bits"),
	FIELD("priqs", "PRIQS", 15, 11, FLD_NUM, "log2 PRI queue entries"),
	FIELD("eventqs", "EVENTQS", 20, 16, FLD_NUM, "log2 event queue entries"),
	FIELD("cmdqs", "CMDQS", 25, 21, FLD_NUM, "log2 command queue entries"),
	FLAG("attr_perms_ovr", "ATTR_PERMS_OVR", 26, "permission attribute override"),
	FLAG("attr_types_ovr", "ATTR_TYPES_OVR", 27, "type attribute override"),
	FLAG("rel", "REL", 28, "relative base addresses (embedded)"),
	FLAG("queues_preset", "QUEUES_PRESET", 29, "fixed queue addresses (embedded)"),
	FLAG("tables_preset", "TABLES_PRESET", 30, "fixed table addresses (embedded)"),
	FLAG("ecmdq", "ECMDQ", 31, "enhanced command queues"),
};

static const char *const bbml_names[] = { "level 0", "level 1", "level 2", NULL };

static const struct reg_field idr3_fields[] = {
	FLAG("had", "HAD", 2, "hierarchical attribute disable"),
	FLAG("pbha", "PBHA", 3, "page-based hardware attributes"),
	FLAG("xnx", "XNX", 4, "EL0/EL1 execute-never in stage 2"),
	FLAG("pps", "PPS", 5, "PRI responses need a PASID"),
	FLAG("mpam", "MPAM", 7, "memory partitioning and monitoring"),
	FLAG("fwb", "FWB", 8, "stage-2 forced write-back"),
	FLAG("stt", "STT", 9, "small translation tables"),
	FLAG("ril", "RIL", 10, "range invalidation"),
	ENUM("bbml", "BBML", 12, 11, bbml_names, "break-before-make level"),
	FLAG("e0pd", "E0PD", 13, "E0PD"),
	FLAG("ptwnnc", "PTWNNC", 14, "table walks non-cacheable"),
	FLAG("dpt", "DPT", 15, "device permission table"),
};

static const char *const oas_names[] = {
	"32-bit", "36-bit", "40-bit", "42-bit", "44-bit", "48-bit", "52-bit", NULL,
};
static const char *const vax_names[] = { "48-bit", "52-bit", NULL, NULL };

static const struct reg_field idr5_fields[] = {
	ENUM("oas", "OAS", 2, 0, oas_names, "output address size"),
	FLAG("gran4k", "GRAN4K", 4, "4 KiB granule"),
	FLAG("gran16k", "GRAN16K", 5, "16 KiB granule"),
	FLAG("gran64k", "GRAN64K", 6, "64 KiB granule"),
	ENUM("vax", "VAX", 11, 10, vax_names, "virtual address size"),
	FIELD("stall_max", "STALL_MAX", 31, 16, FLD_NUM, "maximum outstanding stalls"),
};

static const struct reg_field iidr_fields[] = {
	FIELD("implementer", "Implementer", 11, 0, FLD_HEX, "JEP106 implementer (Arm: 0x43b)"),
	FIELD("revision", "Revision", 15, 12, FLD_NUM, "minor revision (the p of rNpM)"),
	FIELD("variant", "Variant", 19, 16, FLD_NUM, "major revision (the r of rNpM)"),
	FIELD("product_id", "ProductID", 31, 20, FLD_HEX, "product"),
};

static const struct reg_field aidr_fields[] = {
	FIELD("arch_minor_rev", "ArchMinorRev", 3, 0, FLD_NUM, "SMMUv3.x minor version"),
	FIELD("arch_major_rev", "ArchMajorRev", 7, 4, FLD_NUM, "0: SMMUv3"),
};

static uint64_t idr0(uint64_t reg, const char *key)
{
	return reg_value(&smmuv3_idr0_reg, reg, key);
}

static uint64_t idr1(uint64_t reg, const char *key)
{
	return reg_value(&smmuv3_idr1_reg, reg, key);
}

static uint64_t der_asid_bits(uint64_t reg)
{
	return idr0(reg, "asid16") ? 16 : 8;
}

static uint64_t der_vmid_bits(uint64_t reg)
{
	return idr0(reg, "vmid16") ? 16 : 8;
}

static uint64_t der_sid_bits(uint64_t reg)
{
	return idr1(reg, "sidsize");
}

static uint64_t der_ssid_bits(uint64_t reg)
{
	return idr1(reg, "ssidsize");
}

/* Linux: max_pasids = 1 << SSIDSIZE. */
static uint64_t der_max_pasids(uint64_t reg)
{
	return 1ULL << idr1(reg, "ssidsize");
}

static const unsigned oas_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

/* Linux takes an unknown OAS as 48 bits. */
static uint64_t der_oas_bits(uint64_t reg)
{
	uint64_t v = reg_value(&smmuv3_idr5_reg, reg, "oas");

	return v < sizeof(oas_bits) / sizeof(oas_bits[0]) ? oas_bits[v] : 48;
}

#define ARM_IMPLEMENTER 0x43b

static uint64_t iidr(uint64_t reg, const char *key)
{
	return reg_value(&smmuv3_iidr_reg, reg, key);
}

static bool is_arm(uint64_t reg)
{
	return iidr(reg, "implementer") == ARM_IMPLEMENTER;
}

static void der_implementer(uint64_t reg, char *buf, size_t n)
{
	(void)reg;
	snprintf(buf, n, "Arm");
}

static const struct {
	unsigned id;
	const char *name;
} arm_products[] = {
	{ 0x483, "MMU-600" },
	{ 0x487, "MMU-700" },
	{ 0x48a, "MMU-L1" },
	{ 0x498, "MMU-S3" },
};

static const char *arm_product(uint64_t reg)
{
	if (!is_arm(reg))
		return NULL;
	for (size_t i = 0; i < sizeof(arm_products) / sizeof(arm_products[0]); i++)
		if (arm_products[i].id == iidr(reg, "product_id"))
			return arm_products[i].name;
	return NULL;
}

static bool product_valid(uint64_t reg)
{
	return arm_product(reg) != NULL;
}

static void der_product(uint64_t reg, char *buf, size_t n)
{
	snprintf(buf, n, "%s", arm_product(reg));
}

/* Arm names releases rVpR: variant, then revision. */
static void der_release(uint64_t reg, char *buf, size_t n)
{
	snprintf(buf, n, "r%up%u", (unsigned)iidr(reg, "variant"), (unsigned)iidr(reg, "revision"));
}

static bool v3_valid(uint64_t reg)
{
	return reg_value(&smmuv3_aidr_reg, reg, "arch_major_rev") == 0;
}

static void der_arch(uint64_t reg, char *buf, size_t n)
{
	snprintf(buf, n, "3.%u", (unsigned)reg_value(&smmuv3_aidr_reg, reg, "arch_minor_rev"));
}

static const struct reg_derived idr0_derived[] = {
	{ "asid_bits", "ASID bits", DER_NUM, der_asid_bits, NULL, NULL },
	{ "vmid_bits", "VMID bits", DER_NUM, der_vmid_bits, NULL, NULL },
};

static const struct reg_derived idr1_derived[] = {
	{ "sid_bits", "StreamID bits", DER_NUM, der_sid_bits, NULL, NULL },
	{ "ssid_bits", "SubstreamID bits", DER_NUM, der_ssid_bits, NULL, NULL },
	{ "max_pasids", "PASIDs (Linux max_pasids)", DER_NUM, der_max_pasids, NULL, NULL },
};

static const struct reg_derived idr3_derived[] = {};

static const struct reg_derived idr5_derived[] = {
	{ "oas_bits", "output address bits", DER_NUM, der_oas_bits, NULL, NULL },
};

static const struct reg_derived iidr_derived[] = {
	{ "implementer_name", "implementer", DER_STR, NULL, der_implementer, is_arm },
	{ "product_name", "product", DER_STR, NULL, der_product, product_valid },
	{ "release", "release", DER_STR, NULL, der_release, is_arm },
};

static const struct reg_derived aidr_derived[] = {
	{ "arch_version", "architecture version", DER_STR, NULL, der_arch, v3_valid },
};

/* Context descriptor word 0 (arm-smmu-v3.h CTXDESC_CD_0_*): what a guest
 * writes for its stage-1 table; `s1 alloc … format smmuv3` builds one. */
static const char *const tg0_names[] = { "4k", "64k", "16k", NULL };
static const char *const tg1_names[] = { NULL, "16k", "4k", "64k" };
static const char *const rgn_names[] = { "nc", "wbwa", "wt", "wb" };
static const char *const sh_names[] = { "nsh", NULL, "osh", "ish" };
static const char *const ips_names[] = {
	"32-bit", "36-bit", "40-bit", "42-bit", "44-bit", "48-bit", "52-bit", NULL,
};

static const struct reg_field cd0_fields[] = {
	FIELD("t0sz", "T0SZ", 5, 0, FLD_NUM, "TTB0 region: 2^(64-T0SZ) bytes of input"),
	ENUM("tg0", "TG0", 7, 6, tg0_names, "TTB0 granule"),
	ENUM("ir0", "IR0", 9, 8, rgn_names, "TTB0 walk inner cacheability"),
	ENUM("or0", "OR0", 11, 10, rgn_names, "TTB0 walk outer cacheability"),
	ENUM("sh0", "SH0", 13, 12, sh_names, "TTB0 walk shareability"),
	FLAG("epd0", "EPD0", 14, "no TTB0 walks (translation faults)"),
	FLAG("endi", "ENDI", 15, "big-endian tables"),
	FIELD("t1sz", "T1SZ", 21, 16, FLD_NUM, "TTB1 region size"),
	ENUM("tg1", "TG1", 23, 22, tg1_names, "TTB1 granule"),
	ENUM("ir1", "IR1", 25, 24, rgn_names, "TTB1 walk inner cacheability"),
	ENUM("or1", "OR1", 27, 26, rgn_names, "TTB1 walk outer cacheability"),
	ENUM("sh1", "SH1", 29, 28, sh_names, "TTB1 walk shareability"),
	FLAG("epd1", "EPD1", 30, "no TTB1 walks"),
	FLAG("v", "V", 31, "valid"),
	ENUM("ips", "IPS", 34, 32, ips_names, "intermediate physical address size"),
	FLAG("affd", "AFFD", 35, "access-flag faults disabled"),
	FLAG("wxn", "WXN", 36, "write implies execute-never"),
	FLAG("uwxn", "UWXN", 37, "unprivileged write implies execute-never"),
	FLAG("tbi0", "TBI0", 38, "TTB0 top byte ignored"),
	FLAG("tbi1", "TBI1", 39, "TTB1 top byte ignored"),
	FLAG("pan", "PAN", 40, "privileged access never"),
	FLAG("aa64", "AA64", 41, "AArch64 tables"),
	FLAG("hd", "HD", 42, "hardware dirty-state update"),
	FLAG("ha", "HA", 43, "hardware access-flag update"),
	FLAG("s", "S", 44, "stall faults"),
	FLAG("r", "R", 45, "record faults (events)"),
	FLAG("a", "A", 46, "abort faulting transactions (else RAZ/WI)"),
	FLAG("aset", "ASET", 47, "ASID set: not shared with PE TLB invalidations"),
	FIELD("asid", "ASID", 63, 48, FLD_NUM, "address space id (TLBI_NH_ASID, TLBI_NH_VA)"),
};

static uint64_t der_cd_va_bits(uint64_t reg)
{
	return 64 - reg_value(&smmuv3_cd0_reg, reg, "t0sz");
}

static const struct reg_derived cd0_derived[] = {
	{ "va_bits", "input address bits", DER_NUM, der_cd_va_bits, NULL, NULL },
};

const struct reg_desc smmuv3_cd0_reg =
	REG_DESC("cd0", "CD[0]", "Context Descriptor word 0", 64, cd0_fields, cd0_derived);

const struct reg_desc smmuv3_idr0_reg =
	REG_DESC("idr0", "SMMU_IDR0", "ID Register 0", 32, idr0_fields, idr0_derived);
const struct reg_desc smmuv3_idr1_reg =
	REG_DESC("idr1", "SMMU_IDR1", "ID Register 1", 32, idr1_fields, idr1_derived);
const struct reg_desc smmuv3_idr3_reg =
	REG_DESC("idr3", "SMMU_IDR3", "ID Register 3", 32, idr3_fields, idr3_derived);
const struct reg_desc smmuv3_idr5_reg =
	REG_DESC("idr5", "SMMU_IDR5", "ID Register 5", 32, idr5_fields, idr5_derived);
const struct reg_desc smmuv3_iidr_reg =
	REG_DESC("iidr", "SMMU_IIDR", "Implementation ID Register", 32, iidr_fields, iidr_derived);
const struct reg_desc smmuv3_aidr_reg =
	REG_DESC("aidr", "SMMU_AIDR", "Architecture ID Register", 32, aidr_fields, aidr_derived);
