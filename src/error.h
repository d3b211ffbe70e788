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

/* Batch position for text messages; line 0 clears it. */
void err_set_line(const char *file, int line);

/* "ENOENT" for ENOENT; "E<number>" when glibc has no name for it. */
const char *errno_name(int errnum);

#endif
