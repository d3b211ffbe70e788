// SPDX-License-Identifier: GPL-2.0-only
/* The output layer: JSON strings are valid UTF-8, a message is one line, a
 * streamed array is what json-c prints for the whole array. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json.h>

#include "output.h"

static void expect_json_string(const char *in, const char *want)
{
	struct json_object *o = out_json_string(in);

	assert_string_equal(json_object_get_string(o), want);
	json_object_put(o);
}

static void test_utf8_kept(void **state)
{
	(void)state;
	expect_json_string("", "");
	expect_json_string("dmar0: cap 0x1", "dmar0: cap 0x1");
	expect_json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	expect_json_string("\xed\x9f\xbf \xf4\x8f\xbf\xbf", "\xed\x9f\xbf \xf4\x8f\xbf\xbf");
}

#define FFFD "\xef\xbf\xbd"

static void test_invalid_replaced(void **state)
{
	(void)state;
	/* stray bytes, one U+FFFD each */
	expect_json_string("a\xff" "b", "a" FFFD "b");
	expect_json_string("\x80\x80", FFFD FFFD);
	/* a character cut short, e.g. by a message buffer */
	expect_json_string("x\xe2\x82", "x" FFFD FFFD);
	/* overlong forms, surrogates, beyond U+10FFFF */
	expect_json_string("\xc0\xaf", FFFD FFFD);
	expect_json_string("\xe0\x80\xaf", FFFD FFFD FFFD);
	expect_json_string("\xed\xa0\x80", FFFD FFFD FFFD);
	expect_json_string("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	expect_json_string("\xf5\x80", FFFD FFFD);
}

static void test_message_one_line(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	/* a file's contents quoted in a message: newline, tab, ESC, DEL escaped;
	 * other bytes (UTF-8 included) kept (found by fuzzing) */
	out_put_message(f, "bad 'x\niommuctl: usage: y\t\x1b[2J\x7f caf\xc3\xa9'");
	fclose(f);
	assert_string_equal(buf, "bad 'x\\x0aiommuctl: usage: y\\x09\\x1b[2J\\x7f caf\xc3\xa9'\n");
	free(buf);
}

/* Elements of every shape: nested, empty containers, nulls, booleans, the
 * integer extremes of both signs, strings with every byte JSON escapes (and
 * '/', DEL and UTF-8, which it keeps). */
#define N_ELEMENTS 8
static struct json_object *element(int i)
{
	static const char *const texts[] = {
		"{\"line\":1,\"output\":{\"a\":[1,2,{\"b\":null}],\"s\":\"x\\ny\"}}",
		"{}",
		"[]",
		"{\"e\":{},\"f\":[],\"g\":[{}],\"h\":[null,true,false]}",
		"\"plain\"",
		"42",
	};
	struct json_object *o;
	char ctl[40];

	if (i < 6)
		return json_tokener_parse(texts[i]);
	o = json_object_new_object();
	if (i == 6) {
		json_object_object_add(o, "min", json_object_new_int64(INT64_MIN));
		json_object_object_add(o, "neg", json_object_new_int64(-1));
		json_object_object_add(o, "zero", json_object_new_int64(0));
		json_object_object_add(o, "max", json_object_new_int64(INT64_MAX));
		json_object_object_add(o, "umax", json_object_new_uint64(UINT64_MAX));
		json_object_object_add(o, "u63", json_object_new_uint64(1ull << 63));
		json_object_object_add(o, "usmall", json_object_new_uint64(7));
		json_object_object_add(o, "nil", NULL);
		return o;
	}
	for (int c = 1; c < 32; c++)
		ctl[c - 1] = (char)c;
	memcpy(ctl + 31, "\"\\/\x7f\xc3\xa9", 7);
	json_object_object_add(o, "ctl", json_object_new_string_len(ctl, 38));
	json_object_object_add(o, "k\"ey\n", json_object_new_string("v"));
	return o;
}

/* Output of the layer, in memory: begin with stdout pointed at a buffer,
 * end with it restored and the text in *buf (the caller frees it). */
static FILE *saved_stdout;

static void capture_begin(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	assert_non_null(f);
	saved_stdout = stdout;
	stdout = f;
}

static void capture_end(void)
{
	FILE *f = stdout;

	stdout = saved_stdout;
	fclose(f);
}

/* got is what json-c prints for model (and a newline); frees model. */
static void assert_json_c_text(const char *got, struct json_object *model, bool pretty)
{
	int flags = (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			    : JSON_C_TO_STRING_PLAIN) | JSON_C_TO_STRING_NOSLASHESCAPE;
	char *want;

	assert_int_not_equal(asprintf(&want, "%s\n", json_object_to_json_string_ext(model, flags)), -1);
	assert_string_equal(got, want);
	free(want);
	json_object_put(model);
}

/* n elements (and a trailing error when err) streamed print what a whole
 * json-c array of them prints. */
static void stream_vs_whole(bool pretty, int n, bool err)
{
	char *buf = NULL;
	size_t len = 0;
	struct json_object *whole = json_object_new_array();

	out_set_mode(true, pretty);
	out_begin();
	capture_begin(&buf, &len);
	out_stream_begin();
	for (int i = 0; i < n; i++) {
		out_stream_add(element(i % N_ELEMENTS));
		json_object_array_add(whole, element(i % N_ELEMENTS));
	}
	if (err) {
		struct json_object *e = json_object_new_object(), *el = json_object_new_object();

		json_object_object_add(e, "message", json_object_new_string("late"));
		out_set_error(e);
		json_object_object_add(el, "error", json_object_get(e));
		json_object_array_add(whole, el);
	}
	out_end();
	capture_end();
	assert_json_c_text(buf, whole, pretty);
	free(buf);
}

/* A whole document (out_end) is json-c's text of it too. */
static void document_vs_json_c(bool pretty, int i)
{
	char *buf = NULL;
	size_t len = 0;
	struct json_object *doc = json_object_new_object();

	out_set_mode(true, pretty);
	out_begin();
	print_json("el", element(i));
	json_object_object_add(doc, "el", element(i));
	capture_begin(&buf, &len);
	out_end();
	capture_end();
	assert_json_c_text(buf, doc, pretty);
	free(buf);
}

static void test_document(void **state)
{
	(void)state;
	for (int pretty = 0; pretty < 2; pretty++)
		for (int i = 0; i < N_ELEMENTS; i++)
			document_vs_json_c(pretty, i);
	out_set_mode(false, false);
}

static void test_stream_array(void **state)
{
	(void)state;
	for (int pretty = 0; pretty < 2; pretty++)
		for (int n = 0; n <= N_ELEMENTS + 1; n++) {
			stream_vs_whole(pretty, n, false);
			stream_vs_whole(pretty, n, true);
		}
	out_set_mode(false, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_kept),
		cmocka_unit_test(test_invalid_replaced),
		cmocka_unit_test(test_message_one_line),
		cmocka_unit_test(test_stream_array),
		cmocka_unit_test(test_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
