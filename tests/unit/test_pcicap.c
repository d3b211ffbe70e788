// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PCIe extended capability walker on crafted config spaces: short and
 * unprivileged reads, loops, pointers out of range, truncation, and the
 * decoding of PASID, ATS and PRI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pcicap.h"

static uint8_t cfg[8192];

static void put16(size_t off, uint16_t v)
{
	cfg[off] = (uint8_t)v;
	cfg[off + 1] = (uint8_t)(v >> 8);
}

static void put32(size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		cfg[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static void hdr(size_t off, uint16_t id, uint16_t next)
{
	put32(off, id | 1u << 16 | (uint32_t)next << 20);
}

static int reset(void **state)
{
	(void)state;
	memset(cfg, 0, sizeof(cfg));
	return 0;
}

static void test_space_sizes(void **state)
{
	struct pcicap_info info;
	char why[200];

	(void)state;
	/* the unprivileged read: never "absent" */
	pcicap_parse(cfg, 64, &info);
	assert_int_equal(info.space, PCICAP_SPACE_UNPRIVILEGED);
	assert_int_equal(info.walk, PCICAP_WALK_SKIPPED);
	assert_false(info.pasid.present);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_non_null(strstr(why, "extended config space unreadable (needs root)"));
	/* cardbus-sized unprivileged reads are 128 bytes */
	pcicap_parse(cfg, 128, &info);
	assert_int_equal(info.space, PCICAP_SPACE_UNPRIVILEGED);
	/* shorter than any header */
	pcicap_parse(cfg, 0, &info);
	assert_int_equal(info.space, PCICAP_SPACE_TRUNCATED);
	pcicap_parse(cfg, 40, &info);
	assert_int_equal(info.space, PCICAP_SPACE_TRUNCATED);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_non_null(strstr(why, "truncated"));
	/* conventional PCI */
	pcicap_parse(cfg, 256, &info);
	assert_int_equal(info.space, PCICAP_SPACE_CONVENTIONAL);
	assert_int_equal(info.n_caps, 0);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_non_null(strstr(why, "conventional"));
}

static void test_no_caps(void **state)
{
	struct pcicap_info info;
	char why[200];

	(void)state;
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.space, PCICAP_SPACE_EXTENDED);
	assert_int_equal(info.walk, PCICAP_WALK_NONE);
	assert_int_equal(info.n_caps, 0);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_string_equal(why, "");
	/* all ones: a device that is gone */
	put32(0x100, 0xffffffff);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_NONE);
	assert_int_equal(info.n_caps, 0);
}

static void test_pasid_ats_pri(void **state)
{
	struct pcicap_info info;

	(void)state;
	hdr(0x100, 0x0001, 0x1c0);		/* AER */
	hdr(0x1c0, PCI_EXT_CAP_ID_ATS, 0x230);
	put16(0x1c4, 0x0020 | 0x0040);	/* depth 0 (= 32), page aligned, global */
	put16(0x1c6, 0x8000 | 3);		/* enabled, STU 3 */
	hdr(0x230, PCI_EXT_CAP_ID_PASID, 0x240);
	put16(0x234, 20 << 8 | 0x6);		/* 20 bits, exec, priv */
	put16(0x236, 0x5);			/* enabled, priv enabled */
	hdr(0x240, PCI_EXT_CAP_ID_PRI, 0);
	put16(0x244, 0x0001);			/* enabled */
	put16(0x246, 0x8000 | 0x0100 | 0x0002 | 0x0001);
	put32(0x248, 512);
	put32(0x24c, 256);

	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_OK);
	assert_int_equal(info.n_caps, 4);
	assert_int_equal(info.caps[0].id, 1);
	assert_int_equal(info.caps[0].offset, 0x100);
	assert_int_equal(info.caps[3].id, PCI_EXT_CAP_ID_PRI);
	assert_int_equal(info.caps[3].version, 1);

	assert_true(info.ats.present);
	assert_int_equal(info.ats.offset, 0x1c0);
	assert_int_equal(info.ats.queue_depth, 32);
	assert_true(info.ats.page_aligned);
	assert_true(info.ats.global_inval);
	assert_true(info.ats.enabled);
	assert_int_equal(info.ats.stu, 3);

	assert_true(info.pasid.present);
	assert_int_equal(info.pasid.max_width, 20);
	assert_true(info.pasid.exec_supported);
	assert_true(info.pasid.priv_supported);
	assert_true(info.pasid.enabled);
	assert_false(info.pasid.exec_enabled);
	assert_true(info.pasid.priv_enabled);

	assert_true(info.pri.present);
	assert_true(info.pri.enabled);
	assert_false(info.pri.reset);
	assert_true(info.pri.response_failure);
	assert_true(info.pri.unexpected_index);
	assert_true(info.pri.stopped);
	assert_true(info.pri.pasid_required);
	assert_int_equal(info.pri.capacity, 512);
	assert_int_equal(info.pri.allocation, 256);

	assert_string_equal(pcicap_name(PCI_EXT_CAP_ID_PASID), "PASID");
	assert_null(pcicap_name(0x7fff));
}

static void test_ats_depth(void **state)
{
	struct pcicap_info info;

	(void)state;
	hdr(0x100, PCI_EXT_CAP_ID_ATS, 0);
	put16(0x104, 5);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.ats.queue_depth, 5);
	assert_false(info.ats.enabled);
	assert_false(info.pasid.present);
	assert_false(info.pri.present);
}

static void test_loops(void **state)
{
	struct pcicap_info info;
	char why[200];

	(void)state;
	/* a header pointing at itself */
	hdr(0x100, 0x0001, 0x100);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_LOOP);
	assert_int_equal(info.n_caps, 1);
	assert_int_equal(info.walk_at, 0x100);
	assert_int_equal(info.walk_ptr, 0x100);

	/* a longer cycle; what was found before it still counts */
	hdr(0x100, 0x0001, 0x200);
	hdr(0x200, PCI_EXT_CAP_ID_PASID, 0x300);
	put16(0x204, 16 << 8);
	hdr(0x300, 0x0003, 0x200);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_LOOP);
	assert_int_equal(info.n_caps, 3);
	assert_int_equal(info.walk_at, 0x300);
	assert_int_equal(info.walk_ptr, 0x200);
	assert_true(info.pasid.present);
	assert_int_equal(info.pasid.max_width, 16);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_non_null(strstr(why, "loops"));
}

static void test_bad_pointers(void **state)
{
	struct pcicap_info info;
	char why[200];

	(void)state;
	/* into the conventional space */
	hdr(0x100, PCI_EXT_CAP_ID_ATS, 0x0fc);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_BAD_PTR);
	assert_int_equal(info.walk_ptr, 0x0fc);
	assert_true(info.ats.present);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_non_null(strstr(why, "0x0fc"));

	/* the two low bits are reserved: 0x003 is the end of the list */
	hdr(0x100, 0x0001, 0x003);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_OK);
	assert_int_equal(info.n_caps, 1);

	/* an unaligned pointer is aligned down, as the kernel does */
	hdr(0x100, 0x0001, 0x202);
	hdr(0x200, PCI_EXT_CAP_ID_PRI, 0);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_OK);
	assert_true(info.pri.present);
	assert_int_equal(info.pri.offset, 0x200);
}

static void test_truncated(void **state)
{
	struct pcicap_info info;
	char why[200];

	(void)state;
	/* next lies past what was read */
	hdr(0x100, 0x0001, 0x200);
	pcicap_parse(cfg, 300, &info);
	assert_int_equal(info.walk, PCICAP_WALK_TRUNCATED);
	assert_int_equal(info.walk_at, 0x200);
	assert_int_equal(info.n_caps, 1);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_non_null(strstr(why, "past the end"));

	/* a header whose body is cut off: the body is not decoded */
	reset(NULL);
	hdr(0x100, 0x0001, 0xffc);
	hdr(0xffc, PCI_EXT_CAP_ID_PRI, 0);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_TRUNCATED);
	assert_int_equal(info.walk_at, 0xffc);
	assert_int_equal(info.n_caps, 2);
	assert_false(info.pri.present);

	/* the first header itself cut off */
	reset(NULL);
	hdr(0x100, PCI_EXT_CAP_ID_PASID, 0);
	pcicap_parse(cfg, 258, &info);
	assert_int_equal(info.walk, PCICAP_WALK_TRUNCATED);
	assert_int_equal(info.n_caps, 0);
	pcicap_parse(cfg, 262, &info);	/* header fits, body does not */
	assert_int_equal(info.walk, PCICAP_WALK_TRUNCATED);
	assert_int_equal(info.n_caps, 1);
	assert_false(info.pasid.present);
	pcicap_parse(cfg, 264, &info);
	assert_int_equal(info.walk, PCICAP_WALK_OK);
	assert_true(info.pasid.present);
}

static void test_large_and_many(void **state)
{
	struct pcicap_info info;
	char why[200];

	(void)state;
	/* more than 4 KiB read: nothing past 4 KiB is used */
	hdr(0x100, 0x0001, 0);
	pcicap_parse(cfg, sizeof(cfg), &info);
	assert_int_equal(info.walk, PCICAP_WALK_OK);

	/* a chain through every dword: bounded, and the count is capped */
	reset(NULL);
	for (size_t off = 0x100; off < 0x1000; off += 4)
		hdr(off, 0x000b, off + 4 < 0x1000 ? (uint16_t)(off + 4) : 0);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_OK);
	assert_int_equal(info.n_caps, PCICAP_MAX);
	assert_true(info.more);
	pcicap_walk_text(&info, why, sizeof(why));
	assert_non_null(strstr(why, "more than"));

	/* the same chain closed into a loop at the very end */
	hdr(0xffc, 0x000b, 0x100);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.walk, PCICAP_WALK_LOOP);
	assert_int_equal(info.walk_at, 0xffc);

	/* the first of two PASID capabilities counts */
	reset(NULL);
	hdr(0x100, PCI_EXT_CAP_ID_PASID, 0x200);
	put16(0x104, 8 << 8);
	hdr(0x200, PCI_EXT_CAP_ID_PASID, 0);
	put16(0x204, 20 << 8);
	pcicap_parse(cfg, 4096, &info);
	assert_int_equal(info.pasid.max_width, 8);
	assert_int_equal(info.pasid.offset, 0x100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_space_sizes, reset),
		cmocka_unit_test_setup(test_no_caps, reset),
		cmocka_unit_test_setup(test_pasid_ats_pri, reset),
		cmocka_unit_test_setup(test_ats_depth, reset),
		cmocka_unit_test_setup(test_loops, reset),
		cmocka_unit_test_setup(test_bad_pointers, reset),
		cmocka_unit_test_setup(test_truncated, reset),
		cmocka_unit_test_setup(test_large_and_many, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
