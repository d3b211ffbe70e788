/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command tables and argument parsing, bpftool style: one static table per
 * object, exact keyword matching (no prefix guessing, so a future keyword can
 * never change how an old script parses).
 */
#ifndef IOMMUCTL_CMD_H
#define IOMMUCTL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Options from the command line, shared by every command. */
struct options {
	bool json;
	bool pretty;
	bool quiet;
	int verbose;
	bool debug;
	const char *sysfs_root;	/* "/sys" unless --sysfs */
	const char *proc_root;	/* "/proc" unless --proc (cmdline, version) */
	const char *dev_root;	/* "/dev" unless --dev (device nodes) */
	int iommufd_fd;		/* --iommufd-fd, or -1 */
};
extern struct options opts;

/*
 * A command: argv[0] is the first argument after the command word.
 * Returns an exit code (error.h).
 */
typedef int (*cmd_fn)(int argc, char **argv);

struct cmd {
	const char *name;
	cmd_fn fn;
	const char *args;	/* synopsis of the arguments, "" if none */
	const char *help;	/* one line */
};

struct object {
	const char *name;
	const struct cmd *cmds;	/* terminated by { NULL }; NULL: fn takes the line */
	cmd_fn fn;		/* objects without commands (show, batch …) */
	const char *args;	/* for objects without commands */
	const char *help;
	const char *default_cmd; /* run when no command is given, or NULL */
};

/* The top-level table (main.c), for help, batch and the command dump. */
extern const struct object objects[];

int object_run(const struct object *obj, int argc, char **argv);
const struct object *object_find(const char *name);
/* The command of obj named name (obj has commands), or NULL. */
const struct cmd *cmd_find(const struct object *obj, const char *name);
/* The command of a command line argv (argv[0] names obj): argv[1], or obj's
 * default command without one; NULL when obj has no commands or argv names
 * none of them. */
const struct cmd *cmd_of(const struct object *obj, int argc, char *const *argv);
/* `OBJECT help`: the object's commands with their synopses. */
int object_help(const struct object *obj);

/* Run one command line (argv[0] is the object). */
int run_command(int argc, char **argv);

/*
 * Numbers: decimal or 0x-hex, no sign, no garbage, no overflow past max.
 * what names the argument in the message. Return 0 or EXIT_USAGE (reported).
 */
int parse_u64(const char *what, const char *s, uint64_t max, uint64_t *out);
/* A usage error written into msg (n bytes) rather than reported, for parsers
 * whose callers report; returns EXIT_USAGE. */
int usage_msg(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same checks without reporting: EXIT_USAGE with the message in msg. */
int scan_u64(const char *what, const char *s, uint64_t max, uint64_t *out, char *msg, size_t n);
int scan_reg(const char *what, const char *s, unsigned bits, uint64_t *out, char *msg, size_t n);
int parse_u32(const char *what, const char *s, uint32_t *out);
/* Register values: always hexadecimal (as sysfs and dmesg print them),
 * "0x" optional; bits is the register width. */
int parse_reg(const char *what, const char *s, unsigned bits, uint64_t *out);

/* "CONTEXT: unknown NOUN 'GOT'; expected a, b or c" (missing NOUN if GOT is
 * NULL); returns EXIT_USAGE. */
int err_unknown(const char *context, const char *noun, const char *got,
		const char *const *accepted);
/*
 * Find GOT by name in a table whose entries begin with `const char *name`
 * (n entries of stride bytes): *index, or err_unknown listing every name.
 * PARSE_NAME takes the table itself.
 */
int parse_table_name(const char *context, const char *noun, const char *got,
		     const void *table, size_t n, size_t stride, size_t *index);
#define PARSE_NAME(context, noun, got, table, index) \
	parse_table_name(context, noun, got, table, ARRAY_SIZE(table), sizeof((table)[0]), index)

/* Reject a keyword that is not in list (NULL-terminated); EXIT_USAGE. */
int err_keyword(const char *context, const char *got, const char *const *accepted);

/* start + length must not pass 2^64: "CTX: WHAT 0x... + length N passes
 * 2^64" (EXIT_USAGE) or 0. */
int check_range(const char *ctx, const char *what, uint64_t start, uint64_t length);

/* Require n more arguments after the current one. */
int need_args(int argc, int n, const char *what);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
