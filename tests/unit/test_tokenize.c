// SPDX-License-Identifier: GPL-2.0-only
/* The batch/shell tokenizer: quoting, escapes, comments, continuation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tokenize.h"

static enum tok_status tok(const char *s, struct tokens *t)
{
	const char *why = NULL;

	return tokenize(s, strlen(s), t, &why);
}

static void assert_words(const struct tokens *t, int n, const char *const *words)
{
	assert_int_equal(t->argc, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(t->argv[i], words[i]);
	assert_null(t->argv[n]);
}

/* The words of line, by tokenize() and by tokenize_in_place() on a copy. */
static void expect_words(const char *line, int n, const char *const *words)
{
	struct tokens t;
	struct tok_store store = { 0 };
	char *copy = strdup(line);
	const char *why = NULL;

	assert_int_equal(tok(line, &t), TOK_OK);
	assert_words(&t, n, words);
	tokens_free(&t);

	assert_non_null(copy);
	assert_int_equal(tokenize_in_place(copy, strlen(copy), &t, &store, &why), TOK_OK);
	assert_words(&t, n, words);
	tok_store_free(&store);
	free(copy);
}

static void test_plain_words(void **state)
{
	(void)state;
	expect_words("hwpt alloc  dev0\tparent p0", 5,
		     (const char *[]){ "hwpt", "alloc", "dev0", "parent", "p0" });
	expect_words("   ", 0, NULL);
	expect_words("", 0, NULL);
	/* the in-place path: words end at any whitespace, however much */
	expect_words("\thwpt  invalidate\r n \v iotlb-id\f1   ", 5,
		     (const char *[]){ "hwpt", "invalidate", "n", "iotlb-id", "1" });
	expect_words("x", 1, (const char *[]){ "x" });
}

static void test_comments(void **state)
{
	(void)state;
	expect_words("# whole line", 0, NULL);
	expect_words("ioas alloc # trailing", 2, (const char *[]){ "ioas", "alloc" });
	/* # inside a word is literal */
	expect_words("name a#b", 2, (const char *[]){ "name", "a#b" });
}

static void test_quotes(void **state)
{
	(void)state;
	expect_words("echo 'a b' \"c d\"", 3, (const char *[]){ "echo", "a b", "c d" });
	expect_words("x 'it''s'", 2, (const char *[]){ "x", "its" });
	expect_words("x \"q\\\"uote\\\\\"", 2, (const char *[]){ "x", "q\"uote\\" });
	expect_words("x '\\n'", 2, (const char *[]){ "x", "\\n" });
	expect_words("x ''", 2, (const char *[]){ "x", "" });
	expect_words("x 'a'\"b\"c", 2, (const char *[]){ "x", "abc" });
}

static void test_escapes(void **state)
{
	(void)state;
	expect_words("a\\ b c", 2, (const char *[]){ "a b", "c" });
	expect_words("a \\# b", 3, (const char *[]){ "a", "#", "b" });
}

static void test_continuation(void **state)
{
	struct tokens t;

	(void)state;
	assert_int_equal(tok("ioas alloc \\", &t), TOK_CONTINUE);
	assert_int_equal(tok("ioas 'open", &t), TOK_CONTINUE);
	assert_int_equal(tok("ioas \"open", &t), TOK_CONTINUE);
	/* joined by the reader with "\n": backslash-newline vanishes */
	expect_words("ioas \\\nalloc", 2, (const char *[]){ "ioas", "alloc" });
	expect_words("ioas \\\n  alloc", 2, (const char *[]){ "ioas", "alloc" });
	/* a newline inside quotes is kept */
	expect_words("x 'a\nb'", 2, (const char *[]){ "x", "a\nb" });
}

static void test_errors(void **state)
{
	struct tokens t;
	const char *why = NULL;
	char big[TOK_MAX_WORDS * 2 + 4];
	const char nul[] = "ab\0cd", escaped_nul[] = "ab\\\0cd e";

	(void)state;
	assert_int_equal(tokenize(nul, sizeof(nul) - 1, &t, &why), TOK_ERR_NUL);
	assert_string_equal(why, "NUL byte in line");
	/* an escaped NUL would have cut the word short unseen (found by fuzzing) */
	why = NULL;
	assert_int_equal(tokenize(escaped_nul, sizeof(escaped_nul) - 1, &t, &why), TOK_ERR_NUL);
	assert_string_equal(why, "NUL byte in line");
	for (size_t i = 0; i < TOK_MAX_WORDS + 1; i++) {
		big[2 * i] = 'w';
		big[2 * i + 1] = ' ';
	}
	big[2 * (TOK_MAX_WORDS + 1)] = '\0';
	assert_int_equal(tok(big, &t), TOK_ERR_TOO_MANY);
	big[2 * TOK_MAX_WORDS] = '\0';
	assert_int_equal(tok(big, &t), TOK_OK);
	assert_int_equal(t.argc, TOK_MAX_WORDS);
	tokens_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
