// SPDX-License-Identifier: GPL-2.0-only
/*
 * The batch/shell tokenizer, fed a batch file the way batch.c feeds it:
 * physical lines joined while tokenize() says TOK_CONTINUE. Checks: the
 * words lie in the tokenizer's buffer one after another, each ended by one
 * NUL (a NUL inside a word would show as a gap); quoting every word again
 * and tokenizing the result gives the same words, and so does splitting in
 * place (tokenize_in_place); input that ends inside a quote or continuation
 * is reported as such.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tokenize.h"

/* 'word' with each ' written as '\'' (close, escaped quote, reopen). */
static size_t quote(const char *w, char *out)
{
	size_t n = 0;

	out[n++] = '\'';
	for (; *w; w++) {
		if (*w == '\'') {
			memcpy(out + n, "'\\''", 4);
			n += 4;
		} else {
			out[n++] = *w;
		}
	}
	out[n++] = '\'';
	return n;
}

static void check_words(const char *line, size_t len, const struct tokens *t)
{
	size_t total = 0, qlen = 0;
	struct tokens again;
	const char *why = NULL;
	char *q;

	FUZZ_CHECK(t->argc >= 0 && t->argc <= TOK_MAX_WORDS);
	FUZZ_CHECK(t->argv[t->argc] == NULL);
	for (int i = 0; i < t->argc; i++) {
		size_t wl = strlen(t->argv[i]);

		FUZZ_CHECK(t->argv[i] >= t->buf && t->argv[i] + wl < t->buf + len + 1);
		if (i + 1 < t->argc)
			FUZZ_CHECK_MSG(t->argv[i + 1] == t->argv[i] + wl + 1, line);
		total += wl + 1;
		qlen += 4 * wl + 3;
	}
	FUZZ_CHECK(total <= len + 1);

	q = malloc(qlen + 1);
	if (!q)
		abort();
	qlen = 0;
	for (int i = 0; i < t->argc; i++) {
		qlen += quote(t->argv[i], q + qlen);
		q[qlen++] = ' ';
	}
	FUZZ_CHECK(tokenize(q, qlen, &again, &why) == TOK_OK);
	FUZZ_CHECK(again.argc == t->argc);
	for (int i = 0; i < t->argc; i++)
		FUZZ_CHECK_MSG(!strcmp(again.argv[i], t->argv[i]), line);
	tokens_free(&again);
	free(q);
}

/* tokenize_in_place() on a copy (as batch.c calls it) gives the same words. */
static void same_in_place(const char *line, size_t len, const struct tokens *t)
{
	char *copy = malloc(len + 1);
	struct tok_store store = { 0 };
	struct tokens p;
	const char *why = NULL;

	if (!copy)
		abort();
	memcpy(copy, line, len);
	copy[len] = '\0';
	FUZZ_CHECK(tokenize_in_place(copy, len, &p, &store, &why) == TOK_OK);
	FUZZ_CHECK(p.argc == t->argc && p.argv[p.argc] == NULL);
	for (int i = 0; i < t->argc; i++)
		FUZZ_CHECK_MSG(!strcmp(p.argv[i], t->argv[i]), line);
	tok_store_free(&store);
	free(copy);
}

void fuzz_tokenize(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	char *logical = malloc(size + 2);
	size_t pos = 0, llen = 0;

	if (!logical)
		abort();
	while (pos < size) {
		const char *nl = memchr(in + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - (in + pos)) : size - pos;
		struct tokens t;
		const char *why = NULL;
		enum tok_status st;

		if (llen)
			logical[llen++] = '\n';
		memcpy(logical + llen, in + pos, n);
		llen += n;
		pos += n + (nl ? 1 : 0);

		st = tokenize(logical, llen, &t, &why);
		FUZZ_CHECK(st == TOK_OK || st == TOK_CONTINUE || st == TOK_ERR_TOO_MANY ||
			   st == TOK_ERR_NUL);
		if (st == TOK_CONTINUE) {
			FUZZ_CHECK(why && *why);
			FUZZ_CHECK(t.buf == NULL);
			continue;
		}
		if (st == TOK_OK) {
			check_words(logical, llen, &t);
			same_in_place(logical, llen, &t);
			tokens_free(&t);
		} else {
			FUZZ_CHECK(why && *why);
			FUZZ_CHECK(t.buf == NULL);
		}
		llen = 0;
	}
	free(logical);
}
