// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nesting verdicts, table-driven: per vendor, an ordered table of checks.
 * A check is either a conjunction of register-field terms (the register
 * tables supply positions and names) or a small predicate where Linux 7.2
 * combines things a term cannot say. Each check gates some of the answers
 * (nest parent, nested stage-1, vIOMMU); option and info checks gate none.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "nesting.h"
#include "output.h"
#include "registers.h"
#include "uapi.h"

#define G_PARENT 1u	/* IOMMU_HWPT_ALLOC_NEST_PARENT */
#define G_NESTED 2u	/* a nested stage-1 HWPT */
#define G_VIOMMU 4u	/* IOMMU_VIOMMU_ALLOC */

#define NONZERO UINT64_MAX	/* term value: any non-zero value */
#define MAX_REGS 6
#define MAX_TERMS 4

static const char offline_reason[] = "not checked: decoding offline";

struct nest_in {
	const struct reg_desc *const *descs;
	uint64_t val[MAX_REGS];
	const struct nest_context *ctx;
};

struct term {
	int reg;		/* index into nest_in.descs; -1 ends the list */
	const char *key;
	uint64_t want;
};

struct check_def;
typedef enum check_result (*check_fn)(const struct nest_in *in, const struct check_def *d,
				      char *why, size_t n);

struct check_def {
	const char *key;
	const char *stage;
	unsigned gates;
	struct term terms[MAX_TERMS];	/* all must hold; used when fn is NULL */
	check_fn fn;
	int kmaj, kmin;			/* kernel version checks */
	const char *pass;
	const char *fail;
};

struct vendor_def {
	const char *name;
	const struct reg_desc *const *descs;
	const struct check_def *checks;
	size_t n_checks;
	bool nested_via_viommu;	/* nested HWPTs hang off a vIOMMU (SMMUv3) */
	const char *yes;	/* summary when nesting works */
};

/* ---- helpers ---------------------------------------------------------- */

static uint64_t in_field(const struct nest_in *in, int reg, const char *key)
{
	return reg_value(in->descs[reg], in->val[reg], key);
}

/* "ECAP.NEST=1" into buf at *used. */
static void term_text(const struct nest_in *in, const struct term *t, char *buf, size_t n,
		      size_t *used, const char *sep)
{
	const struct reg_desc *r = in->descs[t->reg];
	const struct reg_field *f = reg_field(r, t->key);
	char regname[16];
	size_t i;
	int w;

	for (i = 0; r->key[i] && i + 1 < sizeof(regname); i++)
		regname[i] = (char)(r->key[i] >= 'a' && r->key[i] <= 'z' ? r->key[i] - 32 : r->key[i]);
	regname[i] = '\0';
	if (*used >= n)
		return;
	w = snprintf(buf + *used, n - *used, "%s%s.%s=%llu", *used ? sep : "", regname, f->name,
		     (unsigned long long)field_get(f, in->val[t->reg]));
	if (w > 0)
		*used += (size_t)w;
}

static bool term_holds(const struct nest_in *in, const struct term *t)
{
	uint64_t v = in_field(in, t->reg, t->key);

	return t->want == NONZERO ? v != 0 : v == t->want;
}

static enum check_result eval_terms(const struct nest_in *in, const struct check_def *d,
				    char *why, size_t n)
{
	char list[120];
	size_t used = 0;
	bool ok = true;

	for (int i = 0; i < MAX_TERMS && d->terms[i].reg >= 0; i++)
		if (!term_holds(in, &d->terms[i]))
			ok = false;
	list[0] = '\0';
	/* a pass names every term, a failure only the ones that failed */
	for (int i = 0; i < MAX_TERMS && d->terms[i].reg >= 0; i++)
		if (ok || !term_holds(in, &d->terms[i]))
			term_text(in, &d->terms[i], list, sizeof(list), &used, ", ");
	snprintf(why, n, "%s (%s)", ok ? d->pass : d->fail, list);
	return ok ? CHECK_PASS : CHECK_FAIL;
}

static enum check_result say(enum check_result r, char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum check_result say(enum check_result r, char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- kernel checks (the same for every vendor) ------------------------ */

static enum check_result presence(const struct nest_in *in, int v, const struct check_def *d,
				  char *why, size_t n)
{
	if (!in->ctx->known)
		return say(CHECK_UNKNOWN, why, n, "%s", offline_reason);
	if (v < 0)
		return say(CHECK_UNKNOWN, why, n, "unknown whether %s", d->pass);
	return say(v ? CHECK_PASS : CHECK_FAIL, why, n, "%s", v ? d->pass : d->fail);
}

static enum check_result k_iommufd(const struct nest_in *in, const struct check_def *d,
				   char *why, size_t n)
{
	return presence(in, in->ctx->iommufd_present, d, why, n);
}

static enum check_result k_vfio_cdev(const struct nest_in *in, const struct check_def *d,
				     char *why, size_t n)
{
	return presence(in, in->ctx->vfio_cdev_present, d, why, n);
}

static enum check_result k_version(const struct nest_in *in, const struct check_def *d,
				   char *why, size_t n)
{
	const struct nest_context *c = in->ctx;

	if (!c->known)
		return say(CHECK_UNKNOWN, why, n, "%s", offline_reason);
	if (c->kver_major <= 0)
		return say(CHECK_UNKNOWN, why, n, "kernel version unknown; %s needs %d.%d",
			   d->pass, d->kmaj, d->kmin);
	if (c->kver_major > d->kmaj || (c->kver_major == d->kmaj && c->kver_minor >= d->kmin))
		return say(CHECK_PASS, why, n, "%s: Linux %d.%d >= %d.%d", d->pass,
			   c->kver_major, c->kver_minor, d->kmaj, d->kmin);
	return say(CHECK_FAIL, why, n, "%s needs Linux %d.%d; this is %d.%d", d->pass,
		   d->kmaj, d->kmin, c->kver_major, c->kver_minor);
}

/* An unconditional pass: facts worth knowing that gate nothing. */
static enum check_result info(const struct nest_in *in, const struct check_def *d,
			      char *why, size_t n)
{
	(void)in;
	return say(CHECK_PASS, why, n, "%s", d->pass);
}

/* An unconditional failure: what Linux 7.2 does not implement. */
static enum check_result never(const struct nest_in *in, const struct check_def *d,
			       char *why, size_t n)
{
	(void)in;
	return say(CHECK_FAIL, why, n, "%s", d->fail);
}

#define END { -1, NULL, 0 }
#define KERNEL_IOMMUFD(g) \
	{ .key = "kernel.iommufd", .stage = "kernel", .gates = (g), .terms = { END }, \
	  .fn = k_iommufd, .pass = "/dev/iommu is present", \
	  .fail = "/dev/iommu missing: iommufd not loaded or CONFIG_IOMMUFD off" }
#define KERNEL_VFIO_CDEV(g) \
	{ .key = "kernel.vfio_cdev", .stage = "kernel", .gates = (g), .terms = { END }, \
	  .fn = k_vfio_cdev, .pass = "VFIO device cdevs are present (to bind devices to iommufd)", \
	  .fail = "no VFIO device cdev: CONFIG_VFIO_DEVICE_CDEV off or no device on vfio-pci" }
/* A version check that gates nothing only qualifies an option. */
#define KERNEL_VERSION(k, what, g, ma, mi) \
	{ .key = (k), .stage = (g) ? "kernel" : "option", .gates = (g), .terms = { END }, \
	  .fn = k_version, .kmaj = (ma), .kmin = (mi), .pass = (what) }

/* ---- Intel VT-d --------------------------------------------------------- */

enum { VTD_CAP, VTD_ECAP };

static const struct reg_desc *const vtd_descs[] = { &vtd_cap_reg, &vtd_ecap_reg };

/* dmar.c ignores a unit with SAGAW=0 unless it is a scalable-mode unit
 * without second stage (first-stage only). */
static enum check_result vtd_widths(const struct nest_in *in, const struct check_def *d,
				    char *why, size_t n)
{
	uint64_t sagaw = in_field(in, VTD_CAP, "sagaw");
	uint64_t smts = in_field(in, VTD_ECAP, "smts");
	uint64_t ssts = in_field(in, VTD_ECAP, "ssts");

	(void)d;
	if (sagaw)
		return say(CHECK_PASS, why, n, "Linux accepts the unit (CAP.SAGAW=0x%llx)",
			   (unsigned long long)sagaw);
	if (smts && !ssts)
		return say(CHECK_PASS, why, n,
			   "Linux accepts the unit: first-stage only (CAP.SAGAW=0, ECAP.SMTS=1, "
			   "ECAP.SSTS=0)");
	return say(CHECK_FAIL, why, n,
		   "Linux ignores this unit (\"No supported address widths\"): CAP.SAGAW=0 "
		   "and ECAP.SMTS=%llu, ECAP.SSTS=%llu", (unsigned long long)smts,
		   (unsigned long long)ssts);
}

/* The trap: client graphics units set NEST without SMTS. */
static enum check_result vtd_smts(const struct nest_in *in, const struct check_def *d,
				  char *why, size_t n)
{
	(void)d;
	if (in_field(in, VTD_ECAP, "smts"))
		return say(CHECK_PASS, why, n, "scalable-mode translation supported (ECAP.SMTS=1)");
	if (in_field(in, VTD_ECAP, "nest"))
		return say(CHECK_FAIL, why, n,
			   "ECAP.NEST=1 but ECAP.SMTS=0: NEST is meaningless without scalable "
			   "mode (as on client graphics units); Linux runs this unit in legacy "
			   "mode and cannot nest");
	return say(CHECK_FAIL, why, n,
		   "legacy-mode-only unit: no scalable mode (ECAP.SMTS=0)");
}

static enum check_result vtd_sm_cmdline(const struct nest_in *in, const struct check_def *d,
					char *why, size_t n)
{
	(void)d;
	if (!in->ctx->known)
		return say(CHECK_UNKNOWN, why, n, "%s", offline_reason);
	if (in->ctx->sm_cmdline == 0)
		return say(CHECK_FAIL, why, n,
			   "scalable mode disabled by intel_iommu=sm_off on the kernel command line");
	if (in->ctx->sm_cmdline == 1)
		return say(CHECK_PASS, why, n, "scalable mode requested by intel_iommu=sm_on");
	return say(CHECK_PASS, why, n,
		   "scalable mode not disabled on the command line "
		   "(CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON is y by default)");
}

static const struct check_def vtd_checks[] = {
	{ "unit.address_widths", "unit", G_PARENT, { END }, vtd_widths, 0, 0, NULL, NULL },
	{ "ecap.smts", "unit", G_PARENT, { END }, vtd_smts, 0, 0, NULL, NULL },
	{ "kernel.scalable_mode", "kernel", G_PARENT, { END }, vtd_sm_cmdline, 0, 0, NULL, NULL },
	{ "ecap.nest", "nest_parent", G_PARENT, { { VTD_ECAP, "nest", 1 }, END }, NULL, 0, 0,
	  "nested translation supported", "no nested translation" },
	{ "ecap.ssts", "nest_parent", G_PARENT, { { VTD_ECAP, "ssts", 1 }, END }, NULL, 0, 0,
	  "second-stage tables for the nest parent",
	  "a nest parent needs second-stage translation" },
	{ "errata.772415", "nest_parent", 0, { END }, info, 0, 0,
	  "read-only S2 mappings forced writable in a nest parent (erratum 772415, "
	  "flagged by hw_info on every Intel system): map read-only memory elsewhere", NULL },
	KERNEL_IOMMUFD(G_PARENT),
	KERNEL_VFIO_CDEV(G_PARENT),
	KERNEL_VERSION("kernel.version.nest_parent", "IOMMU_HWPT_ALLOC_NEST_PARENT", G_PARENT, 6, 7),
	KERNEL_VERSION("kernel.version.nested", "VT-d nested HWPTs and their invalidation",
		       G_NESTED, 6, 8),
	{ "vtd.viommu", "viommu", G_VIOMMU, { END }, never, 0, 0, NULL,
	  "VT-d has no vIOMMU in Linux 7.2 (no viommu ops): nested stage-1 HWPTs are "
	  "allocated on the parent HWPT" },
	{ "cap.fs5lp", "option", 0, { { VTD_CAP, "fs5lp", 1 }, END }, NULL, 0, 0,
	  "stage-1 addr_width 48 or 57",
	  "stage-1 addr_width must be 48: 57 is refused at attach (EINVAL)" },
	{ "ecap.srs", "option", 0, { { VTD_ECAP, "srs", 1 }, END }, NULL, 0, 0,
	  "IOMMU_VTD_S1_SRE (supervisor requests) allowed",
	  "IOMMU_VTD_S1_SRE is refused at attach (EINVAL)" },
	{ "ecap.eafs", "option", 0, { { VTD_ECAP, "eafs", 1 }, END }, NULL, 0, 0,
	  "IOMMU_VTD_S1_EAFE (extended-accessed flag) allowed",
	  "IOMMU_VTD_S1_EAFE is refused at attach (EINVAL)" },
	{ "cap.fs1gp", "option", 0, { { VTD_CAP, "fs1gp", 1 }, END }, NULL, 0, 0,
	  "the guest stage-1 may use 1 GiB pages",
	  "advertise no 1 GiB stage-1 pages to the guest (the kernel does not check)" },
	{ "ecap.ssads", "option", 0,
	  { { VTD_ECAP, "smts", 1 }, { VTD_ECAP, "ssads", 1 }, { VTD_ECAP, "smpwcs", 1 }, END },
	  NULL, 0, 0, "dirty tracking on the nest parent",
	  "no dirty tracking: needs ECAP.SSADS and ECAP.SMPWCS in scalable mode" },
	{ "ecap.pasid", "option", 0, { { VTD_ECAP, "smts", 1 }, { VTD_ECAP, "pasid", 1 }, END },
	  NULL, 0, 0, "nested domains can be attached to PASIDs",
	  "no PASID attach: needs ECAP.PASID in scalable mode" },
	KERNEL_VERSION("kernel.version.pasid", "PASID attach", 0, 6, 15),
	KERNEL_VERSION("kernel.version.hw_info", "IOMMU_GET_HW_INFO", 0, 6, 6),
};

static const struct vendor_def vtd_vendor = {
	"vtd", vtd_descs, vtd_checks, ARRAY_SIZE(vtd_checks), false,
	"yes: a nest parent and nested stage-1 HWPTs on it (no vIOMMU on VT-d)",
};

/* ---- AMD ---------------------------------------------------------------- */

enum { AMD_EFR, AMD_EFR2 };

static const struct reg_desc *const amd_descs[] = { &amd_efr_reg, &amd_efr2_reg };

static enum check_result amd_hats(const struct nest_in *in, const struct check_def *d,
				  char *why, size_t n)
{
	(void)d;
	if (in_field(in, AMD_EFR, "hats") == 3)
		return say(CHECK_FAIL, why, n,
			   "EFR.HATS=3: Linux disables host (v1) tables, which a nest parent needs");
	return say(CHECK_PASS, why, n, "host (v1) tables usable (EFR.HATS=%llu)",
		   (unsigned long long)in_field(in, AMD_EFR, "hats"));
}

static enum check_result amd_hw_info(const struct nest_in *in, const struct check_def *d,
				     char *why, size_t n)
{
	(void)d;
	if (!in->ctx->known)
		return say(CHECK_UNKNOWN, why, n, "%s", offline_reason);
	if (in->ctx->amd_hw_info)
		return say(CHECK_PASS, why, n,
			   "IOMMU_GET_HW_INFO reports type AMD with EFR/EFR2 "
			   "(CONFIG_AMD_IOMMU_IOMMUFD is on)");
	return say(CHECK_UNKNOWN, why, n,
		   "IOMMU_GET_HW_INFO returns EFR/EFR2 only with CONFIG_AMD_IOMMU_IOMMUFD "
		   "(experimental), which cannot be seen from here");
}

static enum check_result amd_dirty(const struct nest_in *in, const struct check_def *d,
				   char *why, size_t n)
{
	(void)d;
	if (!in_field(in, AMD_EFR, "hd_sup"))
		return say(CHECK_FAIL, why, n, "no dirty tracking (EFR.HDSup=0)");
	if (in_field(in, AMD_EFR, "hats") == 3)
		return say(CHECK_FAIL, why, n, "no dirty tracking: host tables disabled (EFR.HATS=3)");
	return say(CHECK_PASS, why, n, "dirty tracking on the nest parent (EFR.HDSup=1)");
}

/* amd_iommu_pasid_supported(): GT, GIoSup, PPR, EPHSup, no SNP, and v2
 * tables as deep as the CPU's paging when it uses LA57. */
static enum check_result amd_pasid(const struct nest_in *in, const struct check_def *d,
				   char *why, size_t n)
{
	static const char *const need[][2] = {
		{ "gt_sup", "GTSup" }, { "gio_sup", "GIoSup" },
		{ "ppr_sup", "PPRSup" }, { "eph_sup", "EPHSup" },
	};
	char missing[64] = "";
	size_t used = 0;
	int la57 = in->ctx->known ? in->ctx->cpu_la57 : -1;

	(void)d;
	for (size_t i = 0; i < ARRAY_SIZE(need); i++)
		if (!in_field(in, AMD_EFR, need[i][0])) {
			int w = snprintf(missing + used, sizeof(missing) - used, "%sEFR.%s=0",
					 used ? ", " : "", need[i][1]);

			if (w > 0 && (size_t)w < sizeof(missing) - used)
				used += (size_t)w;
		}
	if (used)
		return say(CHECK_FAIL, why, n,
			   "no PASID: needs EFR.GTSup, GIoSup, PPRSup and EPHSup (%s)", missing);
	if (in_field(in, AMD_EFR, "gats") != 1 && la57 == 1)
		return say(CHECK_FAIL, why, n,
			   "no PASID: the CPU uses 5-level paging but guest tables are 4-level "
			   "(EFR.GATS=%llu)", (unsigned long long)in_field(in, AMD_EFR, "gats"));
	if (in_field(in, AMD_EFR, "snp_sup"))
		return say(CHECK_UNKNOWN, why, n,
			   "PASID supported unless SEV-SNP is enabled on the host (EFR.SNPSup=1)");
	if (in_field(in, AMD_EFR, "gats") != 1 && la57 < 0)
		return say(CHECK_PASS, why, n,
			   "PASID attach (GT, GIoSup, PPR, EPHSup), unless the CPU uses 5-level "
			   "paging (EFR.GATS=0)");
	return say(CHECK_PASS, why, n, "PASID attach (GT, GIoSup, PPR, EPHSup)");
}

static enum check_result amd_gats(const struct nest_in *in, const struct check_def *d,
				  char *why, size_t n)
{
	uint64_t g = in_field(in, AMD_EFR, "gats");

	(void)d;
	if (g > 1)
		return say(CHECK_PASS, why, n,
			   "EFR.GATS=%llu is reserved; Linux treats it as 4-level guest tables",
			   (unsigned long long)g);
	return say(CHECK_PASS, why, n, "guest tables up to %s (EFR.GATS=%llu)",
		   g ? "5-level" : "4-level", (unsigned long long)g);
}

static enum check_result amd_glx(const struct nest_in *in, const struct check_def *d,
				 char *why, size_t n)
{
	uint64_t g = in_field(in, AMD_EFR, "glx_sup");

	(void)d;
	if (g == 3)
		return say(CHECK_FAIL, why, n, "EFR.GLXSup=3 is reserved; a guest DTE with GLX=3 "
			   "is rejected");
	return say(CHECK_PASS, why, n, "guest GCR3 tables up to %llu level(s) (EFR.GLXSup=%llu)",
		   (unsigned long long)g + 1, (unsigned long long)g);
}

static enum check_result amd_pasmax(const struct nest_in *in, const struct check_def *d,
				    char *why, size_t n)
{
	uint64_t p = in_field(in, AMD_EFR, "pas_max");

	(void)d;
	if (!in_field(in, AMD_EFR, "gt_sup"))
		return say(CHECK_FAIL, why, n, "no guest PASIDs without GTSup (EFR.PASmax=%llu)",
			   (unsigned long long)p);
	return say(CHECK_PASS, why, n, "guest PASIDs of up to %llu bits (EFR.PASmax=%llu)",
		   (unsigned long long)p + 1, (unsigned long long)p);
}

static const struct check_def amd_checks[] = {
	{ "efr.hats", "unit", G_PARENT, { END }, amd_hats, 0, 0, NULL, NULL },
	{ "efr.gt_sup", "nest_parent", G_PARENT, { { AMD_EFR, "gt_sup", 1 }, END }, NULL, 0, 0,
	  "guest (v2) translation",
	  "no guest translation (SEV-SNP hosts may hide it)" },
	{ "efr.gio_sup", "nest_parent", G_PARENT, { { AMD_EFR, "gio_sup", 1 }, END }, NULL, 0, 0,
	  "guest I/O protection", "no guest I/O protection" },
	{ "efr2.gcr3_trp_mode", "nest_parent", G_PARENT, { { AMD_EFR2, "gcr3_trp_mode", 1 }, END },
	  NULL, 0, 0, "the DTE GCR3 root may be a guest-physical address",
	  "the DTE GCR3 root cannot be a guest-physical address" },
	KERNEL_IOMMUFD(G_PARENT),
	KERNEL_VFIO_CDEV(G_PARENT),
	KERNEL_VERSION("kernel.version.nest_parent", "the AMD nest parent (GCR3TRPMode, 6.19/7.0)",
		       G_PARENT, 6, 19),
	{ "amd.nested", "nested", G_NESTED, { END }, never, 0, 0, NULL,
	  "not wired in Linux 7.2 (no alloc_domain_nested): nested HWPT allocation "
	  "returns EOPNOTSUPP" },
	{ "amd.viommu", "viommu", G_VIOMMU, { END }, never, 0, 0, NULL,
	  "no AMD vIOMMU type in the Linux 7.2 uapi, and the vIOMMU ops only destroy" },
	{ "kernel.hw_info", "kernel", 0, { END }, amd_hw_info, 0, 0, NULL, NULL },
	{ "efr.hd_sup", "option", 0, { END }, amd_dirty, 0, 0, NULL, NULL },
	{ "amd.pasid", "option", 0, { END }, amd_pasid, 0, 0, NULL, NULL },
	{ "efr.gats", "option", 0, { END }, amd_gats, 0, 0, NULL, NULL },
	{ "efr.glx_sup", "option", 0, { END }, amd_glx, 0, 0, NULL, NULL },
	{ "efr.pas_max", "option", 0, { END }, amd_pasmax, 0, 0, NULL, NULL },
};

static const struct vendor_def amd_vendor = {
	"amd", amd_descs, amd_checks, ARRAY_SIZE(amd_checks), false,
	"yes: a nest parent and nested HWPTs",
};

/* ---- Arm SMMUv3 --------------------------------------------------------- */

enum { SMMU_IDR0, SMMU_IDR1, SMMU_IDR3, SMMU_IDR5, SMMU_IIDR, SMMU_AIDR };

static const struct reg_desc *const smmu_descs[] = {
	&smmuv3_idr0_reg, &smmuv3_idr1_reg, &smmuv3_idr3_reg,
	&smmuv3_idr5_reg, &smmuv3_iidr_reg, &smmuv3_aidr_reg,
};

#define ARM_IMPL 0x43b
#define ARM_MMU_600 0x483
#define ARM_MMU_700 0x487

static bool arm_product(const struct nest_in *in, uint64_t product)
{
	return in_field(in, SMMU_IIDR, "implementer") == ARM_IMPL &&
	       in_field(in, SMMU_IIDR, "product_id") == product;
}

/* MMU-700 before r1p1: errata 2268618/2812531, which also force CMD_SYNC. */
static bool mmu700_errata(const struct nest_in *in)
{
	return arm_product(in, ARM_MMU_700) &&
	       (in_field(in, SMMU_IIDR, "variant") < 1 || in_field(in, SMMU_IIDR, "revision") < 1);
}

static enum check_result smmu_ttf(const struct nest_in *in, const struct check_def *d,
				  char *why, size_t n)
{
	uint64_t ttf = in_field(in, SMMU_IDR0, "ttf");

	(void)d;
	if (ttf & 2)
		return say(CHECK_PASS, why, n, "AArch64 tables (IDR0.TTF=%llu)",
			   (unsigned long long)ttf);
	return say(CHECK_FAIL, why, n, "Linux refuses the SMMU: no AArch64 tables (IDR0.TTF=%llu)",
		   (unsigned long long)ttf);
}

static enum check_result smmu_errata(const struct nest_in *in, const struct check_def *d,
				     char *why, size_t n)
{
	unsigned var = (unsigned)in_field(in, SMMU_IIDR, "variant");
	unsigned rev = (unsigned)in_field(in, SMMU_IIDR, "revision");

	(void)d;
	if (arm_product(in, ARM_MMU_600) && var < 2)
		return say(CHECK_FAIL, why, n,
			   "MMU-600 r%up%u: erratum 1209401 removes nesting (needs r2 or later)",
			   var, rev);
	if (mmu700_errata(in))
		return say(CHECK_FAIL, why, n,
			   "MMU-700 r%up%u: errata 2268618/2812531 remove nesting (needs r1p1 or "
			   "later)", var, rev);
	return say(CHECK_PASS, why, n, "no nesting erratum for this implementation (IIDR)");
}

static enum check_result smmu_force_sync(const struct nest_in *in, const struct check_def *d,
					 char *why, size_t n)
{
	(void)d;
	if (mmu700_errata(in))
		return say(CHECK_FAIL, why, n,
			   "MMU-700 erratum 2812531 forces CMD_SYNC, which the vIOMMU refuses");
	return say(CHECK_PASS, why, n, "no forced CMD_SYNC");
}

/* arm_smmu_get_viommu_size(): the root complex is CANWBS (IORT) or the SMMU
 * forces write-back in stage 2 (IDR3.FWB). */
static enum check_result smmu_coherency(const struct nest_in *in, const struct check_def *d,
					char *why, size_t n)
{
	(void)d;
	if (in_field(in, SMMU_IDR3, "fwb"))
		return say(CHECK_PASS, why, n, "stage-2 forced write-back (IDR3.FWB=1)");
	if (!in->ctx->known)
		return say(CHECK_UNKNOWN, why, n,
			   "IDR3.FWB=0, so the vIOMMU needs an IORT CANWBS root complex; %s",
			   offline_reason);
	if (in->ctx->smmu_canwbs == 1)
		return say(CHECK_PASS, why, n, "IDR3.FWB=0, but the root complex is CANWBS (%s)",
			   in->ctx->smmu_canwbs_src[0] ? in->ctx->smmu_canwbs_src : "IORT");
	if (in->ctx->smmu_canwbs == 0)
		return say(CHECK_FAIL, why, n,
			   "missing both: IDR3.FWB=0 and the root complex is not CANWBS (%s): the "
			   "vIOMMU is refused", in->ctx->smmu_canwbs_src[0] ? in->ctx->smmu_canwbs_src
									 : "IORT");
	return say(CHECK_UNKNOWN, why, n,
		   "IDR3.FWB=0, so the vIOMMU needs an IORT CANWBS root complex%s%s",
		   in->ctx->smmu_canwbs_src[0] ? ": " : ", which is not visible in sysfs",
		   in->ctx->smmu_canwbs_src);
}

static enum check_result smmu_ssid(const struct nest_in *in, const struct check_def *d,
				   char *why, size_t n)
{
	uint64_t s = in_field(in, SMMU_IDR1, "ssidsize");

	(void)d;
	if (!s)
		return say(CHECK_FAIL, why, n,
			   "no substreams: one context descriptor per guest STE (IDR1.SSIDSIZE=0)");
	return say(CHECK_PASS, why, n,
		   "guest CD tables with up to %llu-bit SubstreamIDs (IDR1.SSIDSIZE=%llu)",
		   (unsigned long long)s, (unsigned long long)s);
}

static const struct check_def smmu_checks[] = {
	{ "idr0.ttf", "unit", G_PARENT, { END }, smmu_ttf, 0, 0, NULL, NULL },
	{ "idr1.presets", "unit", G_PARENT,
	  { { SMMU_IDR1, "rel", 0 }, { SMMU_IDR1, "queues_preset", 0 },
	    { SMMU_IDR1, "tables_preset", 0 }, END }, NULL, 0, 0,
	  "programmable queue and table bases",
	  "Linux refuses embedded implementations" },
	{ "idr0.s2p", "nest_parent", G_PARENT, { { SMMU_IDR0, "s2p", 1 }, END }, NULL, 0, 0,
	  "stage-2 for the nest parent", "no stage 2: no nest parent" },
	{ "idr0.s1p", "nested", G_PARENT, { { SMMU_IDR0, "s1p", 1 }, END }, NULL, 0, 0,
	  "stage-1 for the guest", "no stage 1: Linux's FEAT_NESTING needs S1P and S2P" },
	{ "iidr.errata", "nest_parent", G_PARENT, { END }, smmu_errata, 0, 0, NULL, NULL },
	KERNEL_IOMMUFD(G_PARENT),
	KERNEL_VFIO_CDEV(G_PARENT),
	KERNEL_VERSION("kernel.version.nest_parent", "SMMUv3 nesting", G_PARENT, 6, 13),
	{ "iidr.force_sync", "viommu", G_VIOMMU, { END }, smmu_force_sync, 0, 0, NULL, NULL },
	{ "coherency.canwbs_or_fwb", "viommu", G_VIOMMU, { END }, smmu_coherency, 0, 0,
	  NULL, NULL },
	KERNEL_VERSION("kernel.version.viommu", "IOMMU_VIOMMU_ALLOC", G_VIOMMU, 6, 13),
	{ "smmuv3.nested_path", "nested", 0, { END }, info, 0, 0,
	  "nested HWPTs are allocated on the vIOMMU (IOMMU_HWPT_DATA_ARM_SMMUV3 vSTE); "
	  "invalidations go to the vIOMMU as raw commands", NULL },
	{ "idr1.ssidsize", "option", 0, { END }, smmu_ssid, 0, 0, NULL, NULL },
	{ "idr0.ats", "option", 0, { { SMMU_IDR0, "ats", 1 }, END }, NULL, 0, 0,
	  "ATS for the guest (vSTE EATS)", "no ATS" },
	{ "idr3.ril", "option", 0, { { SMMU_IDR3, "ril", 1 }, END }, NULL, 0, 0,
	  "range invalidation", "no range invalidation" },
	KERNEL_VERSION("kernel.version.veventq", "vEVENTQ (guest fault events)", 0, 6, 15),
};

static const struct vendor_def smmu_vendor = {
	"smmuv3", smmu_descs, smmu_checks, ARRAY_SIZE(smmu_checks), true,
	"yes: a nest parent, a vIOMMU and nested HWPTs through it",
};

/* ---- evaluation --------------------------------------------------------- */

static enum check_result combine(enum check_result a, enum check_result b)
{
	if (a == CHECK_FAIL || b == CHECK_FAIL)
		return CHECK_FAIL;
	if (a == CHECK_UNKNOWN || b == CHECK_UNKNOWN)
		return CHECK_UNKNOWN;
	return CHECK_PASS;
}

static unsigned gates_of(const struct vendor_def *vd, unsigned answer)
{
	unsigned g = answer | G_PARENT;	/* every answer needs the nest parent */

	if (answer == G_NESTED && vd->nested_via_viommu)
		g |= G_VIOMMU;
	return g;
}

static const struct nest_check *first_with(const struct nest_verdict *v,
					   const struct check_def *defs, unsigned gates,
					   enum check_result r, bool skip_kernel)
{
	for (size_t i = 0; i < v->n_checks; i++)
		if ((defs[i].gates & gates) && v->checks[i].result == r &&
		    !(skip_kernel && !strcmp(defs[i].stage, "kernel")))
			return &v->checks[i];
	return NULL;
}

static void summarize(const struct vendor_def *vd, const struct nest_context *ctx,
		      struct nest_verdict *v)
{
	const struct nest_check *c;
	unsigned g;

	if (v->nested == CHECK_PASS) {
		snprintf(v->summary, sizeof(v->summary), "%s", vd->yes);
		return;
	}
	/* a failed answer always has a failed check behind it */
	if (v->nest_parent == CHECK_FAIL &&
	    (c = first_with(v, vd->checks, G_PARENT, CHECK_FAIL, false))) {
		snprintf(v->summary, sizeof(v->summary), "no: %.*s: %.*s", 40, c->key, 200,
			 c->reason);
		return;
	}
	g = gates_of(vd, G_NESTED);
	if (v->nested == CHECK_FAIL && (c = first_with(v, vd->checks, g, CHECK_FAIL, false))) {
		snprintf(v->summary, sizeof(v->summary), "%s: %.*s",
			 v->nest_parent == CHECK_PASS ? "nest parent only" : "at most a nest parent",
			 200, c->reason);
		return;
	}
	/* unknown: name a register-side doubt before the kernel ones */
	c = first_with(v, vd->checks, g, CHECK_UNKNOWN, true);
	if (c)
		snprintf(v->summary, sizeof(v->summary), "maybe: %.*s", 200, c->reason);
	else if (!ctx->known)
		snprintf(v->summary, sizeof(v->summary),
			 "maybe: the registers allow nesting; the kernel was not checked "
			 "(decoding offline)");
	else {
		c = first_with(v, vd->checks, g, CHECK_UNKNOWN, false);
		snprintf(v->summary, sizeof(v->summary),
			 "maybe: the registers allow nesting; %.*s", 200, c ? c->reason : "");
	}
}

static void evaluate(const struct vendor_def *vd, const struct nest_in *in,
		     struct nest_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->vendor = vd->name;
	v->nest_parent = v->nested = v->viommu = CHECK_PASS;
	for (size_t i = 0; i < vd->n_checks && i < NEST_MAX_CHECKS; i++) {
		const struct check_def *d = &vd->checks[i];
		struct nest_check *c = &v->checks[v->n_checks++];

		c->key = d->key;
		c->stage = d->stage;
		c->result = d->fn ? d->fn(in, d, c->reason, sizeof(c->reason))
				  : eval_terms(in, d, c->reason, sizeof(c->reason));
		if (d->gates & gates_of(vd, G_PARENT))
			v->nest_parent = combine(v->nest_parent, c->result);
		if (d->gates & gates_of(vd, G_NESTED))
			v->nested = combine(v->nested, c->result);
		if (d->gates & gates_of(vd, G_VIOMMU))
			v->viommu = combine(v->viommu, c->result);
	}
	summarize(vd, in->ctx, v);
}

void nest_context_offline(struct nest_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->known = false;
	ctx->sm_cmdline = -1;
	ctx->iommufd_present = -1;
	ctx->vfio_cdev_present = -1;
	ctx->smmu_canwbs = -1;
	ctx->cpu_la57 = -1;
}

void nest_verdict_vtd(uint64_t cap, uint64_t ecap, const struct nest_context *ctx,
		      struct nest_verdict *v)
{
	struct nest_in in = { .descs = vtd_descs, .val = { cap, ecap }, .ctx = ctx };

	evaluate(&vtd_vendor, &in, v);
}

void nest_verdict_amd(uint64_t efr, uint64_t efr2, const struct nest_context *ctx,
		      struct nest_verdict *v)
{
	struct nest_in in = { .descs = amd_descs, .val = { efr, efr2 }, .ctx = ctx };

	evaluate(&amd_vendor, &in, v);
}

void nest_verdict_smmuv3(const uint32_t idr[6], uint32_t iidr, uint32_t aidr,
			 const struct nest_context *ctx, struct nest_verdict *v)
{
	struct nest_in in = {
		.descs = smmu_descs,
		.val = { idr[0], idr[1], idr[3], idr[5], iidr, aidr },
		.ctx = ctx,
	};

	evaluate(&smmu_vendor, &in, v);
}

const char *check_result_name(enum check_result r)
{
	switch (r) {
	case CHECK_PASS:
		return "pass";
	case CHECK_FAIL:
		return "fail";
	default:
		return "unknown";
	}
}

static const char *check_mark(enum check_result r)
{
	return r == CHECK_PASS ? "PASS" : r == CHECK_FAIL ? "FAIL" : "?";
}

static const char *answer_text(enum check_result r)
{
	return r == CHECK_PASS ? "yes" : r == CHECK_FAIL ? "no" : "?";
}

void nest_verdict_print(const struct nest_verdict *v)
{
	open_object("nesting");
	print_string(PRINT_ANY, "summary", "nesting: %s\n", v->summary);
	text_indent(1);
	if (!opts.quiet)
		print_text("nest parent: %s, nested: %s, vIOMMU: %s\n", answer_text(v->nest_parent),
			   answer_text(v->nested), answer_text(v->viommu));
	print_string(PRINT_JSON, "nest_parent", NULL, check_result_name(v->nest_parent));
	print_string(PRINT_JSON, "nested", NULL, check_result_name(v->nested));
	print_string(PRINT_JSON, "viommu", NULL, check_result_name(v->viommu));
	open_array("checks");
	for (size_t i = 0; i < v->n_checks && i < NEST_MAX_CHECKS; i++) {
		const struct nest_check *c = &v->checks[i];

		if (opts.quiet && !out_json())
			continue;	/* -q: the summary alone */
		open_object(NULL);
		print_string(PRINT_TEXT, NULL, "%-4s ", check_mark(c->result));
		print_string(PRINT_ANY, "check", "%-26s ", c->key);
		print_string(PRINT_JSON, "stage", NULL, c->stage);
		print_string(PRINT_JSON, "result", NULL, check_result_name(c->result));
		print_string(PRINT_ANY, "reason", "%s\n", c->reason);
		close_object();
	}
	close_array();
	text_indent(-1);
	close_object();
}

const char *nest_verdict_reason(const struct nest_verdict *v, const char *const *which,
				char *buf, size_t n)
{
	size_t used = 0;

	if (!n)
		return NULL;
	buf[0] = '\0';
	/* every failing check of those stages: an AMD nest parent lacks two bits */
	for (size_t i = 0; i < v->n_checks; i++)
		for (const char *const *w = which; *w; w++)
			if (v->checks[i].result == CHECK_FAIL && used < n &&
			    (!strcmp(v->checks[i].stage, *w) || !strcmp(v->checks[i].key, *w))) {
				used += (size_t)snprintf(buf + used, n - used, "%s%s (%s)",
							 used ? "; " : "", v->checks[i].reason,
							 v->checks[i].key);
				break;
			}
	return used ? buf : NULL;
}

size_t vtd_s1_needs(uint64_t flags, uint32_t addr_width, const char *keys[4])
{
	size_t k = 0;

	if (addr_width == 57)
		keys[k++] = "cap.fs5lp";
	if (flags & ICTL_IOMMU_VTD_S1_SRE)
		keys[k++] = "ecap.srs";
	if (flags & ICTL_IOMMU_VTD_S1_EAFE)
		keys[k++] = "ecap.eafs";
	keys[k] = NULL;
	return k;
}
