// SPDX-License-Identifier: GPL-2.0-only
/*
 * The keyword-argument parser every session command uses, with a table of
 * every keyword type (bounded and unbounded numbers, sizes, strings, object
 * references of one kind or any, new names, flags) in a session that holds a
 * few named objects. The input is the argument words as a batch line (any
 * byte but NUL can be quoted into a word). Checks: failure is a usage error (exit 2,
 * one message); success used every word, kept every bound, resolved names to
 * the right objects and accepted only a valid, unused new name.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "fuzz.h"
#include "kwargs.h"
#include "output.h"
#include "session.h"
#include "tokenize.h"

static int kw_command(int argc, char **argv)
{
	bool flag = false;
	uint64_t u64 = 0, u64max = 0, size = 0, sizemax = 0;
	uint32_t u32 = 0, u32max = 0, ioas = 0, dev = 0, any = 0;
	const char *str = NULL, *name = NULL;
	struct kwarg kw[] = {
		KW("flag", KW_FLAG, &flag),
		KW("u64", KW_U64, &u64),
		KW_MAX("pasid", KW_U64, &u64max, 0xfffff),
		KW("u32", KW_U32, &u32),
		KW_MAX("slot", KW_U32, &u32max, 4096),
		KW("length", KW_SIZE, &size),
		KW_MAX("small", KW_SIZE, &sizemax, 1ULL << 30),
		KW("str", KW_STR, &str),
		KW_KIND("ioas", &ioas, SOBJ_IOAS),
		KW_KIND("dev", &dev, SOBJ_ANY_DEVICE),
		KW("obj", KW_OBJ, &any),
		KW("name", KW_NAME, &name),
	};
	size_t n = sizeof(kw) / sizeof(kw[0]), used = 0;
	int rc;

	if (!session_add(SOBJ_IOAS, 7, "a", -1, "ioas") ||
	    !session_add(SOBJ_HWPT, 8, "h", -1, "hwpt") ||
	    !session_add(SOBJ_MOCK, 9, "m", -1, "mock"))
		abort();
	rc = parse_kwargs("fuzz", argc, argv, kw, n);
	if (rc) {
		FUZZ_CHECK(rc == EXIT_USAGE);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(kw_seen(kw, n, kw[i].name) == kw[i].seen);
		if (!kw[i].seen)
			continue;	/* kw_require() would report it */
		FUZZ_CHECK(kw_require("fuzz", kw, n, kw[i].name) == 0);
		used += kw[i].type == KW_FLAG ? 1 : 2;
	}
	FUZZ_CHECK(used == (size_t)argc);
	FUZZ_CHECK(flag == kw[0].seen);
	FUZZ_CHECK(u64max <= 0xfffff && u32max <= 4096 && sizemax <= (1ULL << 30));
	FUZZ_CHECK(!kw[8].seen || ioas == 7 || session_find_id(ioas) == NULL);
	FUZZ_CHECK(!kw[9].seen || dev == 9 || session_find_id(dev) == NULL);
	FUZZ_CHECK(!kw[10].seen || any != 0);
	if (name) {
		FUZZ_CHECK(strcmp(name, "a") && strcmp(name, "h") && strcmp(name, "m"));
		FUZZ_CHECK(session_check_name("fuzz", name) == 0);
	}
	/* what a command prints from them */
	print_bool(PRINT_ANY, "flag", "flag %s", flag);
	print_u64(PRINT_ANY, "u64", " u64 %" PRIu64, u64);
	print_hex(PRINT_ANY, "pasid", " pasid %#" PRIx64, u64max);
	print_u64(PRINT_ANY, "u32", " u32 %" PRIu64, u32);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, size);
	print_string(PRINT_ANY, "str", " str %s", str);
	print_string(PRINT_ANY, "name", " name %s\n", name);
	return EXIT_OK;
}

void fuzz_kwargs(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	struct tokens t;
	struct fuzz_run r;

	if (tokenize((const char *)data, size, &t, &why) != TOK_OK)
		return;
	for (int json = 0; json <= 1; json++) {
		fuzz_call(json, kw_command, t.argc, t.argv, &r);
		fuzz_run_free(&r);
	}
	tokens_free(&t);
}
