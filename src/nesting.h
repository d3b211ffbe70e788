/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Nesting verdicts: can Linux build a nesting parent on a unit, and a nested
 * stage-1 domain, and with which options? Every requirement the Linux 7.2
 * driver checks becomes one named check with pass/fail and a one-line reason.
 * The register checks come from the register tables (regfield.h); the kernel
 * checks from the host context.
 */
#ifndef IOMMUCTL_NESTING_H
#define IOMMUCTL_NESTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum check_result {
	CHECK_PASS,
	CHECK_FAIL,
	CHECK_UNKNOWN,	/* cannot be told from what we have (offline decode) */
};

struct nest_check {
	const char *key;	/* stable JSON id, e.g. "ecap.smts", "kernel.iommufd" */
	const char *stage;	/* "unit", "nest_parent", "nested", "viommu", "option", "kernel" */
	enum check_result result;
	char reason[200];	/* one line: why it passed or failed */
};

#define NEST_MAX_CHECKS 48

struct nest_verdict {
	const char *vendor;	/* "vtd", "amd", "smmuv3" */
	struct nest_check checks[NEST_MAX_CHECKS];
	size_t n_checks;
	enum check_result nest_parent;	/* IOMMU_HWPT_ALLOC_NEST_PARENT possible */
	enum check_result nested;	/* a nested stage-1 HWPT possible */
	enum check_result viommu;	/* IOMMU_VIOMMU_ALLOC possible */
	char summary[256];	/* one sentence: the answer and the first reason */
};

/*
 * What we know about the kernel. Offline decoding has known=false and the
 * kernel checks are reported as unknown; a live host fills everything it can.
 */
struct nest_context {
	bool known;
	int kver_major, kver_minor;	/* running kernel, 0.0 if unknown */
	int sm_cmdline;		/* intel_iommu=sm_on: 1, sm_off: 0, not given: -1 */
	int iommufd_present;	/* /dev/iommu: 1, 0, -1 unknown */
	int vfio_cdev_present;	/* /dev/vfio/devices or vfio-dev dirs: 1, 0, -1 */
	int smmu_canwbs;	/* SMMUv3 root complex CANWBS: 1, 0, -1 unknown */
	char smmu_canwbs_src[128];	/* where that came from (the IORT node), or "" */
	int cpu_la57;		/* x86 5-level paging in the CPU: 1, 0, -1 */
	bool amd_hw_info;	/* the registers came from IOMMU_GET_HW_INFO type AMD */
};

void nest_context_offline(struct nest_context *ctx);

void nest_verdict_vtd(uint64_t cap, uint64_t ecap, const struct nest_context *ctx,
		      struct nest_verdict *v);
void nest_verdict_amd(uint64_t efr, uint64_t efr2, const struct nest_context *ctx,
		      struct nest_verdict *v);
/* idr[0..5] as in struct iommu_hw_info_arm_smmuv3 (IDR2 and IDR4 unused). */
void nest_verdict_smmuv3(const uint32_t idr[6], uint32_t iidr, uint32_t aidr,
			 const struct nest_context *ctx, struct nest_verdict *v);

/* JSON: "nesting": {"nest_parent": …, "nested": …, "viommu": …, "summary": …,
 * "checks": [{"check", "stage", "result", "reason"}]}; text: a block. */
void nest_verdict_print(const struct nest_verdict *v);

const char *check_result_name(enum check_result r);

/* Every failed check whose stage or key is in which (NULL-terminated), as
 * "reason (key); reason (key)" in buf; NULL if none failed. */
const char *nest_verdict_reason(const struct nest_verdict *v, const char *const *which,
				char *buf, size_t n);

/* The verdict checks a VT-d stage-1 configuration depends on (IOMMU_VTD_S1_*
 * flags, addr_width), checked by the kernel only at attach: fills keys
 * (room for 4, NULL-terminated) and returns how many. */
size_t vtd_s1_needs(uint64_t flags, uint32_t addr_width, const char *keys[4]);

#endif
