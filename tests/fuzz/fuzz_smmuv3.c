// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SMMUv3 command and STE builder and decoder, both ways.
 *
 * Text input "cmd WORDS…" or "ste WORDS…" (a batch line after the first
 * word): the builder. A refusal is a usage error with a message; a built
 * command has its kind's opcode and no undefined bits.
 *
 * Any other input: bytes (raw, or "hex:" text), the first 16 a command's two
 * words and the next 16 an STE's (little-endian, zero-padded). Decoded and
 * printed (text and JSON, and through `decode smmuv3-cmd|ste W0 W1`).
 *
 * Either way the round trip is checked: the text the decoder prints is in the
 * builder's syntax, so building it again gives the same words, less the bits
 * no field describes (which the text reports separately).
 */
#include <endian.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "output.h"
#include "smmuv3_cmd.h"
#include "tokenize.h"

struct words {
	bool ste;
	uint64_t w[2];
};

static void print_words(void *p)
{
	struct words *x = p;

	if (x->ste)
		smmuv3_ste_print(x->w);
	else
		smmuv3_cmd_print(x->w);
}

static int build(bool ste, int argc, char **argv, uint64_t w[2], char *err, size_t n)
{
	return ste ? smmuv3_ste_build(argc, argv, w, err, n)
		   : smmuv3_cmd_build(argc, argv, w, err, n);
}

/* Print w, check the JSON, and build the text again. */
static void round_trip(bool ste, const uint64_t w[2])
{
	struct words x = { .ste = ste, .w = { w[0], w[1] } };
	uint64_t undef[2], again[2];
	struct fuzz_run r;
	struct tokens t;
	const char *why = NULL;
	char *semi, err[1024];
	int rc;

	fuzz_print(true, print_words, &x, &r);
	fuzz_run_free(&r);
	fuzz_print(false, print_words, &x, &r);
	FUZZ_CHECK(r.err_len == 0 && r.out_len > 0 && !strchr(r.out, '\n'));

	if (ste) {
		smmuv3_ste_undefined_bits(w, undef);
	} else {
		smmuv3_cmd_undefined_bits(w, undef);
		if (!smmuv3_cmd_kind_by_opcode(SMMUV3_CMD_OPCODE(w))) {
			FUZZ_CHECK(!strncmp(r.out, "unknown (", 9));
			fuzz_run_free(&r);
			return;
		}
	}
	FUZZ_CHECK_MSG((strstr(r.out, "; undefined bits ") != NULL) == (undef[0] || undef[1]),
		       r.out);
	FUZZ_CHECK_MSG((strstr(r.out, "; refused (EIO): ") != NULL) ==
		       !(ste ? smmuv3_ste_allowed(w, NULL) : smmuv3_cmd_allowed(w, NULL)), r.out);
	semi = strchr(r.out, ';');
	if (semi)
		*semi = '\0';
	FUZZ_CHECK(tokenize(r.out, strlen(r.out), &t, &why) == TOK_OK);
	if (!ste) {	/* "KIND (0xNN) fields…": drop the opcode */
		FUZZ_CHECK(t.argc >= 2 && t.argv[1][0] == '(');
		memmove(&t.argv[1], &t.argv[2], sizeof(t.argv[0]) * (size_t)(t.argc - 1));
		t.argc--;
	}
	rc = build(ste, t.argc, t.argv, again, err, sizeof(err));
	FUZZ_CHECK_MSG(rc == 0, err);
	FUZZ_CHECK_MSG(again[0] == (w[0] & ~undef[0]) && again[1] == (w[1] & ~undef[1]), r.out);
	tokens_free(&t);
	fuzz_run_free(&r);
}

static void decode_command(bool ste, const uint64_t w[2])
{
	char w0[24], w1[24];
	char *argv[] = { "decode", ste ? "smmuv3-ste" : "smmuv3-cmd", w0, w1 };
	struct fuzz_run r;

	snprintf(w0, sizeof(w0), "0x%" PRIx64, w[0]);
	snprintf(w1, sizeof(w1), "%" PRIx64, w[1]);	/* "0x" is optional */
	for (int json = 0; json <= 1; json++) {
		fuzz_command(json, 4, argv, &r);
		FUZZ_CHECK_MSG(r.rc == EXIT_OK, r.err);
		fuzz_run_free(&r);
	}
}

static void from_text(bool ste, const char *line, size_t len)
{
	struct tokens t;
	const char *why = NULL;
	uint64_t w[2] = { 0x5a5a, 0xa5a5 }, before[2] = { 0x5a5a, 0xa5a5 }, undef[2];
	char err[1024];
	int rc;

	if (tokenize(line, len, &t, &why) != TOK_OK)
		return;
	memset(err, 'x', sizeof(err));
	rc = build(ste, t.argc, t.argv, w, err, sizeof(err));
	if (rc) {
		FUZZ_CHECK(rc == EXIT_USAGE);
		FUZZ_CHECK(memchr(err, 0, sizeof(err)) && err[0] && err[0] != 'x');
		FUZZ_CHECK(w[0] == before[0] && w[1] == before[1]);	/* untouched */
		tokens_free(&t);
		return;
	}
	if (!ste && strcmp(t.argv[0], "raw")) {
		const struct smmuv3_cmd_kind *k = smmuv3_cmd_kind_by_name(t.argv[0]);

		FUZZ_CHECK(k && SMMUV3_CMD_OPCODE(w) == k->opcode);
		smmuv3_cmd_undefined_bits(w, undef);
		FUZZ_CHECK(!undef[0] && !undef[1]);
	} else if (ste && strcmp(t.argv[0], "raw")) {
		smmuv3_ste_undefined_bits(w, undef);
		FUZZ_CHECK(!undef[0] && !undef[1]);
	}
	round_trip(ste, w);
	tokens_free(&t);
}

void fuzz_smmuv3(const uint8_t *data, size_t size)
{
	uint8_t *b, raw[32] = { 0 };
	uint64_t cmd[2], ste[2];
	size_t n;

	if (size >= 4 && (!memcmp(data, "cmd ", 4) || !memcmp(data, "ste ", 4))) {
		from_text(data[0] == 's', (const char *)data + 4, size - 4);
		return;
	}
	fuzz_bytes(data, size, &b, &n);
	memcpy(raw, b, n < sizeof(raw) ? n : sizeof(raw));
	free(b);
	for (int i = 0; i < 2; i++) {
		memcpy(&cmd[i], raw + 8 * i, 8);
		memcpy(&ste[i], raw + 16 + 8 * i, 8);
		cmd[i] = le64toh(cmd[i]);
		ste[i] = le64toh(ste[i]);
	}
	round_trip(false, cmd);
	round_trip(true, ste);
	decode_command(false, cmd);
	decode_command(true, ste);
}
