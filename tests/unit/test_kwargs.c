// SPDX-License-Identifier: GPL-2.0-only
/* Keyword arguments and sizes: every malformed input is a usage error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json.h>

#include "error.h"
#include "kwargs.h"
#include "output.h"

/* Run f in JSON mode; return its exit code and the error message. */
static char msg[512];

static int quiet(int rc)
{
	struct json_object *doc = out_take(), *e, *m;

	msg[0] = '\0';
	if (doc && json_object_object_get_ex(doc, "error", &e) &&
	    json_object_object_get_ex(e, "message", &m))
		snprintf(msg, sizeof(msg), "%s", json_object_get_string(m));
	json_object_put(doc);
	out_begin();
	return rc;
}

static int setup(void **state)
{
	(void)state;
	out_set_mode(true, false);
	out_begin();
	return 0;
}

static void test_sizes(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(quiet(parse_size("length", "4096", &v)), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(quiet(parse_size("length", "4k", &v)), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(quiet(parse_size("length", "2M", &v)), 0);
	assert_int_equal(v, 2u << 20);
	assert_int_equal(quiet(parse_size("length", "1G", &v)), 0);
	assert_int_equal(v, 1u << 30);
	assert_int_equal(quiet(parse_size("length", "0x10M", &v)), 0);
	assert_int_equal(v, 16u << 20);
	assert_int_equal(quiet(parse_size("length", "0x1000", &v)), 0);
	assert_int_equal(v, 0x1000);
	assert_int_equal(quiet(parse_size("length", "", &v)), EXIT_USAGE);
	assert_int_equal(quiet(parse_size("length", "k", &v)), EXIT_USAGE);
	assert_int_equal(quiet(parse_size("length", "-4k", &v)), EXIT_USAGE);
	assert_int_equal(quiet(parse_size("length", "4x", &v)), EXIT_USAGE);
	assert_int_equal(quiet(parse_size("length", "17179869184G", &v)), EXIT_USAGE);
	assert_non_null(strstr(msg, "out of range"));
	assert_int_equal(quiet(parse_size("length", "16777215G", &v)), 0);
	/* any number of leading zeros before a suffix (found by fuzzing) */
	assert_int_equal(quiet(parse_size("length", "0000000000000000000000000000000004k", &v)), 0);
	assert_true(v == 4096);
}

static void test_keywords(void **state)
{
	uint64_t iova = 0, len = 0;
	bool ro = false;
	const char *s = NULL;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW("length", KW_SIZE, &len),
		KW("readonly", KW_FLAG, &ro),
		KW("file", KW_STR, &s),
	};
	char *ok[] = { "length", "8k", "readonly", "iova", "0x1000", "file", "/x" };
	char *dup[] = { "iova", "1", "iova", "2" };
	char *unk[] = { "iova", "1", "lenght", "2" };
	char *noval[] = { "iova" };

	(void)state;
	assert_int_equal(quiet(parse_kwargs("t", 7, ok, kw, 4)), 0);
	assert_int_equal(iova, 0x1000);
	assert_int_equal(len, 8192);
	assert_true(ro);
	assert_string_equal(s, "/x");
	assert_true(kw_seen(kw, 4, "readonly"));
	assert_int_equal(quiet(kw_require("t", kw, 4, "length")), 0);

	for (size_t i = 0; i < 4; i++)
		kw[i].seen = false;
	assert_int_equal(quiet(parse_kwargs("t", 4, dup, kw, 4)), EXIT_USAGE);
	assert_string_equal(msg, "t: keyword 'iova' given twice");
	for (size_t i = 0; i < 4; i++)
		kw[i].seen = false;
	assert_int_equal(quiet(parse_kwargs("t", 4, unk, kw, 4)), EXIT_USAGE);
	assert_string_equal(msg, "t: unknown keyword 'lenght'; expected iova, length, readonly or file");
	for (size_t i = 0; i < 4; i++)
		kw[i].seen = false;
	assert_int_equal(quiet(parse_kwargs("t", 1, noval, kw, 4)), EXIT_USAGE);
	assert_string_equal(msg, "t: keyword 'iova' needs a value");
	assert_int_equal(quiet(kw_require("t", kw, 4, "length")), EXIT_USAGE);
	assert_string_equal(msg, "t: missing keyword 'length'");
}

static void test_names(void **state)
{
	const char *name = NULL;
	struct kwarg kw[] = { KW("name", KW_NAME, &name) };
	char *bad1[] = { "name", "1abc" };
	char *bad2[] = { "name", "a b" };
	char *good[] = { "name", "s1.parent-0_x" };

	(void)state;
	assert_int_equal(quiet(parse_kwargs("t", 2, bad1, kw, 1)), EXIT_USAGE);
	assert_non_null(strstr(msg, "names start with a letter"));
	kw[0].seen = false;
	assert_int_equal(quiet(parse_kwargs("t", 2, bad2, kw, 1)), EXIT_USAGE);
	kw[0].seen = false;
	assert_int_equal(quiet(parse_kwargs("t", 2, good, kw, 1)), 0);
	assert_string_equal(name, "s1.parent-0_x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
