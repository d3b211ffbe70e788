/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arm SMMUv3 command-queue commands (128 bits: two u64 words, as
 * IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3 takes them in struct
 * iommu_viommu_arm_smmuv3_invalidate) and the first two words of a guest
 * Stream Table Entry (struct iommu_hwpt_arm_smmuv3, IOMMU_HWPT_DATA_ARM_SMMUV3).
 *
 * Each command kind and the STE are described once, as a table of fields
 * (key, word, bit range); that one table drives the builder (command-line
 * words to the two words), the decoder, the text and the JSON, so none of
 * them can disagree about a bit. The words here are in CPU order; the caller
 * converts them with htole64() for the kernel.
 *
 * The bit positions are those of Linux's arm-smmu-v3.h (CMDQ_*, STRTAB_STE_*);
 * what Linux 7.2 accepts is that of arm-smmu-v3-iommufd.c
 * (arm_vsmmu_convert_user_cmd, arm_smmu_validate_vste).
 */
#ifndef IOMMUCTL_SMMUV3_CMD_H
#define IOMMUCTL_SMMUV3_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum smmuv3_fld_type {
	SMMU_FLAG,	/* one bit: the key alone on the command line (or KEY 0|1) */
	SMMU_NUM,	/* unsigned number, right-aligned */
	SMMU_ADDR,	/* address bits hi:lo kept in place: a full address, aligned
			 * to 1 << lo and below 1 << (hi + 1); JSON a "0x…" string */
	SMMU_ENUM,	/* number with a name per value (names[v], NULL: unnamed) */
};

struct smmuv3_field {
	const char *key;	/* command-line word and JSON key, lower case */
	const char *name;	/* the spec's name ("ASID", "S1ContextPtr") */
	uint8_t word;		/* 0 or 1 */
	uint8_t hi, lo;		/* inclusive bit range in that word */
	enum smmuv3_fld_type type;
	const char *const *names;	/* SMMU_ENUM: one per value */
	unsigned n_names;
	uint8_t dflt;		/* value when building by fields and not given */
	const char *desc;	/* one line */
};

struct smmuv3_cmd_kind {
	const char *name;	/* as the user types it: "tlbi-nh-va" */
	const char *spec;	/* the spec's name: "CMD_TLBI_NH_VA" */
	uint8_t opcode;		/* word 0 bits 7:0 */
	bool accepted;		/* Linux 7.2 takes it for a vIOMMU */
	/* accepted: what the kernel rewrites before issuing it;
	 * refused: why the kernel returns EIO for it. One line. */
	const char *note;
	const struct smmuv3_field *fields;
	size_t n_fields;
};

/* The command kinds, accepted ones first. */
extern const struct smmuv3_cmd_kind smmuv3_cmd_kinds[];
extern const size_t smmuv3_n_cmd_kinds;
/* The guest-controllable fields of STE words 0 and 1. */
extern const struct smmuv3_field smmuv3_ste_fields[];
extern const size_t smmuv3_n_ste_fields;

/*
 * The bits of a vSTE the kernel lets the guest set when V=1
 * (STRTAB_STE_0_NESTING_ALLOWED, STRTAB_STE_1_NESTING_ALLOWED): word 0 V,
 * Cfg, S1Fmt, S1ContextPtr, S1CDMax; word 1 S1DSS, S1CIR, S1COR, S1CSH,
 * S1STALLD, EATS.
 */
#define SMMUV3_STE0_ALLOWED 0xf80fffffffffffffULL
#define SMMUV3_STE1_ALLOWED 0x380000ffULL

/* Word 0 bits 7:0. */
#define SMMUV3_CMD_OPCODE(cmd) ((uint8_t)((cmd)[0] & 0xff))

const struct smmuv3_cmd_kind *smmuv3_cmd_kind_by_name(const char *name);
/* NULL for an opcode no kind describes. */
const struct smmuv3_cmd_kind *smmuv3_cmd_kind_by_opcode(uint8_t opcode);
/* The field of a kind (or of the STE, kind NULL) with this key, or NULL. */
const struct smmuv3_field *smmuv3_field_find(const struct smmuv3_cmd_kind *kind,
					     const char *key);

/* A field's value as the user types it: SMMU_ADDR the address in place
 * (bits outside hi:lo cleared), the others shifted down to bit 0. */
uint64_t smmuv3_field_get(const struct smmuv3_field *f, const uint64_t w[2]);

/* Bits that neither the opcode nor a field of the command's kind describe
 * (all but the opcode for an unknown opcode). */
void smmuv3_cmd_undefined_bits(const uint64_t cmd[2], uint64_t out[2]);
/* Bits that no field of the STE table describes. */
void smmuv3_ste_undefined_bits(const uint64_t ste[2], uint64_t out[2]);

/*
 * Build a command from the words of a command line: argv[0] is the kind
 * ("tlbi-nh-va"), then the kind's fields as KEY VALUE pairs, flags as the key
 * alone ("asid 5 va 0x12345000 leaf"); a field not given is 0. Numbers are
 * decimal or 0x-hex; address fields take the full address, aligned to their
 * low bit (4 KiB for va, addr and ipa); enums take a name or a number. Or
 * "raw W0 W1", two hexadecimal words ("0x" optional) taken as they are.
 *
 * Returns 0, or EXIT_USAGE (2) with a one-line message in err naming the
 * argument and what is accepted. Nothing is reported: the caller reports it,
 * e.g. err_usage("%s: %s", ctx, err). Give err at least 512 bytes: an
 * unknown kind lists every kind. cmd is untouched on failure.
 */
int smmuv3_cmd_build(int argc, char **argv, uint64_t cmd[2], char *err, size_t errlen);

/*
 * Whether Linux 7.2 accepts the command for a vIOMMU
 * (IOMMU_HWPT_INVALIDATE): the opcode is one of TLBI_NH_ALL, TLBI_NH_ASID,
 * TLBI_NH_VA, TLBI_NH_VAA, TLBI_NSNH_ALL, ATC_INV, CFGI_CD, CFGI_CD_ALL.
 * Every other opcode gives EIO; *why (if why is not NULL) then says why, a
 * static string; NULL when accepted. The kernel checks nothing but the opcode.
 */
bool smmuv3_cmd_allowed(const uint64_t cmd[2], const char **why);

/*
 * Print a command into the current JSON object (the caller opens one if it
 * wants it nested): {"kind": "tlbi-nh-va", "opcode": "0x12",
 * "raw": ["0x…", "0x…"], "accepted": true, "reason": "…" (refused only),
 * "kernel_rewrite": "…" (accepted only), "fields": {"asid": 5,
 * "va": "0x1000", "leaf": true, …}, "undefined_bits": ["0x…", "0x…"] (only
 * when any is set)}. Flags are JSON booleans, numbers and enums JSON numbers,
 * addresses "0x…" strings. An unknown opcode is kind "unknown", no fields.
 *
 * Text: one line without a newline (the caller ends it), in the builder's
 * own syntax: "tlbi-nh-va (0x12) asid 5 va 0x1000 leaf num 0 scale 0 …",
 * every field (flags only when set, enums by name), then
 * "; refused (EIO): REASON" and "; undefined bits W0 W1" when so.
 */
void smmuv3_cmd_print(const uint64_t cmd[2]);

/*
 * Build an STE: "raw W0 W1" (hexadecimal words), or fields by key:
 * v [0|1], cfg abort|bypass|translate|s2-translate|nested|NUMBER, s1fmt,
 * s1ctxptr ADDR (the CD table address: 64-byte aligned, below 2^52, stored
 * in word 0 bits 51:6), s1cdmax, s1dss, s1cir, s1cor, s1csh, s1stalld, eats.
 * V is 1 unless "v 0" is given, so "cfg abort" alone is V=1 Cfg=0. Returns
 * and reports as smmuv3_cmd_build. Build checks syntax and widths only;
 * smmuv3_ste_allowed says what the kernel will take.
 */
int smmuv3_ste_build(int argc, char **argv, uint64_t ste[2], char *err, size_t errlen);

/*
 * The kernel's vSTE validation (arm_smmu_validate_vste), which gives EIO:
 * with V=0 anything is accepted (the kernel zeroes the STE: abort); with V=1
 * no bit outside SMMUV3_STE0/1_ALLOWED, Cfg abort (0), bypass (4) or
 * translate (5), EATS 0 (abort) or 1 (full ATS). *why: as for commands (a
 * per-thread buffer, valid until the next call).
 */
bool smmuv3_ste_allowed(const uint64_t ste[2], const char **why);

/*
 * Print an STE into the current JSON object: {"raw": […], "accepted": …,
 * "reason": … (refused only), "fields": {"v": true, "cfg": 5, "s1fmt": 0,
 * "s1ctxptr": "0x…", …}, "undefined_bits": […] (only when any)}. Text: one
 * line without a newline, in the builder's syntax ("v cfg translate s1fmt
 * linear s1ctxptr 0x… …"), then "; refused (EIO): REASON" and
 * "; undefined bits W0 W1" when so.
 */
void smmuv3_ste_print(const uint64_t ste[2]);

/* Check the tables: ranges, overlaps (with the opcode too), keys, names,
 * unique kinds and opcodes. 0 if sound, else -1 with the reason in why. */
int smmuv3_tables_check(char *why, size_t n);

#endif
