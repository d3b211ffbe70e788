// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nested HWPTs: a stage-1 configuration (VT-d first-stage table, SMMUv3 STE,
 * selftest IOTLB seed) bound on a nest-parent HWPT (VT-d, mock) or on a
 * vIOMMU (SMMUv3, mock):
 *
 *   hwpt alloc DEV parent HWPT|VIOMMU nested TYPE TYPE-ARGS... [pasid]
 *              [fault FAULT] [name NAME]
 *
 * The common keywords may stand anywhere; every other word belongs to the
 * type's own arguments, which the type's parser checks.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "cmd.h"
#include "error.h"
#include "hwpt_nested.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "output.h"
#include "s1pgtbl.h"
#include "session.h"
#include "smmuv3_cmd.h"
#include "vfio.h"

union nested_data {
	struct ictl_iommu_hwpt_vtd_s1 vtd;
	struct ictl_iommu_hwpt_arm_smmuv3 smmu;
	struct ictl_iommu_hwpt_selftest st;
};

struct nested_type {
	const char *name;
	uint32_t data_type;
	/* Parse the type's words into d, print nothing; *len: data_len. */
	int (*parse)(const char *ctx, int argc, char **argv, union nested_data *d, uint32_t *len);
	/* Print the data that was sent (both modes). */
	void (*print)(const union nested_data *d);
	const char *usage;
};

static int parse_vtd(const char *ctx, int argc, char **argv, union nested_data *d, uint32_t *len)
{
	uint64_t pgtbl = 0;
	uint32_t width = 48;
	bool sre = false, eafe = false, wpe = false;
	const char *s1 = NULL;
	struct kwarg kw[] = {
		KW("pgtbl", KW_U64, &pgtbl),
		KW("s1", KW_STR, &s1),
		KW("addr-width", KW_U32, &width),
		KW("sre", KW_FLAG, &sre),
		KW("eafe", KW_FLAG, &eafe),
		KW("wpe", KW_FLAG, &wpe),
	};
	int rc;

	if ((rc = parse_kwargs(ctx, argc, argv, kw, ARRAY_SIZE(kw))))
		return rc;
	if (s1) {	/* tables this session built: their root and width */
		struct sobj *t;
		uint32_t id;

		if (kw[0].seen || kw[2].seen)
			return err_usage("%s: 's1' gives pgtbl and addr-width; not both", ctx);
		char what[64];

		snprintf(what, sizeof(what), "%s: s1", ctx);
		if ((rc = session_resolve(s1, SOBJ_S1, what, &id, &t)))
			return rc;
		if (!t)
			return err_usage("%s: s1 takes the name of 's1 alloc' tables", ctx);
		pgtbl = s1pt_root_gpa(t->s1);
		width = t->s1->addr_width;
	} else if ((rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "pgtbl"))) {
		return rc;
	}
	if (width != 48 && width != 57)
		return err_usage("%s: addr-width %u: VT-d first-stage tables are 48 (4-level) "
				 "or 57 (5-level) bits wide", ctx, width);
	if (pgtbl & 0xfff)
		return err_usage("%s: pgtbl %#" PRIx64 " is not 4 KiB aligned (a first-stage "
				 "root table is one 4 KiB page)", ctx, pgtbl);
	if (wpe && !sre)
		return err_usage("%s: wpe takes effect only with sre (write protect applies to "
				 "supervisor requests)", ctx);
	d->vtd.flags = (sre ? ICTL_IOMMU_VTD_S1_SRE : 0) | (eafe ? ICTL_IOMMU_VTD_S1_EAFE : 0) |
		       (wpe ? ICTL_IOMMU_VTD_S1_WPE : 0);
	d->vtd.pgtbl_addr = pgtbl;
	d->vtd.addr_width = width;
	*len = sizeof(d->vtd);
	return 0;
}

static void print_vtd(const union nested_data *d)
{
	open_object("data");
	print_hex(PRINT_ANY, "pgtbl", " pgtbl %#" PRIx64, d->vtd.pgtbl_addr);
	print_u64(PRINT_ANY, "addr_width", " addr-width %" PRIu64, d->vtd.addr_width);
	print_bool(PRINT_JSON, "sre", NULL, d->vtd.flags & ICTL_IOMMU_VTD_S1_SRE);
	print_bool(PRINT_JSON, "eafe", NULL, d->vtd.flags & ICTL_IOMMU_VTD_S1_EAFE);
	print_bool(PRINT_JSON, "wpe", NULL, d->vtd.flags & ICTL_IOMMU_VTD_S1_WPE);
	print_text("%s%s%s", d->vtd.flags & ICTL_IOMMU_VTD_S1_SRE ? " sre" : "",
		   d->vtd.flags & ICTL_IOMMU_VTD_S1_EAFE ? " eafe" : "",
		   d->vtd.flags & ICTL_IOMMU_VTD_S1_WPE ? " wpe" : "");
	close_object();
}

static int parse_smmuv3(const char *ctx, int argc, char **argv, union nested_data *d,
			uint32_t *len)
{
	uint64_t ste[2];
	char err[1024];
	const char *why;

	if (argc < 1)
		return err_usage("%s: missing the STE: 'raw W0 W1' or fields, e.g. 'cfg translate "
				 "s1ctxptr ADDR' or 'cfg abort' or 'cfg bypass', or 's1 NAME'", ctx);
	if (!strcmp(argv[0], "s1")) {	/* the CD of tables this session built */
		struct sobj *t;
		uint32_t id;
		int rc;

		if (argc != 2)
			return err_usage("%s: 's1 NAME' makes the whole STE; no other fields", ctx);
		if ((rc = session_resolve(argv[1], SOBJ_S1, "hwpt alloc: s1", &id, &t)))
			return rc;
		if (!t || !t->s1->cd)
			return err_usage("%s: s1 takes the name of 's1 alloc … format smmuv3' tables",
					 ctx);
		/* V, Config translate, S1ContextPtr; the CD table walked as Linux
		 * walks its own: write-back read-allocate, inner shareable. */
		ste[0] = 1 | 5ULL << 1 | (t->s1->cd_gpa & 0x000fffffffffffc0ULL);
		ste[1] = 1ULL << 2 | 1ULL << 4 | 3ULL << 6;
	} else if (smmuv3_ste_build(argc, argv, ste, err, sizeof(err))) {
		return err_usage("%s: %s", ctx, err);
	}
	if (!smmuv3_ste_allowed(ste, &why))
		return err_usage("%s: the kernel would refuse this STE with EIO: %s", ctx, why);
	d->smmu.ste[0] = htole64(ste[0]);
	d->smmu.ste[1] = htole64(ste[1]);
	*len = sizeof(d->smmu);
	return 0;
}

static void print_smmuv3(const union nested_data *d)
{
	uint64_t ste[2] = { le64toh(d->smmu.ste[0]), le64toh(d->smmu.ste[1]) };

	print_text(" ste ");
	open_object("ste");
	smmuv3_ste_print(ste);
	close_object();
}

static int parse_selftest(const char *ctx, int argc, char **argv, union nested_data *d,
			  uint32_t *len)
{
	uint32_t iotlb = ICTL_IOMMU_TEST_IOTLB_DEFAULT;
	struct kwarg kw[] = { KW("iotlb", KW_U32, &iotlb) };
	int rc;

	if ((rc = parse_kwargs(ctx, argc, argv, kw, ARRAY_SIZE(kw))))
		return rc;
	d->st.iotlb = iotlb;
	d->st.pagetable_type = 0;
	*len = sizeof(d->st);
	return 0;
}

static void print_selftest(const union nested_data *d)
{
	open_object("data");
	print_hex(PRINT_ANY, "iotlb", " iotlb %#" PRIx64, d->st.iotlb);
	close_object();
}

static const struct nested_type nested_types[] = {
	{ "vtd-s1", ICTL_IOMMU_HWPT_DATA_VTD_S1, parse_vtd, print_vtd,
	  "pgtbl ADDR [addr-width 48|57] | s1 NAME, [sre] [eafe] [wpe]" },
	{ "smmuv3", ICTL_IOMMU_HWPT_DATA_ARM_SMMUV3, parse_smmuv3, print_smmuv3,
	  "raw W0 W1 | cfg abort|bypass|translate [s1ctxptr ADDR] [FIELD VALUE...] | s1 NAME" },
	{ "selftest", ICTL_IOMMU_HWPT_DATA_SELFTEST, parse_selftest, print_selftest,
	  "[iotlb VALUE]" },
};

const char *nested_type_name(uint32_t data_type)
{
	for (size_t i = 0; i < ARRAY_SIZE(nested_types); i++)
		if (nested_types[i].data_type == data_type)
			return nested_types[i].name;
	return data_type ? "unknown" : "paging";
}

/* Why a nested allocation failed, in its own terms. */
static const char *nested_hint(int err, const struct nested_type *t, const struct sobj *parent)
{
	bool on_viommu = parent && parent->kind == SOBJ_VIOMMU;

	switch (err) {
	case -EOPNOTSUPP:
		if (t->data_type == ICTL_IOMMU_HWPT_DATA_ARM_SMMUV3 && !on_viommu)
			return "SMMUv3 nests only on a vIOMMU: 'viommu alloc DEV PARENT type smmuv3', "
			       "then 'parent VIOMMU' (and no 'pasid' flag)";
		if (t->data_type == ICTL_IOMMU_HWPT_DATA_VTD_S1 && on_viommu)
			return "VT-d has no vIOMMU in Linux 7.2: allocate the nested HWPT on the "
			       "nest-parent HWPT";
		return "the IOMMU driver does not take this data type here (VT-d needs ECAP.NEST, "
		       "SMMUv3 a vIOMMU, the mock 'selftest'), or the 'pasid' flag is not "
		       "accepted (SMMUv3)";
	case -EINVAL:
		return "the parent is not a nest-parent paging HWPT of this IOMMU, or the data "
		       "length is wrong for the type";
	case -EIO:
		return "the SMMUv3 driver rejected the STE (a field outside the allowed masks, "
		       "Cfg other than abort/bypass/translate, EATS above 1)";
	case -ENOENT:
		return "no such parent, device or fault object";
	default:
		return NULL;
	}
}

static bool common_word(const char *w, bool *has_value)
{
	static const char *const with[] = { "parent", "nested", "fault", "name" };

	*has_value = true;
	for (size_t i = 0; i < ARRAY_SIZE(with); i++)
		if (!strcmp(w, with[i]))
			return true;
	*has_value = false;
	return !strcmp(w, "pasid");
}

int hwpt_alloc_nested(uint32_t dev_id, struct sobj *dev, int argc, char **argv)
{
	const char *ctx = "hwpt alloc", *name = NULL, *type_name = NULL;
	uint32_t parent_id = 0, fault_id = 0, data_len = 0;
	bool pasid = false;
	struct kwarg kw[] = {
		KW_KIND("parent", &parent_id, SOBJ_HWPT | SOBJ_VIOMMU),
		KW("nested", KW_STR, &type_name),
		KW_KIND("fault", &fault_id, SOBJ_FAULT),
		KW("pasid", KW_FLAG, &pasid),
		KW("name", KW_NAME, &name),
	};
	char *common[argc + 1], *own[argc + 1];
	int nc = 0, no = 0, rc, fd, err;
	const struct nested_type *t;
	size_t ti;
	struct ictl_iommu_hwpt_alloc cmd = { .size = sizeof(cmd) };
	union nested_data data;
	struct sobj *parent;
	char tctx[64];

	for (int i = 0; i < argc; i++) {
		bool has_value;

		if (common_word(argv[i], &has_value)) {
			common[nc++] = argv[i];
			if (has_value && i + 1 < argc)
				common[nc++] = argv[++i];
		} else {
			own[no++] = argv[i];
		}
	}
	if ((rc = parse_kwargs(ctx, nc, common, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "nested")) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "parent")))
		return rc;
	if ((rc = PARSE_NAME("hwpt alloc: nested", "data type", type_name, nested_types, &ti)))
		return rc;
	t = &nested_types[ti];
	memset(&data, 0, sizeof(data));
	snprintf(tctx, sizeof(tctx), "hwpt alloc nested %s", t->name);
	if ((rc = t->parse(tctx, no, own, &data, &data_len)))
		return rc;
	parent = session_find_id(parent_id);
	if (parent && parent->kind == SOBJ_HWPT && parent->data_type)
		return err_usage("%s: parent %u is a nested HWPT; the parent must be a nest-parent "
				 "paging HWPT or a vIOMMU", ctx, parent_id);
	if ((rc = session_iommufd(&fd)))
		return rc;
	cmd.flags = (pasid ? ICTL_IOMMU_HWPT_ALLOC_PASID : 0) |
		    (kw[2].seen ? ICTL_IOMMU_HWPT_FAULT_ID_VALID : 0);
	cmd.dev_id = dev_id;
	cmd.pt_id = parent_id;
	cmd.data_type = t->data_type;
	cmd.data_len = data_len;
	cmd.data_uptr = (uintptr_t)&data;
	cmd.fault_id = fault_id;
	err = ifd_hwpt_alloc(fd, &cmd);
	if (err == -EOPNOTSUPP && pasid &&
	    (rc = attach_require_pasid(dev, "IOMMU_HWPT_ALLOC", err)))
		return rc;
	if (err) {
		static const char *const stages[] = { "unit", "nest_parent", "nested", NULL };
		const char *h = nested_hint(err, t, parent);
		char hint[1024], why[512];

		/* A real device: say what its registers lack, if anything. */
		if (dev && dev->kind == SOBJ_DEVICE &&
		    device_verdict_reason(fd, dev->id, stages, why, sizeof(why))) {
			snprintf(hint, sizeof(hint), "%s%sthis IOMMU cannot nest: %s", h ? h : "",
				 h ? "; " : "", why);
			h = hint;
		}
		return err_ioctl("IOMMU_HWPT_ALLOC", err, h);
	}
	struct sobj *o = session_add(SOBJ_HWPT, cmd.out_hwpt_id, name, -1,
				     "nested hwpt (%s) on %s %u%s", t->name,
				     parent ? sobj_kind_name(parent->kind) : "object", parent_id,
				     pasid ? " pasid" : "");
	if (!o)
		return EXIT_FAILED;
	o->data_type = t->data_type;
	o->parent_id = parent_id;
	if (t->data_type == ICTL_IOMMU_HWPT_DATA_VTD_S1) {
		o->s1_flags = data.vtd.flags;
		o->s1_addr_width = data.vtd.addr_width;
	}
	print_u64(PRINT_ANY, "hwpt_id", "hwpt %" PRIu64, cmd.out_hwpt_id);
	print_string(PRINT_ANY, "type", " nested %s", t->name);
	print_u64(PRINT_ANY, "parent_id", " on %" PRIu64, parent_id);
	print_string(PRINT_JSON, "parent_kind", NULL,
		     parent ? sobj_kind_name(parent->kind) : "unknown");
	t->print(&data);
	open_array("flags");
	if (pasid)
		print_string(PRINT_ANY, NULL, " %s", "pasid");
	close_array();
	if (kw[2].seen)
		print_u64(PRINT_ANY, "fault_id", " fault %" PRIu64, fault_id);
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}
