/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One output path for text and JSON, in the style of iproute2's json_print:
 * every print_* call carries the JSON key and the text format together, so a
 * command cannot print a field in one mode and forget it in the other.
 *
 * Text goes to stdout as it is printed (indented by the current text depth).
 * JSON is built as a json-c tree and written by out_end(), so that an error
 * discovered late can still be folded into one well-formed document.
 */
#ifndef IOMMUCTL_OUTPUT_H
#define IOMMUCTL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;

enum out_kind {
	PRINT_ANY,	/* both: text with fmt, JSON under key */
	PRINT_JSON,	/* JSON only */
	PRINT_TEXT,	/* text only */
};

/* Mode, set once from the command line. */
void out_set_mode(bool json, bool pretty);
bool out_json(void);

/*
 * A document: out_begin() starts an empty root object; out_end() writes it
 * (JSON mode) and resets the layer. out_take() detaches the root instead of
 * printing it, for batch mode, which nests each command's document.
 */
void out_begin(void);
void out_end(void);
struct json_object *out_take(void);
/*
 * A document that is a JSON array written as it grows (a batch: one element
 * per line, so that memory stays flat however long the batch).
 * out_stream_begin() writes the "["; out_stream_add() writes one element
 * (and frees it); out_end() adds the open document's warnings and error as
 * trailing elements and writes the "]". Plain and pretty output are what
 * json-c prints for the whole array.
 */
void out_stream_begin(void);
void out_stream_add(struct json_object *el);

/* Structure. key is ignored inside arrays; text is unaffected. */
void open_object(const char *key);
void close_object(void);
void open_array(const char *key);
void close_array(void);

/* Text indentation, in steps of two spaces, for nested text blocks. */
void text_indent(int delta);

/* Fields. fmt is a printf format taking exactly the one value; NULL fmt
 * prints nothing in text mode. */
void print_string(enum out_kind k, const char *key, const char *fmt, const char *v);
void print_u64(enum out_kind k, const char *key, const char *fmt, uint64_t v);
void print_s64(enum out_kind k, const char *key, const char *fmt, int64_t v);
void print_bool(enum out_kind k, const char *key, const char *fmt, bool v);
/* JSON: a "0x…" string (registers, addresses: never lose bits to doubles). */
void print_hex(enum out_kind k, const char *key, const char *fmt, uint64_t v);
void print_null(enum out_kind k, const char *key, const char *fmt);
/* A JSON string of s. JSON text is UTF-8 (RFC 8259), but arguments and
 * files may hold any bytes, and a message cut to its buffer may end inside a
 * character: each byte that is not part of valid UTF-8 becomes U+FFFD. */
struct json_object *out_json_string(const char *s);
/* Attach an existing json-c value (ownership passes to the document). */
void print_json(const char *key, struct json_object *v);

/* Text only, printf-like; "\n" starts a new (indented) line. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void print_nl(void);

/* Non-fatal problems: stderr in text mode, a "warnings" array in JSON. */
void out_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A message on one line of f, then a newline: messages quote arguments and
 * file contents, whose control characters (a newline, a terminal escape)
 * are written as \xNN so that one message stays one line. */
void out_put_message(FILE *f, const char *msg);

/* Error object for the current document (set by error.c). */
void out_set_error(struct json_object *err);
bool out_has_error(void);

/* Flush text output (before anything is written to stderr). */
void out_flush(void);

#endif
