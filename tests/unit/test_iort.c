// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IORT parser: root complex nodes and their memory access flags in a
 * table laid out as QEMU's virt machine lays it out (an ITS group, an SMMUv3
 * and a root complex), built here byte by byte; malformed tables refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "iort.h"

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void fix_checksum(uint8_t *t, size_t len)
{
	uint8_t sum = 0;

	t[9] = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + t[i]);
	t[9] = (uint8_t)-sum;
}

/* header 48 bytes, then nodes of 24 (ITS), 68 (SMMUv3) and 56 (RC) bytes */
static size_t build(uint8_t *t, uint8_t rc_flags, uint32_t segment)
{
	size_t len = 48 + 24 + 68 + 56, off = 48;

	memset(t, 0, len);
	memcpy(t, "IORT", 4);
	put32(t + 4, (uint32_t)len);
	t[8] = 5;
	memcpy(t + 10, "BOCHS ", 6);
	memcpy(t + 16, "BXPC    ", 8);
	put32(t + 24, 1);
	put32(t + 36, 3);
	put32(t + 40, 48);
	t[off] = 0; t[off + 1] = 24;		/* ITS group */
	off += 24;
	t[off] = 4; t[off + 1] = 68;		/* SMMUv3 */
	off += 68;
	t[off] = 2; t[off + 1] = 56;		/* root complex */
	put32(t + off + 16, 1);			/* cache coherent */
	t[off + 23] = rc_flags;
	put32(t + off + 24, 0);			/* no ATS */
	put32(t + off + 28, segment);
	fix_checksum(t, len);
	return len;
}

static void test_qemu_layout(void **state)
{
	uint8_t t[256];
	struct iort_info io;
	const char *why;
	size_t len = build(t, 0x3, 0);

	(void)state;
	assert_int_equal(iort_parse(t, len, &io, &why), 0);
	assert_int_equal(io.revision, 5);
	assert_int_equal(io.n_nodes, 3);
	assert_int_equal(io.oem_revision, 1);
	assert_string_equal(io.oem_id, "BOCHS ");
	assert_int_equal(io.n_rc, 1);
	assert_int_equal(io.rc[0].node_offset, 48 + 24 + 68);
	assert_int_equal(io.rc[0].cca, 1);
	assert_int_equal(io.rc[0].mem_flags, IORT_MF_CPM | IORT_MF_DACS);
	assert_false(io.rc[0].mem_flags & IORT_MF_CANWBS);
	assert_ptr_equal(iort_rc_of_segment(&io, 0), &io.rc[0]);
	assert_null(iort_rc_of_segment(&io, 1));

	len = build(t, 0x7, 2);
	assert_int_equal(iort_parse(t, len, &io, &why), 0);
	assert_true(iort_rc_of_segment(&io, 2)->mem_flags & IORT_MF_CANWBS);
}

static void test_malformed(void **state)
{
	uint8_t t[256];
	struct iort_info io;
	const char *why;
	size_t len = build(t, 0x3, 0);

	(void)state;
	t[30] ^= 1;	/* checksum no longer adds up */
	assert_int_equal(iort_parse(t, len, &io, &why), -EINVAL);
	assert_string_equal(why, "bad checksum");
	len = build(t, 0x3, 0);
	assert_int_equal(iort_parse(t, len - 1, &io, &why), -EINVAL);
	assert_non_null(strstr(why, "length"));
	len = build(t, 0x3, 0);
	t[48 + 1] = 200;	/* the first node runs past the end */
	fix_checksum(t, len);
	assert_int_equal(iort_parse(t, len, &io, &why), -EINVAL);
	assert_string_equal(why, "a node has a bad length");
	memcpy(t, "DSDT", 4);
	assert_int_equal(iort_parse(t, len, &io, &why), -EINVAL);
	assert_int_equal(iort_parse(t, 20, &io, &why), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_layout),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
