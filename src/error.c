// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
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
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
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
