// SPDX-License-Identifier: GPL-2.0-only
/* The one output path: see output.h. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "output.h"

#define OUT_MAX_DEPTH 32

static bool json_mode, json_pretty;
static struct json_object *stack[OUT_MAX_DEPTH];
static int depth;		/* number of open containers; stack[0] is root */
static struct json_object *error_obj;
static struct json_object *warnings;
static int indent;
static bool at_line_start = true;

/*
 * Text and JSON for stdout, gathered here and handed to stdio a buffer at a
 * time: a batch writes a few short pieces per command, and stdio's cost per
 * call was most of what a one-entry invalidation line cost (bench/README).
 * Handed over when full, by out_flush() (before anything goes to stderr, and
 * at the end of each document), and at each line end when stdout is a
 * terminal.
 */
static char obuf[1 << 16];
static bool streaming;		/* the document is an array being written (batch) */
static size_t streamed;		/* its elements written so far */
static size_t olen;
static int line_flush = -1;	/* stdout is a terminal; -1: not asked yet */

/* Into stdio's stdout, a buffer at a time (tests point stdout at memory). */
static void obuf_write(const char *s, size_t n)
{
	if (n)
		fwrite_unlocked(s, 1, n, stdout);
}

static void obuf_drain(void)
{
	obuf_write(obuf, olen);
	olen = 0;
}

static void obuf_put_slow(const char *s, size_t n)
{
	obuf_drain();
	if (n > sizeof(obuf))
		obuf_write(s, n);
	else
		olen = (size_t)(mempcpy(obuf, s, n) - (void *)obuf);
}

static inline void obuf_put(const char *s, size_t n)
{
	if (n > sizeof(obuf) - olen) {
		obuf_put_slow(s, n);
		return;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

void out_set_mode(bool json, bool pretty)
{
	json_mode = json || pretty;
	json_pretty = pretty;
}

bool out_json(void)
{
	return json_mode;
}

static void reset(void)
{
	for (int i = 0; i < depth; i++)
		stack[i] = NULL;
	depth = 0;
	error_obj = NULL;
	warnings = NULL;
	indent = 0;
}

void out_begin(void)
{
	reset();
	if (json_mode) {
		stack[0] = json_object_new_object();
		depth = 1;
	}
}

/* Root with the error (if any) and warnings folded in; caller owns it. */
static struct json_object *finish_root(void)
{
	struct json_object *root = depth ? stack[0] : NULL;

	if (!json_mode)
		return NULL;
	if (!root && !warnings && !error_obj)
		return NULL;	/* no document was begun (a shell printed its own) */
	if (!root)
		root = json_object_new_object();
	if (warnings)
		json_object_object_add(root, "warnings", warnings);
	if (error_obj)
		json_object_object_add(root, "error", error_obj);
	warnings = NULL;
	error_obj = NULL;
	return root;
}

struct json_object *out_take(void)
{
	struct json_object *root = finish_root();

	reset();
	return root;
}

/*
 * JSON text, written straight into the output buffer. The layout is json-c's
 * own (json_object_to_json_string_ext with PLAIN, or PRETTY|SPACED, and
 * NOSLASHESCAPE), byte for byte (unit test); json-c formats each number with
 * snprintf into a growing printbuf, which was most of a -j batch line.
 */
static void json_indent(int level)
{
	static const char spaces[] = "                                ";

	for (int n = level * 2; n > 0; n -= 32)
		obuf_put(spaces, (size_t)(n < 32 ? n : 32));
}

/* The bytes a JSON string escapes: controls, '"' and '\\' (not '/': the
 * NOSLASHESCAPE layout, nor DEL). */
static const bool json_escaped[256] = {
	[0x00 ... 0x1f] = true, ['"'] = true, ['\\'] = true,
};

static void json_write_str(const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;

	obuf_put("\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = { '\\', 0 };
		size_t el = 2;

		while (!json_escaped[c]) {	/* the run of bytes kept as they are */
			if (++i == len)
				goto out;
			c = (unsigned char)s[i];
		}
		switch (c) {
		case '\b': esc[1] = 'b'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\f': esc[1] = 'f'; break;
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			obuf_put(s + start, i - start);
			obuf_put(esc, 4);
			esc[0] = hex[c >> 4];
			esc[1] = hex[c & 0xf];
			obuf_put(esc, 2);
			start = i + 1;
			continue;
		}
		obuf_put(s + start, i - start);
		obuf_put(esc, el);
		start = i + 1;
	}
out:
	obuf_put(s + start, len - start);
	obuf_put("\"", 1);
}

static char *u64_digits(char *buf, uint64_t v, unsigned base);

static void json_write(struct json_object *o, int level)
{
	char buf[24], *d;
	bool first = true;

	switch (json_object_get_type(o)) {
	case json_type_null:
		obuf_put("null", 4);
		return;
	case json_type_boolean:
		if (json_object_get_boolean(o))
			obuf_put("true", 4);
		else
			obuf_put("false", 5);
		return;
	case json_type_int: {
		/* int64 and uint64 alike: a value past INT64_MAX reads back as
		 * INT64_MAX from the int64 side, in full from the uint64 side */
		int64_t i = json_object_get_int64(o);

		if (i < 0) {
			d = u64_digits(buf, -(uint64_t)i, 10);
			*--d = '-';
		} else {
			d = u64_digits(buf, i == INT64_MAX ? json_object_get_uint64(o) : (uint64_t)i, 10);
		}
		obuf_put(d, (size_t)(buf + 23 - d));
		return;
	}
	case json_type_string:
		json_write_str(json_object_get_string(o), (size_t)json_object_get_string_len(o));
		return;
	case json_type_object:
		obuf_put(json_pretty ? "{\n" : "{", json_pretty ? 2 : 1);
		json_object_object_foreach(o, key, val) {
			if (!first)
				obuf_put(json_pretty ? ",\n" : ",", json_pretty ? 2 : 1);
			first = false;
			json_indent(json_pretty ? level + 1 : 0);
			json_write_str(key, strlen(key));
			obuf_put(json_pretty ? ": " : ":", json_pretty ? 2 : 1);
			json_write(val, level + 1);
		}
		if (json_pretty) {
			if (!first)
				obuf_put("\n", 1);
			json_indent(level);
		}
		obuf_put("}", 1);
		return;
	case json_type_array: {
		size_t n = json_object_array_length(o);

		obuf_put(json_pretty ? "[\n" : "[", json_pretty ? 2 : 1);
		for (size_t i = 0; i < n; i++) {
			if (i)
				obuf_put(json_pretty ? ",\n" : ",", json_pretty ? 2 : 1);
			json_indent(json_pretty ? level + 1 : 0);
			json_write(json_object_array_get_idx(o, i), level + 1);
		}
		if (json_pretty) {
			if (n)
				obuf_put("\n", 1);
			json_indent(level);
		}
		obuf_put("]", 1);
		return;
	}
	case json_type_double:	/* none printed today; json-c's own text */
	default: {
		const char *js = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);

		obuf_put(js, strlen(js));
		return;
	}
	}
}

void out_stream_begin(void)
{
	if (!json_mode || streaming)
		return;
	streaming = true;
	streamed = 0;
	obuf_put(json_pretty ? "[\n" : "[", json_pretty ? 2 : 1);
}

/* One element, laid out as json-c lays out the elements of a whole array:
 * plain, comma-separated; pretty, one level deeper. */
void out_stream_add(struct json_object *el)
{
	if (!streaming) {
		json_object_put(el);
		return;
	}
	if (streamed)
		obuf_put(json_pretty ? ",\n" : ",", json_pretty ? 2 : 1);
	json_indent(json_pretty ? 1 : 0);
	json_write(el, 1);
	streamed++;
	json_object_put(el);
}

/* The end of a streamed array: the problems of the document left open at
 * the end (warnings, an error) as trailing elements, as an array document
 * has them; anything else printed after the last element is dropped. */
static void stream_end(void)
{
	struct json_object *doc = finish_root(), *v;

	if (doc && json_object_is_type(doc, json_type_object)) {
		static const char *const keys[] = { "warnings", "error" };

		for (size_t i = 0; i < 2; i++)
			if (json_object_object_get_ex(doc, keys[i], &v)) {
				struct json_object *el = json_object_new_object();

				json_object_object_add(el, keys[i], json_object_get(v));
				out_stream_add(el);
			}
	}
	json_object_put(doc);
	if (json_pretty)
		obuf_put(streamed ? "\n]\n" : "]\n", streamed ? 3 : 2);
	else
		obuf_put("]\n", 2);
	streaming = false;
}

void out_end(void)
{
	struct json_object *root;

	if (streaming) {
		stream_end();
	} else if ((root = finish_root())) {
		json_write(root, 0);
		obuf_put("\n", 1);
		json_object_put(root);
	}
	reset();
	out_flush();
}

/* Length of the valid UTF-8 character at s (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_char(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

struct json_object *out_json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct json_object *o;
	size_t n, used = 0;
	char *clean;

	for (n = 0; p[n]; ) {
		size_t l = utf8_char(p + n);

		if (!l)
			break;
		n += l;
	}
	if (!p[n])
		return json_object_new_string(s);
	clean = malloc(3 * strlen(s) + 1);	/* each bad byte: 3 bytes of U+FFFD */
	if (!clean)
		return json_object_new_string("");
	for (n = 0; p[n]; ) {
		size_t l = utf8_char(p + n);

		if (l) {
			memcpy(clean + used, p + n, l);
			used += l;
			n += l;
		} else {
			memcpy(clean + used, "\xef\xbf\xbd", 3);
			used += 3;
			n++;
		}
	}
	clean[used] = '\0';
	o = json_object_new_string(clean);
	free(clean);
	return o;
}

static void json_add(const char *key, struct json_object *v)
{
	struct json_object *parent;

	if (!depth) {		/* printing outside a document: drop */
		json_object_put(v);
		return;
	}
	parent = stack[depth - 1];
	if (json_object_is_type(parent, json_type_array))
		json_object_array_add(parent, v);
	else
		json_object_object_add(parent, key ? key : "value", v);
}

static void open_container(const char *key, struct json_object *c)
{
	if (!json_mode)
		return;
	if (depth >= OUT_MAX_DEPTH) {
		/* A programming error, never input-driven: fail loudly. */
		fprintf(stderr, "iommuctl: internal error: output nested too deep\n");
		abort();
	}
	json_add(key, c);
	stack[depth++] = c;
}

void open_object(const char *key)
{
	if (json_mode)
		open_container(key, json_object_new_object());
}

void open_array(const char *key)
{
	if (json_mode)
		open_container(key, json_object_new_array());
}

static void close_container(void)
{
	if (json_mode && depth > 1)
		depth--;
}

void close_object(void)
{
	close_container();
}

void close_array(void)
{
	close_container();
}

void text_indent(int delta)
{
	indent += delta;
	if (indent < 0)
		indent = 0;
}

/* Write n bytes of text with the current indentation after every line
 * break. */
/* A line of text is complete: on a terminal, it is shown now. */
static void line_done(void)
{
	if (line_flush < 0)
		line_flush = isatty(fileno(stdout));
	if (line_flush)
		obuf_drain();
}

static void text_write_n(const char *s, size_t n)
{
	static const char spaces[] = "                                ";	/* 16 levels */

	if (!n)
		return;
	if (!indent) {		/* the common case: nothing to insert after line breaks */
		obuf_put(s, n);
		at_line_start = s[n - 1] == '\n';
	} else {
		while (n) {
			const char *nl = memchr(s, '\n', n);
			size_t len = nl ? (size_t)(nl - s) + 1 : n;

			if (at_line_start && *s != '\n')
				for (int i = indent; i > 0; i -= 16)
					obuf_put(spaces, (size_t)(i < 16 ? i : 16) * 2);
			obuf_put(s, len);
			at_line_start = nl != NULL;
			s += len;
			n -= len;
		}
	}
	if (at_line_start)
		line_done();
}

static void text_write(const char *s)
{
	text_write_n(s, strlen(s));
}

__attribute__((format(printf, 1, 0)))
static void text_vprintf(const char *fmt, va_list ap)
{
	char small[512];
	int n;
	va_list cp;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		text_write(small);
		return;
	}
	char *big = malloc((size_t)n + 1);

	if (!big)
		return;
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	text_write(big);
	free(big);
}

__attribute__((format(printf, 1, 2)))
static void text_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vprintf(fmt, ap);
	va_end(ap);
}

/*
 * The print_* formats are mostly one plain conversion in fixed text ("hwpt
 * %" PRIu64, "  %s\n"). Those are written without printf: the text around
 * the conversion as it is, the value as conv would print it. Anything else
 * (a width, a flag, a second '%') goes to printf.
 *
 * The formats are string literals, so where a format sits in the program's
 * image its split is kept, by address, in a small cache: a batch prints the
 * same few formats on every line. A format anywhere else (none today) is
 * split each time.
 */
struct fmt_split {
	const char *fmt, *conv;	/* the key */
	const char *post;	/* the text after the conversion */
	size_t pre_len, post_len;
	bool simple;		/* one conversion, conv, and nothing else */
};

extern const char __executable_start[], edata[];	/* the linker's */

static void fmt_split(const char *fmt, const char *conv, struct fmt_split *fs)
{
	const char *p = strchr(fmt, '%');
	size_t cl = strlen(conv);

	fs->fmt = fmt;
	fs->conv = conv;
	fs->simple = p && !strncmp(p, conv, cl) && !strchr(p + cl, '%');
	if (fs->simple) {
		fs->pre_len = (size_t)(p - fmt);
		fs->post = p + cl;
		fs->post_len = strlen(fs->post);
	}
}

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* A short piece of text into d: a few moves, where a call to memcpy costs
 * more than the copy (a print writes two or three pieces of a few bytes). */
static ALWAYS_INLINE void copy_piece(char *d, const char *s, size_t n)
{
	if (n > 16) {
		memcpy(d, s, n);
	} else if (n >= 8) {	/* two 8-byte moves, overlapping */
		uint64_t a, b;

		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
	} else if (n) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

/* The text before the conversion, the value, the text after: total bytes,
 * known to fit, nothing to indent. */
static ALWAYS_INLINE void put_pieces(const char *fmt, const struct fmt_split *fs, const char *val,
				     size_t vlen, size_t total)
{
	char *d = obuf + olen;

	copy_piece(d, fmt, fs->pre_len);
	copy_piece(d + fs->pre_len, val, vlen);
	copy_piece(d + fs->pre_len + vlen, fs->post, fs->post_len);
	olen += total;
	if ((at_line_start = obuf[olen - 1] == '\n'))
		line_done();
}

/* text_simple() when its fast path does not apply: a format not split yet
 * or not in the image, an indent, a full buffer. */
static __attribute__((noinline)) bool text_simple_slow(const char *fmt, const char *conv,
						       const char *val, size_t vlen,
						       struct fmt_split *fs)
{
	struct fmt_split one;
	size_t total;

	if (!fs)
		fs = &one;
	if (fs->fmt != fmt || fs->conv != conv)
		fmt_split(fmt, conv, fs);
	if (!fs->simple)
		return false;
	total = fs->pre_len + vlen + fs->post_len;
	if (indent || total > sizeof(obuf) - olen || !total) {
		text_write_n(fmt, fs->pre_len);
		text_write_n(val, vlen);
		text_write_n(fs->post, fs->post_len);
		return true;
	}
	put_pieces(fmt, fs, val, vlen, total);
	return true;
}

/* Write fmt with val[0..vlen) for its conversion; false: not simple. Inlined
 * into the print_* functions: the common case (a format split before,
 * nothing to indent, room in the buffer) is a few moves. */
static ALWAYS_INLINE bool text_simple(const char *fmt, const char *conv, const char *val,
				      size_t vlen)
{
	static struct fmt_split cache[128];	/* 1 << 7 */
	struct fmt_split *fs;
	size_t total;

	if ((uintptr_t)fmt < (uintptr_t)__executable_start || (uintptr_t)fmt >= (uintptr_t)edata)
		return text_simple_slow(fmt, conv, val, vlen, NULL);
	fs = &cache[((uint64_t)(uintptr_t)fmt * 0x9e3779b97f4a7c15u) >> 57];	/* 7 bits */
	total = fs->pre_len + vlen + fs->post_len;
	if (fs->fmt != fmt || fs->conv != conv || !fs->simple || indent ||
	    total > sizeof(obuf) - olen || !total)
		return text_simple_slow(fmt, conv, val, vlen, fs);
	put_pieces(fmt, fs, val, vlen, total);
	return true;
}

/* v in base 10 or 16 (lower case, no prefix) into buf[24]; it ends at buf + 23.
 * The two bases apart: a constant divisor is a multiply, not a division. */
static char *u64_digits(char *buf, uint64_t v, unsigned base)
{
	char *p = buf + 23;

	*p = '\0';
	if (base == 16) {
		do
			*--p = "0123456789abcdef"[v & 15];
		while ((v >>= 4));
	} else {
		do
			*--p = (char)('0' + v % 10);
		while ((v /= 10));
	}
	return p;
}

static bool want_text(enum out_kind k, const char *fmt)
{
	return !json_mode && k != PRINT_JSON && fmt;
}

static bool want_json(enum out_kind k)
{
	return json_mode && k != PRINT_TEXT;
}

/* The formats below take exactly one argument of the named type; they are
 * literals at every call site, so the non-literal warning is a false alarm. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void print_string(enum out_kind k, const char *key, const char *fmt, const char *v)
{
	if (want_json(k))
		json_add(key, v ? out_json_string(v) : NULL);
	else if (want_text(k, fmt) && !text_simple(fmt, "%s", v ? v : "-", v ? strlen(v) : 1))
		text_printf(fmt, v ? v : "-");
}

void print_u64(enum out_kind k, const char *key, const char *fmt, uint64_t v)
{
	char buf[24], *d;

	if (want_json(k))
		json_add(key, json_object_new_uint64(v));
	else if (want_text(k, fmt) && (d = u64_digits(buf, v, 10),
				       !text_simple(fmt, "%" PRIu64, d, (size_t)(buf + 23 - d))))
		text_printf(fmt, v);
}

void print_s64(enum out_kind k, const char *key, const char *fmt, int64_t v)
{
	if (want_json(k))
		json_add(key, json_object_new_int64(v));
	else if (want_text(k, fmt))
		text_printf(fmt, v);
}

void print_bool(enum out_kind k, const char *key, const char *fmt, bool v)
{
	if (want_json(k))
		json_add(key, json_object_new_boolean(v));
	else if (want_text(k, fmt) && !text_simple(fmt, "%s", v ? "yes" : "no", v ? 3 : 2))
		text_printf(fmt, v ? "yes" : "no");
}

void print_hex(enum out_kind k, const char *key, const char *fmt, uint64_t v)
{
	char buf[24], *d;

	if (want_json(k)) {
		d = u64_digits(buf, v, 16);
		*--d = 'x';	/* "0x" before the digits: buf has room for it */
		*--d = '0';
		json_add(key, json_object_new_string(d));
	} else if (want_text(k, fmt) && (d = u64_digits(buf, v, 16),
					 !text_simple(fmt, "%" PRIx64, d, (size_t)(buf + 23 - d)))) {
		text_printf(fmt, v);
	}
}

void print_null(enum out_kind k, const char *key, const char *fmt)
{
	if (want_json(k))
		json_add(key, NULL);
	else if (want_text(k, fmt))
		text_printf("%s", fmt);
}

void print_json(const char *key, struct json_object *v)
{
	if (json_mode)
		json_add(key, v);
	else
		json_object_put(v);
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json_mode)
		return;
	va_start(ap, fmt);
	text_vprintf(fmt, ap);
	va_end(ap);
}

void print_nl(void)
{
	if (json_mode)
		return;
	if (!indent && olen < sizeof(obuf)) {	/* the end of most text lines */
		obuf[olen++] = '\n';
		at_line_start = true;
		line_done();
	} else {
		text_write_n("\n", 1);
	}
}

void out_warn(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (json_mode && depth) {
		if (!warnings)
			warnings = json_object_new_array();
		json_object_array_add(warnings, out_json_string(buf));
	} else {
		out_flush();
		fputs("iommuctl: warning: ", stderr);
		out_put_message(stderr, buf);
	}
}

void out_put_message(FILE *f, const char *msg)
{
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	fputc('\n', f);
}

void out_set_error(struct json_object *err)
{
	if (error_obj)
		json_object_put(error_obj);
	error_obj = err;
}

bool out_has_error(void)
{
	return error_obj != NULL;
}

void out_flush(void)
{
	obuf_drain();
	fflush(stdout);
}
