// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot-log parser on the fixture logs (every message form, with noise)
 * and on hostile input: cut lines, overlong values, soft and hard wraps,
 * binary garbage and a seeded random fuzz over exact-size buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dmesg.h"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures/dmesg/"
#endif

/* Parse a copy of exactly len bytes, so that reading past it is caught. */
static void parse_exact(const char *s, size_t len, struct dmesg_log *log)
{
	char *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, s, len);
	assert_int_equal(dmesg_parse(copy, len, log), 0);
	free(copy);
}

static void parse_str(const char *s, struct dmesg_log *log)
{
	parse_exact(s, strlen(s), log);
}

static void parse_file(const char *name, struct dmesg_log *log)
{
	char path[256], *buf;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s%s", FIXTURES, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the top of the tree)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	assert_int_equal(dmesg_parse(buf, (size_t)len, log), 0);
	free(buf);
}

static size_t count(const struct dmesg_log *log, bool decodable)
{
	size_t n = 0;

	for (size_t i = 0; i < log->n; i++)
		n += log->entries[i].decodable == decodable;
	return n;
}

static const struct dmesg_entry *unit(const struct dmesg_log *log, size_t k)
{
	for (size_t i = 0; i < log->n; i++)
		if (log->entries[i].decodable && !k--)
			return &log->entries[i];
	fail_msg("no unit %zu", k);
	return NULL;
}

static const struct dmesg_entry *skipped(const struct dmesg_log *log, size_t k)
{
	for (size_t i = 0; i < log->n; i++)
		if (!log->entries[i].decodable && !k--)
			return &log->entries[i];
	fail_msg("no skipped entry %zu", k);
	return NULL;
}

static void vtd_is(const struct dmesg_entry *e, size_t line, const char *name, uint64_t base,
		   const char *ver, uint64_t cap, uint64_t ecap)
{
	assert_int_equal(e->vendor, DMESG_VTD);
	assert_true(e->decodable);
	assert_int_equal(e->line, line);
	assert_string_equal(e->name, name);
	assert_true(e->has_reg_base);
	assert_true(e->reg_base == base);
	assert_string_equal(e->version, ver);
	assert_true(e->regs[0] == cap);
	assert_true(e->regs[1] == ecap);
}

static void amd_is(const struct dmesg_entry *e, size_t line, const char *name, uint64_t efr,
		   uint64_t efr2, bool efr2_known)
{
	assert_int_equal(e->vendor, DMESG_AMD);
	assert_true(e->decodable);
	assert_int_equal(e->line, line);
	assert_string_equal(e->name, name);
	assert_false(e->has_reg_base);
	assert_string_equal(e->version, "");
	assert_true(e->regs[0] == efr);
	assert_true(e->regs[1] == efr2);
	assert_int_equal(e->efr2_known, efr2_known);
}

/* ---- the fixture logs ----------------------------------------------------- */

static void test_intel_client(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("intel-client.log", &log);
	assert_int_equal(count(&log, true), 2);
	assert_int_equal(count(&log, false), 0);
	assert_int_equal(log.lines, 26);
	vtd_is(unit(&log, 0), 8, "dmar0", 0xfed90000, "1:0", 0x1c0000c40660462ULL,
	       0x19e2ff0505eULL);
	assert_string_equal(unit(&log, 0)->form, "dmar");
	vtd_is(unit(&log, 1), 10, "dmar1", 0xfed91000, "1:0", 0xd2008c40660462ULL, 0xf050daULL);
	dmesg_free(&log);
}

/* journalctl, two boots: the repeat is reported once, as a duplicate */
static void test_intel_server(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("intel-server.log", &log);
	assert_int_equal(count(&log, true), 3);
	assert_int_equal(count(&log, false), 2);
	vtd_is(unit(&log, 0), 7, "dmar0", 0xd97fc000, "6:0", 0x19ed008c40780c66ULL,
	       0x3ee9e86f050dfULL);
	vtd_is(unit(&log, 2), 19, "dmar2", 0xcbfe0000, "7:0", 0xf9ed008cee780c66ULL,
	       0x3fef9ea6f0efdfULL);
	assert_int_equal(skipped(&log, 0)->line, 17);
	assert_string_equal(skipped(&log, 0)->reason, "the same unit and values as line 7");
	assert_string_equal(skipped(&log, 1)->reason, "the same unit and values as line 9");
	dmesg_free(&log);
}

/* a mail paste: "> " quoting and quoted-printable soft breaks inside values */
static void test_intel_mail(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("intel-mail-qp.log", &log);
	assert_int_equal(log.n, 2);
	vtd_is(unit(&log, 0), 7, "dmar0", 0xfed90000, "4:0", 0x1c0000c40660462ULL,
	       0x29a00f0505eULL);
	vtd_is(unit(&log, 1), 10, "dmar1", 0xfed91000, "1:0", 0xd2008c40660462ULL, 0xf050daULL);
	assert_int_equal(log.lines, 16);
	dmesg_free(&log);
}

/* CRLF line ends and a hard wrap after "cap" */
static void test_intel_wrapped(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("intel-mtl-wrapped.log", &log);
	assert_int_equal(log.n, 2);
	vtd_is(unit(&log, 0), 4, "dmar0", 0xfc800000, "7:0", 0xc9de008cee690462ULL,
	       0x12ca9a00f0ef5eULL);
	vtd_is(unit(&log, 1), 7, "dmar1", 0xfc801000, "7:0", 0xc9de008cee690462ULL,
	       0x12ca9a00f0efdeULL);
	dmesg_free(&log);
}

/* "dmar: IOMMU N:" of kernels before 4.x */
static void test_intel_old(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("intel-old.log", &log);
	assert_int_equal(log.n, 3);
	vtd_is(unit(&log, 0), 5, "dmar0", 0xfed90000, "1:0", 0xc0000020660462ULL, 0xf0101aULL);
	assert_string_equal(unit(&log, 0)->form, "dmar-old");
	vtd_is(unit(&log, 1), 7, "dmar1", 0xfed91000, "1:0", 0xd2008c20660462ULL, 0xf010daULL);
	vtd_is(unit(&log, 2), 9, "dmar2", 0xfed92000, "1:0", 0xc9008020660262ULL, 0xf0105aULL);
	dmesg_free(&log);
}

/* 7.x: the global IVHD line and the features line say the same */
static void test_amd_7x(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("amd-7x.log", &log);
	assert_int_equal(log.n, 2);
	amd_is(unit(&log, 0), 2, "AMD-Vi", 0x246577efa2254afaULL, 0x10, true);
	assert_string_equal(unit(&log, 0)->form, "amd-global");
	assert_int_equal(skipped(&log, 0)->line, 5);
	assert_string_equal(skipped(&log, 0)->form, "amd-features");
	assert_non_null(strstr(skipped(&log, 0)->reason, "line 2"));
	dmesg_free(&log);
}

/* 5.15: one "Found IOMMU" per unit names the features line after it */
static void test_amd_epyc(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("amd-epyc-5.15.log", &log);
	assert_int_equal(log.n, 3);
	amd_is(unit(&log, 0), 5, "0001:c0:00.2", 0xa5bf732fa2295afeULL, 0, false);
	amd_is(unit(&log, 1), 7, "0001:40:00.2", 0xa5bf732fa2295afeULL, 0, false);
	amd_is(unit(&log, 2), 9, "0000:00:00.2", 0xa5bf732fa2295afeULL, 0, false);
	dmesg_free(&log);
}

/* <= 5.12 "pci BDF: AMD-Vi: Extended features (…):" and the 4.x "Found IOMMU at" */
static void test_amd_old(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("amd-old.log", &log);
	assert_int_equal(log.n, 2);
	amd_is(unit(&log, 0), 3, "0000:00:00.2", 0x206d73ef22254adeULL, 0, false);
	assert_string_equal(unit(&log, 0)->form, "amd-features-pci");
	amd_is(unit(&log, 1), 8, "0000:00:00.2", 0xf77ef22294adaULL, 0, false);
	assert_string_equal(unit(&log, 1)->form, "amd-features");
	dmesg_free(&log);
}

static void test_amd_snp(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("amd-snp.log", &log);
	assert_int_equal(log.n, 2);
	/* "EFR:0x0": the IVHD has no copy; not a unit with zero features */
	assert_int_equal(skipped(&log, 0)->line, 2);
	assert_non_null(strstr(skipped(&log, 0)->reason, "no EFR copy"));
	amd_is(unit(&log, 0), 4, "AMD-Vi", 0xa5bf7320a2294aeeULL, 0x1d, true);
	dmesg_free(&log);
}

/* SMMUv3 "features" is not IDR0: recognised, never decoded */
static void test_smmuv3(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("arm-smmuv3.log", &log);
	assert_int_equal(count(&log, true), 0);
	assert_int_equal(count(&log, false), 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(skipped(&log, i)->vendor, DMESG_SMMUV3);
		assert_non_null(strstr(skipped(&log, i)->reason, "not decodable"));
		assert_non_null(strstr(skipped(&log, i)->reason, "not IDR0"));
	}
	assert_string_equal(skipped(&log, 0)->name, "arm-smmu-v3.0.auto");
	assert_true(skipped(&log, 0)->regs[0] == 0x20b25);
	assert_int_equal(skipped(&log, 0)->line, 2);
	assert_string_equal(skipped(&log, 1)->name, "2b400000.iommu");
	assert_string_equal(skipped(&log, 2)->name, "arm-smmu-v3");
	dmesg_free(&log);
}

static void test_no_units(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("no-units.log", &log);
	assert_int_equal(log.n, 0);
	assert_int_equal(log.lines, 6);
	dmesg_free(&log);
}

static void test_malformed(void **state)
{
	static const char *const at[] = {
		"at 'cap'", "at 'cap'", "at 'ver'", "at 'ecap'",
		"Extended features", "Using global IVHD EFR",
	};
	struct dmesg_log log;

	(void)state;
	parse_file("malformed.log", &log);
	assert_int_equal(count(&log, true), 1);
	assert_int_equal(count(&log, false), 7);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(skipped(&log, i)->line, i + 1);
		assert_non_null(strstr(skipped(&log, i)->reason, "malformed"));
		assert_non_null(strstr(skipped(&log, i)->reason, at[i]));
	}
	/* 0x prefixes are fine */
	vtd_is(unit(&log, 0), 7, "dmar4", 0xfed94000, "1:0", 0xd2008c40660462ULL, 0xf050daULL);
	/* the log ends in the middle of the last line */
	assert_non_null(strstr(skipped(&log, 6)->reason, "cut-short"));
	dmesg_free(&log);
}

static void test_garbage(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_file("garbage.bin", &log);
	/* the one real line inside the noise is found */
	assert_int_equal(count(&log, true), 1);
	assert_string_equal(unit(&log, 0)->name, "dmar7");
	assert_true(unit(&log, 0)->regs[1] == 0xf050da);
	dmesg_free(&log);
}

/* ---- inline cases --------------------------------------------------------- */

static void test_empty(void **state)
{
	struct dmesg_log log;

	(void)state;
	assert_int_equal(dmesg_parse(NULL, 0, &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(log.lines, 0);
	dmesg_free(&log);
	parse_str("", &log);
	assert_int_equal(log.n, 0);
	dmesg_free(&log);
	parse_str("\n\n\n", &log);
	assert_int_equal(log.lines, 3);
	dmesg_free(&log);
	/* the marker alone, at the very end */
	parse_str("reg_base_addr", &log);
	assert_int_equal(log.n, 1);
	assert_false(log.entries[0].decodable);
	dmesg_free(&log);
	parse_str("Extended features (", &log);
	assert_int_equal(count(&log, false), 1);
	dmesg_free(&log);
	parse_str("Using global IVHD EFR:", &log);
	assert_int_equal(count(&log, false), 1);
	dmesg_free(&log);
	parse_str("==========\n=\n=", &log);
	assert_int_equal(log.n, 0);
	dmesg_free(&log);
}

static void test_values(void **state)
{
	struct dmesg_log log;

	(void)state;
	/* no trailing newline, leading zeros beyond 16 digits are fine */
	parse_str("DMAR: dmar3: reg_base_addr 00fed90000 ver 12:3 cap 0000000000000000d2008c40660462"
		  " ecap f050da", &log);
	vtd_is(unit(&log, 0), 1, "dmar3", 0xfed90000, "12:3", 0xd2008c40660462ULL, 0xf050da);
	dmesg_free(&log);
	/* 17 significant digits are not a 64-bit register */
	parse_str("DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap 1ffffffffffffffff ecap 0", &log);
	assert_int_equal(count(&log, true), 0);
	dmesg_free(&log);
	/* the largest value */
	parse_str("DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap ffffffffffffffff ecap 0", &log);
	assert_true(unit(&log, 0)->regs[0] == UINT64_MAX);
	dmesg_free(&log);
	/* version must be N:N */
	parse_str("DMAR: dmar0: reg_base_addr fed90000 ver 1 cap 0 ecap 0\n"
		  "DMAR: dmar0: reg_base_addr fed90000 ver 1:0:0 cap 0 ecap 0\n"
		  "DMAR: dmar0: reg_base_addr fed90000 ver 12345:0 cap 0 ecap 0\n"
		  "DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap 0 ecap 0x\n", &log);
	assert_int_equal(count(&log, true), 0);
	assert_int_equal(count(&log, false), 4);
	dmesg_free(&log);
	/* an AMD line that was cut short, and one with a bad separator */
	parse_str("AMD-Vi: Extended features (0x1, 0x2\n"
		  "AMD-Vi: Extended features (0x1 0x2):\n"
		  "AMD-Vi: Extended features (0x0, 0x0): \n", &log);
	assert_int_equal(count(&log, false), 2);
	amd_is(unit(&log, 0), 3, "AMD-Vi", 0, 0, true);
	dmesg_free(&log);
}

/* Soft breaks may fall anywhere, even inside the marker. */
static void test_soft_breaks(void **state)
{
	struct dmesg_log log;

	(void)state;
	parse_str("noise\r\nDMAR: dmar1: reg_ba=\r\nse_addr fed9=\n1000 ver 1:=\n0 cap d2008c4066=\n"
		  "0462 ecap f05=\n0da\r\nmore noise\n", &log);
	vtd_is(unit(&log, 0), 2, "dmar1", 0xfed91000, "1:0", 0xd2008c40660462ULL, 0xf050da);
	assert_int_equal(log.lines, 8);
	dmesg_free(&log);
	parse_str("[    4.232008] kernel: AMD-Vi: Extended features (0x246577efa2254afa, 0x10)=\n"
		  ": PPR NX GT [5] IA GA PC GA_vAPIC\n", &log);
	amd_is(unit(&log, 0), 1, "AMD-Vi", 0x246577efa2254afaULL, 0x10, true);
	dmesg_free(&log);
	/* a hard wrap is retried once; the next line is not eaten on failure */
	parse_str("DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap\n"
		  "DMAR: dmar1: reg_base_addr fed91000 ver 1:0 cap d2008c40660462 ecap f050da\n",
		  &log);
	assert_int_equal(count(&log, false), 1);
	assert_int_equal(skipped(&log, 0)->line, 1);
	vtd_is(unit(&log, 0), 2, "dmar1", 0xfed91000, "1:0", 0xd2008c40660462ULL, 0xf050da);
	dmesg_free(&log);
}

/* NUL bytes and control characters inside a line are spaces */
static void test_nul_bytes(void **state)
{
	static const char s[] = "\x01\x02DMAR: dmar0:\0reg_base_addr\tfed90000 ver 1:0 cap 1 "
				"ecap 2\0\0\nAMD-Vi: Extended\0features (0x1)";
	struct dmesg_log log;

	(void)state;
	parse_exact(s, sizeof(s) - 1, &log);
	/* "dmar0:\0reg" becomes "dmar0: reg", and the tab a space */
	vtd_is(unit(&log, 0), 1, "dmar0", 0xfed90000, "1:0", 1, 2);
	/* and "Extended\0features" the marker, as in the log it came from */
	assert_int_equal(log.n, 2);
	amd_is(unit(&log, 1), 2, "AMD-Vi", 1, 0, false);
	dmesg_free(&log);
}

/* A unit marker past DMESG_MAX_LINE in one line is never seen. */
static void test_long_line(void **state)
{
	const char *u = "DMAR: dmar0: reg_base_addr fed90000 ver 1:0 cap 1 ecap 2";
	size_t pad = DMESG_MAX_LINE + 100, n = pad + strlen(u) + 1;
	char *s = malloc(n + strlen(u) + 2);
	struct dmesg_log log;

	(void)state;
	assert_non_null(s);
	memset(s, 'x', pad);
	strcpy(s + pad, u);
	parse_str(s, &log);
	assert_int_equal(log.n, 0);
	dmesg_free(&log);
	/* before the cut it is found; a soft-break chain is bounded too */
	memcpy(s, u, strlen(u));
	parse_str(s, &log);
	assert_int_equal(log.n, 1);
	dmesg_free(&log);
	for (size_t i = 0; i + 1 < n; i += 2)
		s[i] = '=', s[i + 1] = '\n';
	s[n - 1] = '\0';
	parse_str(s, &log);
	assert_int_equal(log.n, 0);
	dmesg_free(&log);
	free(s);
}

/* More units than the table holds: counted, not stored. */
static void test_many(void **state)
{
	const size_t units = DMESG_MAX_ENTRIES + 76;
	char *s = malloc(units * 100), *p = s;
	struct dmesg_log log;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < units; i++)
		p += sprintf(p, "DMAR: dmar%zu: reg_base_addr %zx ver 1:0 cap %zx ecap 0\n", i,
			     0xfed90000 + i * 0x1000, i);
	parse_str(s, &log);
	assert_int_equal(log.n, DMESG_MAX_ENTRIES);
	assert_int_equal(log.dropped, 76);
	assert_string_equal(log.entries[DMESG_MAX_ENTRIES - 1].name, "dmar1023");
	dmesg_free(&log);
	free(s);
}

/* Random logs built from the parser's own tokens: nothing may crash or read
 * outside the buffer (ASan), and every entry is sane. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static void test_fuzz(void **state)
{
	static const char *const tok[] = {
		"reg_base_addr", " ver ", " cap ", " ecap ", "0x", "=", "\n", "\r", " ", ":",
		"Extended features (", "Using global IVHD EFR:", ", EFR2:", ")", ",",
		"arm-smmu-v3 ", "(features ", "pci ", ": AMD-Vi: ", "AMD-Vi: Found IOMMU at ",
		"Found IOMMU", "IOMMU ", "dmar0: ", "fed90000", "1:0", "ffffffffffffffff",
		"1ffffffffffffffff", "0", "9", "a", "\0", "\xff", "[    0.1] ",
	};
	char *buf = malloc(8192);

	(void)state;
	assert_non_null(buf);
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = 0, want = next_rand() % 4096;
		struct dmesg_log log;

		while (len < want) {
			if (next_rand() % 8 == 0) {
				buf[len++] = (char)next_rand();
			} else {
				const char *t = tok[next_rand() % (sizeof(tok) / sizeof(tok[0]))];
				size_t tl = *t ? strlen(t) : 1;

				memcpy(buf + len, t, tl);
				len += tl;
			}
		}
		parse_exact(buf, len, &log);
		assert_true(log.n <= DMESG_MAX_ENTRIES);
		for (size_t i = 0; i < log.n; i++) {
			const struct dmesg_entry *e = &log.entries[i];

			assert_true(e->line >= 1 && e->line <= log.lines);
			assert_true(memchr(e->name, '\0', sizeof(e->name)) != NULL);
			assert_true(e->name[0]);
			assert_non_null(e->form);
			assert_true(e->decodable || e->reason[0]);
		}
		dmesg_free(&log);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intel_client),
		cmocka_unit_test(test_intel_server),
		cmocka_unit_test(test_intel_mail),
		cmocka_unit_test(test_intel_wrapped),
		cmocka_unit_test(test_intel_old),
		cmocka_unit_test(test_amd_7x),
		cmocka_unit_test(test_amd_epyc),
		cmocka_unit_test(test_amd_old),
		cmocka_unit_test(test_amd_snp),
		cmocka_unit_test(test_smmuv3),
		cmocka_unit_test(test_no_units),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_soft_breaks),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
