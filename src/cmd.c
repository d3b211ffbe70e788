// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "kerrors.h"
#include "output.h"
#include "privs.h"

struct options opts = {
	.sysfs_root = "/sys",
	.proc_root = "/proc",
	.dev_root = "/dev",
	.iommufd_fd = -1,
};

/* Batches repeat their commands: the last match is tried first. */
const struct object *object_find(const char *name)
{
	static const struct object *last;

	if (last && !strcmp(last->name, name))
		return last;
	for (const struct object *o = objects; o->name; o++)
		if (!strcmp(o->name, name))
			return last = o;
	return NULL;
}

const struct cmd *cmd_find(const struct object *obj, const char *name)
{
	static const struct cmd *last;
	static const struct object *last_obj;

	if (last_obj == obj && !strcmp(last->name, name))
		return last;
	for (const struct cmd *c = obj->cmds; c->name; c++)
		if (!strcmp(c->name, name)) {
			last_obj = obj;
			return last = c;
		}
	return NULL;
}

/* "a, b or c" from a table, into buf. */
static void list_names(char *buf, size_t n, const char *const *names, size_t count)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < count && used < n; i++) {
		const char *sep = i == 0 ? "" : (i + 1 == count ? " or " : ", ");
		int w = snprintf(buf + used, n - used, "%s%s", sep, names[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

int err_unknown(const char *context, const char *noun, const char *got,
		const char *const *accepted)
{
	char list[1024];
	size_t count = 0;

	while (accepted[count])
		count++;
	list_names(list, sizeof(list), accepted, count);
	if (!context)
		return got ? err_usage("unknown %s '%s'; expected %s", noun, err_arg(got), list)
			   : err_usage("missing %s; expected %s", noun, list);
	if (!got)
		return err_usage("%s: missing %s; expected %s", context, noun, list);
	return err_usage("%s: unknown %s '%s'; expected %s", context, noun, err_arg(got), list);
}

int parse_table_name(const char *context, const char *noun, const char *got,
		     const void *table, size_t n, size_t stride, size_t *index)
{
	const char *names[n + 1];

	for (size_t i = 0; i < n; i++) {
		names[i] = *(const char *const *)((const char *)table + i * stride);
		if (got && !strcmp(got, names[i])) {
			*index = i;
			return 0;
		}
	}
	names[n] = NULL;
	return err_unknown(context, noun, got, names);
}

int err_keyword(const char *context, const char *got, const char *const *accepted)
{
	return err_unknown(context, "keyword", got, accepted);
}

int check_range(const char *ctx, const char *what, uint64_t start, uint64_t length)
{
	if (length && start + (length - 1) < start)
		return err_usage("%s: %s %#llx + length %llu passes 2^64", ctx, what,
				 (unsigned long long)start, (unsigned long long)length);
	return 0;
}

int need_args(int argc, int n, const char *what)
{
	if (argc >= n)
		return 0;
	return err_usage("missing %s", what);
}

static int cmd_names(const struct object *obj, const char **names, size_t max)
{
	size_t n = 0;

	for (const struct cmd *c = obj->cmds; c->name && n + 1 < max; c++)
		names[n++] = c->name;
	names[n++] = "help";
	names[n] = NULL;
	return (int)n;
}

const struct cmd *cmd_of(const struct object *obj, int argc, char *const *argv)
{
	const char *name = !obj->cmds ? NULL : argc > 1 ? argv[1] : obj->default_cmd;

	return name ? cmd_find(obj, name) : NULL;
}

int object_help(const struct object *obj)
{
	if (!obj->cmds) {
		print_string(PRINT_ANY, "object", "Usage: iommuctl [OPTIONS] %s", obj->name);
		print_string(PRINT_ANY, "args", " %s\n", obj->args);
		print_string(PRINT_ANY, "help", "  %s\n", obj->help);
		return EXIT_OK;
	}
	print_string(PRINT_ANY, "object", "Usage: iommuctl [OPTIONS] %s COMMAND\n", obj->name);
	print_string(PRINT_ANY, "help", "  %s\n\nCommands:\n", obj->help);
	open_array("commands");
	for (const struct cmd *c = obj->cmds; c->name; c++) {
		char head[256];

		open_object(NULL);
		print_string(PRINT_JSON, "name", NULL, c->name);
		print_string(PRINT_JSON, "args", NULL, c->args);
		snprintf(head, sizeof(head), "%s %s", c->name, c->args);
		if (strlen(head) > 44)	/* long synopses get the help on a line of its own */
			print_text("  %s %s\n  %*s %s\n", obj->name, head,
				   (int)strlen(obj->name) + 45, "", c->help);
		else
			print_text("  %s %-44s %s\n", obj->name, head, c->help);
		print_string(PRINT_JSON, "help", NULL, c->help);
		close_object();
	}
	close_array();
	print_text("  %s %-44s %s\n", obj->name, "help", "show this help");
	return EXIT_OK;
}

/* c: the command argv names, when the caller looked it up (NULL: look). */
static int object_run_cmd(const struct object *obj, const struct cmd *c, int argc, char **argv)
{
	const char *names[64];
	const char *name;

	if (!obj->cmds)
		return obj->fn(argc, argv);

	if (argc < 1) {
		name = obj->default_cmd;
		if (!name) {
			cmd_names(obj, names, ARRAY_SIZE(names));
			return err_unknown(obj->name, "command", NULL, names);
		}
	} else {
		name = argv[0];
		argc--;
		argv++;
	}
	/* the first letter first: every line of a batch asks */
	if (name[0] == 'h' && !strcmp(name, "help")) {
		if (argc > 0)
			return err_usage("%s help: unexpected argument '%s'", obj->name,
					 err_arg(argv[0]));
		return object_help(obj);
	}
	if (c || (c = cmd_find(obj, name)))
		return c->fn(argc, argv);
	cmd_names(obj, names, ARRAY_SIZE(names));
	return err_unknown(obj->name, "command", name, names);
}

int object_run(const struct object *obj, int argc, char **argv)
{
	return object_run_cmd(obj, NULL, argc, argv);
}

int run_command(int argc, char **argv)
{
	const struct object *obj;
	const char *names[64];
	size_t n = 0;

	kerr_clear_notes();
	if (argc < 1)
		return err_usage("no object given; try 'iommuctl help'");
	obj = object_find(argv[0]);
	if (obj) {
		/* the command looked up once, for privs and to run it */
		const struct cmd *c = cmd_of(obj, argc, argv);

		privs_command(obj, c, argc, argv);
		return object_run_cmd(obj, c, argc - 1, argv + 1);
	}
	for (const struct object *o = objects; o->name && n + 1 < ARRAY_SIZE(names); o++)
		names[n++] = o->name;
	names[n] = NULL;
	return err_unknown(NULL, "object", argv[0], names);
}

int usage_msg(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (n) {
		va_start(ap, fmt);
		vsnprintf(msg, n, fmt, ap);
		va_end(ap);
	}
	return EXIT_USAGE;
}

int scan_u64(const char *what, const char *s, uint64_t max, uint64_t *out, char *msg, size_t n)
{
	const char *p = s;
	char *end;
	uint64_t v = 0;
	bool over = false;
	int base = 10;

	if (!s || !*s)
		return usage_msg(msg, n, "%s: empty value; expected a number", what);
	/* The common case first: a decimal of up to 19 digits, which cannot
	 * pass 2^64. Anything else, or out of range, takes the checks below. */
	if (*p >= '0' && *p <= '9' && p[1] != 'x' && p[1] != 'X') {
		while (*p >= '0' && *p <= '9' && p - s < 19)
			v = v * 10 + (unsigned)(*p++ - '0');
		if (!*p && v <= max) {
			*out = v;
			return 0;
		}
		p = s;
		v = 0;
	}
	if (*p == '-' || *p == '+' || isspace((unsigned char)*p))
		return usage_msg(msg, n, "%s: '%s' is not an unsigned number", what, err_arg(s));
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!isxdigit((unsigned char)*p))
			return usage_msg(msg, n, "%s: '%s' is not a number", what, err_arg(s));
	} else if (!isdigit((unsigned char)*p)) {
		return usage_msg(msg, n, "%s: '%s' is not a number", what, err_arg(s));
	}
	/* Digits only, converted here: strtoull would take a second "0x"
	 * ("0x0x10") or a sign after the first digit, and costs more than the
	 * conversion itself (a batch converts every entry of every line). */
	for (end = (char *)p; *end; end++) {
		unsigned d;

		if (*end >= '0' && *end <= '9')
			d = (unsigned)(*end - '0');
		else if (base == 16 && (*end | 0x20) >= 'a' && (*end | 0x20) <= 'f')
			d = (unsigned)((*end | 0x20) - 'a' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / (unsigned)base)
			over = true;
		else
			v = v * (unsigned)base + d;
	}
	if (*end)
		return usage_msg(msg, n, "%s: '%s' is not a number (garbage at '%s')", what,
				 err_arg(s), err_arg(end));
	if (over || v > max)	/* a long value is quoted shortened: say it is one */
		return usage_msg(msg, n, strlen(s) > 64 ? "%s: '%s' is out of range (maximum %llu)"
							 : "%s: %s is out of range (maximum %llu)",
				 what, err_arg(s), (unsigned long long)max);
	*out = v;
	return 0;
}

int parse_u64(const char *what, const char *s, uint64_t max, uint64_t *out)
{
	char msg[512];

	return scan_u64(what, s, max, out, msg, sizeof(msg)) ? err_usage("%s", msg) : 0;
}

int parse_u32(const char *what, const char *s, uint32_t *out)
{
	uint64_t v;
	int r = parse_u64(what, s, UINT32_MAX, &v);

	if (!r)
		*out = (uint32_t)v;
	return r;
}

int scan_reg(const char *what, const char *s, unsigned bits, uint64_t *out, char *msg, size_t n)
{
	const char *p = s;
	size_t digits;
	uint64_t v = 0;

	if (!s || !*s)
		return usage_msg(msg, n, "%s: empty value; expected a hexadecimal register value", what);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p)
		return usage_msg(msg, n, "%s: '%s' has no hex digits", what, s);
	for (digits = 0; p[digits]; digits++)
		if (!isxdigit((unsigned char)p[digits]))
			return usage_msg(msg, n, "%s: '%s' is not a hexadecimal register value", what,
					 err_arg(s));
	while (*p == '0' && p[1])	/* leading zeros never overflow */
		p++, digits--;
	if (digits > (bits + 3) / 4)
		return usage_msg(msg, n, strlen(s) > 64 ? "%s: '%s' does not fit in a %u-bit register"
							 : "%s: %s does not fit in a %u-bit register",
				 what, err_arg(s), bits);
	for (; *p; p++) {
		int d = isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10);

		v = v << 4 | (uint64_t)d;
	}
	if (bits < 64 && (v >> bits))
		return usage_msg(msg, n, "%s: %s does not fit in a %u-bit register", what, err_arg(s),
				 bits);
	*out = v;
	return 0;
}

int parse_reg(const char *what, const char *s, unsigned bits, uint64_t *out)
{
	char msg[512];

	return scan_reg(what, s, bits, out, msg, sizeof(msg)) ? err_usage("%s", msg) : 0;
}
