/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz targets (tests/fuzz/fuzz_*.c) and what they share. Each target is
 * a plain function over one input; tests/fuzz/libfuzzer.c turns one into a
 * libFuzzer binary (make fuzz), tests/unit/test_fuzz_replay.c replays the
 * committed seeds and regression inputs through all of them with the normal
 * build (make test). A target never trusts its input and checks what is
 * cheap to check (round trips, bounds, well-formed output) with FUZZ_CHECK.
 */
#ifndef IOMMUCTL_FUZZ_H
#define IOMMUCTL_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*fuzz_fn)(const uint8_t *data, size_t size);

/* The targets: the replay test's list (make fuzz builds every
 * tests/fuzz/fuzz_NAME.c; the replay test checks that the two agree). */
#define FUZZ_TARGETS(X) \
	X(tokenize) X(kwargs) X(number) X(cli) X(dmesg) X(sysfs) X(smmuv3) X(events) \
	X(s1pgtbl)

#define FUZZ_DECLARE(name) void fuzz_##name(const uint8_t *data, size_t size);
FUZZ_TARGETS(FUZZ_DECLARE)
#undef FUZZ_DECLARE

/* An invariant failed: report and stop (the driver decides how). */
void fuzz_fail(const char *file, int line, const char *what, const char *detail)
	__attribute__((noreturn));
#define FUZZ_CHECK(c) \
	do { if (!(c)) fuzz_fail(__FILE__, __LINE__, #c, NULL); } while (0)
#define FUZZ_CHECK_MSG(c, detail) \
	do { if (!(c)) fuzz_fail(__FILE__, __LINE__, #c, (detail)); } while (0)

/* The top of the source tree (fixtures), set by the Makefile. */
#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

/*
 * Binary targets take raw bytes, or text: "hex:" then hex digit pairs, with
 * white space and '#' comments ignored, so that their seeds can be read and
 * reviewed as text. *buf is malloc'd (free it); its length goes to *len.
 */
void fuzz_bytes(const uint8_t *data, size_t size, uint8_t **buf, size_t *len);

/* --sysfs, --proc and --dev: DIR/sys, DIR/proc and DIR/dev of a fixture tree,
 * DIR printf-formatted. */
void fuzz_use_tree(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A NUL-terminated copy of data (free it). */
char *fuzz_string(const uint8_t *data, size_t size);

/* What one command printed, as main() would have run it. */
struct fuzz_run {
	int rc;
	char *out, *err;	/* stdout and stderr, NUL-terminated */
	size_t out_len, err_len;
};

/*
 * Run argv (argv[0] is the object) through run_command() as main() does, in
 * text or JSON mode, with stdout and stderr captured, then check the result
 * the way every command must behave: a documented exit code; in JSON mode
 * exactly one JSON document, valid UTF-8, with an "error" object exactly
 * when the exit code is not 0 (and the same code in it), nothing on stderr;
 * in text mode every line on stderr is a message of its own ("iommuctl: …")
 * and a failure prints one labelled "usage", "error" or "unsupported". Free with fuzz_run_free().
 */
void fuzz_command(bool json, int argc, char **argv, struct fuzz_run *r);
/* The same for a command function of the target's own. */
void fuzz_call(bool json, int (*fn)(int argc, char **argv), int argc, char **argv,
	       struct fuzz_run *r);
void fuzz_run_free(struct fuzz_run *r);

/* Print with fn into one document (text or JSON), captured like a command;
 * in JSON mode the document is checked as fuzz_command() checks it. */
void fuzz_print(bool json, void (*fn)(void *ctx), void *ctx, struct fuzz_run *r);

/* What went wrong, on stderr, bytes that are not printable ASCII as \xNN. */
void fuzz_print_detail(const char *detail);

/* Put stdout and stderr back if a capture is under way (for fuzz_fail()). */
void fuzz_restore_std(void);

/* A JSON document (NUL-terminated) parses whole, strictly, as valid UTF-8. */
bool fuzz_json_ok(const char *text, size_t len);

#endif
