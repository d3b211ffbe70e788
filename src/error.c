// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "error.h"
#include "output.h"

const char *errno_name(int errnum)
{
	static __thread char buf[16];
	const char *n = strerrorname_np(errnum);

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "E%d", errnum);
	return buf;
}

/* Where a batch is: text messages say "FILE:LINE: …". */
static const char *ctx_file;
static int ctx_line;

void err_set_line(const char *file, int line)
{
	ctx_file = file;
	ctx_line = line;
}

int err_line(void)
{
	return ctx_line;
}

#define ARG_SHOWN 40	/* bytes of an over-long value that a message shows */
#define ARG_LONG 64	/* longer values are shortened */

const char *err_arg(const char *s)
{
	static char bufs[8][ARG_SHOWN + 48];
	static unsigned next;
	char *b = bufs[next++ % 8];
	size_t n, cut = ARG_SHOWN;

	if (!s)
		return "";
	n = strlen(s);
	if (n <= ARG_LONG)
		return s;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;	/* not inside a UTF-8 sequence */
	snprintf(b, sizeof(bufs[0]), "%.*s…(%zu bytes)", (int)cut, s, n);
	return b;
}

/* The length of the valid UTF-8 sequence at p (0: not valid), no control
 * characters: what may go into a message as it is. */
static size_t printable_utf8(const unsigned char *p)
{
	size_t n;
	unsigned cp;

	if (p[0] < 0x20 || p[0] == 0x7f)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
		return 0;	/* overlong, out of range, surrogates, C1 controls */
	return n;
}

/* Messages escaped so that they can neither drive a terminal nor make the
 * JSON invalid. */
char *err_printable(const char *msg)
{
	size_t len = strlen(msg);
	char *out = malloc(len * 4 + 1), *o = out;
	const unsigned char *p = (const unsigned char *)msg;

	if (!out)
		return NULL;
	while (*p) {
		size_t n;

		if (*p >= 0x20 && *p < 0x7f) {	/* printable ASCII: most of it */
			*o++ = (char)*p++;
			continue;
		}
		n = printable_utf8(p);
		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			o += sprintf(o, "\\x%02x", *p++);
		}
	}
	*o = '\0';
	return out;
}

static const char *kind_name(enum exit_code code)
{
	switch (code) {
	case EXIT_USAGE:
		return "usage";
	case EXIT_UNSUPPORTED:
		return "unsupported";
	default:
		return "failed";
	}
}

__attribute__((format(printf, 4, 0)))
static int report(enum exit_code code, const char *op, int errnum, const char *fmt, va_list ap)
{
	char *raw = NULL, *msg;

	/* Never cut: values in messages are bounded by err_arg(). */
	if (vasprintf(&raw, fmt, ap) < 0)
		raw = NULL;
	msg = err_printable(raw ? raw : "(out of memory formatting the message)");
	free(raw);
	if (!msg)
		msg = strdup("out of memory");
	if (!msg)
		return code;
	if (out_json()) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "kind", json_object_new_string(kind_name(code)));
		if (op)
			json_object_object_add(e, "op", json_object_new_string(op));
		if (errnum) {
			json_object_object_add(e, "errno", json_object_new_int(errnum));
			json_object_object_add(e, "name", json_object_new_string(errno_name(errnum)));
		}
		json_object_object_add(e, "message", out_json_string(msg));
		json_object_object_add(e, "exit_code", json_object_new_int(code));
		if (ctx_line) {
			json_object_object_add(e, "file", json_object_new_string(ctx_file ? ctx_file : "-"));
			json_object_object_add(e, "line", json_object_new_int(ctx_line));
		}
		out_set_error(e);
	} else {
		const char *label = code == EXIT_UNSUPPORTED ? "unsupported" :
				    code == EXIT_USAGE ? "usage" : "error";

		out_flush();
		fprintf(stderr, "iommuctl: %s: ", label);
		if (ctx_line)
			fprintf(stderr, "%s:%d: ", ctx_file ? ctx_file : "-", ctx_line);
		if (errnum)
			fprintf(stderr, "%s: %s: ", op ? op : "?", errno_name(errnum));
		out_put_message(stderr, msg);
	}
	free(msg);
	return code;
}

int err_usage(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = report(EXIT_USAGE, NULL, 0, fmt, ap);
	va_end(ap);
	return r;
}

int err_fail(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = report(EXIT_FAILED, NULL, 0, fmt, ap);
	va_end(ap);
	return r;
}

int err_unsupported(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = report(EXIT_UNSUPPORTED, NULL, 0, fmt, ap);
	va_end(ap);
	return r;
}

int err_errno(enum exit_code code, const char *op, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = report(code == EXIT_UNSUPPORTED ? EXIT_UNSUPPORTED : EXIT_FAILED, op, errnum, fmt, ap);
	va_end(ap);
	return r;
}
