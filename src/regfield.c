// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "regfield.h"

const struct reg_field *reg_field(const struct reg_desc *r, const char *key)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (!strcmp(r->fields[i].key, key))
			return &r->fields[i];
	fprintf(stderr, "iommuctl: internal error: %s has no field %s\n", r->name, key);
	abort();
}

uint64_t reg_value(const struct reg_desc *r, uint64_t reg, const char *key)
{
	return field_get(reg_field(r, key), reg);
}

uint64_t reg_undefined_bits(const struct reg_desc *r, uint64_t reg)
{
	uint64_t known = 0;

	for (size_t i = 0; i < r->n_fields; i++)
		known |= field_mask(&r->fields[i]) << r->fields[i].lo;
	return reg & ~known;
}

const char *field_enum_name(const struct reg_field *f, uint64_t v)
{
	if (f->kind != FLD_ENUM || v >= f->n_enum)
		return NULL;
	return f->enum_names[v];
}

static void bits_text(const struct reg_field *f, char *buf, size_t n)
{
	if (f->hi == f->lo)
		snprintf(buf, n, "%u", f->hi);
	else
		snprintf(buf, n, "%u:%u", f->hi, f->lo);
}

static void value_text(const struct reg_field *f, uint64_t v, char *buf, size_t n)
{
	const char *name;

	switch (f->kind) {
	case FLD_HEX:
		snprintf(buf, n, "0x%" PRIx64, v);
		break;
	case FLD_ENUM:
		name = field_enum_name(f, v);
		if (name)
			snprintf(buf, n, "%" PRIu64 " (%s)", v, name);
		else
			snprintf(buf, n, "%" PRIu64 " (reserved)", v);
		break;
	default:
		snprintf(buf, n, "%" PRIu64, v);
	}
}

static void print_field_json(const struct reg_field *f, uint64_t v)
{
	if (f->kind == FLD_FLAG)
		print_bool(PRINT_JSON, f->key, NULL, v != 0);
	else if (f->kind == FLD_HEX)
		print_hex(PRINT_JSON, f->key, NULL, v);
	else
		print_u64(PRINT_JSON, f->key, NULL, v);
}

void reg_print(const struct reg_desc *r, const char *key, uint64_t reg, bool all)
{
	uint64_t undef = reg_undefined_bits(r, reg);
	int hexw = (int)r->width / 4;

	open_object(key ? key : r->key);
	print_hex(PRINT_JSON, "value", NULL, reg);
	print_text("%s %s 0x%0*" PRIx64 "  (%s)\n", r->key, r->name, hexw, reg, r->title);
	text_indent(1);

	open_object("fields");
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct reg_field *f = &r->fields[i];
		uint64_t v = field_get(f, reg);
		char bits[16], val[64], name[40];

		print_field_json(f, v);
		if (!all && !v)
			continue;
		bits_text(f, bits, sizeof(bits));
		value_text(f, v, val, sizeof(val));
		if (f->alias)
			snprintf(name, sizeof(name), "%s (%s)", f->name, f->alias);
		else
			snprintf(name, sizeof(name), "%s", f->name);
		print_text("%-16s %-6s %-14s %s\n", name, bits, val, f->desc);
	}
	close_object();

	open_object("derived");
	for (size_t i = 0; i < r->n_derived; i++) {
		const struct reg_derived *d = &r->derived[i];
		char buf[128];

		if (d->valid && !d->valid(reg))
			continue;
		if (d->kind == DER_NUM) {
			uint64_t v = d->num(reg);

			print_u64(PRINT_JSON, d->key, NULL, v);
			print_text("= %s: %" PRIu64 "\n", d->label, v);
		} else {
			d->str(reg, buf, sizeof(buf));
			print_string(PRINT_JSON, d->key, NULL, buf);
			print_text("= %s: %s\n", d->label, buf);
		}
	}
	close_object();

	if (undef) {
		print_hex(PRINT_ANY, "undefined_bits",
			  "! bits set that this decoder does not know: 0x%" PRIx64 "\n", undef);
	}
	text_indent(-1);
	close_object();
}

int reg_desc_check(const struct reg_desc *r, char *why, size_t n)
{
	uint64_t seen = 0;

	for (size_t i = 0; i < r->n_fields; i++) {
		const struct reg_field *f = &r->fields[i];
		uint64_t m;

		if (f->hi < f->lo || f->hi >= r->width) {
			snprintf(why, n, "%s.%s: bad range %u:%u", r->name, f->key, f->hi, f->lo);
			return -1;
		}
		m = field_mask(f) << f->lo;
		if (seen & m) {
			snprintf(why, n, "%s.%s overlaps another field", r->name, f->key);
			return -1;
		}
		seen |= m;
		if (f->kind == FLD_FLAG && f->hi != f->lo) {
			snprintf(why, n, "%s.%s: flag wider than one bit", r->name, f->key);
			return -1;
		}
		if (f->kind == FLD_ENUM && !f->enum_names) {
			snprintf(why, n, "%s.%s: enum without names", r->name, f->key);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(r->fields[j].key, f->key)) {
				snprintf(why, n, "%s.%s: duplicate key", r->name, f->key);
				return -1;
			}
	}
	return 0;
}
