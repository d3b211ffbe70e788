// SPDX-License-Identifier: GPL-2.0-only
/*
 * decode: offline decoding of register values and boot logs. Every result
 * carries the nesting verdict for an unknown kernel (nest_context_offline).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dmesg.h"
#include "error.h"
#include "nesting.h"
#include "objects.h"
#include "output.h"
#include "registers.h"
#include "smmuv3_cmd.h"

const struct reg_desc *const all_registers[] = {
	&vtd_cap_reg, &vtd_ecap_reg,
	&amd_efr_reg, &amd_efr2_reg,
	&smmuv3_idr0_reg, &smmuv3_idr1_reg, &smmuv3_idr3_reg,
	&smmuv3_idr5_reg, &smmuv3_iidr_reg, &smmuv3_aidr_reg,
	&smmuv3_cd0_reg, &iort_rc_mem_flags_reg,
	NULL,
};

/* A boot log larger than this is not a boot log. */
#define DMESG_MAX_BYTES (64u << 20)

static bool all_fields(void)
{
	return opts.verbose > 0;
}

static int extra_args(const char *cmd, int argc, char **argv, int used)
{
	if (argc > used)
		return err_usage("decode %s: unexpected argument '%s'", cmd, err_arg(argv[used]));
	return 0;
}

/* argv[i] as a register value named what, or a usage error naming it. */
static int reg_arg(const char *cmd, const char *what, const char *usage, int argc, char **argv,
		   int i, unsigned bits, uint64_t *v)
{
	char ctx[64];

	if (i >= argc)
		return err_usage("decode %s: missing %s; usage: decode %s %s", cmd, what, cmd, usage);
	snprintf(ctx, sizeof(ctx), "decode %s: %s", cmd, what);
	return parse_reg(ctx, argv[i], bits, v);
}

/* The registers that were not given: JSON "assumed_zero", text a note. */
static void print_assumed_zero(const char *const *keys, size_t n)
{
	open_array("assumed_zero");
	if (n)
		print_text("note: not given, decoded as 0:");
	for (size_t i = 0; i < n; i++)
		print_string(PRINT_ANY, NULL, " %s", keys[i]);
	if (n)
		print_nl();
	close_array();
}

static void print_vtd(uint64_t cap, uint64_t ecap)
{
	struct nest_context ctx;
	struct nest_verdict v;

	nest_context_offline(&ctx);
	nest_verdict_vtd(cap, ecap, &ctx, &v);
	open_object("registers");
	reg_print(&vtd_cap_reg, NULL, cap, all_fields());
	reg_print(&vtd_ecap_reg, NULL, ecap, all_fields());
	close_object();
	nest_verdict_print(&v);
}

static int decode_vtd(int argc, char **argv)
{
	uint64_t cap, ecap;
	int r;

	if ((r = reg_arg("vtd", "CAP", "CAP ECAP", argc, argv, 0, 64, &cap)) ||
	    (r = reg_arg("vtd", "ECAP", "CAP ECAP", argc, argv, 1, 64, &ecap)) ||
	    (r = extra_args("vtd", argc, argv, 2)))
		return r;
	print_string(PRINT_JSON, "vendor", NULL, "vtd");
	print_vtd(cap, ecap);
	return EXIT_OK;
}

static int decode_one(const char *cmd, const char *what, const char *vendor,
		      const struct reg_desc *desc, int argc, char **argv)
{
	uint64_t val;
	int r;

	if ((r = reg_arg(cmd, what, "VALUE", argc, argv, 0, desc->width, &val)) ||
	    (r = extra_args(cmd, argc, argv, 1)))
		return r;
	print_string(PRINT_JSON, "vendor", NULL, vendor);
	open_object("registers");
	reg_print(desc, NULL, val, all_fields());
	close_object();
	return EXIT_OK;
}

static int decode_vtd_cap(int argc, char **argv)
{
	return decode_one("vtd-cap", "VALUE", "vtd", &vtd_cap_reg, argc, argv);
}

static int decode_vtd_ecap(int argc, char **argv)
{
	return decode_one("vtd-ecap", "VALUE", "vtd", &vtd_ecap_reg, argc, argv);
}

static void print_amd(uint64_t efr, uint64_t efr2)
{
	struct nest_context ctx;
	struct nest_verdict v;

	nest_context_offline(&ctx);
	nest_verdict_amd(efr, efr2, &ctx, &v);
	open_object("registers");
	reg_print(&amd_efr_reg, NULL, efr, all_fields());
	reg_print(&amd_efr2_reg, NULL, efr2, all_fields());
	close_object();
	nest_verdict_print(&v);
}

static int decode_amd(int argc, char **argv)
{
	static const char *const efr2_key[] = { "efr2" };
	uint64_t efr, efr2 = 0;
	int r;

	if ((r = reg_arg("amd", "EFR", "EFR [EFR2]", argc, argv, 0, 64, &efr)))
		return r;
	if (argc > 1 && (r = reg_arg("amd", "EFR2", "EFR [EFR2]", argc, argv, 1, 64, &efr2)))
		return r;
	if ((r = extra_args("amd", argc, argv, 2)))
		return r;
	print_string(PRINT_JSON, "vendor", NULL, "amd");
	print_assumed_zero(efr2_key, argc > 1 ? 0 : 1);
	print_amd(efr, efr2);
	return EXIT_OK;
}

/* The order of struct iommu_hw_info_arm_smmuv3 after idr[]: iidr, aidr. */
static const struct reg_desc *const smmu_regs[] = {
	&smmuv3_idr0_reg, &smmuv3_idr1_reg, &smmuv3_idr3_reg,
	&smmuv3_idr5_reg, &smmuv3_iidr_reg, &smmuv3_aidr_reg,
};

static const char *const smmu_keywords[] = {
	"idr0=", "idr1=", "idr3=", "idr5=", "iidr=", "aidr=", NULL,
};

static void print_smmuv3(const uint32_t val[6])
{
	const uint32_t idr[6] = { val[0], val[1], 0, val[2], 0, val[3] };
	struct nest_context ctx;
	struct nest_verdict v;

	nest_context_offline(&ctx);
	nest_verdict_smmuv3(idr, val[4], val[5], &ctx, &v);
	open_object("registers");
	for (size_t i = 0; i < ARRAY_SIZE(smmu_regs); i++)
		reg_print(smmu_regs[i], NULL, val[i], all_fields());
	close_object();
	nest_verdict_print(&v);
}

static int decode_smmuv3(int argc, char **argv)
{
	uint32_t val[ARRAY_SIZE(smmu_regs)] = { 0 };
	bool given[ARRAY_SIZE(smmu_regs)] = { false };
	const char *missing[ARRAY_SIZE(smmu_regs)];
	size_t n_missing = 0;

	if (argc < 1)
		return err_unknown("decode smmuv3", "register", NULL, smmu_keywords);
	for (int a = 0; a < argc; a++) {
		const char *eq = strchr(argv[a], '=');
		size_t i, klen = eq ? (size_t)(eq - argv[a]) : 0;
		char what[48];
		uint64_t v;
		int r;

		for (i = 0; eq && i < ARRAY_SIZE(smmu_regs); i++)
			if (strlen(smmu_regs[i]->key) == klen &&
			    !strncmp(argv[a], smmu_regs[i]->key, klen))
				break;
		if (!eq || i == ARRAY_SIZE(smmu_regs))
			return err_keyword("decode smmuv3", argv[a], smmu_keywords);
		if (given[i])
			return err_usage("decode smmuv3: %s= given twice", smmu_regs[i]->key);
		snprintf(what, sizeof(what), "decode smmuv3: %s", smmu_regs[i]->key);
		if ((r = parse_reg(what, eq + 1, 32, &v)))
			return r;
		val[i] = (uint32_t)v;
		given[i] = true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(smmu_regs); i++)
		if (!given[i])
			missing[n_missing++] = smmu_regs[i]->key;
	print_string(PRINT_JSON, "vendor", NULL, "smmuv3");
	print_assumed_zero(missing, n_missing);
	print_smmuv3(val);
	return EXIT_OK;
}

/* W0 W1 of an SMMUv3 command or STE: two 64-bit hexadecimal words. */
static int smmuv3_words(const char *cmd, int argc, char **argv, uint64_t w[2])
{
	int r;

	if ((r = reg_arg(cmd, "W0", "W0 W1", argc, argv, 0, 64, &w[0])) ||
	    (r = reg_arg(cmd, "W1", "W0 W1", argc, argv, 1, 64, &w[1])) ||
	    (r = extra_args(cmd, argc, argv, 2)))
		return r;
	return 0;
}

static int decode_smmuv3_cmd(int argc, char **argv)
{
	uint64_t cmd[2];
	int r;

	if ((r = smmuv3_words("smmuv3-cmd", argc, argv, cmd)))
		return r;
	print_string(PRINT_JSON, "vendor", NULL, "smmuv3");
	smmuv3_cmd_print(cmd);
	print_nl();
	return EXIT_OK;
}

static int decode_smmuv3_ste(int argc, char **argv)
{
	uint64_t ste[2];
	int r;

	if ((r = smmuv3_words("smmuv3-ste", argc, argv, ste)))
		return r;
	print_string(PRINT_JSON, "vendor", NULL, "smmuv3");
	smmuv3_ste_print(ste);
	print_nl();
	return EXIT_OK;
}

/* The whole of path ("-": standard input) into *buf. */
static int read_log(const char *path, const char *name, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t alloc = 0, used = 0;
	char *b = NULL;
	int r = 0;

	if (!f)
		return err_errno(EXIT_FAILED, "open", errno, "cannot open the boot log '%s'", err_arg(name));
	for (;;) {
		size_t got;

		if (used == alloc) {
			char *nb;

			if (alloc >= DMESG_MAX_BYTES) {
				r = err_fail("%s: larger than %u MiB; not a boot log", name,
					     DMESG_MAX_BYTES >> 20);
				break;
			}
			alloc = alloc ? alloc * 2 : 65536;
			nb = realloc(b, alloc);
			if (!nb) {
				r = err_errno(EXIT_FAILED, "malloc", ENOMEM, "reading '%s'", err_arg(name));
				break;
			}
			b = nb;
		}
		got = fread(b + used, 1, alloc - used, f);
		used += got;
		if (got == 0) {
			if (ferror(f))
				r = err_errno(EXIT_FAILED, "read", errno,
					      "cannot read the boot log '%s'", name);
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (r) {
		free(b);
		return r;
	}
	*buf = b;
	*len = used;
	return 0;
}

static void print_unit(const struct dmesg_entry *e)
{
	print_u64(PRINT_ANY, "line", "line %" PRIu64 ": ", e->line);
	print_string(PRINT_ANY, "name", "%s", e->name);
	print_string(PRINT_ANY, "vendor", " (%s)", dmesg_vendor_name(e->vendor));
	print_string(PRINT_JSON, "form", NULL, e->form);
	if (e->has_reg_base)
		print_hex(PRINT_ANY, "reg_base", " at 0x%" PRIx64, e->reg_base);
	else
		print_null(PRINT_JSON, "reg_base", NULL);
	if (e->version[0])
		print_string(PRINT_ANY, "version", ", version %s", e->version);
	else
		print_null(PRINT_JSON, "version", NULL);
	print_nl();
	text_indent(1);
	if (e->vendor == DMESG_VTD) {
		print_vtd(e->regs[0], e->regs[1]);
	} else {
		if (!e->efr2_known)
			print_text("note: no EFR2 in this kernel's message (before 6.0); "
				   "decoded as 0\n");
		print_bool(PRINT_JSON, "efr2_in_log", NULL, e->efr2_known);
		print_amd(e->regs[0], e->regs[1]);
	}
	text_indent(-1);
}

static void print_skipped(const struct dmesg_entry *e)
{
	print_u64(PRINT_ANY, "line", "skipped line %" PRIu64 ": ", e->line);
	print_string(PRINT_ANY, "name", "%s", e->name);
	print_string(PRINT_ANY, "vendor", " (%s)", dmesg_vendor_name(e->vendor));
	print_string(PRINT_JSON, "form", NULL, e->form);
	if (e->vendor == DMESG_SMMUV3)
		print_hex(PRINT_JSON, "features", NULL, e->regs[0]);
	print_string(PRINT_ANY, "reason", ": %s\n", e->reason);
}

static int decode_dmesg(int argc, char **argv)
{
	const char *path = argc > 0 ? argv[0] : "-";
	const char *name = strcmp(path, "-") ? path : "standard input";
	struct dmesg_log log;
	size_t units = 0;
	char *buf = NULL;
	size_t len = 0;
	int r;

	if ((r = extra_args("dmesg", argc, argv, 1)))
		return r;
	if (!*path)
		return err_usage("decode dmesg: empty file name");
	if ((r = read_log(path, name, &buf, &len)))
		return r;
	r = dmesg_parse(buf, len, &log);
	free(buf);
	if (r) {
		dmesg_free(&log);
		return err_errno(EXIT_FAILED, "malloc", -r, "parsing '%s'", err_arg(name));
	}
	if (!log.n) {
		dmesg_free(&log);
		return err_fail("%s: no IOMMU unit lines found (looked for 'DMAR: dmarN: "
				"reg_base_addr … cap … ecap …' and 'AMD-Vi: Extended features "
				"(…)' or 'Using global IVHD EFR:…')", name);
	}
	open_array("units");
	for (size_t i = 0; i < log.n; i++) {
		if (!log.entries[i].decodable)
			continue;
		if (units++)
			print_nl();
		open_object(NULL);
		print_unit(&log.entries[i]);
		close_object();
	}
	close_array();
	if (units && units < log.n)
		print_nl();
	open_array("skipped");
	for (size_t i = 0; i < log.n; i++) {
		if (log.entries[i].decodable)
			continue;
		open_object(NULL);
		print_skipped(&log.entries[i]);
		close_object();
	}
	close_array();
	print_u64(PRINT_JSON, "dropped", NULL, log.dropped);
	if (log.dropped)
		print_text("%zu more unit lines not shown (more than %d)\n", log.dropped,
			   DMESG_MAX_ENTRIES);
	r = units ? EXIT_OK
		  : err_fail("%s: no decodable IOMMU unit line (%zu recognised, none decodable)",
			     name, log.n);
	dmesg_free(&log);
	return r;
}

const struct cmd decode_cmds[] = {
	{ "vtd", decode_vtd, "CAP ECAP", "VT-d CAP_REG and ECAP_REG, and the nesting verdict" },
	{ "vtd-cap", decode_vtd_cap, "VALUE", "VT-d CAP_REG alone" },
	{ "vtd-ecap", decode_vtd_ecap, "VALUE", "VT-d ECAP_REG alone" },
	{ "amd", decode_amd, "EFR [EFR2]", "AMD EFR and EFR2 (0 if not given), and the nesting verdict" },
	{ "smmuv3", decode_smmuv3, "idr0=V idr1=V idr3=V idr5=V iidr=V aidr=V",
	  "SMMUv3 ID registers (any subset, any order; missing ones are 0), and the nesting verdict" },
	{ "smmuv3-cmd", decode_smmuv3_cmd, "W0 W1",
	  "an SMMUv3 command-queue command, and whether a vIOMMU takes it" },
	{ "smmuv3-ste", decode_smmuv3_ste, "W0 W1",
	  "the first two words of a guest STE, and whether a vIOMMU takes it" },
	{ "dmesg", decode_dmesg, "[FILE|-]",
	  "find the IOMMU unit lines in a boot log and decode each with its verdict" },
	{ NULL },
};
