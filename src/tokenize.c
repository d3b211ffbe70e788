// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stdlib.h>
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

enum tok_status tokenize(const char *line, size_t len, struct tokens *t, const char **why)
{
	enum { OUT, WORD, SQ, DQ } st = OUT;
	char *o;
	size_t i;

	/* words never grow: len + 1 bytes suffice; a word and its separator
	 * take two bytes at least */
	size_t max_words = len / 2 + 1 < TOK_MAX_WORDS ? len / 2 + 1 : TOK_MAX_WORDS;

	t->argc = 0;
	t->buf = malloc(len + 1);
	t->argv = calloc(max_words + 1, sizeof(*t->argv));
	if (!t->buf || !t->argv) {
		tokens_free(t);
		*why = "out of memory";
		return TOK_ERR_NOMEM;
	}
	o = t->buf;

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
			if ((size_t)t->argc >= max_words) {
				*why = "too many words in one command (at most " TOK_MAX_WORDS_STR ")";
				tokens_free(t);
				return TOK_ERR_TOO_MANY;
			}
			t->argv[t->argc++] = o;
			st = WORD;
			/* fall through: the first character belongs to the word */
			/* FALLTHROUGH */
		case WORD:
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
	tokens_free(t);
	return TOK_ERR_NUL;
cont:
	tokens_free(t);
	*why = st == SQ ? "unterminated single quote" :
	       st == DQ ? "unterminated double quote" : "line continuation at end of input";
	return TOK_CONTINUE;
}
