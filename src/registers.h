/* SPDX-License-Identifier: GPL-2.0-only */
/* The register tables of every vendor (decode_vtd.c, decode_amd.c, decode_smmuv3.c). */
#ifndef IOMMUCTL_REGISTERS_H
#define IOMMUCTL_REGISTERS_H

#include "regfield.h"

/* Intel VT-d */
extern const struct reg_desc vtd_cap_reg;	/* CAP_REG, 0x08 */
extern const struct reg_desc vtd_ecap_reg;	/* ECAP_REG, 0x10 */

/* AMD IOMMU */
extern const struct reg_desc amd_efr_reg;	/* Extended Feature Register, 0x30 */
extern const struct reg_desc amd_efr2_reg;	/* Extended Feature 2 Register, 0x1A0 */

/* Arm SMMUv3 (the words of struct iommu_hw_info_arm_smmuv3) */
extern const struct reg_desc smmuv3_idr0_reg;
extern const struct reg_desc smmuv3_idr1_reg;
extern const struct reg_desc smmuv3_idr3_reg;
extern const struct reg_desc smmuv3_idr5_reg;
extern const struct reg_desc smmuv3_iidr_reg;
extern const struct reg_desc smmuv3_aidr_reg;
/* a guest's SMMUv3 context descriptor, word 0 (built by `s1 alloc … format smmuv3`) */
extern const struct reg_desc smmuv3_cd0_reg;
/* the ACPI IORT's root complex memory access flags (iort.c) */
extern const struct reg_desc iort_rc_mem_flags_reg;

/* Every table, for self-checks (reg_desc_check) in the unit tests. */
extern const struct reg_desc *const all_registers[];

#endif
