// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv3 commands and guest STEs: the tables, and the builder, decoder
 * and printer they drive (see smmuv3_cmd.h).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "output.h"
#include "smmuv3_cmd.h"

#define FLAG(k, n, w, b, d) \
	{ .key = (k), .name = (n), .word = (w), .hi = (b), .lo = (b), .type = SMMU_FLAG, \
	  .desc = (d) }
#define NUM(k, n, w, h, l, d) \
	{ .key = (k), .name = (n), .word = (w), .hi = (h), .lo = (l), .type = SMMU_NUM, \
	  .desc = (d) }
#define ADDR(k, n, w, h, l, d) \
	{ .key = (k), .name = (n), .word = (w), .hi = (h), .lo = (l), .type = SMMU_ADDR, \
	  .desc = (d) }
#define ENUM(k, n, w, h, l, nm, d) \
	{ .key = (k), .name = (n), .word = (w), .hi = (h), .lo = (l), .type = SMMU_ENUM, \
	  .names = (nm), .n_names = ARRAY_SIZE(nm), .desc = (d) }

/* ---- command fields (arm-smmu-v3.h CMDQ_*) ------------------------------- */

static const char *const tg_names[] = { NULL, "4k", "16k", "64k" };
static const char *const pri_resp_names[] = { "deny", "fail", "success", NULL };
static const char *const resume_resp_names[] = { "term", "retry", "abort", NULL };
static const char *const sync_cs_names[] = { "none", "irq", "sev", NULL };

/* Common to several commands: CMDQ_0_SSV, CMDQ_{CFGI,ATC,PRI}_0_SSID/SID. */
#define F_SSV	FLAG("ssv", "SSV", 0, 11, "SubstreamID valid")
#define F_SSID	NUM("ssid", "SubstreamID", 0, 31, 12, "SubstreamID (PASID)")
#define F_SID	NUM("sid", "StreamID", 0, 63, 32, "StreamID (for a vIOMMU: the vSID)")
/* CMDQ_TLBI_* */
#define F_NUM	NUM("num", "NUM", 0, 16, 12, "range: pages - 1, in units of 2^scale")
#define F_SCALE	NUM("scale", "SCALE", 0, 24, 20, "range: the page count's scale, 2^scale")
#define F_VMID	NUM("vmid", "VMID", 0, 47, 32, "VMID (for a vIOMMU the kernel sets its own)")
#define F_ASID	NUM("asid", "ASID", 0, 63, 48, "ASID")
#define F_TLEAF	FLAG("leaf", "Leaf", 1, 0, "last-level (leaf) entries only")
#define F_TTL	NUM("ttl", "TTL", 1, 9, 8, "translation table level of the leaf (hint)")
#define F_TG	ENUM("tg", "TG", 1, 11, 10, tg_names, "translation granule (0: no range)")
#define F_VA	ADDR("va", "Address", 1, 63, 12, "virtual address (bits 63:12)")
#define F_IPA	ADDR("ipa", "Address", 1, 51, 12, "intermediate physical address (bits 51:12)")
/* CMDQ_CFGI_1_* */
#define F_CLEAF	FLAG("leaf", "Leaf", 1, 0, "the entry only, not the table descriptors")

static const struct smmuv3_field f_none[] = {};
static const struct smmuv3_field f_vmid[] = { F_VMID };
static const struct smmuv3_field f_asid_vmid[] = { F_ASID, F_VMID };
static const struct smmuv3_field f_nh_va[] = {
	F_ASID, F_VA, F_TLEAF, F_NUM, F_SCALE, F_TTL, F_TG, F_VMID,
};
static const struct smmuv3_field f_nh_vaa[] = {
	F_VA, F_TLEAF, F_NUM, F_SCALE, F_TTL, F_TG, F_VMID,
};
static const struct smmuv3_field f_atc_inv[] = {
	F_SID, F_SSV, F_SSID,
	ADDR("addr", "Address", 1, 63, 12, "untranslated address (bits 63:12)"),
	NUM("size", "Size", 1, 5, 0, "span: 2^size 4 KiB pages (52: everything)"),
	FLAG("global", "G", 0, 9, "global: the entries of every PASID as well"),
};
static const struct smmuv3_field f_cfgi_cd[] = { F_SID, F_SSID, F_CLEAF };
static const struct smmuv3_field f_sid[] = { F_SID };
static const struct smmuv3_field f_prefetch_cfg[] = { F_SID, F_SSV, F_SSID };
static const struct smmuv3_field f_cfgi_ste[] = { F_SID, F_CLEAF };
static const struct smmuv3_field f_cfgi_all[] = {
	F_SID, NUM("range", "Range", 1, 4, 0, "span: 2^(range+1) StreamIDs (31: all)"),
};
static const struct smmuv3_field f_asid[] = { F_ASID };
static const struct smmuv3_field f_el2_va[] = {
	F_ASID, F_VA, F_TLEAF, F_NUM, F_SCALE, F_TTL, F_TG,
};
static const struct smmuv3_field f_s2_ipa[] = {
	F_IPA, F_TLEAF, F_NUM, F_SCALE, F_TTL, F_TG, F_VMID,
};
static const struct smmuv3_field f_pri_resp[] = {
	F_SID, F_SSV, F_SSID,
	NUM("grpid", "PRGI", 1, 8, 0, "page request group index"),
	ENUM("resp", "Resp", 1, 13, 12, pri_resp_names, "response"),
};
static const struct smmuv3_field f_resume[] = {
	F_SID, ENUM("resp", "Action", 0, 13, 12, resume_resp_names, "what to do with the stall"),
	NUM("stag", "STAG", 1, 15, 0, "stall tag"),
};
static const struct smmuv3_field f_cmd_sync[] = {
	ENUM("cs", "CS", 0, 13, 12, sync_cs_names, "completion signal"),
	NUM("msh", "MSH", 0, 23, 22, "MSI shareability"),
	NUM("msiattr", "MSIAttr", 0, 27, 24, "MSI memory attributes"),
	NUM("msidata", "MSIData", 0, 63, 32, "MSI payload"),
	ADDR("msiaddr", "MSIAddress", 1, 51, 2, "MSI address (bits 51:2)"),
};

#define KIND(n, s, op, acc, nt, f) \
	{ .name = (n), .spec = (s), .opcode = (op), .accepted = (acc), .note = (nt), \
	  .fields = (f), .n_fields = ARRAY_SIZE(f) }

#define VMID_REWRITE "the VMID (word 0 bits 47:32) is replaced with the vIOMMU's"
#define VSID_REWRITE "the StreamID is a vSID, mapped through the vDEVICE to the physical " \
		     "StreamID (EIO if no vDEVICE has it)"
#define HOST_STE "the host owns the stream table: a new guest STE is a new nested HWPT " \
		 "attached to the device"
#define HOST_EL2 "EL2 (hypervisor) TLB entries belong to the host"
#define HOST_S2 "stage 2 belongs to the host, which invalidates it when the parent IOAS " \
		"changes"

const struct smmuv3_cmd_kind smmuv3_cmd_kinds[] = {
	/* accepted by arm_vsmmu_convert_user_cmd */
	KIND("tlbi-nh-all", "CMD_TLBI_NH_ALL", 0x10, true, VMID_REWRITE, f_vmid),
	KIND("tlbi-nsnh-all", "CMD_TLBI_NSNH_ALL", 0x30, true,
	     "becomes TLBI_NH_ALL with the vIOMMU's VMID; word 1 is cleared", f_none),
	KIND("tlbi-nh-asid", "CMD_TLBI_NH_ASID", 0x11, true, VMID_REWRITE, f_asid_vmid),
	KIND("tlbi-nh-va", "CMD_TLBI_NH_VA", 0x12, true, VMID_REWRITE, f_nh_va),
	KIND("tlbi-nh-vaa", "CMD_TLBI_NH_VAA", 0x13, true, VMID_REWRITE, f_nh_vaa),
	KIND("atc-inv", "CMD_ATC_INV", 0x40, true, VSID_REWRITE, f_atc_inv),
	KIND("cfgi-cd", "CMD_CFGI_CD", 0x05, true, VSID_REWRITE, f_cfgi_cd),
	KIND("cfgi-cd-all", "CMD_CFGI_CD_ALL", 0x06, true, VSID_REWRITE, f_sid),
	/* everything else: EIO */
	KIND("prefetch-cfg", "CMD_PREFETCH_CONFIG", 0x01, false,
	     "a configuration prefetch hint; a vIOMMU takes only TLB, ATC and CD invalidations",
	     f_prefetch_cfg),
	KIND("cfgi-ste", "CMD_CFGI_STE", 0x03, false, HOST_STE, f_cfgi_ste),
	KIND("cfgi-all", "CMD_CFGI_STE_RANGE", 0x04, false, HOST_STE, f_cfgi_all),
	KIND("tlbi-el2-all", "CMD_TLBI_EL2_ALL", 0x20, false, HOST_EL2, f_none),
	KIND("tlbi-el2-asid", "CMD_TLBI_EL2_ASID", 0x21, false, HOST_EL2, f_asid),
	KIND("tlbi-el2-va", "CMD_TLBI_EL2_VA", 0x22, false, HOST_EL2, f_el2_va),
	KIND("tlbi-s12-vmall", "CMD_TLBI_S12_VMALL", 0x28, false, HOST_S2, f_vmid),
	KIND("tlbi-s2-ipa", "CMD_TLBI_S2_IPA", 0x2a, false, HOST_S2, f_s2_ipa),
	KIND("pri-resp", "CMD_PRI_RESP", 0x41, false,
	     "page requests are answered through the iommufd fault queue, not the command queue",
	     f_pri_resp),
	KIND("resume", "CMD_RESUME", 0x44, false,
	     "stalled transactions are resumed through the iommufd fault queue, not the "
	     "command queue", f_resume),
	KIND("cmd-sync", "CMD_SYNC", 0x46, false,
	     "the kernel adds its own CMD_SYNC after each batch", f_cmd_sync),
};
const size_t smmuv3_n_cmd_kinds = ARRAY_SIZE(smmuv3_cmd_kinds);

#define UNKNOWN_REASON "not one of the invalidations a vIOMMU takes (TLBI_NH_ALL, " \
		       "TLBI_NH_ASID, TLBI_NH_VA, TLBI_NH_VAA, TLBI_NSNH_ALL, ATC_INV, " \
		       "CFGI_CD, CFGI_CD_ALL)"

/* ---- STE fields (arm-smmu-v3.h STRTAB_STE_0_*, STRTAB_STE_1_*) ------------ */

static const char *const cfg_names[] = {
	"abort", NULL, NULL, NULL, "bypass", "translate", "s2-translate", "nested",
};
static const char *const s1fmt_names[] = { "linear", "4k-l2", "64k-l2", NULL };
static const char *const s1dss_names[] = { "terminate", "bypass", "ssid0", NULL };
static const char *const cache_names[] = { "nc", "wbra", "wt", "wb" };
static const char *const sh_names[] = { "nsh", NULL, "osh", "ish" };
static const char *const eats_names[] = { "abort", "full", "split", NULL };

const struct smmuv3_field smmuv3_ste_fields[] = {
	{ .key = "v", .name = "V", .word = 0, .hi = 0, .lo = 0, .type = SMMU_FLAG, .dflt = 1,
	  .desc = "valid (0: the kernel installs an abort STE)" },
	ENUM("cfg", "Config", 0, 3, 1, cfg_names, "stream configuration"),
	ENUM("s1fmt", "S1Fmt", 0, 5, 4, s1fmt_names, "CD table format"),
	ADDR("s1ctxptr", "S1ContextPtr", 0, 51, 6, "CD table address (bits 51:6)"),
	NUM("s1cdmax", "S1CDMax", 0, 63, 59, "log2 of the number of CDs (0: one CD, no SSIDs)"),
	ENUM("s1dss", "S1DSS", 1, 1, 0, s1dss_names, "transactions without a SubstreamID"),
	ENUM("s1cir", "S1CIR", 1, 3, 2, cache_names, "CD table inner cacheability"),
	ENUM("s1cor", "S1COR", 1, 5, 4, cache_names, "CD table outer cacheability"),
	ENUM("s1csh", "S1CSH", 1, 7, 6, sh_names, "CD table shareability"),
	FLAG("s1stalld", "S1STALLD", 1, 27, "stage-1 stalls disabled"),
	ENUM("eats", "EATS", 1, 29, 28, eats_names, "ATS: abort (0) or full ATS (1)"),
};
const size_t smmuv3_n_ste_fields = ARRAY_SIZE(smmuv3_ste_fields);

#define STE_CFG_ABORT 0
#define STE_CFG_BYPASS 4
#define STE_CFG_S1_TRANS 5

/* ---- lookups and bits ------------------------------------------------------ */

const struct smmuv3_cmd_kind *smmuv3_cmd_kind_by_name(const char *name)
{
	for (size_t i = 0; i < smmuv3_n_cmd_kinds; i++)
		if (!strcmp(smmuv3_cmd_kinds[i].name, name))
			return &smmuv3_cmd_kinds[i];
	return NULL;
}

const struct smmuv3_cmd_kind *smmuv3_cmd_kind_by_opcode(uint8_t opcode)
{
	for (size_t i = 0; i < smmuv3_n_cmd_kinds; i++)
		if (smmuv3_cmd_kinds[i].opcode == opcode)
			return &smmuv3_cmd_kinds[i];
	return NULL;
}

static void table_of(const struct smmuv3_cmd_kind *kind, const struct smmuv3_field **f,
		     size_t *n)
{
	*f = kind ? kind->fields : smmuv3_ste_fields;
	*n = kind ? kind->n_fields : smmuv3_n_ste_fields;
}

static const struct smmuv3_field *find_field(const struct smmuv3_field *f, size_t n,
					     const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return &f[i];
	return NULL;
}

const struct smmuv3_field *smmuv3_field_find(const struct smmuv3_cmd_kind *kind, const char *key)
{
	const struct smmuv3_field *f;
	size_t n;

	table_of(kind, &f, &n);
	return find_field(f, n, key);
}

/* Right-aligned mask of the field's width. */
static uint64_t width_mask(const struct smmuv3_field *f)
{
	unsigned w = (unsigned)(f->hi - f->lo + 1);

	return w >= 64 ? ~0ULL : (1ULL << w) - 1;
}

/* The field's bits in place. */
static uint64_t place_mask(const struct smmuv3_field *f)
{
	return width_mask(f) << f->lo;
}

uint64_t smmuv3_field_get(const struct smmuv3_field *f, const uint64_t w[2])
{
	if (f->type == SMMU_ADDR)
		return w[f->word] & place_mask(f);
	return (w[f->word] >> f->lo) & width_mask(f);
}

/* Store v (as smmuv3_field_get returns it; already checked to fit). */
static void field_put(const struct smmuv3_field *f, uint64_t w[2], uint64_t v)
{
	uint64_t bits = f->type == SMMU_ADDR ? v : v << f->lo;

	w[f->word] = (w[f->word] & ~place_mask(f)) | (bits & place_mask(f));
}

static void undefined_bits(const struct smmuv3_field *f, size_t n, uint64_t known0,
			   const uint64_t w[2], uint64_t out[2])
{
	uint64_t known[2] = { known0, 0 };

	for (size_t i = 0; i < n; i++)
		known[f[i].word] |= place_mask(&f[i]);
	out[0] = w[0] & ~known[0];
	out[1] = w[1] & ~known[1];
}

void smmuv3_cmd_undefined_bits(const uint64_t cmd[2], uint64_t out[2])
{
	const struct smmuv3_cmd_kind *k = smmuv3_cmd_kind_by_opcode(SMMUV3_CMD_OPCODE(cmd));

	undefined_bits(k ? k->fields : NULL, k ? k->n_fields : 0, 0xff, cmd, out);
}

void smmuv3_ste_undefined_bits(const uint64_t ste[2], uint64_t out[2])
{
	undefined_bits(smmuv3_ste_fields, smmuv3_n_ste_fields, 0, ste, out);
}

/* ---- the builder ------------------------------------------------------------ */

/* "a, b or c" into buf. */
static void join(char *buf, size_t n, const char *const *names, size_t count)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < count && used < n; i++) {
		const char *sep = i == 0 ? "" : (i + 1 == count ? " or " : ", ");
		int w = snprintf(buf + used, n - used, "%s%s", sep, names[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void bits_text(const struct smmuv3_field *f, char *buf, size_t n)
{
	if (f->hi == f->lo)
		snprintf(buf, n, "word %u bit %u", f->word, f->lo);
	else
		snprintf(buf, n, "word %u bits %u:%u", f->word, f->hi, f->lo);
}

/* What a field takes, for messages: "a number up to 65535". */
static void accepts_text(const struct smmuv3_field *f, char *buf, size_t n)
{
	const char *names[16];
	size_t count = 0;
	char list[200];

	switch (f->type) {
	case SMMU_FLAG:
		snprintf(buf, n, "no value, or 0 or 1");
		break;
	case SMMU_NUM:
		snprintf(buf, n, "a number up to %" PRIu64, width_mask(f));
		break;
	case SMMU_ADDR:
		snprintf(buf, n, "an address aligned to %" PRIu64 " bytes%s", (uint64_t)1 << f->lo,
			 f->hi < 63 ? ", below 2^" : "");
		if (f->hi < 63)
			snprintf(buf + strlen(buf), n - strlen(buf), "%u", f->hi + 1);
		break;
	case SMMU_ENUM:
		for (unsigned i = 0; i < f->n_names && count + 1 < ARRAY_SIZE(names); i++)
			if (f->names[i])
				names[count++] = f->names[i];
		names[count++] = "a number";
		join(list, sizeof(list), names, count);
		snprintf(buf, n, "%s up to %" PRIu64, list, width_mask(f));
		break;
	}
}

static int parse_value(const char *ctx, const struct smmuv3_field *f, const char *s,
		       uint64_t *out, char *err, size_t n)
{
	char what[64], bits[32], acc[256];
	uint64_t v = 0;
	int r;

	snprintf(what, sizeof(what), "%s%s%s", ctx ? ctx : "", ctx ? ": " : "", f->key);
	bits_text(f, bits, sizeof(bits));
	if (f->type == SMMU_ENUM)
		for (unsigned i = 0; i < f->n_names; i++)
			if (f->names[i] && !strcmp(f->names[i], s)) {
				*out = i;
				return 0;
			}
	if ((r = scan_u64(what, s, UINT64_MAX, &v, err, n))) {
		if (f->type == SMMU_ENUM) {
			accepts_text(f, acc, sizeof(acc));
			return usage_msg(err, n, "%s: '%s' is not %s", what, err_arg(s), acc);
		}
		return r;
	}
	if (f->type == SMMU_ADDR) {
		uint64_t align = 1ULL << f->lo;

		if (v & (align - 1))
			return usage_msg(err, n, "%s: 0x%" PRIx64 " is not aligned to %" PRIu64
				    " bytes (%s %s holds address bits %u:%u)", what, v, align,
				    f->name, bits, f->hi, f->lo);
		if (f->hi < 63 && (v >> (f->hi + 1)))
			return usage_msg(err, n, "%s: 0x%" PRIx64 " does not fit in %s (%s: addresses "
				    "below 2^%u)", what, v, f->name, bits, f->hi + 1);
	} else if (v > width_mask(f)) {
		return usage_msg(err, n, "%s: %s does not fit in %s (%s; maximum %" PRIu64 ")", what,
			    s, f->name, bits, width_mask(f));
	}
	*out = v;
	return 0;
}

static int unknown_field(const char *ctx, const char *got, const struct smmuv3_field *f,
			 size_t nf, char *err, size_t n)
{
	const char *keys[64];
	char list[512];
	size_t count = 0;

	if (!nf)
		return usage_msg(err, n, "%s: unknown field '%s'; %s takes no fields", ctx ? ctx : "",
			    err_arg(got), ctx ? ctx : "it");
	for (size_t i = 0; i < nf && count < ARRAY_SIZE(keys); i++)
		keys[count++] = f[i].key;
	join(list, sizeof(list), keys, count);
	if (ctx)
		return usage_msg(err, n, "%s: unknown field '%s'; expected %s", ctx, err_arg(got), list);
	return usage_msg(err, n, "unknown field '%s'; expected raw W0 W1, or %s", err_arg(got), list);
}

/* KEY VALUE … of the table f into w (already holding the opcode, if any). */
static int build_fields(const char *ctx, const struct smmuv3_field *f, size_t nf, int argc,
			char **argv, uint64_t w[2], char *err, size_t n)
{
	uint64_t seen = 0;

	for (size_t i = 0; i < nf; i++)
		field_put(&f[i], w, f[i].dflt);
	for (int a = 0; a < argc; a++) {
		const struct smmuv3_field *fl = find_field(f, nf, argv[a]);
		uint64_t bit, v = 1;
		char acc[256];
		int r;

		if (!fl)
			return unknown_field(ctx, argv[a], f, nf, err, n);
		bit = 1ULL << (fl - f);
		if (seen & bit)
			return usage_msg(err, n, "%s%s%s given twice", ctx ? ctx : "", ctx ? ": " : "",
				    fl->key);
		seen |= bit;
		if (fl->type == SMMU_FLAG) {
			if (a + 1 < argc && (!strcmp(argv[a + 1], "0") || !strcmp(argv[a + 1], "1")))
				v = argv[++a][0] == '1';
		} else if (a + 1 >= argc) {
			accepts_text(fl, acc, sizeof(acc));
			return usage_msg(err, n, "%s%s%s: missing value; expected %s", ctx ? ctx : "",
				    ctx ? ": " : "", fl->key, acc);
		} else if ((r = parse_value(ctx, fl, argv[++a], &v, err, n))) {
			return r;
		}
		field_put(fl, w, v);
	}
	return 0;
}

static int build_raw(const char *ctx, int argc, char **argv, uint64_t w[2], char *err, size_t n)
{
	char what[64];
	int r;

	if (argc < 3)
		return usage_msg(err, n, "%s: missing %s; expected raw W0 W1 (two hexadecimal words)",
			    ctx, argc < 2 ? "W0" : "W1");
	if (argc > 3)
		return usage_msg(err, n, "%s: unexpected argument '%s' after W0 W1", ctx, err_arg(argv[3]));
	snprintf(what, sizeof(what), "%s: W0", ctx);
	if ((r = scan_reg(what, argv[1], 64, &w[0], err, n)))
		return r;
	snprintf(what, sizeof(what), "%s: W1", ctx);
	return scan_reg(what, argv[2], 64, &w[1], err, n);
}

int smmuv3_cmd_build(int argc, char **argv, uint64_t cmd[2], char *err, size_t errlen)
{
	const char *names[ARRAY_SIZE(smmuv3_cmd_kinds) + 1];
	const struct smmuv3_cmd_kind *k;
	uint64_t w[2] = { 0, 0 };
	char list[640];
	int r;

	for (size_t i = 0; i < smmuv3_n_cmd_kinds; i++)
		names[i] = smmuv3_cmd_kinds[i].name;
	names[smmuv3_n_cmd_kinds] = "raw";
	join(list, sizeof(list), names, ARRAY_SIZE(names));
	if (argc < 1)
		return usage_msg(err, errlen, "missing command kind; expected %s", list);
	if (!strcmp(argv[0], "raw")) {
		if ((r = build_raw("raw", argc, argv, w, err, errlen)))
			return r;
	} else {
		if (!(k = smmuv3_cmd_kind_by_name(argv[0])))
			return usage_msg(err, errlen, "unknown command kind '%s'; expected %s",
				    err_arg(argv[0]), list);
		w[0] = k->opcode;
		if ((r = build_fields(k->name, k->fields, k->n_fields, argc - 1, argv + 1, w, err,
				      errlen)))
			return r;
	}
	cmd[0] = w[0];
	cmd[1] = w[1];
	return 0;
}

int smmuv3_ste_build(int argc, char **argv, uint64_t ste[2], char *err, size_t errlen)
{
	uint64_t w[2] = { 0, 0 };
	int r;

	if (argc < 1)
		return usage_msg(err, errlen, "missing the STE; expected raw W0 W1, or fields such as "
			    "'cfg translate s1ctxptr ADDR', 'cfg bypass' or 'cfg abort'");
	if (!strcmp(argv[0], "raw"))
		r = build_raw("raw", argc, argv, w, err, errlen);
	else
		r = build_fields(NULL, smmuv3_ste_fields, smmuv3_n_ste_fields, argc, argv, w, err,
				 errlen);
	if (r)
		return r;
	ste[0] = w[0];
	ste[1] = w[1];
	return 0;
}

/* ---- what Linux 7.2 accepts ------------------------------------------------ */

bool smmuv3_cmd_allowed(const uint64_t cmd[2], const char **why)
{
	const struct smmuv3_cmd_kind *k = smmuv3_cmd_kind_by_opcode(SMMUV3_CMD_OPCODE(cmd));
	bool ok = k && k->accepted;

	if (why)
		*why = ok ? NULL : k ? k->note : UNKNOWN_REASON;
	return ok;
}

static const char *enum_name(const struct smmuv3_field *f, uint64_t v)
{
	return f->type == SMMU_ENUM && v < f->n_names ? f->names[v] : NULL;
}

bool smmuv3_ste_allowed(const uint64_t ste[2], const char **why)
{
	static __thread char buf[200];
	const struct smmuv3_field *cfg_f = smmuv3_field_find(NULL, "cfg");
	const struct smmuv3_field *eats_f = smmuv3_field_find(NULL, "eats");
	uint64_t cfg, eats;
	const char *name;

	if (why)
		*why = NULL;
	if (!(ste[0] & 1))
		return true;	/* V=0: the kernel zeroes the STE (abort) */
	if ((ste[0] & ~SMMUV3_STE0_ALLOWED) || (ste[1] & ~SMMUV3_STE1_ALLOWED)) {
		bool w0 = ste[0] & ~SMMUV3_STE0_ALLOWED;

		snprintf(buf, sizeof(buf), "word %d bits 0x%" PRIx64 " are not guest-controllable "
			 "(allowed: 0x%" PRIx64 ")", w0 ? 0 : 1,
			 (uint64_t)(w0 ? ste[0] & ~SMMUV3_STE0_ALLOWED : ste[1] & ~SMMUV3_STE1_ALLOWED),
			 (uint64_t)(w0 ? SMMUV3_STE0_ALLOWED : SMMUV3_STE1_ALLOWED));
		goto refused;
	}
	cfg = smmuv3_field_get(cfg_f, ste);
	if (cfg != STE_CFG_ABORT && cfg != STE_CFG_BYPASS && cfg != STE_CFG_S1_TRANS) {
		name = enum_name(cfg_f, cfg);
		snprintf(buf, sizeof(buf), "Config %" PRIu64 " (%s) is not abort (0), bypass (4) "
			 "or translate (5)", cfg, name ? name : "reserved");
		goto refused;
	}
	eats = smmuv3_field_get(eats_f, ste);
	if (eats > 1) {
		name = enum_name(eats_f, eats);
		snprintf(buf, sizeof(buf), "EATS %" PRIu64 " (%s) is not 0 (abort) or 1 (full ATS)",
			 eats, name ? name : "reserved");
		goto refused;
	}
	return true;
refused:
	if (why)
		*why = buf;
	return false;
}

/* ---- printing ---------------------------------------------------------------- */

/* JSON "fields": {…}; text " key value" per field in the builder's syntax. */
static void print_fields(const struct smmuv3_field *f, size_t nf, const uint64_t w[2],
			 const char *sep)
{
	open_object("fields");
	for (size_t i = 0; i < nf; i++) {
		const struct smmuv3_field *fl = &f[i];
		uint64_t v = smmuv3_field_get(fl, w);
		const char *name;

		switch (fl->type) {
		case SMMU_FLAG:
			print_bool(PRINT_JSON, fl->key, NULL, v);
			if (v)
				print_text("%s%s", sep, fl->key);
			else if (fl->dflt)
				print_text("%s%s 0", sep, fl->key);
			else
				continue;	/* nothing printed: keep sep */
			break;
		case SMMU_NUM:
			print_u64(PRINT_JSON, fl->key, NULL, v);
			print_text("%s%s %" PRIu64, sep, fl->key, v);
			break;
		case SMMU_ADDR:
			print_hex(PRINT_JSON, fl->key, NULL, v);
			print_text("%s%s 0x%" PRIx64, sep, fl->key, v);
			break;
		case SMMU_ENUM:
			print_u64(PRINT_JSON, fl->key, NULL, v);
			name = enum_name(fl, v);
			if (name)
				print_text("%s%s %s", sep, fl->key, name);
			else
				print_text("%s%s %" PRIu64, sep, fl->key, v);
			break;
		}
		sep = " ";
	}
	close_object();
}

static void print_raw(const uint64_t w[2])
{
	open_array("raw");
	print_hex(PRINT_JSON, NULL, NULL, w[0]);
	print_hex(PRINT_JSON, NULL, NULL, w[1]);
	close_array();
}

/* After the fields: the verdict and stray bits (JSON and text). */
static void print_tail(const char *reason, const uint64_t undef[2])
{
	if (reason)
		print_text("; refused (EIO): %s", reason);
	if (undef[0] || undef[1]) {
		open_array("undefined_bits");
		print_hex(PRINT_JSON, NULL, NULL, undef[0]);
		print_hex(PRINT_JSON, NULL, NULL, undef[1]);
		close_array();
		print_text("; undefined bits 0x%" PRIx64 " 0x%" PRIx64, undef[0], undef[1]);
	}
}

void smmuv3_cmd_print(const uint64_t cmd[2])
{
	const struct smmuv3_cmd_kind *k = smmuv3_cmd_kind_by_opcode(SMMUV3_CMD_OPCODE(cmd));
	const char *why;
	bool ok = smmuv3_cmd_allowed(cmd, &why);
	uint64_t undef[2];

	print_string(PRINT_ANY, "kind", "%s", k ? k->name : "unknown");
	print_hex(PRINT_ANY, "opcode", " (0x%02" PRIx64 ")", SMMUV3_CMD_OPCODE(cmd));
	print_raw(cmd);
	print_bool(PRINT_JSON, "accepted", NULL, ok);
	if (!ok)
		print_string(PRINT_JSON, "reason", NULL, why);
	else
		print_string(PRINT_JSON, "kernel_rewrite", NULL, k->note);
	print_fields(k ? k->fields : NULL, k ? k->n_fields : 0, cmd, " ");
	smmuv3_cmd_undefined_bits(cmd, undef);
	print_tail(why, undef);
}

void smmuv3_ste_print(const uint64_t ste[2])
{
	const char *why;
	bool ok = smmuv3_ste_allowed(ste, &why);
	uint64_t undef[2];

	print_raw(ste);
	print_bool(PRINT_JSON, "accepted", NULL, ok);
	if (!ok)
		print_string(PRINT_JSON, "reason", NULL, why);
	print_fields(smmuv3_ste_fields, smmuv3_n_ste_fields, ste, "");
	smmuv3_ste_undefined_bits(ste, undef);
	print_tail(why, undef);
}

/* ---- self-check ---------------------------------------------------------------- */

static bool lower_key(const char *k)
{
	return *k && strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789") == strlen(k);
}

static int check_fields(const char *what, const struct smmuv3_field *f, size_t nf,
			uint64_t used0, char *why, size_t n)
{
	uint64_t used[2] = { used0, 0 };

	if (nf > 64) {
		usage_msg(why, n, "%s: more than 64 fields", what);
		return -1;
	}
	for (size_t i = 0; i < nf; i++) {
		const struct smmuv3_field *fl = &f[i];
		uint64_t m;

		if (fl->word > 1 || fl->hi > 63 || fl->lo > fl->hi) {
			usage_msg(why, n, "%s.%s: bad range word %u %u:%u", what, fl->key, fl->word,
			     fl->hi, fl->lo);
			return -1;
		}
		m = place_mask(fl);
		if (used[fl->word] & m) {
			usage_msg(why, n, "%s.%s overlaps another field or the opcode", what, fl->key);
			return -1;
		}
		used[fl->word] |= m;
		if (!lower_key(fl->key) || !strcmp(fl->key, "raw") || !fl->name || !fl->desc ||
		    !*fl->desc) {
			usage_msg(why, n, "%s.%s: bad key, name or description", what, fl->key);
			return -1;
		}
		if (fl->type == SMMU_FLAG && fl->hi != fl->lo) {
			usage_msg(why, n, "%s.%s: flag wider than one bit", what, fl->key);
			return -1;
		}
		if (fl->type == SMMU_ENUM && (!fl->names || fl->n_names != width_mask(fl) + 1)) {
			usage_msg(why, n, "%s.%s: enum needs one name slot per value", what, fl->key);
			return -1;
		}
		if (fl->type == SMMU_ENUM)
			for (unsigned v = 0; v < fl->n_names; v++)
				if (fl->names[v] && (!*fl->names[v] || !strncmp(fl->names[v], "0x", 2) ||
						     strspn(fl->names[v], "0123456789") ==
							     strlen(fl->names[v]))) {
					usage_msg(why, n, "%s.%s: name '%s' reads as a number", what,
					     fl->key, fl->names[v]);
					return -1;
				}
		if (fl->dflt > width_mask(fl)) {
			usage_msg(why, n, "%s.%s: default too wide", what, fl->key);
			return -1;
		}
		if (find_field(f, i, fl->key)) {
			usage_msg(why, n, "%s.%s: duplicate key", what, fl->key);
			return -1;
		}
	}
	return 0;
}

int smmuv3_tables_check(char *why, size_t n)
{
	for (size_t i = 0; i < smmuv3_n_cmd_kinds; i++) {
		const struct smmuv3_cmd_kind *k = &smmuv3_cmd_kinds[i];

		if (!*k->name || strspn(k->name, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
				     strlen(k->name)) {
			usage_msg(why, n, "kind %s: bad name", k->name);
			return -1;
		}
		if (!k->spec || !k->note || !*k->note || !strcmp(k->name, "raw") ||
		    !strcmp(k->name, "unknown")) {
			usage_msg(why, n, "kind %s: no spec name or note, or a reserved name", k->name);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(smmuv3_cmd_kinds[j].name, k->name) ||
			    smmuv3_cmd_kinds[j].opcode == k->opcode) {
				usage_msg(why, n, "kind %s: name or opcode 0x%02x used twice", k->name,
				     k->opcode);
				return -1;
			}
		if (check_fields(k->name, k->fields, k->n_fields, 0xff, why, n))
			return -1;
	}
	if (check_fields("ste", smmuv3_ste_fields, smmuv3_n_ste_fields, 0, why, n))
		return -1;
	return 0;
}
