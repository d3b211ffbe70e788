// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replays every committed fuzz input (tests/fuzz/seeds/TARGET and
 * tests/fuzz/regressions/TARGET) through the same entry points libFuzzer
 * drives, with the normal build: crashes found once stay fixed, and the
 * targets' invariants hold for the seeds, without clang.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz.h"

void fuzz_fail(const char *file, int line, const char *what, const char *detail)
{
	fuzz_restore_std();
	fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
	if (detail)
		fuzz_print_detail(detail);
	fail();
	abort();	/* not reached: fail() leaves the test */
}

struct target {
	const char *name;
	fuzz_fn fn;
};

#define FUZZ_ENTRY(n) { #n, fuzz_##n },
static const struct target targets[] = { FUZZ_TARGETS(FUZZ_ENTRY) };

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	assert_non_null(f);
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	*len = n;
	return buf;
}

/* Every file of DIR/TARGET, in name order; returns how many ran. */
static size_t replay_dir(const struct target *t, const char *kind, bool must_exist)
{
	char dir[1024], path[2048];
	char *names[4096];
	size_t n = 0;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/%s/%s", FUZZ_SRCDIR, kind, t->name);
	d = opendir(dir);
	if (!d) {
		if (must_exist)
			fail_msg("%s: no such directory", dir);
		return 0;
	}
	while ((e = readdir(d)) && n < sizeof(names) / sizeof(names[0]))
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		uint8_t *data;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		data = read_file(path, &len);
		t->fn(data, len);
		free(data);
		free(names[i]);
	}
	return n;
}

static void test_replay(void **state)
{
	const struct target *t = *state;
	size_t seeds = replay_dir(t, "seeds", true);
	size_t regressions = replay_dir(t, "regressions", false);

	assert_true(seeds > 0);
	print_message("fuzz replay %-8s %3zu seeds, %3zu regression inputs\n", t->name, seeds,
		      regressions);
}

/* Every tests/fuzz/fuzz_*.c is a target in FUZZ_TARGETS, and the reverse. */
static void test_targets_listed(void **state)
{
	char dir[1024];
	struct dirent *e;
	size_t files = 0;
	DIR *d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/fuzz", FUZZ_SRCDIR);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		bool found = false;

		if (strncmp(e->d_name, "fuzz_", 5) || l < 7 || strcmp(e->d_name + l - 2, ".c"))
			continue;
		files++;
		for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
			if (strlen(targets[i].name) == l - 7 &&
			    !strncmp(targets[i].name, e->d_name + 5, l - 7))
				found = true;
		if (!found)
			fail_msg("%s is not in FUZZ_TARGETS (tests/fuzz/fuzz.h)", e->d_name);
	}
	closedir(d);
	assert_int_equal(files, sizeof(targets) / sizeof(targets[0]));
}

int main(void)
{
	struct CMUnitTest tests[sizeof(targets) / sizeof(targets[0]) + 1];
	size_t n = 0;

	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_targets_listed);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_replay,
								       (void *)&targets[i]);
		tests[n].name = targets[i].name;
		n++;
	}
	return _cmocka_run_group_tests("fuzz_replay", tests, n, NULL, NULL);
}
