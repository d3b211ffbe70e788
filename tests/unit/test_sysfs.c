// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs readers and attribute parsers: the AMD features forms and order
 * heuristic, reserved_regions lines, PCI addresses, sorting, the kernel
 * command line, and the readers on real files in a temporary directory.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "host.h"
#include "sysfs.h"

/* ---- AMD features ---- */

static void expect_feat(const char *text, enum amd_feat_form form, uint64_t efr, uint64_t efr2,
			bool efr2_known, bool certain)
{
	struct amd_features f;

	assert_int_equal(amd_features_parse(text, &f), 0);
	assert_int_equal(f.form, form);
	assert_true(f.efr == efr);
	assert_true(f.efr2 == efr2);
	assert_int_equal(f.efr2_known, efr2_known);
	assert_int_equal(f.certain, certain);
}

static void test_amd_current_order(void **state)
{
	(void)state;
	/* 7.2: EFR:EFR2, EPYC-like and client-like EFR2 values */
	expect_feat("605f77efa1295aff:1d\n", AMD_FEAT_EFR_EFR2, 0x605f77efa1295affULL, 0x1d,
		    true, true);
	expect_feat("58f77ef22294a5a:10", AMD_FEAT_EFR_EFR2, 0x58f77ef22294a5aULL, 0x10, true, true);
	/* QEMU: EFR 0x29d3 is small, but EFR2 0 settles it */
	expect_feat("29d3:0", AMD_FEAT_EFR_EFR2, 0x29d3, 0, true, true);
	/* 0x prefixes and surrounding white space are tolerated */
	expect_feat("  0x605f77efa1295aff:0x1d  ", AMD_FEAT_EFR_EFR2, 0x605f77efa1295affULL, 0x1d,
		    true, true);
	/* full 64 bits */
	expect_feat("ffffffffffffffff:0", AMD_FEAT_EFR_EFR2, UINT64_MAX, 0, true, true);
}

static void test_amd_old_order(void **state)
{
	(void)state;
	/* 6.0 until the global-EFR rework: EFR2:EFR */
	expect_feat("1d:605f77efa1295aff", AMD_FEAT_EFR2_EFR, 0x605f77efa1295affULL, 0x1d,
		    true, true);
	expect_feat("0:577efa1294aff", AMD_FEAT_EFR2_EFR, 0x577efa1294affULL, 0, true, true);
	/* EFR 0x29d3 with EFR2 0: only the zero tells the order */
	expect_feat("0:29d3", AMD_FEAT_EFR2_EFR, 0x29d3, 0, true, true);
}

static void test_amd_single_value(void **state)
{
	(void)state;
	/* before 6.0: the EFR alone */
	expect_feat("573ef80294adf\n", AMD_FEAT_EFR_ONLY, 0x573ef80294adfULL, 0, false, true);
	expect_feat("0", AMD_FEAT_EFR_ONLY, 0, 0, false, true);
	expect_feat("0000000000000000000029d3", AMD_FEAT_EFR_ONLY, 0x29d3, 0, false, true);
}

static void test_amd_ambiguous(void **state)
{
	(void)state;
	/* both small: the one with more bits is EFR, and we say we guessed */
	expect_feat("10:29d3", AMD_FEAT_EFR2_EFR, 0x29d3, 0x10, true, false);
	expect_feat("29d3:10", AMD_FEAT_EFR_EFR2, 0x29d3, 0x10, true, false);
	/* both large, and both zero: the current order */
	expect_feat("605f77efa1295aff:605f77efa1295aff", AMD_FEAT_EFR_EFR2,
		    0x605f77efa1295affULL, 0x605f77efa1295affULL, true, false);
	expect_feat("0:0", AMD_FEAT_EFR_EFR2, 0, 0, true, false);
}

static void test_amd_malformed(void **state)
{
	static const char *const bad[] = {
		"", "   \n", "xyz", "1:2:3", ":1d", "1d:", "0x:1", "1:0x",
		"12345678901234567:0", "0:10000000000000000", "1d :605f", "-1:2", "1,2",
		"605f77efa1295aff 1d",
	};
	struct amd_features f;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(amd_features_parse(bad[i], &f), -EINVAL);
	assert_string_equal(amd_feat_form_name(AMD_FEAT_EFR_EFR2), "efr:efr2");
	assert_string_equal(amd_feat_form_name(AMD_FEAT_EFR2_EFR), "efr2:efr");
	assert_string_equal(amd_feat_form_name(AMD_FEAT_EFR_ONLY), "efr");
}

/* ---- reserved regions ---- */

static void expect_resv(const char *line, uint64_t start, uint64_t end, enum resv_type type,
			const char *name)
{
	struct resv_region r;

	assert_int_equal(resv_parse_line(line, &r), 0);
	assert_true(r.start == start);
	assert_true(r.end == end);
	assert_int_equal(r.type, type);
	assert_string_equal(r.type_name, name);
}

static void test_resv_types(void **state)
{
	struct resv_region r;
	uint64_t size;

	(void)state;
	expect_resv("0x00000000fee00000 0x00000000feefffff msi", 0xfee00000, 0xfeefffff,
		    RESV_MSI, "msi");
	expect_resv("0x000000007b800000 0x000000007fffffff direct", 0x7b800000, 0x7fffffff,
		    RESV_DIRECT, "direct");
	expect_resv("0x000000006c2a1000 0x000000006c2c0fff direct-relaxable\n", 0x6c2a1000,
		    0x6c2c0fff, RESV_DIRECT_RELAXABLE, "direct-relaxable");
	expect_resv("0x000000fd00000000 0x000000ffffffffff reserved", 0xfd00000000ULL,
		    0xffffffffffULL, RESV_RESERVED, "reserved");
	/* a type this tool does not know is kept, not rejected */
	expect_resv("0xf 0x1f new-kind", 0xf, 0x1f, RESV_OTHER, "new-kind");
	/* one byte */
	expect_resv("0x1000 0x1000 msi", 0x1000, 0x1000, RESV_MSI, "msi");

	assert_int_equal(resv_parse_line("0x1000 0x1fff direct", &r), 0);
	assert_true(resv_size(&r, &size));
	assert_true(size == 0x1000);
	/* the whole 64-bit space has no 64-bit size */
	assert_int_equal(resv_parse_line("0x0000000000000000 0xffffffffffffffff reserved", &r), 0);
	assert_false(resv_size(&r, &size));
}

static void test_resv_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"not a region",
		"0x00000000fee00000 0x00000000feefffff",		/* no type */
		"0x00000000fee00000",
		"0x0000000000001000 0x0000000000000fff direct",	/* end before start */
		"fee00000 feefffff msi",			/* no 0x */
		"0x 0x1 msi",
		"0xfee00000 0xfeefffff msi extra",
		"0xfee00000 0xfeefffff MSI",
		"0xfee00000 0xfeefffff ms!",
		"0x10000000000000000 0x10000000000000001 msi",	/* past 64 bits */
		"0xfee0000g 0xfeefffff msi",
		"0xfee00000 0xfeefffff a-type-name-that-is-far-too-long-to-keep",
	};
	struct resv_region r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(resv_parse_line(bad[i], &r), -EINVAL);
}

/* ---- PCI addresses and sorting ---- */

static void test_bdf_parse(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(bdf_parse("0000:00:02.0", out, sizeof(out)), 0);
	assert_string_equal(out, "0000:00:02.0");
	assert_int_equal(bdf_parse("00:02.0", out, sizeof(out)), 0);
	assert_string_equal(out, "0000:00:02.0");
	assert_int_equal(bdf_parse("0000:B5:1F.7", out, sizeof(out)), 0);
	assert_string_equal(out, "0000:b5:1f.7");
	assert_int_equal(bdf_parse("10000:e0:06.0", out, sizeof(out)), 0);	/* VMD domain */
	assert_string_equal(out, "10000:e0:06.0");

	static const char *const bad[] = {
		"", "0", "00:02", "00:02.", "00:2.0", "0:00:02.0", "000:00:02.0", "00:02.8",
		"00:20.0", "00:02.0x", "gg:02.0", "0000:00:02.0:", "/0000:00:02.0",
		"123456789:00:02.0", "0000::02.0", "00.02.0", "00:02:0",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(bdf_parse(bad[i], out, sizeof(out)), -EINVAL);
	assert_int_equal(bdf_parse("0000:00:02.0", out, 8), -ENAMETOOLONG);
}

static void test_sorting(void **state)
{
	(void)state;
	assert_true(sf_natcmp("dmar2", "dmar10") < 0);
	assert_true(sf_natcmp("dmar10", "dmar2") > 0);
	assert_true(sf_natcmp("dmar02", "dmar2") == 0);
	assert_true(sf_natcmp("ivhd0", "dmar0") > 0);
	/* hex in names keeps byte order */
	assert_true(sf_natcmp("smmu3.0x0000000009050000", "smmu3.0x000000000a050000") < 0);
	assert_true(sf_natcmp("a", "a") == 0);

	assert_true(sf_bdfcmp("0000:09:00.0", "0000:0a:00.0") < 0);
	assert_true(sf_bdfcmp("0000:00:1f.7", "0000:01:00.0") < 0);
	assert_true(sf_bdfcmp("0000:ff:00.0", "10000:00:00.0") < 0);
	assert_true(sf_bdfcmp("0000:00:02.1", "0000:00:02.0") > 0);
	/* platform names after addresses */
	assert_true(sf_bdfcmp("e0c00000.usb", "0000:00:02.0") > 0);
	assert_true(sf_bdfcmp("a.usb", "b.usb") < 0);
}

/* ---- kernel command line and release ---- */

static void test_cmdline(void **state)
{
	struct host_info h;
	int ma, mi;

	(void)state;
	memset(&h, 0, sizeof(h));
	host_parse_cmdline("BOOT_IMAGE=/vmlinuz ro quiet", &h);
	assert_int_equal(h.intel_iommu, -1);
	assert_int_equal(h.intel_sm, -1);
	assert_int_equal(h.amd_iommu_off, 0);
	assert_int_equal(h.passthrough, -1);
	assert_int_equal(h.strict, -1);

	host_parse_cmdline("root=/dev/sda intel_iommu=on,sm_on iommu.passthrough=0", &h);
	assert_int_equal(h.intel_iommu, 1);
	assert_int_equal(h.intel_sm, 1);
	assert_int_equal(h.passthrough, 0);

	/* later words win; sm_off alone does not say on/off */
	host_parse_cmdline("intel_iommu=sm_on intel_iommu=sm_off,igfx_off", &h);
	assert_int_equal(h.intel_iommu, -1);
	assert_int_equal(h.intel_sm, 0);

	host_parse_cmdline("intel_iommu=off amd_iommu=fullflush,off iommu=pt iommu.strict=y", &h);
	assert_int_equal(h.intel_iommu, 0);
	assert_int_equal(h.amd_iommu_off, 1);
	assert_int_equal(h.passthrough, 1);
	assert_int_equal(h.strict, 1);

	/* quoted values; after "--" the words belong to init */
	host_parse_cmdline("foo=\"a b intel_iommu=off\" iommu=nopt -- intel_iommu=off", &h);
	assert_int_equal(h.intel_iommu, -1);
	assert_int_equal(h.passthrough, 0);

	/* look-alikes are not the parameters */
	host_parse_cmdline("xintel_iommu=off intel_iommu_x=off iommu.passthrough=maybe", &h);
	assert_int_equal(h.intel_iommu, -1);
	assert_int_equal(h.passthrough, -1);

	assert_int_equal(host_parse_release("6.8.0-49-generic", &ma, &mi), 0);
	assert_int_equal(ma, 6);
	assert_int_equal(mi, 8);
	assert_int_equal(host_parse_release("7.2.13", &ma, &mi), 0);
	assert_int_equal(ma, 7);
	assert_int_equal(mi, 2);
	assert_int_equal(host_parse_release("6.13.0-rc3", &ma, &mi), 0);
	assert_int_equal(mi, 13);
	assert_int_equal(host_parse_release("linux", &ma, &mi), -1);
	assert_int_equal(host_parse_release("6", &ma, &mi), -1);
	assert_int_equal(host_parse_release("6.x", &ma, &mi), -1);
}

/* ---- readers on real files ---- */

struct tmpdir {
	char path[64];
};

static void write_file(const char *dir, const char *name, const void *data, size_t n)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static int setup_dir(void **state)
{
	struct tmpdir *t = malloc(sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->path, sizeof(t->path), "/tmp/iommuctl-test-XXXXXX");
	if (!mkdtemp(t->path)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int teardown_dir(void **state)
{
	struct tmpdir *t = *state;
	char cmd[128];
	int r;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->path);
	r = system(cmd);
	free(t);
	return r == 0 ? 0 : -1;
}

static void test_readers(void **state)
{
	struct tmpdir *t = *state;
	char p[256], buf[16], *text;
	uint64_t v;
	size_t len;
	char big[100];

	write_file(t->path, "cap", "d2008c40660462\n", 15);
	write_file(t->path, "hex0x", "0x8086\n", 7);
	write_file(t->path, "dec", "65536\n", 6);
	write_file(t->path, "empty", "\n", 1);
	write_file(t->path, "garbage", "12zz\n", 5);
	write_file(t->path, "nul", "ab\0cd\n", 6);
	memset(big, 'a', sizeof(big));
	write_file(t->path, "big", big, sizeof(big));

	snprintf(p, sizeof(p), "%s/cap", t->path);
	assert_int_equal(sf_read_hex(p, &v), 0);
	assert_true(v == 0xd2008c40660462ULL);
	assert_int_equal(sf_read_str(p, buf, sizeof(buf)), 14);
	assert_string_equal(buf, "d2008c40660462");
	assert_int_equal(sf_read_u64(p, &v), -EINVAL);	/* hex is not decimal */
	/* the newline must fit too: 15 bytes need a 16-byte buffer */
	assert_int_equal(sf_read_str(p, buf, 15), -EFBIG);

	snprintf(p, sizeof(p), "%s/hex0x", t->path);
	assert_int_equal(sf_read_hex(p, &v), 0);
	assert_true(v == 0x8086);
	snprintf(p, sizeof(p), "%s/dec", t->path);
	assert_int_equal(sf_read_u64(p, &v), 0);
	assert_true(v == 65536);
	snprintf(p, sizeof(p), "%s/empty", t->path);
	assert_int_equal(sf_read_str(p, buf, sizeof(buf)), -ENODATA);
	assert_int_equal(sf_read_hex(p, &v), -ENODATA);
	snprintf(p, sizeof(p), "%s/garbage", t->path);
	assert_int_equal(sf_read_hex(p, &v), -EINVAL);
	snprintf(p, sizeof(p), "%s/nul", t->path);
	assert_int_equal(sf_read_str(p, buf, sizeof(buf)), -EINVAL);
	snprintf(p, sizeof(p), "%s/big", t->path);
	assert_int_equal(sf_read_str(p, buf, sizeof(buf)), -EFBIG);
	assert_int_equal(sf_read_text(p, 1 << 20, &text, &len), 0);
	assert_int_equal(len, sizeof(big));
	free(text);
	assert_int_equal(sf_read_text(p, 50, &text, &len), -EFBIG);
	assert_null(text);
	assert_int_equal(sf_read_text(p, sizeof(big), &text, &len), 0);	/* exactly the limit */
	assert_int_equal(len, sizeof(big));
	free(text);
	snprintf(p, sizeof(p), "%s/missing", t->path);
	assert_int_equal(sf_read_str(p, buf, sizeof(buf)), -ENOENT);
	assert_int_equal(sf_read_text(p, 100, &text, &len), -ENOENT);
	assert_null(text);

	assert_string_equal(sf_why(-EACCES), "permission denied (needs root)");
	assert_string_equal(sf_why(EPERM), "permission denied (needs root)");
	assert_string_equal(sf_why(-ENOENT), "does not exist");
}

static void test_links_and_lists(void **state)
{
	struct tmpdir *t = *state;
	static const char *const names[] = { "10", "2", "1", "abc", ".gitkeep", "0" };
	char p[256], q[256], buf[32];
	struct sf_list l;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		write_file(t->path, names[i], "x", 1);
	snprintf(p, sizeof(p), "%s/link", t->path);
	assert_int_equal(symlink("../../kernel/iommu_groups/12", p), 0);
	assert_int_equal(sf_readlink_base(p, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "12");
	assert_int_equal(sf_readlink_base(p, buf, 2), -ENAMETOOLONG);
	snprintf(q, sizeof(q), "%s/trailing", t->path);
	assert_int_equal(symlink("../virtual/iommu/dmar0/", q), 0);
	assert_int_equal(sf_readlink_base(q, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "dmar0");
	snprintf(q, sizeof(q), "%s/1", t->path);
	assert_int_equal(sf_readlink_base(q, buf, sizeof(buf)), -EINVAL);	/* not a link */

	assert_int_equal(sf_list_dir(t->path, SF_SORT_NUMERIC, &l), 0);
	/* hidden names skipped; numbers in order, then the rest by name */
	assert_int_equal(l.n, 7);
	assert_string_equal(l.names[0], "0");
	assert_string_equal(l.names[1], "1");
	assert_string_equal(l.names[2], "2");
	assert_string_equal(l.names[3], "10");
	assert_string_equal(l.names[4], "abc");
	assert_string_equal(l.names[5], "link");
	assert_string_equal(l.names[6], "trailing");
	sf_list_free(&l);
	assert_int_equal(l.n, 0);

	snprintf(p, sizeof(p), "%s/nodir", t->path);
	assert_int_equal(sf_list_dir(p, SF_SORT_NAME, &l), -ENOENT);
	assert_false(sf_exists(p));
	assert_true(sf_is_dir(t->path));

	assert_int_equal(sf_path(buf, sizeof(buf), "/sys", "class/iommu/%s", "dmar0"), 0);
	assert_string_equal(buf, "/sys/class/iommu/dmar0");
	assert_int_equal(sf_path(buf, 10, "/sys", "class/iommu/%s", "dmar0"), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amd_current_order),
		cmocka_unit_test(test_amd_old_order),
		cmocka_unit_test(test_amd_single_value),
		cmocka_unit_test(test_amd_ambiguous),
		cmocka_unit_test(test_amd_malformed),
		cmocka_unit_test(test_resv_types),
		cmocka_unit_test(test_resv_malformed),
		cmocka_unit_test(test_bdf_parse),
		cmocka_unit_test(test_sorting),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test_setup_teardown(test_readers, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_links_and_lists, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
