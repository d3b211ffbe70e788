// SPDX-License-Identifier: GPL-2.0-only
/* What the fuzz targets share: input forms, running a command, output checks. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "cmd.h"
#include "error.h"
#include "fuzz.h"
#include "output.h"
#include "session.h"

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void fuzz_bytes(const uint8_t *data, size_t size, uint8_t **buf, size_t *len)
{
	uint8_t *b = malloc(size + 1);	/* never longer than the input */
	size_t n = 0;
	int hi = -1;

	if (!b)
		abort();
	if (size < 4 || memcmp(data, "hex:", 4)) {
		memcpy(b, data, size);
		*buf = b;
		*len = size;
		return;
	}
	for (size_t i = 4; i < size; i++) {
		int v = hexval(data[i]);

		if (data[i] == '#') {	/* a comment to the end of the line */
			while (i + 1 < size && data[i + 1] != '\n')
				i++;
			continue;
		}
		if (v < 0)
			continue;	/* white space and anything else between pairs */
		if (hi < 0) {
			hi = v;
		} else {
			b[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	*buf = b;
	*len = n;
}

/* stdout and stderr are plain variables in glibc: point them at memory
 * streams while a command runs, and back afterwards. */
static FILE *saved_out, *saved_err;

static void capture_begin(FILE **o, char **ob, size_t *ol, FILE **e, char **eb, size_t *el)
{
	fflush(stdout);
	fflush(stderr);
	*o = open_memstream(ob, ol);
	*e = open_memstream(eb, el);
	if (!*o || !*e)
		abort();
	saved_out = stdout;
	saved_err = stderr;
	stdout = *o;
	stderr = *e;
}

static void capture_end(FILE *o, FILE *e)
{
	stdout = saved_out;
	stderr = saved_err;
	saved_out = saved_err = NULL;
	fclose(o);
	fclose(e);
}

void fuzz_restore_std(void)
{
	if (saved_out) {
		stdout = saved_out;
		stderr = saved_err;
		saved_out = saved_err = NULL;
	}
}

void fuzz_use_tree(const char *fmt, ...)
{
	static char dir[1024], sys[1100], proc[1100], dev[1100];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dir, sizeof(dir), fmt, ap);
	va_end(ap);
	snprintf(sys, sizeof(sys), "%s/sys", dir);
	snprintf(proc, sizeof(proc), "%s/proc", dir);
	snprintf(dev, sizeof(dev), "%s/dev", dir);
	opts.sysfs_root = sys;
	opts.proc_root = proc;
	opts.dev_root = dev;
}

void fuzz_print_detail(const char *detail)
{
	fprintf(stderr, "--- detail ---\n");
	for (const unsigned char *p = (const unsigned char *)detail; *p; p++)
		if ((*p >= 0x20 && *p < 0x7f) || *p == '\n')
			fputc(*p, stderr);
		else
			fprintf(stderr, "\\x%02x", *p);
	fprintf(stderr, "\n--------------\n");
}

bool fuzz_json_ok(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	size_t end;
	bool ok;

	if (!tok)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)len);
	end = json_tokener_get_parse_end(tok);
	ok = o && json_tokener_get_error(tok) == json_tokener_success;
	while (ok && end < len && isspace((unsigned char)text[end]))
		end++;
	ok = ok && end == len;
	json_object_put(o);
	json_tokener_free(tok);
	return ok;
}

static void check_json(const struct fuzz_run *r)
{
	struct json_object *doc, *err, *code, *msg;
	bool has_err;

	FUZZ_CHECK_MSG(r->err_len == 0, r->err);
	FUZZ_CHECK_MSG(fuzz_json_ok(r->out, r->out_len), r->out);
	doc = json_tokener_parse(r->out);
	FUZZ_CHECK_MSG(json_object_is_type(doc, json_type_object), r->out);
	has_err = json_object_object_get_ex(doc, "error", &err);
	FUZZ_CHECK_MSG(has_err == (r->rc != 0), r->out);
	if (has_err) {
		FUZZ_CHECK_MSG(json_object_object_get_ex(err, "exit_code", &code) &&
			       json_object_get_int(code) == r->rc, r->out);
		FUZZ_CHECK_MSG(json_object_object_get_ex(err, "message", &msg) &&
			       json_object_get_string_len(msg) > 0, r->out);
	}
	json_object_put(doc);
}

/* A line of text that starts with prefix. */
static bool has_line(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "")
		if (!strncmp(l, prefix, n))
			return true;
	return false;
}

static void check_text(const struct fuzz_run *r)
{
	static const char *const label[] = {
		[EXIT_FAILED] = "iommuctl: error: ",
		[EXIT_USAGE] = "iommuctl: usage: ",
		[EXIT_UNSUPPORTED] = "iommuctl: unsupported: ",
	};

	/* every message is one line of its own */
	for (const char *l = r->err; *l; l = strchr(l, '\n') + 1) {
		FUZZ_CHECK_MSG(!strncmp(l, "iommuctl: ", 10), r->err);
		FUZZ_CHECK_MSG(strchr(l, '\n'), r->err);
	}
	if (r->rc == 0) {
		FUZZ_CHECK_MSG(!has_line(r->err, label[EXIT_FAILED]) &&
			       !has_line(r->err, label[EXIT_USAGE]), r->err);
		return;
	}
	FUZZ_CHECK_MSG(has_line(r->err, label[r->rc]), r->err);
}

void fuzz_call(bool json, int (*fn)(int argc, char **argv), int argc, char **argv,
	       struct fuzz_run *r)
{
	FILE *o, *e;

	memset(r, 0, sizeof(*r));
	capture_begin(&o, &r->out, &r->out_len, &e, &r->err, &r->err_len);
	out_set_mode(json, false);
	out_begin();
	r->rc = fn(argc, argv);
	out_end();
	session_end();
	err_set_line(NULL, 0);
	capture_end(o, e);

	FUZZ_CHECK(r->rc >= EXIT_OK && r->rc <= EXIT_UNSUPPORTED);
	if (json)
		check_json(r);
	else
		check_text(r);
}

void fuzz_command(bool json, int argc, char **argv, struct fuzz_run *r)
{
	fuzz_call(json, run_command, argc, argv, r);
}

void fuzz_run_free(struct fuzz_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

void fuzz_print(bool json, void (*fn)(void *ctx), void *ctx, struct fuzz_run *r)
{
	FILE *o, *e;

	memset(r, 0, sizeof(*r));
	capture_begin(&o, &r->out, &r->out_len, &e, &r->err, &r->err_len);
	out_set_mode(json, false);
	out_begin();
	fn(ctx);
	out_end();
	capture_end(o, e);
	if (json) {
		FUZZ_CHECK_MSG(r->err_len == 0, r->err);
		FUZZ_CHECK_MSG(fuzz_json_ok(r->out, r->out_len), r->out);
	}
}
