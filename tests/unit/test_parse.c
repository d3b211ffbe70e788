// SPDX-License-Identifier: GPL-2.0-only
/*
 * parse_u64, parse_u32 and parse_reg at their edges: every rejection is a
 * usage error whose message names the argument.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json.h>

#include "cmd.h"
#include "error.h"
#include "output.h"

static char msg[512];

/* The error message of the current document (JSON mode), then a fresh one. */
static void take_msg(void)
{
	struct json_object *doc = out_take(), *e, *m;

	msg[0] = '\0';
	if (doc && json_object_object_get_ex(doc, "error", &e) &&
	    json_object_object_get_ex(e, "message", &m))
		snprintf(msg, sizeof(msg), "%s", json_object_get_string(m));
	json_object_put(doc);
	out_begin();
}

static int setup(void **state)
{
	(void)state;
	out_set_mode(true, false);
	out_begin();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	json_object_put(out_take());
	return 0;
}

static uint64_t u64_ok(const char *s, uint64_t max)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(parse_u64("ARG", s, max, &v), 0);
	take_msg();
	assert_string_equal(msg, "");
	return v;
}

/* A rejection: exit 2, the argument named, *out untouched. */
static void u64_bad(const char *s, uint64_t max, const char *says)
{
	uint64_t v = 77;

	assert_int_equal(parse_u64("ARG", s, max, &v), EXIT_USAGE);
	assert_int_equal(v, 77);
	take_msg();
	assert_non_null(strstr(msg, "ARG: "));
	assert_non_null(strstr(msg, says));
}

static void test_u64_accepts(void **state)
{
	(void)state;
	assert_int_equal(u64_ok("0", UINT64_MAX), 0);
	assert_int_equal(u64_ok("42", UINT64_MAX), 42);
	assert_int_equal(u64_ok("010", UINT64_MAX), 10);	/* decimal, never octal */
	assert_int_equal(u64_ok("0x10", UINT64_MAX), 16);
	assert_int_equal(u64_ok("0X1f", UINT64_MAX), 31);
	assert_int_equal(u64_ok("0x000000000000000000000001", UINT64_MAX), 1);
	assert_true(u64_ok("18446744073709551615", UINT64_MAX) == UINT64_MAX);
	assert_true(u64_ok("0xffffffffffffffff", UINT64_MAX) == UINT64_MAX);
	assert_int_equal(u64_ok("255", 255), 255);
	assert_int_equal(u64_ok("0xff", 255), 255);
	/* the decimal fast path (up to 19 digits) and past it */
	assert_true(u64_ok("9999999999999999999", UINT64_MAX) == 9999999999999999999u);
	assert_true(u64_ok("10000000000000000000", UINT64_MAX) == 10000000000000000000u);
	assert_int_equal(u64_ok("00000000000000000000000001", UINT64_MAX), 1);
	assert_int_equal(u64_ok("7", 7), 7);
}

static void test_u64_rejects(void **state)
{
	(void)state;
	u64_bad("", UINT64_MAX, "empty value");
	u64_bad(NULL, UINT64_MAX, "empty value");
	u64_bad("-1", UINT64_MAX, "not an unsigned number");
	u64_bad("+1", UINT64_MAX, "not an unsigned number");
	u64_bad(" 1", UINT64_MAX, "not an unsigned number");
	u64_bad("1 ", UINT64_MAX, "garbage at ' '");
	u64_bad("0x", UINT64_MAX, "'0x' is not a number");
	u64_bad("0xg", UINT64_MAX, "is not a number");
	u64_bad("0x0x5", UINT64_MAX, "garbage at 'x5'");	/* strtoull would take it as 5 */
	u64_bad("0X0X5", UINT64_MAX, "garbage at 'X5'");
	u64_bad("abc", UINT64_MAX, "'abc' is not a number");
	u64_bad("12abc", UINT64_MAX, "garbage at 'abc'");
	u64_bad("1.5", UINT64_MAX, "garbage at '.5'");
	u64_bad("18446744073709551616", UINT64_MAX, "out of range");
	u64_bad("99999999999999999999999", UINT64_MAX, "out of range");
	u64_bad("0x10000000000000000", UINT64_MAX, "out of range");
	u64_bad("256", 255, "out of range (maximum 255)");
	u64_bad("0x100", 255, "out of range");
	u64_bad("1", 0, "out of range (maximum 0)");
	u64_bad("8", 7, "out of range (maximum 7)");
	u64_bad("9999999999999999999", 7, "out of range");
	u64_bad("7x", UINT64_MAX, "garbage at 'x'");
	/* strtoull would take these; found by fuzzing */
	u64_bad("0x0x10", UINT64_MAX, "garbage at 'x10'");
	u64_bad("0X0x0000", UINT64_MAX, "garbage at 'x0000'");
	u64_bad("0x-1", UINT64_MAX, "is not a number");
}

static void test_u32(void **state)
{
	uint32_t v = 5;

	(void)state;
	assert_int_equal(parse_u32("N", "4294967295", &v), 0);
	assert_true(v == UINT32_MAX);
	take_msg();
	assert_int_equal(parse_u32("N", "0xffffffff", &v), 0);
	assert_true(v == UINT32_MAX);
	take_msg();
	v = 5;
	assert_int_equal(parse_u32("N", "4294967296", &v), EXIT_USAGE);
	assert_int_equal(v, 5);
	take_msg();
	assert_non_null(strstr(msg, "N: 4294967296 is out of range (maximum 4294967295)"));
	assert_int_equal(parse_u32("N", "-0", &v), EXIT_USAGE);
	take_msg();
	assert_non_null(strstr(msg, "N: '-0' is not an unsigned number"));
}

static uint64_t reg_ok(const char *s, unsigned bits)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(parse_reg("REG", s, bits, &v), 0);
	take_msg();
	assert_string_equal(msg, "");
	return v;
}

static void reg_bad(const char *s, unsigned bits, const char *says)
{
	uint64_t v = 77;

	assert_int_equal(parse_reg("REG", s, bits, &v), EXIT_USAGE);
	assert_int_equal(v, 77);
	take_msg();
	assert_non_null(strstr(msg, "REG: "));
	assert_non_null(strstr(msg, says));
}

static void test_reg_accepts(void **state)
{
	(void)state;
	/* hexadecimal always, as sysfs and dmesg print them: "10" is 16 */
	assert_int_equal(reg_ok("10", 64), 16);
	assert_int_equal(reg_ok("0x10", 64), 16);
	assert_int_equal(reg_ok("0XaB", 64), 0xab);
	assert_int_equal(reg_ok("0", 64), 0);
	assert_int_equal(reg_ok("0x0", 64), 0);
	assert_true(reg_ok("d2008c40660462", 64) == 0xd2008c40660462ULL);
	assert_true(reg_ok("0x81d2008c222f0606", 64) == 0x81d2008c222f0606ULL);
	assert_true(reg_ok("ffffffffffffffff", 64) == UINT64_MAX);
	/* leading zeros never overflow */
	assert_int_equal(reg_ok("0x00000000000000000000000001", 64), 1);
	assert_int_equal(reg_ok("000000000000ffffffff", 32), 0xffffffff);
	assert_int_equal(reg_ok("ffffffff", 32), 0xffffffff);
	/* widths that are not a multiple of four */
	assert_int_equal(reg_ok("1f", 5), 31);
	assert_int_equal(reg_ok("7", 3), 7);
}

static void test_reg_rejects(void **state)
{
	(void)state;
	reg_bad("", 64, "empty value");
	reg_bad(NULL, 64, "empty value");
	reg_bad("0x", 64, "'0x' has no hex digits");
	reg_bad("0X", 64, "has no hex digits");
	reg_bad("zz", 64, "'zz' is not a hexadecimal register value");
	reg_bad("12g4", 64, "not a hexadecimal register value");
	reg_bad("-1", 64, "not a hexadecimal register value");
	reg_bad("+1", 64, "not a hexadecimal register value");
	reg_bad(" 1", 64, "not a hexadecimal register value");
	reg_bad("1 ", 64, "not a hexadecimal register value");
	reg_bad("0x0x1", 64, "not a hexadecimal register value");
	reg_bad("10000000000000000", 64, "does not fit in a 64-bit register");
	reg_bad("0x1ffffffffffffffff", 64, "does not fit in a 64-bit register");
	reg_bad("100000000", 32, "does not fit in a 32-bit register");
	reg_bad("1ffffffff", 32, "does not fit in a 32-bit register");
	reg_bad("20", 5, "does not fit in a 5-bit register");
	reg_bad("8", 3, "does not fit in a 3-bit register");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_u64_accepts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_u64_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_u32, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reg_accepts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reg_rejects, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
