// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "tokenize.h"

void tokens_free(struct tokens *t)
{
	free(t->buf);
	free(t->argv);
	t->buf = NULL;
	t->argv = NULL;
	t->argc = 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Bytes that end a run of plain word characters: whitespace, quotes, the
 * escape, and NUL (refused). Words are mostly plain: a run is copied at
 * once instead of a byte at a time through the state machine. */
static const unsigned char word_stop[256] = {
	['\0'] = 1, [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
	['\''] = 1, ['"'] = 1, ['\\'] = 1,
};

/* words never grow: len + 1 bytes suffice; a word and its separator take
 * two bytes at least */
static size_t max_words(size_t len)
{
	return len / 2 + 1 < TOK_MAX_WORDS ? len / 2 + 1 : TOK_MAX_WORDS;
}

/* The splitting, into t->buf (len + 1 bytes) and t->argv (max_words + 1). */
static enum tok_status split(const char *line, size_t len, struct tokens *t, const char **why)
{
	enum { OUT, WORD, SQ, DQ } st = OUT;
	size_t max = max_words(len);
	char *o = t->buf;
	size_t i;

	t->argc = 0;

	for (i = 0; i < len; i++) {
		char c = line[i];

		if (c == '\0')
			goto nul;
		switch (st) {
		case OUT:
			if (is_space(c))
				continue;
			if (c == '#')
				goto done;
			if (c == '\\' && i + 1 < len && line[i + 1] == '\n') {
				i++;	/* a continuation between words starts none */
				continue;
			}
			if ((size_t)t->argc >= max) {
				*why = "too many words in one command (at most " TOK_MAX_WORDS_STR ")";
				return TOK_ERR_TOO_MANY;
			}
			t->argv[t->argc++] = o;
			st = WORD;
			/* fall through: the first character belongs to the word */
			/* FALLTHROUGH */
		case WORD:
			if (!word_stop[(unsigned char)c]) {
				do
					*o++ = line[i++];
				while (i < len && !word_stop[(unsigned char)line[i]]);
				i--;	/* the loop's i++ */
				break;
			}
			if (is_space(c)) {
				*o++ = '\0';
				st = OUT;
			} else if (c == '\'') {
				st = SQ;
			} else if (c == '"') {
				st = DQ;
			} else if (c == '\\') {
				if (i + 1 >= len)
					goto cont;
				if (line[i + 1] == '\n') {	/* continuation joins words */
					i++;
					continue;
				}
				if (line[i + 1] == '\0')	/* would end the word unseen */
					goto nul;
				*o++ = line[++i];
			} else {
				*o++ = c;
			}
			break;
		case SQ:
			if (c == '\'')
				st = WORD;
			else
				*o++ = c;
			break;
		case DQ:
			if (c == '"') {
				st = WORD;
			} else if (c == '\\' && i + 1 < len &&
				   (line[i + 1] == '"' || line[i + 1] == '\\')) {
				*o++ = line[++i];
			} else if (c == '\\' && i + 1 < len && line[i + 1] == '\n') {
				i++;
			} else {
				*o++ = c;
			}
			break;
		}
	}
	if (st == SQ || st == DQ)
		goto cont;
done:
	if (st == WORD)
		*o++ = '\0';
	t->argv[t->argc] = NULL;
	return TOK_OK;
nul:
	*why = "NUL byte in line";
	return TOK_ERR_NUL;
cont:
	*why = st == SQ ? "unterminated single quote" :
	       st == DQ ? "unterminated double quote" : "line continuation at end of input";
	return TOK_CONTINUE;
}

enum tok_status tokenize(const char *line, size_t len, struct tokens *t, const char **why)
{
	enum tok_status ts;

	t->argc = 0;
	t->buf = malloc(len + 1);
	t->argv = calloc(max_words(len) + 1, sizeof(*t->argv));
	if (!t->buf || !t->argv) {
		tokens_free(t);
		*why = "out of memory";
		return TOK_ERR_NOMEM;
	}
	ts = split(line, len, t, why);
	if (ts != TOK_OK)
		tokens_free(t);
	return ts;
}

enum tok_status tokenize_in(const char *line, size_t len, struct tokens *t, struct tok_store *s,
			    const char **why)
{
	size_t words = max_words(len) + 1;
	enum tok_status ts;

	if (s->buf_cap < len + 1) {
		char *b = realloc(s->buf, len + 1);

		if (!b)
			goto nomem;
		s->buf = b;
		s->buf_cap = len + 1;
	}
	if (s->argv_cap < words) {
		char **a = realloc(s->argv, words * sizeof(*a));

		if (!a)
			goto nomem;
		s->argv = a;
		s->argv_cap = words;
	}
	t->buf = s->buf;
	t->argv = s->argv;
	ts = split(line, len, t, why);
	if (ts != TOK_OK) {
		t->argc = 0;
		t->argv = NULL;
		t->buf = NULL;
	}
	return ts;
nomem:
	t->argc = 0;
	t->argv = NULL;
	t->buf = NULL;
	*why = "out of memory";
	return TOK_ERR_NOMEM;
}

static const unsigned char space[256] = {
	[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
};

enum tok_status tokenize_in_place(char *line, size_t len, struct tokens *t, struct tok_store *s,
				  const char **why)
{
	size_t max = max_words(len), i = 0;

	/* a quote, the escape, a comment or a NUL (strcspn stops at it too):
	 * the words are not the line's bytes */
	if (strcspn(line, "'\"\\#") != len)
		return tokenize_in(line, len, t, s, why);
	if (s->argv_cap < max + 1) {
		char **a = realloc(s->argv, (max + 1) * sizeof(*a));

		if (!a) {
			*t = (struct tokens){ 0 };
			*why = "out of memory";
			return TOK_ERR_NOMEM;
		}
		s->argv = a;
		s->argv_cap = max + 1;
	}
	t->argc = 0;
	t->argv = s->argv;
	t->buf = line;
	/* line[len] is the only NUL (strcspn above), and not a space: the
	 * loops stop at it without counting */
	for (;;) {
		while (space[(unsigned char)line[i]])
			i++;
		if (i == len)
			break;
		if ((size_t)t->argc >= max) {
			*t = (struct tokens){ 0 };
			*why = "too many words in one command (at most " TOK_MAX_WORDS_STR ")";
			return TOK_ERR_TOO_MANY;
		}
		t->argv[t->argc++] = line + i;
		/* eight bytes at a time while none is at or below ' ' (every
		 * space is), then byte by byte */
		while (i + 8 <= len) {
			uint64_t x;

			memcpy(&x, line + i, 8);
			if ((x - 0x2121212121212121u) & ~x & 0x8080808080808080u)
				break;
			i += 8;
		}
		while (line[i] && !space[(unsigned char)line[i]])
			i++;
		line[i] = '\0';	/* line[len] is a NUL already */
		i += i < len;
	}
	t->argv[t->argc] = NULL;
	return TOK_OK;
}

void tok_store_free(struct tok_store *s)
{
	free(s->buf);
	free(s->argv);
	*s = (struct tok_store){ 0 };
}
