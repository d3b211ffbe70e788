/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Errors and exit codes. Every error is one sentence: on stderr in text
 * mode, an {"error": {...}} object in JSON mode. The functions return the
 * exit code so that commands can write `return err_usage(...)`.
 */
#ifndef IOMMUCTL_ERROR_H
#define IOMMUCTL_ERROR_H

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* the operation failed */
	EXIT_USAGE = 2,		/* bad command line or input */
	EXIT_UNSUPPORTED = 3,	/* hardware, kernel or configuration lacks it */
};

int err_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_unsupported(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A failed system call. op names it ("open", "IOMMU_HWPT_ALLOC"); the
 * message explains the likely cause. Returns EXIT_UNSUPPORTED when code says
 * so, else EXIT_FAILED.
 */
int err_errno(enum exit_code code, const char *op, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Batch position for text messages ("FILE:LINE: ") and JSON error objects
 * ("file", "line"); line 0 clears it. */
void err_set_line(const char *file, int line);
/* The batch line being run, 0 outside a batch or shell. */
int err_line(void);

/*
 * A value from the command line, fit to quote in a message: as it is, or
 * when longer than 64 bytes its first 40 bytes, "…" and its length, as in
 * '1111…(5000 bytes)'. Messages never cut a value silently. The result lives
 * until the 8th call after it. (Bytes that are not printable UTF-8 are
 * escaped as \xNN when the message is reported.)
 */
const char *err_arg(const char *s);

/* s with control characters and bytes that are not UTF-8 as \xNN, as
 * messages get it (for outputs that echo input, such as a batch line's
 * command). malloc'd; NULL when out of memory. */
char *err_printable(const char *s);

/* "ENOENT" for ENOENT; "E<number>" when glibc has no name for it. */
const char *errno_name(int errnum);

#endif
