// SPDX-License-Identifier: GPL-2.0-only
/*
 * AMD IOMMU Extended Feature Register (MMIO 0x30) and Extended Feature 2
 * Register (MMIO 0x1A0). EFR2 bits that neither the spec notes nor Linux
 * name are left to undefined_bits.
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

static const char *const hats_names[] = {
	"4-level", "5-level", "6-level", "invalid: host tables disabled",
};
static const char *const gats_names[] = { "4-level", "5-level", NULL, NULL };
static const char *const glx_names[] = { "1-level", "2-level", "3-level", NULL };

static const struct reg_field efr_fields[] = {
	FLAG("pref_sup", "PreFSup", 0, "PREFETCH_IOMMU_PAGES command"),
	FLAG("ppr_sup", "PPRSup", 1, "peripheral page requests (PRI) log"),
	FLAG("xt_sup", "XTSup", 2, "x2APIC interrupt destinations"),
	FLAG("nx_sup", "NXSup", 3, "no-execute bit in page tables"),
	FLAG("gt_sup", "GTSup", 4, "guest (v2) translation: the stage-1 of nesting"),
	FLAG("gappi_sup", "GAPPISup", 5, "guest APIC physical-processor interrupt"),
	FLAG("ia_sup", "IASup", 6, "INVALIDATE_IOMMU_ALL command"),
	FLAG("ga_sup", "GASup", 7, "guest virtual APIC (interrupt posting)"),
	FLAG("he_sup", "HESup", 8, "hardware error registers"),
	FLAG("pc_sup", "PCSup", 9, "performance counters"),
	ENUM("hats", "HATS", 11, 10, hats_names, "host (v1) table levels"),
	ENUM("gats", "GATS", 13, 12, gats_names, "guest (v2) table levels"),
	ENUM("glx_sup", "GLXSup", 15, 14, glx_names, "GCR3 table levels"),
	FIELD("smif_sup", "SmiFSup", 17, 16, FLD_NUM, "SMI filter"),
	FIELD("smif_rc", "SmiFRC", 20, 18, FLD_NUM, "SMI filter register count"),
	FIELD("gam_sup", "GAMSup", 23, 21, FLD_NUM, "guest APIC modes (1: vAPIC, GA_vAPIC)"),
	FIELD("dual_ppr_log_sup", "DualPprLogSup", 25, 24, FLD_NUM, "dual PPR logs"),
	FIELD("dual_event_log_sup", "DualEventLogSup", 29, 28, FLD_NUM, "dual event logs"),
	FLAG("sats_sup", "SATSSup", 31, "secure ATS"),
	FIELD("pas_max", "PASmax", 36, 32, FLD_NUM, "PASID width minus 1"),
	FLAG("us_sup", "USSup", 37, "user/supervisor bit in v2 tables"),
	FIELD("dev_tbl_seg_sup", "DevTblSegSup", 39, 38, FLD_NUM, "device-table segmentation"),
	FLAG("ppr_ovrflw_early_sup", "PprOvrflwEarlySup", 40, "PPR overflow early warning"),
	FLAG("ppr_auto_rsp_sup", "PPRAutoRspSup", 41, "PPR auto-response"),
	FIELD("marc_sup", "MarcSup", 43, 42, FLD_NUM, "memory-address routing and control"),
	FLAG("blk_stop_mrk_sup", "BlkStopMrkSup", 44, "block StopMark messages"),
	FLAG("perf_opt_sup", "PerfOptSup", 45, "performance optimization"),
	FLAG("msi_cap_mmio_sup", "MsiCapMmioSup", 46, "MSI capability in MMIO"),
	FLAG("gio_sup", "GIoSup", 48, "guest I/O protection: v2 tables without PASID"),
	FLAG("ha_sup", "HASup", 49, "host access bit"),
	FLAG("eph_sup", "EPHSup", 50, "enhanced PPR handling"),
	FLAG("attr_fw_sup", "AttrFWSup", 51, "attribute forwarding"),
	FLAG("hd_sup", "HDSup", 52, "host dirty bit: dirty tracking"),
	FLAG("inv_iotlb_type_sup", "InvIotlbTypeSup", 54, "invalidate-IOTLB type"),
	FLAG("viommu_sup", "VIOMMUSup", 55, "hardware vIOMMU (unused by Linux 7.2)"),
	FLAG("vm_guard_io_sup", "VMGuardIOSup", 56, "vIOMMU guard I/O"),
	FIELD("vm_table_size", "VMTableSize", 60, 57, FLD_NUM, "vIOMMU VM table size"),
	FLAG("ga_update_dis_sup", "GAUpdateDisSup", 61, "disable hardware A/D updates in guest tables"),
	FLAG("force_phy_dest_sup", "ForcePhyDestSup", 62, "force physical destination mode"),
	FLAG("snp_sup", "SNPSup", 63, "SEV-SNP"),
};

static const char *const num_int_remap_names[] = { "512 IRTEs", "2048 IRTEs", NULL, NULL };

static const struct reg_field efr2_fields[] = {
	FLAG("sev_snp_io_sup", "SEVSNPIOSup", 1, "SEV trusted I/O (SEV-TIO)"),
	FLAG("gcr3_trp_mode", "GCR3TRPMode", 3, "GCR3 root pointer may be guest-physical (nesting)"),
	FLAG("gappi_dis_sup", "GAPPIDisSup", 4, "GAPPI disable (not used by Linux 7.2)"),
	FIELD("snp_avic_sup", "SNPAVICSup", 7, 5, FLD_NUM, "guest vAPIC with SNP (1: supported)"),
	ENUM("num_int_remap_sup", "NumIntRemapSup", 9, 8, num_int_remap_names,
	     "interrupt remapping entries per device"),
	FLAG("ht_range_ignore", "HTRangeIgnore", 11, "HyperTransport hole need not be reserved"),
};

static uint64_t efr(uint64_t reg, const char *key)
{
	return reg_value(&amd_efr_reg, reg, key);
}

static uint64_t der_pasid_bits(uint64_t reg)
{
	return efr(reg, "pas_max") + 1;
}

/* Linux: 2^(PASmax+1) - 1, not a power of two. */
static uint64_t der_max_pasids(uint64_t reg)
{
	return (1ULL << (efr(reg, "pas_max") + 1)) - 1;
}

static bool gt_valid(uint64_t reg)
{
	return efr(reg, "gt_sup");
}

static bool hats_valid(uint64_t reg)
{
	return efr(reg, "hats") != 3;
}

static uint64_t der_host_levels(uint64_t reg)
{
	return efr(reg, "hats") + 4;
}

/* Linux caps the host IOVA at (HATS+3)*9+21 bits and at the IVinfo VA
 * size, which is never above 64. */
static uint64_t der_host_va_bits(uint64_t reg)
{
	uint64_t bits = (efr(reg, "hats") + 3) * 9 + 21;

	return bits > 64 ? 64 : bits;
}

static bool gats_valid(uint64_t reg)
{
	return efr(reg, "gats") <= 1;
}

static uint64_t der_guest_levels(uint64_t reg)
{
	return efr(reg, "gats") + 4;
}

static bool glx_valid(uint64_t reg)
{
	return efr(reg, "glx_sup") <= 2;
}

static uint64_t der_gcr3_levels(uint64_t reg)
{
	return efr(reg, "glx_sup") + 1;
}

static const struct reg_derived efr_derived[] = {
	{ "pasid_bits", "PASID bits", DER_NUM, der_pasid_bits, NULL, NULL },
	{ "max_pasids", "PASIDs (Linux max_pasids)", DER_NUM, der_max_pasids, NULL, gt_valid },
	{ "host_levels", "host (v1) table levels", DER_NUM, der_host_levels, NULL, hats_valid },
	{ "host_va_bits", "host IOVA bits at most", DER_NUM, der_host_va_bits, NULL, hats_valid },
	{ "guest_levels", "guest (v2) table levels", DER_NUM, der_guest_levels, NULL, gats_valid },
	{ "gcr3_levels", "GCR3 table levels", DER_NUM, der_gcr3_levels, NULL, glx_valid },
};

static const struct reg_derived efr2_derived[] = {};

const struct reg_desc amd_efr_reg =
	REG_DESC("efr", "EFR", "Extended Feature Register", 64, efr_fields, efr_derived);
const struct reg_desc amd_efr2_reg =
	REG_DESC("efr2", "EFR2", "Extended Feature 2 Register", 64, efr2_fields, efr2_derived);
