// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMUv3 command-queue commands and guest STEs (smmuv3_cmd.c): the tables are
 * sound, every kind builds and decodes back (JSON and text), exact words
 * worked out by hand from the field layout of Linux's arm-smmu-v3.h, every
 * bad input is refused with a message naming it, and the accept/refuse
 * verdicts are those of Linux 7.2's arm_vsmmu_convert_user_cmd and
 * arm_smmu_validate_vste.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json.h>

#include "error.h"
#include "output.h"
#include "smmuv3_cmd.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char err[640];

/* Split line at blanks into argv (in buf); returns argc. */
static int split(const char *line, char *buf, size_t n, char **argv, int max)
{
	int argc = 0;

	snprintf(buf, n, "%s", line);
	for (char *t = strtok(buf, " "); t && argc < max; t = strtok(NULL, " "))
		argv[argc++] = t;
	return argc;
}

static int cmd_build(const char *line, uint64_t w[2])
{
	char buf[1024], *argv[64];
	int argc = split(line, buf, sizeof(buf), argv, 64);

	err[0] = '\0';
	return smmuv3_cmd_build(argc, argv, w, err, sizeof(err));
}

static int ste_build(const char *line, uint64_t w[2])
{
	char buf[1024], *argv[64];
	int argc = split(line, buf, sizeof(buf), argv, 64);

	err[0] = '\0';
	return smmuv3_ste_build(argc, argv, w, err, sizeof(err));
}

#define assert_cmd(line, w0, w1) do { \
	uint64_t w_[2] = { 0xdead, 0xbeef }; \
	if (cmd_build((line), w_)) \
		fail_msg("'%s': %s", (line), err); \
	if (w_[0] != (uint64_t)(w0) || w_[1] != (uint64_t)(w1)) \
		fail_msg("'%s': got 0x%016llx 0x%016llx, want 0x%016llx 0x%016llx", (line), \
			 (unsigned long long)w_[0], (unsigned long long)w_[1], \
			 (unsigned long long)(w0), (unsigned long long)(w1)); \
} while (0)

#define assert_ste(line, w0, w1) do { \
	uint64_t w_[2] = { 0xdead, 0xbeef }; \
	if (ste_build((line), w_)) \
		fail_msg("'%s': %s", (line), err); \
	if (w_[0] != (uint64_t)(w0) || w_[1] != (uint64_t)(w1)) \
		fail_msg("'%s': got 0x%016llx 0x%016llx, want 0x%016llx 0x%016llx", (line), \
			 (unsigned long long)w_[0], (unsigned long long)w_[1], \
			 (unsigned long long)(w0), (unsigned long long)(w1)); \
} while (0)

/* A refusal: exit 2, the message contains want, the words untouched and
 * nothing reported (the caller reports). */
static void refused(int (*build)(const char *, uint64_t *), const char *line, const char *want)
{
	uint64_t w[2] = { 0x1111, 0x2222 };
	struct json_object *doc;

	out_set_mode(true, false);
	out_begin();
	assert_int_equal(build(line, w), EXIT_USAGE);
	if (!strstr(err, want))
		fail_msg("'%s': message '%s' lacks '%s'", line, err, want);
	assert_true(w[0] == 0x1111 && w[1] == 0x2222);
	assert_false(out_has_error());
	doc = out_take();
	json_object_put(doc);
	out_set_mode(false, false);
}

/* The JSON that print makes (caller puts it). */
static struct json_object *json_of(void (*print)(const uint64_t *), uint64_t w0, uint64_t w1)
{
	const uint64_t w[2] = { w0, w1 };

	struct json_object *doc;

	out_set_mode(true, false);
	out_begin();
	print(w);
	doc = out_take();
	out_set_mode(false, false);
	return doc;
}

/* The text that print makes, in buf. */
static const char *text_of(void (*print)(const uint64_t *), uint64_t w0, uint64_t w1)
{
	static char buf[2048];
	const uint64_t w[2] = { w0, w1 };
	FILE *cap = tmpfile();
	int saved = dup(1);
	size_t n;

	assert_non_null(cap);
	out_set_mode(false, false);
	fflush(stdout);
	dup2(fileno(cap), 1);
	out_begin();
	print(w);
	out_end();
	out_flush();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(cap);
	n = fread(buf, 1, sizeof(buf) - 1, cap);
	buf[n] = '\0';
	fclose(cap);
	return buf;
}

static void cmd_print(const uint64_t *w)
{
	smmuv3_cmd_print(w);
}

static void ste_print(const uint64_t *w)
{
	smmuv3_ste_print(w);
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no '%s' in %s", key, json_object_to_json_string(o));
	return v;
}

static bool has(struct json_object *o, const char *key)
{
	return json_object_object_get_ex(o, key, NULL);
}

static uint64_t field_mask(const struct smmuv3_field *f)
{
	unsigned w = (unsigned)(f->hi - f->lo + 1);

	return w >= 64 ? ~0ULL : (1ULL << w) - 1;
}

/* ---- the tables ------------------------------------------------------------ */

static void test_tables_sound(void **state)
{
	static const uint8_t accepted[] = { 0x10, 0x11, 0x12, 0x13, 0x30, 0x40, 0x05, 0x06 };
	static const char *const want[] = {
		"tlbi-nh-all", "tlbi-nsnh-all", "tlbi-nh-asid", "tlbi-nh-va", "tlbi-nh-vaa",
		"atc-inv", "cfgi-cd", "cfgi-cd-all", "prefetch-cfg", "cfgi-ste", "cfgi-all",
		"tlbi-el2-all", "tlbi-el2-asid", "tlbi-el2-va", "tlbi-s12-vmall", "tlbi-s2-ipa",
		"pri-resp", "resume", "cmd-sync",
	};
	uint64_t ste0 = 0, ste1 = 0;
	char why[200] = "";
	size_t n_acc = 0;

	(void)state;
	if (smmuv3_tables_check(why, sizeof(why)))
		fail_msg("%s", why);
	assert_int_equal(smmuv3_n_cmd_kinds, N(want));
	for (size_t i = 0; i < N(want); i++) {
		const struct smmuv3_cmd_kind *k = smmuv3_cmd_kind_by_name(want[i]);

		assert_non_null(k);
		assert_ptr_equal(smmuv3_cmd_kind_by_opcode(k->opcode), k);
		n_acc += k->accepted;
		assert_int_equal(k->accepted, memchr(accepted, k->opcode, N(accepted)) != NULL);
	}
	assert_int_equal(n_acc, N(accepted));
	assert_null(smmuv3_cmd_kind_by_name("raw"));
	assert_null(smmuv3_cmd_kind_by_opcode(0xff));
	/* opcodes as arm-smmu-v3.h has them */
	assert_int_equal(smmuv3_cmd_kind_by_name("prefetch-cfg")->opcode, 0x01);
	assert_int_equal(smmuv3_cmd_kind_by_name("cfgi-ste")->opcode, 0x03);
	assert_int_equal(smmuv3_cmd_kind_by_name("cfgi-all")->opcode, 0x04);
	assert_int_equal(smmuv3_cmd_kind_by_name("tlbi-el2-all")->opcode, 0x20);
	assert_int_equal(smmuv3_cmd_kind_by_name("tlbi-el2-asid")->opcode, 0x21);
	assert_int_equal(smmuv3_cmd_kind_by_name("tlbi-el2-va")->opcode, 0x22);
	assert_int_equal(smmuv3_cmd_kind_by_name("tlbi-s12-vmall")->opcode, 0x28);
	assert_int_equal(smmuv3_cmd_kind_by_name("tlbi-s2-ipa")->opcode, 0x2a);
	assert_int_equal(smmuv3_cmd_kind_by_name("pri-resp")->opcode, 0x41);
	assert_int_equal(smmuv3_cmd_kind_by_name("resume")->opcode, 0x44);
	assert_int_equal(smmuv3_cmd_kind_by_name("cmd-sync")->opcode, 0x46);
	/* the STE table is exactly the kernel's guest-controllable masks:
	 * word 0 V 0, Cfg 3:1, S1Fmt 5:4, S1ContextPtr 51:6, S1CDMax 63:59;
	 * word 1 S1DSS 1:0, S1CIR 3:2, S1COR 5:4, S1CSH 7:6, S1STALLD 27, EATS 29:28 */
	assert_true(SMMUV3_STE0_ALLOWED == (((1ULL << 52) - 1) | 0x1fULL << 59));
	assert_true(SMMUV3_STE1_ALLOWED == (0xffULL | 1ULL << 27 | 3ULL << 28));
	for (size_t i = 0; i < smmuv3_n_ste_fields; i++) {
		const struct smmuv3_field *f = &smmuv3_ste_fields[i];

		*(f->word ? &ste1 : &ste0) |= field_mask(f) << f->lo;
	}
	assert_true(ste0 == SMMUV3_STE0_ALLOWED);
	assert_true(ste1 == SMMUV3_STE1_ALLOWED);
}

/* ---- every kind, there and back ------------------------------------------ */

/* The text line (minus " (0xNN)" and any "; …" tail) as builder input. */
static void text_to_line(const char *text, char *line, size_t n)
{
	char buf[2048], *semi, *t;
	size_t used = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	if ((semi = strchr(buf, ';')))
		*semi = '\0';
	line[0] = '\0';
	for (t = strtok(buf, " \n"); t; t = strtok(NULL, " \n")) {
		if (t[0] == '(')
			continue;
		used += (size_t)snprintf(line + used, n - used, "%s%s", used ? " " : "", t);
	}
}

enum fill { FILL_MAX, FILL_ONE };

/* Build kind k with every field at its maximum (or at 1 / the lowest address,
 * flags off): the words, the field values, JSON and text agree. */
static void round_trip(const struct smmuv3_cmd_kind *k, enum fill fill)
{
	uint64_t want[2] = { k->opcode, 0 }, w[2], undef[2];
	struct json_object *doc, *fields, *v;
	char line[1024], again[1024];
	size_t used;
	const char *text;

	used = (size_t)snprintf(line, sizeof(line), "%s", k->name);
	for (size_t i = 0; i < k->n_fields; i++) {
		const struct smmuv3_field *f = &k->fields[i];
		uint64_t val = fill == FILL_MAX ? field_mask(f) : 1;

		if (f->type == SMMU_FLAG) {
			if (fill == FILL_MAX) {
				used += (size_t)snprintf(line + used, sizeof(line) - used, " %s", f->key);
				want[f->word] |= 1ULL << f->lo;
			}
			continue;
		}
		if (f->type == SMMU_ADDR)
			used += (size_t)snprintf(line + used, sizeof(line) - used, " %s 0x%llx", f->key,
						 (unsigned long long)(val << f->lo));
		else
			used += (size_t)snprintf(line + used, sizeof(line) - used, " %s %llu", f->key,
						 (unsigned long long)val);
		want[f->word] |= val << f->lo;
	}
	assert_cmd(line, want[0], want[1]);
	cmd_build(line, w);
	smmuv3_cmd_undefined_bits(w, undef);
	assert_true(undef[0] == 0 && undef[1] == 0);
	for (size_t i = 0; i < k->n_fields; i++) {
		const struct smmuv3_field *f = &k->fields[i];
		uint64_t got = smmuv3_field_get(f, w);
		uint64_t exp = f->type == SMMU_FLAG ? fill == FILL_MAX
			     : (fill == FILL_MAX ? field_mask(f) : 1) << (f->type == SMMU_ADDR ? f->lo : 0);

		if (got != exp)
			fail_msg("%s.%s: got 0x%llx, want 0x%llx", k->name, f->key,
				 (unsigned long long)got, (unsigned long long)exp);
	}

	/* JSON: kind, opcode, raw, verdict, every field */
	doc = json_of(cmd_print, w[0], w[1]);
	assert_string_equal(json_object_get_string(get(doc, "kind")), k->name);
	snprintf(again, sizeof(again), "0x%x", k->opcode);
	assert_string_equal(json_object_get_string(get(doc, "opcode")), again);
	assert_int_equal(json_object_array_length(get(doc, "raw")), 2);
	assert_int_equal(json_object_get_boolean(get(doc, "accepted")), k->accepted);
	assert_int_equal(has(doc, "reason"), !k->accepted);
	assert_int_equal(has(doc, "kernel_rewrite"), k->accepted);
	assert_false(has(doc, "undefined_bits"));
	fields = get(doc, "fields");
	assert_int_equal(json_object_object_length(fields), (int)k->n_fields);
	for (size_t i = 0; i < k->n_fields; i++) {
		const struct smmuv3_field *f = &k->fields[i];
		uint64_t exp = smmuv3_field_get(f, w);

		v = get(fields, f->key);
		switch (f->type) {
		case SMMU_FLAG:
			assert_true(json_object_is_type(v, json_type_boolean));
			assert_int_equal(json_object_get_boolean(v), exp != 0);
			break;
		case SMMU_ADDR:
			assert_true(json_object_is_type(v, json_type_string));
			assert_true(strtoull(json_object_get_string(v), NULL, 16) == exp);
			break;
		default:
			assert_true(json_object_is_type(v, json_type_int));
			assert_true((uint64_t)json_object_get_uint64(v) == exp);
		}
	}
	json_object_put(doc);

	/* text: the builder's own syntax, so it builds the same words again */
	text = text_of(cmd_print, w[0], w[1]);
	assert_null(strchr(text, '\n'));
	snprintf(again, sizeof(again), "%s (0x%02x)", k->name, k->opcode);
	assert_memory_equal(text, again, strlen(again));
	assert_int_equal(strstr(text, "; refused (EIO): ") != NULL, !k->accepted);
	text_to_line(text, again, sizeof(again));
	assert_cmd(again, w[0], w[1]);
}

static void test_round_trip_every_kind(void **state)
{
	(void)state;
	for (size_t i = 0; i < smmuv3_n_cmd_kinds; i++) {
		const struct smmuv3_cmd_kind *k = &smmuv3_cmd_kinds[i];

		round_trip(k, FILL_MAX);
		round_trip(k, FILL_ONE);
		/* the kind alone: the opcode and nothing else */
		assert_cmd(k->name, k->opcode, 0);
	}
}

/* ---- exact words, by hand from arm-smmu-v3.h ---------------------------- */

static void test_exact_words(void **state)
{
	(void)state;
	/* TLBI_NH_VA: opcode 0x12 in 7:0, ASID 5 in cmd0 63:48 -> 0x0005_0000_0000_0012;
	 * VA 0x12345000 in place in cmd1 63:12, Leaf cmd1 bit 0 -> 0x12345001 */
	assert_cmd("tlbi-nh-va asid 5 va 0x12345000 leaf", 0x0005000000000012ULL, 0x12345001ULL);
	/* NUM 31 <<12 = 0x1f000, SCALE 31 <<20 = 0x1f00000, VMID 3 <<32, ASID 0xffff <<48:
	 * cmd0 0xffff0003_01f1f012; TTL 3 <<8 = 0x300, TG 64k (3) <<10 = 0xc00:
	 * cmd1 0xffff0000_00001000 | 0xf00 */
	assert_cmd("tlbi-nh-va asid 0xffff vmid 3 va 0xffff000000001000 num 31 scale 31 ttl 3 tg 64k",
		   0xffff000301f1f012ULL, 0xffff000000001f00ULL);
	/* TG 4k = 1 <<10 = 0x400, TTL 2 <<8 = 0x200 */
	assert_cmd("tlbi-nh-va va 0x2000 tg 4k ttl 2", 0x12, 0x2600);
	/* TLBI_NH_VAA: no ASID; VA and Leaf as for NH_VA */
	assert_cmd("tlbi-nh-vaa va 0x1000 leaf", 0x13, 0x1001);
	/* TLBI_NH_ALL: VMID 1 in 47:32 */
	assert_cmd("tlbi-nh-all vmid 1", 0x0000000100000010ULL, 0);
	/* TLBI_NH_ASID: ASID 2 <<48, VMID 0xffff <<32 */
	assert_cmd("tlbi-nh-asid asid 2 vmid 0xffff", 0x0002ffff00000011ULL, 0);
	assert_cmd("tlbi-nsnh-all", 0x30, 0);
	/* ATC_INV: Global cmd0 bit 9 (0x200), SSV bit 11 (0x800), SSID 7 <<12 (0x7000),
	 * SID 0x100 <<32; cmd1 Size 3 in 5:0, Address 0x7000 in 63:12 */
	assert_cmd("atc-inv sid 0x100 ssv ssid 7 global addr 0x7000 size 3",
		   0x0000010000007a40ULL, 0x7003);
	/* the whole ATC: size 52 (ATC_INV_SIZE_ALL) = 0x34 */
	assert_cmd("atc-inv sid 1 size 52", 0x0000000100000040ULL, 0x34);
	/* CFGI_CD: SSID 1 <<12, SID 0x10 <<32, Leaf cmd1 bit 0 */
	assert_cmd("cfgi-cd sid 0x10 ssid 1 leaf", 0x0000001000001005ULL, 1);
	assert_cmd("cfgi-cd-all sid 0xffffffff", 0xffffffff00000006ULL, 0);
	assert_cmd("cfgi-cd-all sid 4294967295", 0xffffffff00000006ULL, 0);
	/* refused kinds build all the same */
	assert_cmd("cfgi-ste sid 2 leaf", 0x0000000200000003ULL, 1);
	assert_cmd("cfgi-all range 31", 0x04, 0x1f);	/* Linux's own CFGI_ALL */
	assert_cmd("prefetch-cfg sid 9", 0x0000000900000001ULL, 0);
	assert_cmd("tlbi-el2-asid asid 3", 0x0003000000000021ULL, 0);
	assert_cmd("tlbi-s12-vmall vmid 7", 0x0000000700000028ULL, 0);
	/* TLBI_S2_IPA: IPA 51:12, the highest 4 KiB page below 2^52 */
	assert_cmd("tlbi-s2-ipa ipa 0xffffffffff000 vmid 9 leaf", 0x000000090000002aULL,
		   0x000ffffffffff001ULL);
	/* PRI_RESP: SSV 0x800, SSID 5 <<12, SID 3 <<32; GRPID 0x1ff, Resp success 2 <<12 */
	assert_cmd("pri-resp sid 3 ssv ssid 5 grpid 0x1ff resp success", 0x0000000300005841ULL,
		   0x21ff);
	/* RESUME: Action abort 2 <<12 in cmd0, SID 4 <<32; STAG 0xbeef in cmd1 15:0 */
	assert_cmd("resume sid 4 resp abort stag 0xbeef", 0x0000000400002044ULL, 0xbeef);
	/* CMD_SYNC as Linux makes it without MSIs: CS SEV 2 <<12, MSH ISH 3 <<22,
	 * MSIAttr OIWB 0xf <<24 */
	assert_cmd("cmd-sync cs sev msh 3 msiattr 0xf", 0x0fc02046, 0);
	assert_cmd("cmd-sync cs irq msiaddr 0x8000004", 0x1046, 0x8000004);
	/* flags take an optional 0 or 1 */
	assert_cmd("tlbi-nh-va leaf 1 va 0x1000", 0x12, 0x1001);
	assert_cmd("tlbi-nh-va leaf 0 va 0x1000", 0x12, 0x1000);
	/* raw: two hexadecimal words as they are, "0x" optional */
	assert_cmd("raw 0x12 0x1000", 0x12, 0x1000);
	assert_cmd("raw 12 1000", 0x12, 0x1000);
	assert_cmd("raw ffffffffffffffff 0000000000000000000000001", ~0ULL, 1);
}

/* ---- bad input ------------------------------------------------------------- */

static void test_cmd_refusals(void **state)
{
	(void)state;
	refused(cmd_build, "", "missing command kind; expected tlbi-nh-all, tlbi-nsnh-all");
	refused(cmd_build, "tlbi-foo", "unknown command kind 'tlbi-foo'; expected tlbi-nh-all, "
		"tlbi-nsnh-all, tlbi-nh-asid, tlbi-nh-va, tlbi-nh-vaa, atc-inv, cfgi-cd, "
		"cfgi-cd-all, prefetch-cfg, cfgi-ste, cfgi-all, tlbi-el2-all, tlbi-el2-asid, "
		"tlbi-el2-va, tlbi-s12-vmall, tlbi-s2-ipa, pri-resp, resume, cmd-sync or raw");
	refused(cmd_build, "TLBI-NH-VA", "unknown command kind 'TLBI-NH-VA'");
	/* too wide */
	refused(cmd_build, "tlbi-nh-va asid 0x10000",
		"tlbi-nh-va: asid: 0x10000 does not fit in ASID (word 0 bits 63:48; maximum 65535)");
	refused(cmd_build, "tlbi-nh-va num 32", "num: 32 does not fit in NUM (word 0 bits 16:12; "
		"maximum 31)");
	refused(cmd_build, "tlbi-nh-va ttl 4", "maximum 3");
	refused(cmd_build, "atc-inv size 64", "size: 64 does not fit in Size (word 1 bits 5:0; "
		"maximum 63)");
	refused(cmd_build, "cfgi-cd ssid 0x100000", "ssid: 0x100000 does not fit in SubstreamID "
		"(word 0 bits 31:12; maximum 1048575)");
	refused(cmd_build, "cfgi-cd sid 0x100000000", "maximum 4294967295");
	refused(cmd_build, "tlbi-s2-ipa ipa 0x10000000000000",
		"tlbi-s2-ipa: ipa: 0x10000000000000 does not fit in Address (word 1 bits 51:12: "
		"addresses below 2^52)");
	/* misaligned */
	refused(cmd_build, "tlbi-nh-va va 0x1001", "tlbi-nh-va: va: 0x1001 is not aligned to 4096 "
		"bytes (Address word 1 bits 63:12 holds address bits 63:12)");
	refused(cmd_build, "atc-inv addr 0x800", "addr: 0x800 is not aligned to 4096 bytes");
	refused(cmd_build, "cmd-sync msiaddr 0x2", "msiaddr: 0x2 is not aligned to 4 bytes");
	/* unknown fields, for the kind */
	refused(cmd_build, "tlbi-nh-va foo 1", "tlbi-nh-va: unknown field 'foo'; expected asid, va, "
		"leaf, num, scale, ttl, tg or vmid");
	refused(cmd_build, "tlbi-nh-all asid 1", "tlbi-nh-all: unknown field 'asid'; expected vmid");
	refused(cmd_build, "tlbi-nsnh-all vmid 1", "unknown field 'vmid'; tlbi-nsnh-all takes no "
		"fields");
	refused(cmd_build, "tlbi-nh-va ASID 1", "unknown field 'ASID'");
	refused(cmd_build, "tlbi-nh-va leaf 2", "unknown field '2'");
	/* values */
	refused(cmd_build, "tlbi-nh-va asid", "tlbi-nh-va: asid: missing value; expected a number "
		"up to 65535");
	refused(cmd_build, "tlbi-nh-va va", "va: missing value; expected an address aligned to "
		"4096 bytes");
	refused(cmd_build, "tlbi-s2-ipa ipa", "expected an address aligned to 4096 bytes, below "
		"2^52");
	refused(cmd_build, "tlbi-nh-va asid 1 asid 2", "tlbi-nh-va: asid given twice");
	refused(cmd_build, "tlbi-nh-va leaf leaf", "leaf given twice");
	refused(cmd_build, "tlbi-nh-va asid 5x", "asid: '5x' is not a number (garbage at 'x')");
	refused(cmd_build, "tlbi-nh-va asid -1", "asid: '-1' is not an unsigned number");
	refused(cmd_build, "tlbi-nh-va asid +1", "asid: '+1' is not an unsigned number");
	refused(cmd_build, "tlbi-nh-va asid 0x", "asid: '0x' is not a number");
	refused(cmd_build, "tlbi-nh-va asid 0x0x5", "garbage at 'x5'");
	refused(cmd_build, "tlbi-nh-va asid 99999999999999999999", "is out of range");
	refused(cmd_build, "tlbi-nh-va tg 8k", "tg: '8k' is not 4k, 16k, 64k or a number up to 3");
	refused(cmd_build, "tlbi-nh-va tg 4", "tg: 4 does not fit in TG");
	refused(cmd_build, "pri-resp resp ok", "resp: 'ok' is not deny, fail, success or a number");
	/* raw */
	refused(cmd_build, "raw", "raw: missing W0; expected raw W0 W1");
	refused(cmd_build, "raw 1", "raw: missing W1");
	refused(cmd_build, "raw 1 2 3", "raw: unexpected argument '3'");
	refused(cmd_build, "raw 1 zz", "raw: W1: 'zz' is not a hexadecimal register value");
	refused(cmd_build, "raw 0x 1", "raw: W0: '0x' has no hex digits");
	refused(cmd_build, "raw 10000000000000000 0", "raw: W0: 10000000000000000 does not fit in "
		"a 64-bit register");
	refused(cmd_build, "raw -1 0", "is not a hexadecimal register value");
}

static void test_empty_value(void **state)
{
	char a0[] = "tlbi-nh-va", a1[] = "asid", a2[] = "";
	char *argv[] = { a0, a1, a2 };
	uint64_t w[2] = { 7, 7 };

	(void)state;
	assert_int_equal(smmuv3_cmd_build(3, argv, w, err, sizeof(err)), EXIT_USAGE);
	assert_non_null(strstr(err, "tlbi-nh-va: asid: empty value; expected a number"));
	assert_true(w[0] == 7 && w[1] == 7);
	/* a short buffer is cut, never overrun; no buffer at all is fine */
	memset(err, 'x', sizeof(err));
	assert_int_equal(smmuv3_cmd_build(3, argv, w, err, 8), EXIT_USAGE);
	assert_int_equal(strlen(err), 7);
	assert_int_equal(smmuv3_cmd_build(3, argv, w, NULL, 0), EXIT_USAGE);
}

/* ---- what the kernel accepts ----------------------------------------------- */

static void test_allowed_opcodes(void **state)
{
	const char *why;

	(void)state;
	for (unsigned op = 0; op < 256; op++) {
		uint64_t cmd[2] = { op | 0xffffffffffffff00ULL, ~0ULL };
		bool want = op == 0x10 || op == 0x11 || op == 0x12 || op == 0x13 || op == 0x30 ||
			    op == 0x40 || op == 0x05 || op == 0x06;

		why = "x";
		assert_int_equal(smmuv3_cmd_allowed(cmd, &why), want);
		if (want)
			assert_null(why);
		else
			assert_true(why && *why);
		assert_int_equal(smmuv3_cmd_allowed(cmd, NULL), want);
	}
	smmuv3_cmd_allowed((const uint64_t[2]){ 0x46, 0 }, &why);
	assert_string_equal(why, "the kernel adds its own CMD_SYNC after each batch");
	smmuv3_cmd_allowed((const uint64_t[2]){ 0x03, 0 }, &why);
	assert_non_null(strstr(why, "the host owns the stream table"));
	smmuv3_cmd_allowed((const uint64_t[2]){ 0x2a, 0 }, &why);
	assert_non_null(strstr(why, "stage 2 belongs to the host"));
	smmuv3_cmd_allowed((const uint64_t[2]){ 0x41, 0 }, &why);
	assert_non_null(strstr(why, "fault queue"));
	smmuv3_cmd_allowed((const uint64_t[2]){ 0x99, 0 }, &why);
	assert_non_null(strstr(why, "not one of the invalidations a vIOMMU takes"));
}

/* ---- decoding: JSON and text ------------------------------------------------ */

static void test_cmd_json(void **state)
{
	struct json_object *doc, *f, *a;

	(void)state;
	doc = json_of(cmd_print, 0x0005000000000012ULL, 0x12345001ULL);
	assert_string_equal(json_object_get_string(get(doc, "kind")), "tlbi-nh-va");
	assert_string_equal(json_object_get_string(get(doc, "opcode")), "0x12");
	a = get(doc, "raw");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 0)),
			    "0x5000000000012");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 1)), "0x12345001");
	assert_true(json_object_get_boolean(get(doc, "accepted")));
	assert_non_null(strstr(json_object_get_string(get(doc, "kernel_rewrite")), "VMID"));
	f = get(doc, "fields");
	assert_int_equal(json_object_get_int(get(f, "asid")), 5);
	assert_string_equal(json_object_get_string(get(f, "va")), "0x12345000");
	assert_true(json_object_get_boolean(get(f, "leaf")));
	assert_int_equal(json_object_get_int(get(f, "num")), 0);
	assert_int_equal(json_object_get_int(get(f, "tg")), 0);
	assert_false(has(doc, "undefined_bits"));
	json_object_put(doc);

	/* refused: the reason, no rewrite */
	doc = json_of(cmd_print, 0x0fc02046, 0);
	assert_string_equal(json_object_get_string(get(doc, "kind")), "cmd-sync");
	assert_false(json_object_get_boolean(get(doc, "accepted")));
	assert_non_null(strstr(json_object_get_string(get(doc, "reason")), "CMD_SYNC"));
	assert_false(has(doc, "kernel_rewrite"));
	f = get(doc, "fields");
	assert_int_equal(json_object_get_int(get(f, "cs")), 2);
	assert_int_equal(json_object_get_int(get(f, "msiattr")), 15);
	json_object_put(doc);

	/* unknown opcode: no fields, everything but the opcode undefined */
	doc = json_of(cmd_print, 0xff00ffULL, 0x10);
	assert_string_equal(json_object_get_string(get(doc, "kind")), "unknown");
	assert_string_equal(json_object_get_string(get(doc, "opcode")), "0xff");
	assert_int_equal(json_object_object_length(get(doc, "fields")), 0);
	a = get(doc, "undefined_bits");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 0)), "0xff0000");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 1)), "0x10");
	json_object_put(doc);

	/* a known kind with stray bits: TLBI_NH_ALL has VMID only */
	doc = json_of(cmd_print, 0x0001000700000110ULL, 0x1);
	assert_int_equal(json_object_get_int(get(get(doc, "fields"), "vmid")), 7);
	a = get(doc, "undefined_bits");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 0)),
			    "0x1000000000100");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 1)), "0x1");
	assert_true(json_object_get_boolean(get(doc, "accepted")));
	json_object_put(doc);
}

static void test_cmd_text(void **state)
{
	(void)state;
	assert_string_equal(text_of(cmd_print, 0x0005000000000012ULL, 0x12345001ULL),
			    "tlbi-nh-va (0x12) asid 5 va 0x12345000 leaf num 0 scale 0 ttl 0 tg 0 "
			    "vmid 0");
	assert_string_equal(text_of(cmd_print, 0x0000010000007a40ULL, 0x7003),
			    "atc-inv (0x40) sid 256 ssv ssid 7 addr 0x7000 size 3 global");
	assert_string_equal(text_of(cmd_print, 0x30, 0), "tlbi-nsnh-all (0x30)");
	assert_string_equal(text_of(cmd_print, 0x0fc02046, 0),
			    "cmd-sync (0x46) cs sev msh 3 msiattr 15 msidata 0 msiaddr 0x0; "
			    "refused (EIO): the kernel adds its own CMD_SYNC after each batch");
	assert_string_equal(text_of(cmd_print, 0x12, 0xc00),
			    "tlbi-nh-va (0x12) asid 0 va 0x0 num 0 scale 0 ttl 0 tg 64k vmid 0");
	assert_string_equal(text_of(cmd_print, 0x110, 0x0),
			    "tlbi-nh-all (0x10) vmid 0; undefined bits 0x100 0x0");
	assert_non_null(strstr(text_of(cmd_print, 0x02, 0x1),
			       "unknown (0x02); refused (EIO): not one of the invalidations"));
}

/* ---- STEs ------------------------------------------------------------------------ */

static void test_ste_build(void **state)
{
	(void)state;
	/* V defaults to 1: cfg abort alone is V=1, Cfg=0 */
	assert_ste("cfg abort", 0x1, 0);
	/* Cfg bypass 4 <<1 = 0x8, | V */
	assert_ste("cfg bypass", 0x9, 0);
	/* V 1, Cfg 5 <<1 = 0xa, S1Fmt 64k-l2 2 <<4 = 0x20, S1ContextPtr 0x1234540 in 51:6,
	 * S1CDMax 4 <<59 = 0x2000_0000_0000_0000 */
	assert_ste("cfg translate s1ctxptr 0x1234540 s1cdmax 4 s1fmt 64k-l2",
		   0x200000000123456bULL, 0);
	/* S1DSS bypass 1, S1CIR wbra 1 <<2, S1COR wb 3 <<4, S1CSH ish 3 <<6 = 0xf5;
	 * S1STALLD bit 27 = 0x0800_0000; EATS full 1 <<28 = 0x1000_0000 */
	assert_ste("cfg translate s1dss bypass s1cir wbra s1cor wb s1csh ish s1stalld eats full",
		   0xb, 0x180000f5);
	assert_ste("v 1 cfg 5 s1fmt 1 s1dss 2 eats 1", 0x1b, 0x10000002);
	/* the highest CD table address: bits 51:6 all set */
	assert_ste("cfg translate s1ctxptr 0xfffffffffffc0", 0x000fffffffffffcbULL, 0);
	assert_ste("v 0", 0, 0);
	assert_ste("v 0 cfg bypass", 0x8, 0);
	assert_ste("v", 0x1, 0);
	assert_ste("cfg nested", 0xf, 0);
	assert_ste("raw 0x200000000123456b 0x180000f5", 0x200000000123456bULL, 0x180000f5);
	assert_ste("raw 0 0", 0, 0);

	refused(ste_build, "", "missing the STE; expected raw W0 W1, or fields");
	refused(ste_build, "bogus 1", "unknown field 'bogus'; expected raw W0 W1, or v, cfg, s1fmt, "
		"s1ctxptr, s1cdmax, s1dss, s1cir, s1cor, s1csh, s1stalld or eats");
	refused(ste_build, "s1ctxptr 0x1001", "s1ctxptr: 0x1001 is not aligned to 64 bytes "
		"(S1ContextPtr word 0 bits 51:6 holds address bits 51:6)");
	refused(ste_build, "s1ctxptr 0x10000000000000", "s1ctxptr: 0x10000000000000 does not fit in "
		"S1ContextPtr (word 0 bits 51:6: addresses below 2^52)");
	refused(ste_build, "s1cdmax 32", "s1cdmax: 32 does not fit in S1CDMax (word 0 bits 63:59; "
		"maximum 31)");
	refused(ste_build, "cfg foo", "cfg: 'foo' is not abort, bypass, translate, s2-translate, "
		"nested or a number up to 7");
	refused(ste_build, "cfg 8", "cfg: 8 does not fit in Config");
	refused(ste_build, "eats 4", "eats: 4 does not fit in EATS (word 1 bits 29:28; maximum 3)");
	refused(ste_build, "cfg", "cfg: missing value; expected abort, bypass, translate, "
		"s2-translate, nested or a number up to 7");
	refused(ste_build, "cfg abort cfg bypass", "cfg given twice");
	refused(ste_build, "v 2", "unknown field '2'");
	refused(ste_build, "raw 1", "raw: missing W1");
	refused(ste_build, "raw 1 2 cfg", "unexpected argument 'cfg'");
}

static void assert_ste_verdict(uint64_t w0, uint64_t w1, bool ok, const char *want)
{
	const uint64_t ste[2] = { w0, w1 };
	const char *why = "x";

	assert_int_equal(smmuv3_ste_allowed(ste, &why), ok);
	if (ok) {
		assert_null(why);
	} else if (!why || !strstr(why, want)) {
		fail_msg("0x%llx 0x%llx: '%s' lacks '%s'", (unsigned long long)w0,
			 (unsigned long long)w1, why ? why : "(null)", want);
	}
	assert_int_equal(smmuv3_ste_allowed(ste, NULL), ok);
}

static void test_ste_validation(void **state)
{
	(void)state;
	/* Cfg: abort, bypass, S1 translate only */
	assert_ste_verdict(0x1, 0, true, NULL);			/* abort */
	assert_ste_verdict(0x9, 0, true, NULL);			/* bypass */
	assert_ste_verdict(0xb, 0, true, NULL);			/* translate */
	assert_ste_verdict(0x3, 0, false, "Config 1 (reserved) is not abort (0), bypass (4) or "
			   "translate (5)");
	assert_ste_verdict(0xd, 0, false, "Config 6 (s2-translate)");
	assert_ste_verdict(0xf, 0, false, "Config 7 (nested)");
	/* EATS: 0 or 1 */
	assert_ste_verdict(0xb, 1ULL << 28, true, NULL);
	assert_ste_verdict(0x1, 1ULL << 28, true, NULL);	/* abort with EATS 1: taken */
	assert_ste_verdict(0xb, 2ULL << 28, false, "EATS 2 (split) is not 0 (abort) or 1 (full ATS)");
	assert_ste_verdict(0xb, 3ULL << 28, false, "EATS 3 (reserved)");
	/* bits outside the masks */
	assert_ste_verdict(0x1 | 1ULL << 52, 0, false, "word 0 bits 0x10000000000000 are not "
			   "guest-controllable (allowed: 0xf80fffffffffffff)");
	assert_ste_verdict(0x1 | 1ULL << 58, 0, false, "word 0 bits 0x400000000000000");
	assert_ste_verdict(0x1, 1ULL << 30, false, "word 1 bits 0x40000000 are not "
			   "guest-controllable (allowed: 0x380000ff)");	/* STRW */
	assert_ste_verdict(0x1, 1ULL << 8, false, "word 1 bits 0x100");
	assert_ste_verdict(0x1, 3ULL << 44, false, "word 1 bits 0x300000000000");	/* SHCFG */
	/* every allowed bit, with legal Cfg and EATS */
	assert_ste_verdict((SMMUV3_STE0_ALLOWED & ~(7ULL << 1)) | 5ULL << 1,
			   (SMMUV3_STE1_ALLOWED & ~(3ULL << 28)) | 1ULL << 28, true, NULL);
	/* V=0: anything goes (the kernel zeroes it into an abort STE) */
	assert_ste_verdict(0, 0, true, NULL);
	assert_ste_verdict(0xfffffffffffffffeULL, ~0ULL, true, NULL);
	assert_ste_verdict(0xe, 3ULL << 28, true, NULL);
}

static void test_ste_print(void **state)
{
	struct json_object *doc, *f, *a;
	uint64_t w[2], undef[2];
	char line[1024];
	const char *text;

	(void)state;
	doc = json_of(ste_print, 0x200000000123456bULL, 0x180000f5);
	a = get(doc, "raw");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 0)),
			    "0x200000000123456b");
	assert_true(json_object_get_boolean(get(doc, "accepted")));
	assert_false(has(doc, "reason"));
	assert_false(has(doc, "undefined_bits"));
	f = get(doc, "fields");
	assert_int_equal(json_object_object_length(f), (int)smmuv3_n_ste_fields);
	assert_true(json_object_get_boolean(get(f, "v")));
	assert_int_equal(json_object_get_int(get(f, "cfg")), 5);
	assert_int_equal(json_object_get_int(get(f, "s1fmt")), 2);
	assert_string_equal(json_object_get_string(get(f, "s1ctxptr")), "0x1234540");
	assert_int_equal(json_object_get_int(get(f, "s1cdmax")), 4);
	assert_int_equal(json_object_get_int(get(f, "s1dss")), 1);
	assert_int_equal(json_object_get_int(get(f, "s1cir")), 1);
	assert_int_equal(json_object_get_int(get(f, "s1cor")), 3);
	assert_int_equal(json_object_get_int(get(f, "s1csh")), 3);
	assert_true(json_object_get_boolean(get(f, "s1stalld")));
	assert_int_equal(json_object_get_int(get(f, "eats")), 1);
	json_object_put(doc);

	doc = json_of(ste_print, 0x1, 1ULL << 30);
	assert_false(json_object_get_boolean(get(doc, "accepted")));
	assert_non_null(strstr(json_object_get_string(get(doc, "reason")), "word 1 bits 0x40000000"));
	a = get(doc, "undefined_bits");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 0)), "0x0");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 1)), "0x40000000");
	json_object_put(doc);

	assert_string_equal(text_of(ste_print, 0x1, 0),
			    "v cfg abort s1fmt linear s1ctxptr 0x0 s1cdmax 0 s1dss terminate "
			    "s1cir nc s1cor nc s1csh nsh eats abort");
	assert_string_equal(text_of(ste_print, 0x200000000123456bULL, 0x180000f5),
			    "v cfg translate s1fmt 64k-l2 s1ctxptr 0x1234540 s1cdmax 4 s1dss bypass "
			    "s1cir wbra s1cor wb s1csh ish s1stalld eats full");
	assert_string_equal(text_of(ste_print, 0x8, 0),
			    "v 0 cfg bypass s1fmt linear s1ctxptr 0x0 s1cdmax 0 s1dss terminate "
			    "s1cir nc s1cor nc s1csh nsh eats abort");
	assert_string_equal(text_of(ste_print, 0x3, 2ULL << 28),
			    "v cfg 1 s1fmt linear s1ctxptr 0x0 s1cdmax 0 s1dss terminate s1cir nc "
			    "s1cor nc s1csh nsh eats split; refused (EIO): Config 1 (reserved) is "
			    "not abort (0), bypass (4) or translate (5)");

	/* every legal STE value pattern builds back from its text */
	for (unsigned i = 0; i < 64; i++) {
		uint64_t w0 = (i & 1) | (uint64_t)(i % 8) << 1 | (uint64_t)(i % 3) << 4 |
			      ((0x123456789abcULL * i) & 0x000fffffffffffc0ULL) |
			      (uint64_t)(i % 32) << 59;
		uint64_t w1 = (i % 4) | (uint64_t)(i / 4 % 4) << 2 | (uint64_t)(i / 16) << 4 |
			      (uint64_t)(i % 4) << 6 | (uint64_t)(i & 1) << 27 | (uint64_t)(i % 4) << 28;

		text = text_of(ste_print, w0, w1);
		text_to_line(text, line, sizeof(line));
		assert_ste(line, w0, w1);
		ste_build(line, w);
		smmuv3_ste_undefined_bits(w, undef);
		assert_true(undef[0] == 0 && undef[1] == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sound),
		cmocka_unit_test(test_round_trip_every_kind),
		cmocka_unit_test(test_exact_words),
		cmocka_unit_test(test_cmd_refusals),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_allowed_opcodes),
		cmocka_unit_test(test_cmd_json),
		cmocka_unit_test(test_cmd_text),
		cmocka_unit_test(test_ste_build),
		cmocka_unit_test(test_ste_validation),
		cmocka_unit_test(test_ste_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
