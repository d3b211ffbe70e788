/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Splitting batch and shell lines into words: whitespace separates, '…'
 * quotes literally, "…" quotes with \" and \\ escapes, \ escapes one
 * character outside quotes, # at the start of a word starts a comment, and a
 * trailing \ continues the line. Pure functions over strings (fuzzed).
 */
#ifndef IOMMUCTL_TOKENIZE_H
#define IOMMUCTL_TOKENIZE_H

#include <stddef.h>

/* Enough for any command (ioas allow takes 1024 ranges, an invalidation
 * thousands of entries); a bound all the same. */
#define TOK_MAX_WORDS 65536
#define TOK_MAX_WORDS_STR "65536"	/* for messages */

struct tokens {
	int argc;
	char **argv;		/* argc words and NULL */
	char *buf;		/* storage the words point into */
};

enum tok_status {
	TOK_OK,
	TOK_CONTINUE,		/* ends in an unquoted \ or inside quotes: join the next line */
	TOK_ERR_TOO_MANY,	/* more than TOK_MAX_WORDS words */
	TOK_ERR_NUL,		/* a NUL byte inside the line */
	TOK_ERR_NOMEM,
};

/*
 * Tokenize line[0..len). On TOK_CONTINUE the caller appends the next physical
 * line (after a "\n") and calls again; at end of input TOK_CONTINUE means an
 * unterminated quote or continuation. *why gets a short reason on errors.
 */
enum tok_status tokenize(const char *line, size_t len, struct tokens *t, const char **why);
void tokens_free(struct tokens *t);

/* Storage kept from line to line (a batch): tokenize_in() is tokenize() with
 * the words in s, which only grows; t is not freed, s is (tok_store_free). */
struct tok_store {
	char *buf;
	char **argv;
	size_t buf_cap, argv_cap;
};

enum tok_status tokenize_in(const char *line, size_t len, struct tokens *t, struct tok_store *s,
			    const char **why);
void tok_store_free(struct tok_store *s);

/*
 * tokenize_in() for a line that may be rewritten: line[len] must be a NUL.
 * A line of plain words (no quote, escape, comment or NUL: a batch's usual
 * line) is split where it lies, each word's end overwritten by a NUL, the
 * words pointing into line; any other line goes to tokenize_in(). The
 * words are the same either way.
 */
enum tok_status tokenize_in_place(char *line, size_t len, struct tokens *t, struct tok_store *s,
				  const char **why);

#endif
