// SPDX-License-Identifier: GPL-2.0-only
/*
 * The register tables: sound (no overlaps, names, keys), and every decoder
 * against values worked out by hand from the bit tables — QEMU's emulated
 * units and real machines' boot-log lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json.h>

#include "output.h"
#include "registers.h"

static uint64_t F(const struct reg_desc *r, uint64_t reg, const char *key)
{
	return reg_value(r, reg, key);
}

static const struct reg_derived *derived(const struct reg_desc *r, const char *key)
{
	for (size_t i = 0; i < r->n_derived; i++)
		if (!strcmp(r->derived[i].key, key))
			return &r->derived[i];
	fail_msg("%s has no derived %s", r->name, key);
	return NULL;
}

static bool der_valid(const struct reg_desc *r, uint64_t reg, const char *key)
{
	const struct reg_derived *d = derived(r, key);

	return !d->valid || d->valid(reg);
}

static uint64_t der_num(const struct reg_desc *r, uint64_t reg, const char *key)
{
	const struct reg_derived *d = derived(r, key);

	assert_int_equal(d->kind, DER_NUM);
	assert_true(der_valid(r, reg, key));
	return d->num(reg);
}

static const char *der_str(const struct reg_desc *r, uint64_t reg, const char *key)
{
	static char buf[128];
	const struct reg_derived *d = derived(r, key);

	assert_int_equal(d->kind, DER_STR);
	assert_true(der_valid(r, reg, key));
	d->str(reg, buf, sizeof(buf));
	return buf;
}

/* ---- the tables themselves ---------------------------------------------- */

static void test_tables_sound(void **state)
{
	size_t n = 0;

	(void)state;
	for (const struct reg_desc *const *r = all_registers; *r; r++, n++) {
		char why[200] = "";

		if (reg_desc_check(*r, why, sizeof(why)))
			fail_msg("%s", why);
		assert_true((*r)->width == 8 || (*r)->width == 32 || (*r)->width == 64);
		assert_non_null((*r)->title);
		for (size_t i = 0; i < (*r)->n_fields; i++) {
			const struct reg_field *f = &(*r)->fields[i];

			/* JSON keys: lower snake case */
			assert_int_equal(strspn(f->key, "abcdefghijklmnopqrstuvwxyz0123456789_"),
					 strlen(f->key));
			assert_true(f->name && *f->name && f->desc && *f->desc);
			if (f->kind == FLD_ENUM)
				assert_true(f->n_enum == (1u << (f->hi - f->lo + 1)));
		}
		for (size_t i = 0; i < (*r)->n_derived; i++)
			for (size_t j = 0; j < (*r)->n_fields; j++)
				assert_string_not_equal((*r)->derived[i].key, (*r)->fields[j].key);
		for (const struct reg_desc *const *o = all_registers; o != r; o++)
			assert_string_not_equal((*o)->key, (*r)->key);
	}
	assert_int_equal(n, 12);	/* + the SMMUv3 CD word 0, the IORT root complex flags */
}

/* reg_desc_check catches the mistakes a table can make */
static void test_check_catches(void **state)
{
	static const char *const two[] = { "a", "b" };
	static const struct reg_field overlap[] = {
		{ .key = "a", .name = "A", .hi = 3, .lo = 0, .kind = FLD_NUM, .desc = "a" },
		{ .key = "b", .name = "B", .hi = 3, .lo = 3, .kind = FLD_FLAG, .desc = "b" },
	};
	static const struct reg_field wide_flag[] = {
		{ .key = "a", .name = "A", .hi = 2, .lo = 1, .kind = FLD_FLAG, .desc = "a" },
	};
	static const struct reg_field out_of_range[] = {
		{ .key = "a", .name = "A", .hi = 32, .lo = 31, .kind = FLD_NUM, .desc = "a" },
	};
	static const struct reg_field dup[] = {
		{ .key = "a", .name = "A", .hi = 0, .lo = 0, .kind = FLD_FLAG, .desc = "a" },
		{ .key = "a", .name = "A", .hi = 1, .lo = 1, .kind = FLD_FLAG, .desc = "a" },
	};
	static const struct reg_field ok[] = {
		{ .key = "a", .name = "A", .hi = 0, .lo = 0, .kind = FLD_ENUM, .desc = "a",
		  .enum_names = two, .n_enum = 2 },
	};
	static const struct reg_derived none[] = {};
	const struct reg_desc bad1 = REG_DESC("x", "X", "x", 32, overlap, none);
	const struct reg_desc bad2 = REG_DESC("x", "X", "x", 32, wide_flag, none);
	const struct reg_desc bad3 = REG_DESC("x", "X", "x", 32, out_of_range, none);
	const struct reg_desc bad4 = REG_DESC("x", "X", "x", 32, dup, none);
	const struct reg_desc good = REG_DESC("x", "X", "x", 32, ok, none);
	char why[200];

	(void)state;
	assert_int_equal(reg_desc_check(&bad1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "overlaps"));
	assert_int_equal(reg_desc_check(&bad2, why, sizeof(why)), -1);
	assert_int_equal(reg_desc_check(&bad3, why, sizeof(why)), -1);
	assert_int_equal(reg_desc_check(&bad4, why, sizeof(why)), -1);
	assert_int_equal(reg_desc_check(&good, why, sizeof(why)), 0);
}

/* Linux 7.2's names, old and new, are all there */
static void test_vtd_names(void **state)
{
	static const char *const deprecated[][2] = {
		{ "cap", "isoch" }, { "ecap", "ch" }, { "ecap", "ecs" }, { "ecap", "dis" },
		{ "ecap", "pasid_old" }, { "ecap", "pot" }, { "ecap", "vcs" },
	};
	static const char *const aliases[][3] = {
		{ "ecap", "ssts", "SLTS" }, { "ecap", "fsts", "FLTS" }, { "ecap", "ssads", "SLADS" },
		{ "cap", "fs1gp", "FL1GP" }, { "cap", "fs5lp", "FL5LP" }, { "cap", "sslps", "SLLPS" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(deprecated) / sizeof(deprecated[0]); i++) {
		const struct reg_desc *r = strcmp(deprecated[i][0], "cap") ? &vtd_ecap_reg : &vtd_cap_reg;

		assert_non_null(strstr(reg_field(r, deprecated[i][1])->desc, "deprecated"));
	}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		const struct reg_desc *r = strcmp(aliases[i][0], "cap") ? &vtd_ecap_reg : &vtd_cap_reg;

		assert_string_equal(reg_field(r, aliases[i][1])->alias, aliases[i][2]);
	}
	/* the undocumented bits are what the spec reserves */
	assert_true(reg_undefined_bits(&vtd_cap_reg, UINT64_MAX) ==
		    (7ULL << 13 | 1ULL << 38 | 3ULL << 57));
	assert_true(reg_undefined_bits(&vtd_ecap_reg, UINT64_MAX) ==
		    (3ULL << 18 | 0x3ffULL << 54));
}

/* ---- Intel VT-d ------------------------------------------------------------ */

/* QEMU intel-iommu,scalable-mode=on,fsts=on,pasid-bits=20 */
static void test_vtd_qemu(void **state)
{
	const uint64_t cap = 0x81d2008c222f0606ULL, ecap = 0x899800f00f4aULL;
	const struct reg_desc *c = &vtd_cap_reg, *e = &vtd_ecap_reg;

	(void)state;
	/* cap: 8 1 d 2 0 0 8 c 2 2 2 f 0 6 0 6 */
	assert_int_equal(F(c, cap, "nd"), 6);
	assert_int_equal(F(c, cap, "afl"), 0);
	assert_int_equal(F(c, cap, "rwbf"), 0);
	assert_int_equal(F(c, cap, "plmr"), 0);
	assert_int_equal(F(c, cap, "phmr"), 0);
	assert_int_equal(F(c, cap, "cm"), 0);
	assert_int_equal(F(c, cap, "sagaw"), 0x6);
	assert_int_equal(F(c, cap, "mgaw"), 47);
	assert_int_equal(F(c, cap, "zlr"), 0);
	assert_int_equal(F(c, cap, "isoch"), 0);
	assert_int_equal(F(c, cap, "fro"), 0x22);
	assert_int_equal(F(c, cap, "sslps"), 0x3);
	assert_int_equal(F(c, cap, "psi"), 1);
	assert_int_equal(F(c, cap, "nfr"), 0);
	assert_int_equal(F(c, cap, "mamv"), 18);
	assert_int_equal(F(c, cap, "dwd"), 1);
	assert_int_equal(F(c, cap, "drd"), 1);
	assert_int_equal(F(c, cap, "fs1gp"), 1);
	assert_int_equal(F(c, cap, "pi"), 0);
	assert_int_equal(F(c, cap, "fs5lp"), 0);
	assert_int_equal(F(c, cap, "ecmds"), 0);
	assert_int_equal(F(c, cap, "esirtps"), 0);
	assert_int_equal(F(c, cap, "esrtps"), 1);
	assert_int_equal(reg_undefined_bits(c, cap), 0);
	assert_int_equal(der_num(c, cap, "domains"), 65536);
	assert_int_equal(der_num(c, cap, "mgaw_bits"), 48);
	assert_string_equal(der_str(c, cap, "sagaw_levels"), "3,4");
	assert_string_equal(der_str(c, cap, "sagaw_widths"), "39,48");
	assert_string_equal(der_str(c, cap, "sslps_sizes"), "2M,1G");
	assert_string_equal(der_str(c, cap, "fault_reg_offset"), "0x220");
	assert_int_equal(der_num(c, cap, "num_fault_regs"), 1);

	/* ecap: 0 0 0 0 8 9 9 8 0 0 f 0 0 f 4 a */
	assert_int_equal(F(e, ecap, "c"), 0);
	assert_int_equal(F(e, ecap, "qi"), 1);
	assert_int_equal(F(e, ecap, "dt"), 0);
	assert_int_equal(F(e, ecap, "ir"), 1);
	assert_int_equal(F(e, ecap, "eim"), 0);
	assert_int_equal(F(e, ecap, "pt"), 1);
	assert_int_equal(F(e, ecap, "sc"), 0);
	assert_int_equal(F(e, ecap, "iro"), 0xf);
	assert_int_equal(F(e, ecap, "mhmv"), 15);
	assert_int_equal(F(e, ecap, "nest"), 0);
	assert_int_equal(F(e, ecap, "mts"), 0);
	assert_int_equal(F(e, ecap, "prs"), 0);
	assert_int_equal(F(e, ecap, "srs"), 0);
	assert_int_equal(F(e, ecap, "eafs"), 0);
	assert_int_equal(F(e, ecap, "pss"), 19);
	assert_int_equal(F(e, ecap, "pasid"), 1);
	assert_int_equal(F(e, ecap, "smts"), 1);
	assert_int_equal(F(e, ecap, "ssads"), 0);
	assert_int_equal(F(e, ecap, "ssts"), 0);
	assert_int_equal(F(e, ecap, "fsts"), 1);
	assert_int_equal(F(e, ecap, "smpwcs"), 0);
	assert_int_equal(reg_undefined_bits(e, ecap), 0);
	assert_string_equal(der_str(e, ecap, "iotlb_reg_offset"), "0xf0");
	assert_int_equal(der_num(e, ecap, "pasid_bits"), 20);
	assert_int_equal(der_num(e, ecap, "max_pasids"), 1 << 20);
}

/* Client non-graphics unit, Skylake..Raptor Lake: legacy only */
static void test_vtd_client_legacy(void **state)
{
	const uint64_t cap = 0xd2008c40660462ULL, ecap = 0xf050daULL;
	const struct reg_desc *c = &vtd_cap_reg, *e = &vtd_ecap_reg;

	(void)state;
	assert_int_equal(F(c, cap, "nd"), 2);
	assert_int_equal(der_num(c, cap, "domains"), 256);
	assert_int_equal(F(c, cap, "plmr"), 1);
	assert_int_equal(F(c, cap, "phmr"), 1);
	assert_int_equal(F(c, cap, "sagaw"), 0x4);
	assert_string_equal(der_str(c, cap, "sagaw_levels"), "4");
	assert_int_equal(F(c, cap, "mgaw"), 38);
	assert_int_equal(der_num(c, cap, "mgaw_bits"), 39);
	assert_int_equal(F(c, cap, "zlr"), 1);
	assert_int_equal(F(c, cap, "fro"), 0x40);
	assert_string_equal(der_str(c, cap, "fault_reg_offset"), "0x400");
	assert_int_equal(F(c, cap, "sslps"), 3);
	assert_int_equal(F(c, cap, "psi"), 1);
	assert_int_equal(F(c, cap, "mamv"), 18);
	assert_int_equal(F(c, cap, "dwd"), 1);
	assert_int_equal(F(c, cap, "drd"), 1);
	assert_int_equal(F(c, cap, "fs1gp"), 0);
	assert_int_equal(F(e, ecap, "c"), 0);
	assert_int_equal(F(e, ecap, "qi"), 1);
	assert_int_equal(F(e, ecap, "dt"), 0);
	assert_int_equal(F(e, ecap, "ir"), 1);
	assert_int_equal(F(e, ecap, "eim"), 1);
	assert_int_equal(F(e, ecap, "pt"), 1);
	assert_int_equal(F(e, ecap, "sc"), 1);
	assert_int_equal(F(e, ecap, "iro"), 0x50);
	assert_string_equal(der_str(e, ecap, "iotlb_reg_offset"), "0x500");
	assert_int_equal(F(e, ecap, "mhmv"), 15);
	assert_int_equal(F(e, ecap, "smts"), 0);
	assert_int_equal(F(e, ecap, "nest"), 0);
	assert_int_equal(F(e, ecap, "pss"), 0);
	assert_false(der_valid(e, ecap, "max_pasids"));	/* no PASID */
}

/* Coffee Lake graphics unit: NEST, PRS, PASID … but no SMTS (the trap) */
static void test_vtd_graphics(void **state)
{
	const uint64_t cap = 0x1c0000c40660462ULL, ecap = 0x19e2ff0505eULL;
	const struct reg_desc *c = &vtd_cap_reg, *e = &vtd_ecap_reg;

	(void)state;
	assert_int_equal(F(c, cap, "fs1gp"), 1);
	assert_int_equal(F(c, cap, "psi"), 0);
	assert_int_equal(F(c, cap, "mamv"), 0);
	assert_int_equal(F(c, cap, "sagaw"), 4);
	assert_int_equal(F(e, ecap, "c"), 0);
	assert_int_equal(F(e, ecap, "qi"), 1);
	assert_int_equal(F(e, ecap, "dt"), 1);
	assert_int_equal(F(e, ecap, "ir"), 1);
	assert_int_equal(F(e, ecap, "ecs"), 1);
	assert_int_equal(F(e, ecap, "mts"), 1);
	assert_int_equal(F(e, ecap, "nest"), 1);
	assert_int_equal(F(e, ecap, "dis"), 1);
	assert_int_equal(F(e, ecap, "pasid_old"), 0);
	assert_int_equal(F(e, ecap, "prs"), 1);
	assert_int_equal(F(e, ecap, "nwfs"), 1);
	assert_int_equal(F(e, ecap, "eafs"), 1);
	assert_int_equal(F(e, ecap, "pss"), 19);
	assert_int_equal(F(e, ecap, "pasid"), 1);
	assert_int_equal(F(e, ecap, "smts"), 0);
	assert_int_equal(F(e, ecap, "ssts"), 0);
	assert_int_equal(F(e, ecap, "fsts"), 0);
}

/* Sapphire Rapids (M50FCP): SMTS+NEST+SSADS, PASID=0 in that setup */
static void test_vtd_spr(void **state)
{
	const uint64_t cap = 0x19ed008c40780c66ULL, ecap = 0x3ee9e86f050dfULL;
	const struct reg_desc *c = &vtd_cap_reg, *e = &vtd_ecap_reg;

	(void)state;
	assert_int_equal(F(c, cap, "nd"), 6);
	assert_int_equal(F(c, cap, "sagaw"), 0xc);
	assert_string_equal(der_str(c, cap, "sagaw_levels"), "4,5");
	assert_string_equal(der_str(c, cap, "sagaw_widths"), "48,57");
	assert_int_equal(F(c, cap, "mgaw"), 56);
	assert_int_equal(der_num(c, cap, "mgaw_bits"), 57);
	assert_int_equal(F(c, cap, "mamv"), 45);
	assert_int_equal(F(c, cap, "pi"), 1);
	assert_int_equal(F(c, cap, "fs1gp"), 1);
	assert_int_equal(F(c, cap, "fs5lp"), 1);
	assert_int_equal(F(c, cap, "ecmds"), 0);
	assert_int_equal(F(e, ecap, "nest"), 1);
	assert_int_equal(F(e, ecap, "mts"), 1);
	assert_int_equal(F(e, ecap, "srs"), 1);
	assert_int_equal(F(e, ecap, "prs"), 0);
	assert_int_equal(F(e, ecap, "eafs"), 1);
	assert_int_equal(F(e, ecap, "pss"), 19);
	assert_int_equal(F(e, ecap, "pasid"), 0);
	assert_int_equal(F(e, ecap, "dit"), 1);
	assert_int_equal(F(e, ecap, "pds"), 1);
	assert_int_equal(F(e, ecap, "smts"), 1);
	assert_int_equal(F(e, ecap, "ssads"), 1);
	assert_int_equal(F(e, ecap, "ssts"), 1);
	assert_int_equal(F(e, ecap, "fsts"), 1);
	assert_int_equal(F(e, ecap, "smpwcs"), 1);
	assert_int_equal(F(e, ecap, "rps"), 1);
	assert_int_equal(F(e, ecap, "pms"), 0);
}

/* Granite Rapids: all of SPR plus PASID, PRS, PMS, ADMS, RPRIVS, TDXIO */
static void test_vtd_gnr(void **state)
{
	const uint64_t cap = 0xf9ed008cee780c66ULL, ecap = 0x3fef9ea6f0efdfULL;
	const struct reg_desc *c = &vtd_cap_reg, *e = &vtd_ecap_reg;

	(void)state;
	assert_int_equal(F(c, cap, "ecmds"), 1);
	assert_int_equal(F(c, cap, "esirtps"), 1);
	assert_int_equal(F(c, cap, "esrtps"), 1);
	assert_int_equal(F(c, cap, "fro"), 0xee);
	assert_string_equal(der_str(c, cap, "fault_reg_offset"), "0xee0");
	assert_int_equal(F(e, ecap, "iro"), 0xef);
	assert_int_equal(F(e, ecap, "pasid"), 1);
	assert_int_equal(F(e, ecap, "prs"), 1);
	assert_int_equal(F(e, ecap, "pms"), 1);
	assert_int_equal(F(e, ecap, "tdxio"), 1);
	assert_int_equal(F(e, ecap, "adms"), 1);
	assert_int_equal(F(e, ecap, "rprivs"), 1);
	assert_int_equal(F(e, ecap, "vcs"), 0);
	assert_int_equal(reg_undefined_bits(e, ecap), 0);
	assert_int_equal(der_num(e, ecap, "max_pasids"), 1 << 20);
}

/* Meteor Lake: scalable mode, no NEST, no PASID, no coherency */
static void test_vtd_mtl(void **state)
{
	const uint64_t cap = 0xc9de008cee690462ULL, ecap = 0x12ca9a00f0ef5eULL;
	const struct reg_desc *c = &vtd_cap_reg, *e = &vtd_ecap_reg;

	(void)state;
	assert_int_equal(F(c, cap, "mgaw"), 41);
	assert_int_equal(F(c, cap, "mamv"), 30);
	assert_int_equal(F(c, cap, "ecmds"), 0);
	assert_int_equal(F(c, cap, "esirtps"), 1);
	assert_int_equal(F(e, ecap, "smts"), 1);
	assert_int_equal(F(e, ecap, "fsts"), 1);
	assert_int_equal(F(e, ecap, "ssts"), 1);
	assert_int_equal(F(e, ecap, "ssads"), 0);
	assert_int_equal(F(e, ecap, "nest"), 0);
	assert_int_equal(F(e, ecap, "pasid"), 0);
	assert_int_equal(F(e, ecap, "smpwcs"), 0);
	assert_int_equal(F(e, ecap, "c"), 0);
	assert_int_equal(F(e, ecap, "adms"), 1);
	assert_int_equal(F(e, ecap, "rps"), 1);
}

/* Broadwell-EP style server unit: 8 fault registers, 64K domains */
static void test_vtd_server_legacy(void **state)
{
	const uint64_t cap = 0x8d2078c106f0466ULL;

	(void)state;
	assert_int_equal(F(&vtd_cap_reg, cap, "nfr"), 7);
	assert_int_equal(der_num(&vtd_cap_reg, cap, "num_fault_regs"), 8);
	assert_int_equal(F(&vtd_cap_reg, cap, "fro"), 0x10);
	assert_int_equal(F(&vtd_cap_reg, cap, "pi"), 1);
	assert_int_equal(der_num(&vtd_cap_reg, cap, "domains"), 65536);
	assert_int_equal(der_num(&vtd_cap_reg, cap, "mgaw_bits"), 48);
}

static void test_vtd_edges(void **state)
{
	(void)state;
	/* ND=7 is reserved: no domain count */
	assert_false(der_valid(&vtd_cap_reg, 7, "domains"));
	assert_int_equal(der_num(&vtd_cap_reg, 0, "domains"), 16);
	assert_string_equal(der_str(&vtd_cap_reg, 0, "sagaw_levels"), "none");
	assert_string_equal(der_str(&vtd_cap_reg, 0x1fULL << 8, "sagaw_levels"), "2,3,4,5,6");
	assert_string_equal(der_str(&vtd_cap_reg, 0xfULL << 34, "sslps_sizes"), "2M,1G,512G,1T");
	/* the largest field values */
	assert_int_equal(der_num(&vtd_cap_reg, UINT64_MAX, "num_fault_regs"), 256);
	assert_int_equal(der_num(&vtd_cap_reg, UINT64_MAX, "mgaw_bits"), 64);
	assert_string_equal(der_str(&vtd_cap_reg, UINT64_MAX, "fault_reg_offset"), "0x3ff0");
	assert_int_equal(der_num(&vtd_ecap_reg, UINT64_MAX, "pasid_bits"), 32);
	assert_true(der_num(&vtd_ecap_reg, UINT64_MAX, "max_pasids") == 1ULL << 32);
}

/* ---- AMD ------------------------------------------------------------------- */

/* Ryzen: "Extended features (0x246577efa2254afa, 0x10): PPR NX GT [5] IA GA PC GA_vAPIC" */
static void test_amd_ryzen(void **state)
{
	const uint64_t efr = 0x246577efa2254afaULL, efr2 = 0x10;
	const struct reg_desc *r = &amd_efr_reg;

	(void)state;
	/* the names Linux printed, and the ones it did not */
	assert_int_equal(F(r, efr, "pref_sup"), 0);
	assert_int_equal(F(r, efr, "ppr_sup"), 1);
	assert_int_equal(F(r, efr, "xt_sup"), 0);
	assert_int_equal(F(r, efr, "nx_sup"), 1);
	assert_int_equal(F(r, efr, "gt_sup"), 1);
	assert_int_equal(F(r, efr, "gappi_sup"), 1);
	assert_int_equal(F(r, efr, "ia_sup"), 1);
	assert_int_equal(F(r, efr, "ga_sup"), 1);
	assert_int_equal(F(r, efr, "he_sup"), 0);
	assert_int_equal(F(r, efr, "pc_sup"), 1);
	assert_int_equal(F(r, efr, "gam_sup"), 1);	/* GA_vAPIC */
	assert_int_equal(F(r, efr, "snp_sup"), 0);
	assert_int_equal(F(r, efr, "hats"), 2);
	assert_string_equal(field_enum_name(reg_field(r, "hats"), 2), "6-level");
	assert_int_equal(F(r, efr, "gats"), 0);
	assert_int_equal(F(r, efr, "glx_sup"), 1);
	assert_int_equal(F(r, efr, "smif_sup"), 1);
	assert_int_equal(F(r, efr, "smif_rc"), 1);
	assert_int_equal(F(r, efr, "dual_ppr_log_sup"), 2);
	assert_int_equal(F(r, efr, "dual_event_log_sup"), 2);
	assert_int_equal(F(r, efr, "sats_sup"), 1);
	assert_int_equal(F(r, efr, "pas_max"), 15);
	assert_int_equal(F(r, efr, "us_sup"), 1);
	assert_int_equal(F(r, efr, "dev_tbl_seg_sup"), 3);
	assert_int_equal(F(r, efr, "ppr_ovrflw_early_sup"), 1);
	assert_int_equal(F(r, efr, "ppr_auto_rsp_sup"), 1);
	assert_int_equal(F(r, efr, "marc_sup"), 1);
	assert_int_equal(F(r, efr, "blk_stop_mrk_sup"), 1);
	assert_int_equal(F(r, efr, "perf_opt_sup"), 1);
	assert_int_equal(F(r, efr, "msi_cap_mmio_sup"), 1);
	assert_int_equal(F(r, efr, "gio_sup"), 1);
	assert_int_equal(F(r, efr, "ha_sup"), 0);
	assert_int_equal(F(r, efr, "eph_sup"), 1);
	assert_int_equal(F(r, efr, "attr_fw_sup"), 0);
	assert_int_equal(F(r, efr, "hd_sup"), 0);
	assert_int_equal(F(r, efr, "inv_iotlb_type_sup"), 1);
	assert_int_equal(F(r, efr, "viommu_sup"), 0);
	assert_int_equal(F(r, efr, "vm_guard_io_sup"), 0);
	assert_int_equal(F(r, efr, "vm_table_size"), 2);
	assert_int_equal(F(r, efr, "ga_update_dis_sup"), 1);
	assert_int_equal(F(r, efr, "force_phy_dest_sup"), 0);
	/* bit 53 is reserved in the layout, yet set on this part */
	assert_true(reg_undefined_bits(r, efr) == 1ULL << 53);
	assert_int_equal(der_num(r, efr, "pasid_bits"), 16);
	assert_int_equal(der_num(r, efr, "max_pasids"), 65535);
	assert_int_equal(der_num(r, efr, "host_levels"), 6);
	assert_int_equal(der_num(r, efr, "host_va_bits"), 64);
	assert_int_equal(der_num(r, efr, "guest_levels"), 4);
	assert_int_equal(der_num(r, efr, "gcr3_levels"), 2);
	assert_int_equal(F(&amd_efr2_reg, efr2, "gappi_dis_sup"), 1);
	assert_int_equal(F(&amd_efr2_reg, efr2, "gcr3_trp_mode"), 0);
	assert_int_equal(reg_undefined_bits(&amd_efr2_reg, efr2), 0);
}

/* EPYC with GCR3TRPMode: EFR2 0x1d has bits 0 and 2 nobody names */
static void test_amd_epyc(void **state)
{
	const uint64_t efr = 0x605f77efa1295affULL, efr2 = 0x1d;

	(void)state;
	assert_int_equal(F(&amd_efr_reg, efr, "pref_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "xt_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "gats"), 1);
	assert_string_equal(field_enum_name(reg_field(&amd_efr_reg, "gats"), 1), "5-level");
	assert_int_equal(F(&amd_efr_reg, efr, "smif_rc"), 2);
	assert_int_equal(F(&amd_efr_reg, efr, "dual_ppr_log_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "hd_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "ha_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "attr_fw_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "force_phy_dest_sup"), 1);
	assert_int_equal(reg_undefined_bits(&amd_efr_reg, efr), 0);
	assert_int_equal(der_num(&amd_efr_reg, efr, "guest_levels"), 5);
	assert_int_equal(F(&amd_efr2_reg, efr2, "sev_snp_io_sup"), 0);
	assert_int_equal(F(&amd_efr2_reg, efr2, "gcr3_trp_mode"), 1);
	assert_int_equal(F(&amd_efr2_reg, efr2, "gappi_dis_sup"), 1);
	assert_int_equal(reg_undefined_bits(&amd_efr2_reg, efr2), 0x5);
	assert_int_equal(F(&amd_efr2_reg, 0x100 | 0x20 | 0x800, "num_int_remap_sup"), 1);
	assert_int_equal(F(&amd_efr2_reg, 0x20, "snp_avic_sup"), 1);
	assert_int_equal(F(&amd_efr2_reg, 0x800, "ht_range_ignore"), 1);
	assert_int_equal(F(&amd_efr2_reg, 0x2, "sev_snp_io_sup"), 1);
}

/* SEV-SNP host: "PPR X2APIC NX [5] IA GA PC GA_vAPIC SNP", GT hidden */
static void test_amd_snp(void **state)
{
	const uint64_t efr = 0xa5bf7320a2294aeeULL;

	(void)state;
	assert_int_equal(F(&amd_efr_reg, efr, "snp_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "gt_sup"), 0);
	assert_int_equal(F(&amd_efr_reg, efr, "xt_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "pas_max"), 0);
	assert_int_equal(F(&amd_efr_reg, efr, "gats"), 0);
	assert_int_equal(F(&amd_efr_reg, efr, "viommu_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "vm_guard_io_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "hd_sup"), 1);
	assert_false(der_valid(&amd_efr_reg, efr, "max_pasids"));	/* no GT */
}

/* QEMU amd-iommu: EFR 0x29d3, GATS=2 is a reserved value */
static void test_amd_qemu(void **state)
{
	const uint64_t efr = 0x29d3;

	(void)state;
	assert_int_equal(F(&amd_efr_reg, efr, "pref_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "ppr_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "gt_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "ia_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "ga_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "he_sup"), 1);
	assert_int_equal(F(&amd_efr_reg, efr, "hats"), 2);
	assert_int_equal(F(&amd_efr_reg, efr, "gats"), 2);
	assert_null(field_enum_name(reg_field(&amd_efr_reg, "gats"), 2));
	assert_false(der_valid(&amd_efr_reg, efr, "guest_levels"));
	assert_int_equal(F(&amd_efr_reg, efr, "gio_sup"), 0);
	/* HATS=3: host tables disabled, no host levels */
	assert_false(der_valid(&amd_efr_reg, 3 << 10, "host_levels"));
	assert_int_equal(der_num(&amd_efr_reg, 0, "host_va_bits"), 48);
	assert_int_equal(der_num(&amd_efr_reg, 1 << 10, "host_va_bits"), 57);
}

/* ---- Arm SMMUv3 -------------------------------------------------------------- */

/* QEMU virt,iommu=smmuv3 with stage=nested */
static void test_smmuv3_qemu(void **state)
{
	const uint64_t idr0 = 0x0d44101b, idr3 = 0x1414, idr5 = 0x74, idr1 = 0x02730010;
	const struct reg_desc *r0 = &smmuv3_idr0_reg;

	(void)state;
	assert_int_equal(F(r0, idr0, "s2p"), 1);
	assert_int_equal(F(r0, idr0, "s1p"), 1);
	assert_int_equal(F(r0, idr0, "ttf"), 2);
	assert_string_equal(field_enum_name(reg_field(r0, "ttf"), 2), "AArch64");
	assert_int_equal(F(r0, idr0, "cohacc"), 1);
	assert_int_equal(F(r0, idr0, "btm"), 0);
	assert_int_equal(F(r0, idr0, "httu"), 0);
	assert_int_equal(F(r0, idr0, "ats"), 0);
	assert_int_equal(F(r0, idr0, "asid16"), 1);
	assert_int_equal(F(r0, idr0, "vmid16"), 1);
	assert_int_equal(F(r0, idr0, "cd2l"), 0);
	assert_int_equal(F(r0, idr0, "ttendian"), 2);
	assert_string_equal(field_enum_name(reg_field(r0, "ttendian"), 2), "little");
	assert_int_equal(F(r0, idr0, "stall_model"), 1);
	assert_int_equal(F(r0, idr0, "term_model"), 1);
	assert_int_equal(F(r0, idr0, "st_level"), 1);
	assert_int_equal(reg_undefined_bits(r0, idr0), 0);
	assert_int_equal(der_num(r0, idr0, "asid_bits"), 16);
	assert_int_equal(F(&smmuv3_idr1_reg, idr1, "sidsize"), 16);
	assert_int_equal(F(&smmuv3_idr1_reg, idr1, "ssidsize"), 0);
	assert_int_equal(F(&smmuv3_idr1_reg, idr1, "eventqs"), 19);
	assert_int_equal(F(&smmuv3_idr1_reg, idr1, "cmdqs"), 19);
	assert_int_equal(der_num(&smmuv3_idr1_reg, idr1, "sid_bits"), 16);
	assert_int_equal(der_num(&smmuv3_idr1_reg, idr1, "ssid_bits"), 0);
	assert_int_equal(F(&smmuv3_idr3_reg, idr3, "had"), 1);
	assert_int_equal(F(&smmuv3_idr3_reg, idr3, "xnx"), 1);
	assert_int_equal(F(&smmuv3_idr3_reg, idr3, "fwb"), 0);
	assert_int_equal(F(&smmuv3_idr3_reg, idr3, "ril"), 1);
	assert_int_equal(F(&smmuv3_idr3_reg, idr3, "bbml"), 2);
	assert_int_equal(F(&smmuv3_idr5_reg, idr5, "oas"), 4);
	assert_int_equal(der_num(&smmuv3_idr5_reg, idr5, "oas_bits"), 44);
	assert_int_equal(F(&smmuv3_idr5_reg, idr5, "gran4k"), 1);
	assert_int_equal(F(&smmuv3_idr5_reg, idr5, "gran16k"), 1);
	assert_int_equal(F(&smmuv3_idr5_reg, idr5, "gran64k"), 1);
	assert_int_equal(F(&smmuv3_idr5_reg, idr5, "vax"), 0);
	/* IIDR 0: no implementer or product name */
	assert_false(der_valid(&smmuv3_iidr_reg, 0, "implementer_name"));
	assert_false(der_valid(&smmuv3_iidr_reg, 0, "product_name"));
	assert_string_equal(der_str(&smmuv3_aidr_reg, 1, "arch_version"), "3.1");
}

static void test_smmuv3_ids(void **state)
{
	const uint64_t mmu700 = 0x487u << 20 | 1u << 16 | 2u << 12 | 0x43b;
	const uint64_t mmu600 = 0x483u << 20 | 0x43b;

	(void)state;
	assert_int_equal(F(&smmuv3_iidr_reg, mmu700, "implementer"), 0x43b);
	assert_int_equal(F(&smmuv3_iidr_reg, mmu700, "product_id"), 0x487);
	assert_int_equal(F(&smmuv3_iidr_reg, mmu700, "variant"), 1);
	assert_int_equal(F(&smmuv3_iidr_reg, mmu700, "revision"), 2);
	assert_string_equal(der_str(&smmuv3_iidr_reg, mmu700, "implementer_name"), "Arm");
	assert_string_equal(der_str(&smmuv3_iidr_reg, mmu700, "product_name"), "MMU-700");
	assert_string_equal(der_str(&smmuv3_iidr_reg, mmu700, "release"), "r1p2");
	assert_string_equal(der_str(&smmuv3_iidr_reg, mmu600, "product_name"), "MMU-600");
	assert_string_equal(der_str(&smmuv3_iidr_reg, 0x48au << 20 | 0x43b, "product_name"),
			    "MMU-L1");
	assert_string_equal(der_str(&smmuv3_iidr_reg, 0x498u << 20 | 0x43b, "product_name"),
			    "MMU-S3");
	/* a product id means nothing without Arm as implementer */
	assert_false(der_valid(&smmuv3_iidr_reg, 0x487u << 20 | 0x36b, "product_name"));
	assert_string_equal(der_str(&smmuv3_aidr_reg, 0x2, "arch_version"), "3.2");
	assert_false(der_valid(&smmuv3_aidr_reg, 0x10, "arch_version"));
	/* OAS 7 is reserved: Linux takes 48 bits */
	assert_int_equal(der_num(&smmuv3_idr5_reg, 7, "oas_bits"), 48);
	assert_int_equal(der_num(&smmuv3_idr5_reg, 6, "oas_bits"), 52);
	assert_int_equal(der_num(&smmuv3_idr1_reg, 20u << 6, "max_pasids"), 1 << 20);
	assert_true(reg_undefined_bits(&smmuv3_idr0_reg, UINT32_MAX) == (1u << 29 | 1u << 31));
}

/* ---- reg_print ----------------------------------------------------------------- */

static void test_reg_print_json(void **state)
{
	struct json_object *root, *reg, *fields, *der, *v;

	(void)state;
	out_set_mode(true, false);
	out_begin();
	reg_print(&vtd_ecap_reg, NULL, 0x899800f00f4aULL | 1ULL << 60, false);
	root = out_take();
	assert_true(json_object_object_get_ex(root, "ecap", &reg));
	assert_true(json_object_object_get_ex(reg, "value", &v));
	assert_string_equal(json_object_get_string(v), "0x1000899800f00f4a");
	assert_true(json_object_object_get_ex(reg, "fields", &fields));
	/* JSON has every field, also the zero ones */
	assert_int_equal(json_object_object_length(fields), (int)vtd_ecap_reg.n_fields);
	assert_true(json_object_object_get_ex(fields, "smts", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(fields, "nest", &v));
	assert_false(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(fields, "pss", &v));
	assert_int_equal(json_object_get_int(v), 19);
	assert_true(json_object_object_get_ex(fields, "iro", &v));
	assert_string_equal(json_object_get_string(v), "0xf");
	assert_true(json_object_object_get_ex(reg, "derived", &der));
	assert_true(json_object_object_get_ex(der, "max_pasids", &v));
	assert_int_equal(json_object_get_int64(v), 1 << 20);
	assert_true(json_object_object_get_ex(reg, "undefined_bits", &v));
	assert_string_equal(json_object_get_string(v), "0x1000000000000000");
	json_object_put(root);
	out_set_mode(false, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sound),
		cmocka_unit_test(test_check_catches),
		cmocka_unit_test(test_vtd_names),
		cmocka_unit_test(test_vtd_qemu),
		cmocka_unit_test(test_vtd_client_legacy),
		cmocka_unit_test(test_vtd_graphics),
		cmocka_unit_test(test_vtd_spr),
		cmocka_unit_test(test_vtd_gnr),
		cmocka_unit_test(test_vtd_mtl),
		cmocka_unit_test(test_vtd_server_legacy),
		cmocka_unit_test(test_vtd_edges),
		cmocka_unit_test(test_amd_ryzen),
		cmocka_unit_test(test_amd_epyc),
		cmocka_unit_test(test_amd_snp),
		cmocka_unit_test(test_amd_qemu),
		cmocka_unit_test(test_smmuv3_qemu),
		cmocka_unit_test(test_smmuv3_ids),
		cmocka_unit_test(test_reg_print_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
