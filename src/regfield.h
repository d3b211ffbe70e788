/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table-driven register decoding. A register is described once, as a table
 * of fields (and of values derived from them); that one table drives the text
 * output, the JSON output and the nesting checks (nesting.h), so the three
 * can never disagree about a bit position.
 */
#ifndef IOMMUCTL_REGFIELD_H
#define IOMMUCTL_REGFIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fld_kind {
	FLD_FLAG,	/* one bit: JSON true/false */
	FLD_NUM,	/* unsigned number */
	FLD_HEX,	/* unsigned number shown in hex (offsets, ids) */
	FLD_ENUM,	/* number with a name per value (enum_names) */
};

struct reg_field {
	const char *key;	/* JSON key: the spec mnemonic in lower snake case */
	const char *name;	/* spec mnemonic as printed ("SAGAW") */
	const char *alias;	/* older spec or kernel name ("SLTS"), or NULL */
	uint8_t hi, lo;		/* inclusive bit range */
	enum fld_kind kind;
	const char *desc;	/* one-line meaning */
	const char *const *enum_names;	/* FLD_ENUM: name per value, NULL = unnamed */
	unsigned n_enum;
};

enum der_kind { DER_NUM, DER_STR };

/* A value computed from the whole register (domains from ND, bits from MGAW). */
struct reg_derived {
	const char *key;	/* JSON key in "derived" */
	const char *label;	/* text label */
	enum der_kind kind;
	uint64_t (*num)(uint64_t reg);
	void (*str)(uint64_t reg, char *buf, size_t n);
	bool (*valid)(uint64_t reg);	/* NULL: always; false: omitted */
};

struct reg_desc {
	const char *key;	/* JSON key of the register ("cap") */
	const char *name;	/* spec name ("CAP_REG") */
	const char *title;	/* one line ("Capability Register") */
	unsigned width;		/* 32 or 64 */
	const struct reg_field *fields;
	size_t n_fields;
	const struct reg_derived *derived;
	size_t n_derived;
};

#define REG_DESC(k, n, t, w, f, d) \
	{ .key = (k), .name = (n), .title = (t), .width = (w), .fields = (f), \
	  .n_fields = sizeof(f) / sizeof((f)[0]), .derived = (d), \
	  .n_derived = sizeof(d) / sizeof((d)[0]) }

static inline uint64_t field_mask(const struct reg_field *f)
{
	unsigned w = (unsigned)(f->hi - f->lo + 1);

	return w >= 64 ? ~0ULL : ((1ULL << w) - 1);
}

static inline uint64_t field_get(const struct reg_field *f, uint64_t reg)
{
	return (reg >> f->lo) & field_mask(f);
}

/* The field with this key (a programming error aborts: keys are static). */
const struct reg_field *reg_field(const struct reg_desc *r, const char *key);
uint64_t reg_value(const struct reg_desc *r, uint64_t reg, const char *key);

/* Bits set in reg that no field describes. */
uint64_t reg_undefined_bits(const struct reg_desc *r, uint64_t reg);

/* The name of an enum value, or NULL. */
const char *field_enum_name(const struct reg_field *f, uint64_t v);

/*
 * Print a register: JSON {"value": "0x…", "fields": {…}, "derived": {…},
 * "undefined_bits": "0x…"}, under r->key (or key if given); text, a header
 * line and one line per field. all=false prints only non-zero fields in text
 * (JSON always has every field).
 */
void reg_print(const struct reg_desc *r, const char *key, uint64_t reg, bool all);

/* Check a table for overlapping or out-of-range fields; 0 if sound. */
int reg_desc_check(const struct reg_desc *r, char *why, size_t n);

#endif
