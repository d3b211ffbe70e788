// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry point for one target: built once per target with
 * -DFUZZ_TARGET=name (make fuzz). An invariant that fails aborts, which
 * libFuzzer reports as a crash and saves the input.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "build with -DFUZZ_TARGET=name"
#endif
#define FUZZ_FN_(name) fuzz_##name
#define FUZZ_FN(name) FUZZ_FN_(name)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

void fuzz_fail(const char *file, int line, const char *what, const char *detail)
{
	fuzz_restore_std();
	fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
	if (detail)
		fuzz_print_detail(detail);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FUZZ_FN(FUZZ_TARGET)(data, size);
	return 0;
}
