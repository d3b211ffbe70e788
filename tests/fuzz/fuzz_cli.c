// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whole command lines: the input is tokenized as a batch line and run through
 * run_command() in text and in JSON mode, over a fixture tree (read-only,
 * --sysfs/--proc/--dev), and each run is checked as fuzz_command() says
 * (exit code, one message, one well-formed JSON document with the error).
 *
 * Only commands that touch nothing but the fixture tree are run: the
 * inventory objects, decode (not dmesg, which reads a file named by the
 * input: the dmesg target covers it), help, and OBJECT help for every object.
 * The session objects need a kernel; their argument parsers are the kwargs
 * target's. Leading words "@NAME" pick the fixture tree (default "odd") and
 * "-v" sets the verbose option (every register field).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "fuzz.h"
#include "tokenize.h"

static const char *const trees[] = {
	"odd", "mixed", "intel-server", "amd-epyc", "arm-server", "unreadable", "no-iommu",
};

static bool allowed(int argc, char **argv)
{
	static const char *const inventory[] = { "show", "iommu", "group", "device", "help" };
	const struct object *o;

	if (argc < 1 || !(o = object_find(argv[0])))
		return true;	/* unknown objects: a usage error, safe */
	if (argc >= 2 && !strcmp(argv[1], "help"))
		return true;
	if (!strcmp(argv[0], "decode"))
		return argc < 2 || strcmp(argv[1], "dmesg");
	if (!strcmp(argv[0], "device"))	/* list and show read sysfs; the rest open devices */
		return argc < 2 || !strcmp(argv[1], "list") || !strcmp(argv[1], "show");
	for (size_t i = 0; i < sizeof(inventory) / sizeof(inventory[0]); i++)
		if (!strcmp(argv[0], inventory[i]))
			return true;
	return false;
}

void fuzz_cli(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	struct tokens t;
	struct fuzz_run r;
	const char *tree = trees[0];
	char **argv;
	int argc;

	if (tokenize((const char *)data, size, &t, &why) != TOK_OK)
		return;
	argc = t.argc;
	argv = t.argv;
	opts.verbose = 0;
	for (; argc && (argv[0][0] == '@' || !strcmp(argv[0], "-v")); argc--, argv++) {
		if (argv[0][0] == '-')
			opts.verbose = 1;
		for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
			if (!strcmp(argv[0] + 1, trees[i]))
				tree = trees[i];
	}
	if (!allowed(argc, argv)) {
		tokens_free(&t);
		return;
	}
	fuzz_use_tree("%s/tests/fixtures/sysfs/%s", FUZZ_SRCDIR, tree);
	for (int json = 0; json <= 1; json++) {
		fuzz_command(json, argc, argv, &r);
		fuzz_run_free(&r);
	}
	opts.verbose = 0;
	tokens_free(&t);
}
