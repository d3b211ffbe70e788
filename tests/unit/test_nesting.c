// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nesting verdicts: the Linux 7.2 predicates of each vendor on real units
 * and on the traps (graphics NEST without SMTS, hidden GT under SEV-SNP,
 * MMU-600/700 errata), offline and with a known kernel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json.h>

#include "cmd.h"
#include "nesting.h"
#include "output.h"
#include "uapi.h"

static const struct nest_check *check(const struct nest_verdict *v, const char *key)
{
	for (size_t i = 0; i < v->n_checks; i++)
		if (!strcmp(v->checks[i].key, key))
			return &v->checks[i];
	fail_msg("%s verdict has no check %s", v->vendor, key);
	return NULL;
}

static void expect(const struct nest_verdict *v, const char *key, enum check_result r,
		   const char *says)
{
	const struct nest_check *c = check(v, key);

	if (c->result != r)
		fail_msg("%s: %s, expected %s (%s)", key, check_result_name(c->result),
			 check_result_name(r), c->reason);
	if (says && !strstr(c->reason, says))
		fail_msg("%s: reason '%s' lacks '%s'", key, c->reason, says);
}

static void answers(const struct nest_verdict *v, enum check_result parent,
		    enum check_result nested, enum check_result viommu)
{
	if (v->nest_parent != parent || v->nested != nested || v->viommu != viommu)
		fail_msg("%s: got %s/%s/%s, expected %s/%s/%s (%s)", v->vendor,
			 check_result_name(v->nest_parent), check_result_name(v->nested),
			 check_result_name(v->viommu), check_result_name(parent),
			 check_result_name(nested), check_result_name(viommu), v->summary);
}

static void starts(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)))
		fail_msg("'%s' does not start with '%s'", s, prefix);
}

/* A Linux 7.2 host with iommufd and a VFIO cdev, scalable mode by default. */
static void live(struct nest_context *c)
{
	nest_context_offline(c);
	c->known = true;
	c->kver_major = 7;
	c->kver_minor = 2;
	c->iommufd_present = 1;
	c->vfio_cdev_present = 1;
	c->cpu_la57 = 0;
}

#define SPR_CAP 0x19ed008c40780c66ULL
#define SPR_ECAP 0x3ee9e86f050dfULL
#define GNR_CAP 0xf9ed008cee780c66ULL
#define GNR_ECAP 0x3fef9ea6f0efdfULL
#define B(n) (1ULL << (n))

/* Every verdict: sound, stable keys, reasons filled, offline kernel checks said so. */
static void sound(const struct nest_verdict *v, const struct nest_context *ctx)
{
	static const char *const stages[] = {
		"unit", "nest_parent", "nested", "viommu", "option", "kernel",
	};

	assert_true(v->n_checks > 0 && v->n_checks <= NEST_MAX_CHECKS);
	assert_true(v->summary[0]);
	for (size_t i = 0; i < v->n_checks; i++) {
		const struct nest_check *c = &v->checks[i];
		bool known_stage = false;

		assert_true(c->reason[0]);
		for (size_t s = 0; s < sizeof(stages) / sizeof(stages[0]); s++)
			known_stage |= !strcmp(stages[s], c->stage);
		assert_true(known_stage);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(v->checks[j].key, c->key);
		if (!ctx->known && !strncmp(c->key, "kernel.", 7)) {
			assert_int_equal(c->result, CHECK_UNKNOWN);
			assert_string_equal(c->reason, "not checked: decoding offline");
		}
	}
}

/* ---- VT-d -------------------------------------------------------------------- */

static void test_vtd_qemu(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	nest_context_offline(&ctx);
	nest_verdict_vtd(0x81d2008c222f0606ULL, 0x899800f00f4aULL, &ctx, &v);
	sound(&v, &ctx);
	assert_string_equal(v.vendor, "vtd");
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "unit.address_widths", CHECK_PASS, NULL);
	expect(&v, "ecap.smts", CHECK_PASS, NULL);
	expect(&v, "ecap.nest", CHECK_FAIL, "ECAP.NEST=0");
	expect(&v, "ecap.ssts", CHECK_FAIL, "ECAP.SSTS=0");
	expect(&v, "cap.fs1gp", CHECK_PASS, NULL);
	expect(&v, "cap.fs5lp", CHECK_FAIL, "must be 48");
	expect(&v, "ecap.pasid", CHECK_PASS, NULL);
	expect(&v, "vtd.viommu", CHECK_FAIL, "no vIOMMU");
	expect(&v, "kernel.scalable_mode", CHECK_UNKNOWN, "decoding offline");
	starts(v.summary, "no: ecap.nest");
}

/* The trap: NEST=1 but SMTS=0 (client graphics). Not nesting-capable. */
static void test_vtd_graphics_trap(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	nest_verdict_vtd(0x1c0000c40660462ULL, 0x19e2ff0505eULL, &ctx, &v);
	sound(&v, &ctx);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "ecap.smts", CHECK_FAIL, "ECAP.NEST=1 but ECAP.SMTS=0");
	/* NEST itself reads 1: the failure is the missing scalable mode */
	expect(&v, "ecap.nest", CHECK_PASS, NULL);
	/* PASID=1 on this unit, but not without scalable mode */
	expect(&v, "ecap.pasid", CHECK_FAIL, "ECAP.SMTS=0");
	starts(v.summary, "no: ecap.smts: ECAP.NEST=1 but ECAP.SMTS=0");
	/* TGL graphics (ver 4:0) lacks NEST: the plain legacy reason */
	nest_verdict_vtd(0x1c0000c40660462ULL, 0x29a00f0505eULL, &ctx, &v);
	expect(&v, "ecap.smts", CHECK_FAIL, "legacy-mode-only");
}

static void test_vtd_client_legacy(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	nest_context_offline(&ctx);
	nest_verdict_vtd(0xd2008c40660462ULL, 0xf050daULL, &ctx, &v);
	sound(&v, &ctx);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "ecap.smts", CHECK_FAIL, "legacy-mode-only unit: no scalable mode (ECAP.SMTS=0)");
	expect(&v, "ecap.ssads", CHECK_FAIL, NULL);
}

static void test_vtd_spr(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	/* offline: the registers allow it, the kernel is unknown */
	nest_context_offline(&ctx);
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	sound(&v, &ctx);
	answers(&v, CHECK_UNKNOWN, CHECK_UNKNOWN, CHECK_FAIL);
	starts(v.summary, "maybe: the registers allow nesting");
	expect(&v, "errata.772415", CHECK_PASS, "forced writable");
	expect(&v, "ecap.ssads", CHECK_PASS, NULL);
	expect(&v, "ecap.srs", CHECK_PASS, NULL);
	expect(&v, "ecap.eafs", CHECK_PASS, NULL);
	expect(&v, "cap.fs5lp", CHECK_PASS, "48 or 57");
	expect(&v, "cap.fs1gp", CHECK_PASS, NULL);
	expect(&v, "ecap.pasid", CHECK_FAIL, "ECAP.PASID=0");

	/* a 7.2 host: nest parent and nested stage-1, never a vIOMMU */
	live(&ctx);
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	sound(&v, &ctx);
	answers(&v, CHECK_PASS, CHECK_PASS, CHECK_FAIL);
	starts(v.summary, "yes:");
	expect(&v, "kernel.scalable_mode", CHECK_PASS, "not disabled");

	/* intel_iommu=sm_off turns it all off */
	ctx.sm_cmdline = 0;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "kernel.scalable_mode", CHECK_FAIL, "intel_iommu=sm_off");
	starts(v.summary, "no: kernel.scalable_mode");
	ctx.sm_cmdline = 1;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	expect(&v, "kernel.scalable_mode", CHECK_PASS, "sm_on");

	/* 6.7 has NEST_PARENT but not the VT-d nested domain */
	live(&ctx);
	ctx.kver_minor = 7;
	ctx.kver_major = 6;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	answers(&v, CHECK_PASS, CHECK_FAIL, CHECK_FAIL);
	starts(v.summary, "nest parent only:");
	expect(&v, "kernel.version.nested", CHECK_FAIL, "needs Linux 6.8");
	expect(&v, "kernel.version.pasid", CHECK_FAIL, "6.15");
	ctx.kver_minor = 6;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "kernel.version.hw_info", CHECK_PASS, NULL);

	/* no /dev/iommu; or nobody knows */
	live(&ctx);
	ctx.iommufd_present = 0;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "kernel.iommufd", CHECK_FAIL, "/dev/iommu missing");
	ctx.iommufd_present = -1;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	answers(&v, CHECK_UNKNOWN, CHECK_UNKNOWN, CHECK_FAIL);
	ctx.iommufd_present = 1;
	ctx.vfio_cdev_present = 0;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	expect(&v, "kernel.vfio_cdev", CHECK_FAIL, NULL);
	ctx.vfio_cdev_present = 1;
	ctx.kver_major = 0;
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	expect(&v, "kernel.version.nest_parent", CHECK_UNKNOWN, "version unknown");
}

/* VT-d checks a nested HWPT's stage-1 flags only at attach: the attach error
 * names the register bit behind what the HWPT asked for. */
static void test_vtd_s1_attach_reason(void **state)
{
	const char *keys[4];
	struct nest_context ctx;
	struct nest_verdict v;
	char buf[300];

	(void)state;
	live(&ctx);
	assert_int_equal(vtd_s1_needs(0, 48, keys), 0);
	assert_null(keys[0]);
	assert_int_equal(vtd_s1_needs(ICTL_IOMMU_VTD_S1_SRE | ICTL_IOMMU_VTD_S1_EAFE |
				      ICTL_IOMMU_VTD_S1_WPE, 57, keys), 3);
	assert_string_equal(keys[0], "cap.fs5lp");
	assert_string_equal(keys[1], "ecap.srs");
	assert_string_equal(keys[2], "ecap.eafs");
	assert_null(keys[3]);

	/* Sapphire Rapids has all three: nothing to blame on the registers */
	nest_verdict_vtd(SPR_CAP, SPR_ECAP, &ctx, &v);
	assert_null(nest_verdict_reason(&v, keys, buf, sizeof(buf)));

	/* 5-level hidden (FS5LP=0): width 57 is what the unit lacks */
	nest_verdict_vtd(SPR_CAP & ~(1ULL << 60), SPR_ECAP, &ctx, &v);
	vtd_s1_needs(0, 57, keys);
	assert_non_null(nest_verdict_reason(&v, keys, buf, sizeof(buf)));
	assert_string_equal(buf, "stage-1 addr_width must be 48: 57 is refused at attach "
			    "(EINVAL) (CAP.FS5LP=0) (cap.fs5lp)");
	vtd_s1_needs(0, 48, keys);
	assert_null(nest_verdict_reason(&v, keys, buf, sizeof(buf)));

	/* no SRS: sre is named, eafe (EAFS present) is not */
	nest_verdict_vtd(SPR_CAP, SPR_ECAP & ~(1ULL << 31), &ctx, &v);
	vtd_s1_needs(ICTL_IOMMU_VTD_S1_SRE | ICTL_IOMMU_VTD_S1_EAFE, 48, keys);
	assert_non_null(nest_verdict_reason(&v, keys, buf, sizeof(buf)));
	assert_string_equal(buf, "IOMMU_VTD_S1_SRE is refused at attach (EINVAL) (ECAP.SRS=0) (ecap.srs)");

	/* no EAFS */
	nest_verdict_vtd(SPR_CAP, SPR_ECAP & ~(1ULL << 34), &ctx, &v);
	assert_non_null(nest_verdict_reason(&v, keys, buf, sizeof(buf)));
	assert_string_equal(buf, "IOMMU_VTD_S1_EAFE is refused at attach (EINVAL) (ECAP.EAFS=0) (ecap.eafs)");
}

static void test_vtd_gnr(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	nest_verdict_vtd(GNR_CAP, GNR_ECAP, &ctx, &v);
	sound(&v, &ctx);
	answers(&v, CHECK_PASS, CHECK_PASS, CHECK_FAIL);
	expect(&v, "ecap.pasid", CHECK_PASS, NULL);
	expect(&v, "kernel.version.pasid", CHECK_PASS, NULL);
}

/* Meteor Lake: scalable mode, but no NEST */
static void test_vtd_mtl(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	nest_verdict_vtd(0xc9de008cee690462ULL, 0x12ca9a00f0ef5eULL, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "ecap.smts", CHECK_PASS, NULL);
	expect(&v, "ecap.nest", CHECK_FAIL, NULL);
	expect(&v, "ecap.ssts", CHECK_PASS, NULL);
	expect(&v, "ecap.ssads", CHECK_FAIL, "ECAP.SSADS=0, ECAP.SMPWCS=0");
}

/* dmar.c: a unit is ignored when SAGAW=0 unless scalable and first-stage only */
static void test_vtd_widths(void **state)
{
	const uint64_t cap0 = SPR_CAP & ~(0x1fULL << 8);
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	nest_verdict_vtd(cap0, 0xf050daULL, &ctx, &v);
	expect(&v, "unit.address_widths", CHECK_FAIL, "No supported address widths");
	nest_verdict_vtd(cap0, SPR_ECAP, &ctx, &v);	/* SMTS and SSTS */
	expect(&v, "unit.address_widths", CHECK_FAIL, "CAP.SAGAW=0");
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	nest_verdict_vtd(cap0, SPR_ECAP & ~B(46), &ctx, &v);	/* first stage only */
	expect(&v, "unit.address_widths", CHECK_PASS, "first-stage only");
	/* NEST and SMTS without SSTS: no second stage for the parent */
	expect(&v, "ecap.ssts", CHECK_FAIL, "ECAP.SSTS=0");
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	/* dirty needs both SSADS and SMPWCS */
	nest_verdict_vtd(SPR_CAP, SPR_ECAP & ~B(48), &ctx, &v);
	expect(&v, "ecap.ssads", CHECK_FAIL, "ECAP.SMPWCS=0");
	answers(&v, CHECK_PASS, CHECK_PASS, CHECK_FAIL);	/* an option only */
}

/* ---- AMD --------------------------------------------------------------------- */

#define EPYC_EFR 0x605f77efa1295affULL
#define RYZEN_EFR 0x246577efa2254afaULL

static void test_amd_epyc(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	nest_context_offline(&ctx);
	nest_verdict_amd(EPYC_EFR, 0x1d, &ctx, &v);
	sound(&v, &ctx);
	assert_string_equal(v.vendor, "amd");
	answers(&v, CHECK_UNKNOWN, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "efr.gt_sup", CHECK_PASS, NULL);
	expect(&v, "efr.gio_sup", CHECK_PASS, NULL);
	expect(&v, "efr2.gcr3_trp_mode", CHECK_PASS, NULL);
	expect(&v, "amd.nested", CHECK_FAIL, "not wired in Linux 7.2 (no alloc_domain_nested)");
	expect(&v, "amd.viommu", CHECK_FAIL, NULL);
	expect(&v, "kernel.hw_info", CHECK_UNKNOWN, "decoding offline");
	expect(&v, "efr.hd_sup", CHECK_PASS, NULL);
	expect(&v, "amd.pasid", CHECK_PASS, NULL);
	expect(&v, "efr.gats", CHECK_PASS, "5-level");
	expect(&v, "efr.pas_max", CHECK_PASS, "16 bits");

	live(&ctx);
	nest_verdict_amd(EPYC_EFR, 0x1d, &ctx, &v);
	sound(&v, &ctx);
	answers(&v, CHECK_PASS, CHECK_FAIL, CHECK_FAIL);
	starts(v.summary, "nest parent only: not wired in Linux 7.2");
	/* live, hw_info still depends on an invisible Kconfig option */
	expect(&v, "kernel.hw_info", CHECK_UNKNOWN, "CONFIG_AMD_IOMMU_IOMMUFD");
	/* a CPU with LA57 and 5-level guest tables keeps PASID */
	ctx.cpu_la57 = 1;
	nest_verdict_amd(EPYC_EFR, 0x1d, &ctx, &v);
	expect(&v, "amd.pasid", CHECK_PASS, NULL);
	ctx.kver_major = 6;
	ctx.kver_minor = 12;
	nest_verdict_amd(EPYC_EFR, 0x1d, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
}

/* Every 7.x Ryzen log: EFR2 0x10 or 0, no GCR3TRPMode */
static void test_amd_ryzen(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	nest_verdict_amd(RYZEN_EFR, 0x10, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "efr2.gcr3_trp_mode", CHECK_FAIL, "EFR2.GCR3TRPMode=0");
	starts(v.summary, "no: efr2.gcr3_trp_mode");
	expect(&v, "efr.hd_sup", CHECK_FAIL, "EFR.HDSup=0");
	expect(&v, "amd.pasid", CHECK_PASS, NULL);
	/* 5-level CPU paging with 4-level guest tables: no PASID */
	ctx.cpu_la57 = 1;
	nest_verdict_amd(RYZEN_EFR, 0x10, &ctx, &v);
	expect(&v, "amd.pasid", CHECK_FAIL, "5-level paging");
	/* offline the CPU is unknown: a pass that says the condition */
	nest_context_offline(&ctx);
	nest_verdict_amd(RYZEN_EFR, 0x10, &ctx, &v);
	expect(&v, "amd.pasid", CHECK_PASS, "unless the CPU uses 5-level paging");
}

/* SEV-SNP host: GT hidden, so no nest parent */
static void test_amd_snp(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	nest_verdict_amd(0xa5bf7320a2294aeeULL, 0x1d, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "efr.gt_sup", CHECK_FAIL, "EFR.GTSup=0");
	expect(&v, "amd.pasid", CHECK_FAIL, "EFR.GTSup=0");
	expect(&v, "efr.pas_max", CHECK_FAIL, NULL);
	/* SNPSup with GT: PASID depends on whether the host enabled SNP */
	nest_verdict_amd(EPYC_EFR | B(63), 0x1d, &ctx, &v);
	expect(&v, "amd.pasid", CHECK_UNKNOWN, "SEV-SNP");
	answers(&v, CHECK_PASS, CHECK_FAIL, CHECK_FAIL);
}

static void test_amd_edges(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	/* HATS=3: host tables disabled, and with them dirty tracking */
	nest_verdict_amd(EPYC_EFR | 3ULL << 10, 0x8, &ctx, &v);
	expect(&v, "efr.hats", CHECK_FAIL, "EFR.HATS=3");
	expect(&v, "efr.hd_sup", CHECK_FAIL, "HATS=3");
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	/* QEMU: GT but no GIoSup, reserved GATS */
	nest_verdict_amd(0x29d3, 0, &ctx, &v);
	expect(&v, "efr.gio_sup", CHECK_FAIL, "EFR.GIoSup=0");
	expect(&v, "efr.gats", CHECK_PASS, "reserved");
	expect(&v, "amd.pasid", CHECK_FAIL, "EFR.GIoSup=0, EFR.EPHSup=0");
	/* GLX=3 is reserved */
	nest_verdict_amd(EPYC_EFR | 3ULL << 14, 0x8, &ctx, &v);
	expect(&v, "efr.glx_sup", CHECK_FAIL, NULL);
	nest_verdict_amd(0, 0, &ctx, &v);
	sound(&v, &ctx);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
}

/* ---- SMMUv3 ------------------------------------------------------------------ */

#define QEMU_IDR0 0x0d44101bu
#define IIDR(impl, prod, var, rev) ((uint32_t)(prod) << 20 | (var) << 16 | (rev) << 12 | (impl))

static void smmu(uint32_t idr0, uint32_t idr1, uint32_t idr3, uint32_t iidr,
		 const struct nest_context *ctx, struct nest_verdict *v)
{
	const uint32_t idr[6] = { idr0, idr1, 0, idr3, 0, 0x74 };

	nest_verdict_smmuv3(idr, iidr, 1, ctx, v);
	sound(v, ctx);
	assert_string_equal(v->vendor, "smmuv3");
}

static void test_smmu_qemu(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	nest_context_offline(&ctx);
	smmu(QEMU_IDR0, 0x02730010, 0x1414, 0, &ctx, &v);
	answers(&v, CHECK_UNKNOWN, CHECK_UNKNOWN, CHECK_UNKNOWN);
	expect(&v, "idr0.s1p", CHECK_PASS, NULL);
	expect(&v, "idr0.s2p", CHECK_PASS, NULL);
	expect(&v, "iidr.errata", CHECK_PASS, NULL);
	expect(&v, "coherency.canwbs_or_fwb", CHECK_UNKNOWN, "CANWBS");
	expect(&v, "idr1.ssidsize", CHECK_FAIL, NULL);
	/* the summary names the register-side doubt, not the kernel */
	starts(v.summary, "maybe: IDR3.FWB=0");

	/* QEMU as shipped: nest parent yes, vIOMMU refused (no CANWBS, no FWB) */
	live(&ctx);
	ctx.smmu_canwbs = 0;
	smmu(QEMU_IDR0, 0x02730010, 0x1414, 0, &ctx, &v);
	answers(&v, CHECK_PASS, CHECK_FAIL, CHECK_FAIL);
	starts(v.summary, "nest parent only:");
	ctx.smmu_canwbs = -1;
	smmu(QEMU_IDR0, 0x02730010, 0x1414, 0, &ctx, &v);
	answers(&v, CHECK_PASS, CHECK_UNKNOWN, CHECK_UNKNOWN);
	/* the IORT tweak: CANWBS set */
	ctx.smmu_canwbs = 1;
	smmu(QEMU_IDR0, 0x02730010, 0x1414, 0, &ctx, &v);
	answers(&v, CHECK_PASS, CHECK_PASS, CHECK_PASS);
	starts(v.summary, "yes:");
	/* IDR3.FWB is enough even offline */
	nest_context_offline(&ctx);
	smmu(QEMU_IDR0, 0x02730010, 0x1414 | 1u << 8, 0, &ctx, &v);
	expect(&v, "coherency.canwbs_or_fwb", CHECK_PASS, "IDR3.FWB=1");
	/* SMMUv3 nesting came with 6.13 */
	live(&ctx);
	ctx.smmu_canwbs = 1;
	ctx.kver_major = 6;
	ctx.kver_minor = 12;
	smmu(QEMU_IDR0, 0x02730010, 0x1414, 0, &ctx, &v);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	expect(&v, "kernel.version.veventq", CHECK_FAIL, "6.15");
}

static void test_smmu_stages(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	ctx.smmu_canwbs = 1;
	smmu(QEMU_IDR0 & ~1u, 0, 0, 0, &ctx, &v);	/* stage 1 only */
	expect(&v, "idr0.s2p", CHECK_FAIL, "IDR0.S2P=0");
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	smmu(QEMU_IDR0 & ~2u, 0, 0, 0, &ctx, &v);	/* stage 2 only */
	expect(&v, "idr0.s1p", CHECK_FAIL, "IDR0.S1P=0");
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	smmu((QEMU_IDR0 & ~0xcu) | 1u << 2, 0, 0, 0, &ctx, &v);	/* AArch32 tables only */
	expect(&v, "idr0.ttf", CHECK_FAIL, "no AArch64");
	smmu(QEMU_IDR0, 1u << 29, 0, 0, &ctx, &v);	/* QUEUES_PRESET */
	expect(&v, "idr1.presets", CHECK_FAIL, "IDR1.QUEUES_PRESET=1");
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	smmu(QEMU_IDR0, 20u << 6, 0, 0, &ctx, &v);
	expect(&v, "idr1.ssidsize", CHECK_PASS, "20-bit");
}

static void test_smmu_errata(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	live(&ctx);
	ctx.smmu_canwbs = 1;
	/* MMU-600 r1p0: erratum 1209401; r2p0 is fine */
	smmu(QEMU_IDR0, 0, 0, IIDR(0x43b, 0x483, 1, 0), &ctx, &v);
	expect(&v, "iidr.errata", CHECK_FAIL, "1209401");
	expect(&v, "iidr.force_sync", CHECK_PASS, NULL);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	smmu(QEMU_IDR0, 0, 0, IIDR(0x43b, 0x483, 2, 0), &ctx, &v);
	answers(&v, CHECK_PASS, CHECK_PASS, CHECK_PASS);
	/* MMU-700: variant < 1 or revision < 1 */
	smmu(QEMU_IDR0, 0, 0, IIDR(0x43b, 0x487, 0, 1), &ctx, &v);
	expect(&v, "iidr.errata", CHECK_FAIL, "MMU-700 r0p1");
	expect(&v, "iidr.force_sync", CHECK_FAIL, NULL);
	answers(&v, CHECK_FAIL, CHECK_FAIL, CHECK_FAIL);
	smmu(QEMU_IDR0, 0, 0, IIDR(0x43b, 0x487, 1, 0), &ctx, &v);
	expect(&v, "iidr.errata", CHECK_FAIL, "r1p0");
	smmu(QEMU_IDR0, 0, 0, IIDR(0x43b, 0x487, 2, 0), &ctx, &v);
	expect(&v, "iidr.errata", CHECK_FAIL, NULL);
	smmu(QEMU_IDR0, 0, 0, IIDR(0x43b, 0x487, 1, 1), &ctx, &v);
	answers(&v, CHECK_PASS, CHECK_PASS, CHECK_PASS);
	/* the same product number from another implementer is not an Arm part */
	smmu(QEMU_IDR0, 0, 0, IIDR(0x36b, 0x487, 0, 0), &ctx, &v);
	expect(&v, "iidr.errata", CHECK_PASS, NULL);
	answers(&v, CHECK_PASS, CHECK_PASS, CHECK_PASS);
}

/* ---- printing ------------------------------------------------------------------ */

static void test_print_json(void **state)
{
	struct json_object *root, *n, *checks, *c, *x;
	struct nest_context ctx;
	struct nest_verdict v;

	(void)state;
	nest_context_offline(&ctx);
	nest_verdict_vtd(0x1c0000c40660462ULL, 0x19e2ff0505eULL, &ctx, &v);
	out_set_mode(true, false);
	out_begin();
	nest_verdict_print(&v);
	root = out_take();
	assert_true(json_object_object_get_ex(root, "nesting", &n));
	assert_true(json_object_object_get_ex(n, "nest_parent", &x));
	assert_string_equal(json_object_get_string(x), "fail");
	assert_true(json_object_object_get_ex(n, "nested", &x));
	assert_string_equal(json_object_get_string(x), "fail");
	assert_true(json_object_object_get_ex(n, "viommu", &x));
	assert_string_equal(json_object_get_string(x), "fail");
	assert_true(json_object_object_get_ex(n, "summary", &x));
	assert_string_equal(json_object_get_string(x), v.summary);
	assert_true(json_object_object_get_ex(n, "checks", &checks));
	assert_int_equal(json_object_array_length(checks), v.n_checks);
	for (size_t i = 0; i < v.n_checks; i++) {
		c = json_object_array_get_idx(checks, i);
		assert_int_equal(json_object_object_length(c), 4);
		assert_true(json_object_object_get_ex(c, "check", &x));
		assert_string_equal(json_object_get_string(x), v.checks[i].key);
		assert_true(json_object_object_get_ex(c, "stage", &x));
		assert_string_equal(json_object_get_string(x), v.checks[i].stage);
		assert_true(json_object_object_get_ex(c, "result", &x));
		assert_string_equal(json_object_get_string(x),
				    check_result_name(v.checks[i].result));
		assert_true(json_object_object_get_ex(c, "reason", &x));
		assert_string_equal(json_object_get_string(x), v.checks[i].reason);
	}
	json_object_put(root);
	out_set_mode(false, false);
}

/* Text: a line per check; -q the summary alone. */
static void test_print_text(void **state)
{
	struct nest_context ctx;
	struct nest_verdict v;
	char buf[8192];
	FILE *cap = tmpfile();
	int saved = dup(1);
	size_t n;

	(void)state;
	assert_non_null(cap);
	nest_context_offline(&ctx);
	nest_verdict_vtd(0xd2008c40660462ULL, 0xf050daULL, &ctx, &v);
	out_set_mode(false, false);
	fflush(stdout);
	dup2(fileno(cap), 1);
	out_begin();
	opts.quiet = true;
	nest_verdict_print(&v);
	opts.quiet = false;
	nest_verdict_print(&v);
	out_end();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(cap);
	n = fread(buf, 1, sizeof(buf) - 1, cap);
	buf[n] = '\0';
	fclose(cap);
	/* the quiet block is one line, then the full block starts again */
	assert_non_null(strstr(buf, "nesting: no: ecap.smts: legacy-mode-only unit"));
	assert_ptr_equal(strstr(buf, "\nnesting: "), strchr(buf, '\n'));
	assert_non_null(strstr(buf, "  FAIL ecap.smts "));
	assert_non_null(strstr(buf, "  PASS unit.address_widths "));
	assert_non_null(strstr(buf, "  ?    kernel.iommufd "));
	assert_non_null(strstr(buf, "  nest parent: no, nested: no, vIOMMU: no\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vtd_qemu),
		cmocka_unit_test(test_vtd_graphics_trap),
		cmocka_unit_test(test_vtd_client_legacy),
		cmocka_unit_test(test_vtd_spr),
		cmocka_unit_test(test_vtd_s1_attach_reason),
		cmocka_unit_test(test_vtd_gnr),
		cmocka_unit_test(test_vtd_mtl),
		cmocka_unit_test(test_vtd_widths),
		cmocka_unit_test(test_amd_epyc),
		cmocka_unit_test(test_amd_ryzen),
		cmocka_unit_test(test_amd_snp),
		cmocka_unit_test(test_amd_edges),
		cmocka_unit_test(test_smmu_qemu),
		cmocka_unit_test(test_smmu_stages),
		cmocka_unit_test(test_smmu_errata),
		cmocka_unit_test(test_print_json),
		cmocka_unit_test(test_print_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
