// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot-log parser (dmesg.h). Lines are matched by a marker anywhere in them,
 * so timestamps, syslog and journal prefixes and mail quoting do not matter.
 * Quoted-printable soft breaks ("=" at the end of a line) are joined first;
 * a unit line cut short by a hard wrap is retried once with the next line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmesg.h"

enum parse_rc { P_OK, P_BAD, P_SHORT };	/* P_SHORT: the line ended early */

struct reader {
	const char *buf;
	size_t len, pos, lineno;
};

const char *dmesg_vendor_name(enum dmesg_vendor v)
{
	switch (v) {
	case DMESG_VTD:
		return "vtd";
	case DMESG_AMD:
		return "amd";
	default:
		return "smmuv3";
	}
}

/* ctype without locale surprises, and safe for any byte */
static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_dec(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word(char c)
{
	return is_hex(c) || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z') || c == '_';
}

static bool phys_line(struct reader *r, const char **s, size_t *n)
{
	const char *p, *nl;
	size_t l;

	if (r->pos >= r->len)
		return false;
	p = r->buf + r->pos;
	nl = memchr(p, '\n', r->len - r->pos);
	l = nl ? (size_t)(nl - p) : r->len - r->pos;
	*s = p;
	*n = l;
	r->pos += l + (nl ? 1 : 0);
	r->lineno++;
	return true;
}

/* One logical line into out (DMESG_MAX_LINE bytes): soft breaks joined,
 * control bytes (NUL included) turned into spaces. */
static bool logical_line(struct reader *r, char *out, size_t *first)
{
	const char *s;
	size_t n, used = 0;

	if (!phys_line(r, &s, &n))
		return false;
	*first = r->lineno;
	for (;;) {
		bool soft;

		if (n && s[n - 1] == '\r')
			n--;
		soft = n && s[n - 1] == '=';
		if (soft)
			n--;
		for (size_t i = 0; i < n && used < DMESG_MAX_LINE - 1; i++) {
			unsigned char c = (unsigned char)s[i];

			out[used++] = (char)(c < 0x20 || c == 0x7f ? ' ' : c);
		}
		if (!soft || !phys_line(r, &s, &n))
			break;
	}
	out[used] = '\0';
	return true;
}

/* A hex number of at most 16 significant digits, "0x" optional, ending at a
 * word boundary. Returns the end, or NULL (*rc says why). */
static const char *get_hex(const char *p, uint64_t *v, enum parse_rc *rc)
{
	uint64_t x = 0;
	size_t sig = 0;
	const char *start;

	if (!*p) {
		*rc = P_SHORT;
		return NULL;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && is_hex(p[2]))
		p += 2;
	start = p;
	while (*p == '0')
		p++;
	for (; is_hex(*p); p++) {
		if (++sig > 16) {
			*rc = P_BAD;
			return NULL;
		}
		x = x << 4 | (uint64_t)(is_dec(*p) ? *p - '0' : (*p | 0x20) - 'a' + 10);
	}
	if (p == start || is_word(*p)) {
		*rc = P_BAD;
		return NULL;
	}
	*v = x;
	return p;
}

/* " KEYWORD " with at least one space before it. */
static const char *get_kw(const char *p, const char *kw, enum parse_rc *rc)
{
	size_t n = strlen(kw);

	if (!*p) {
		*rc = P_SHORT;
		return NULL;
	}
	if (*p != ' ') {
		*rc = P_BAD;
		return NULL;
	}
	while (*p == ' ')
		p++;
	if (!*p) {
		*rc = P_SHORT;
		return NULL;
	}
	if (strncmp(p, kw, n)) {
		*rc = P_BAD;
		return NULL;
	}
	p += n;
	if (*p != ' ') {
		*rc = *p ? P_BAD : P_SHORT;
		return NULL;
	}
	while (*p == ' ')
		p++;
	return p;
}

/* "major:minor", small decimal numbers. */
static const char *get_version(const char *p, char *out, size_t n, enum parse_rc *rc)
{
	const char *s = p;

	if (!*p) {
		*rc = P_SHORT;
		return NULL;
	}
	for (int part = 0; part < 2; part++) {
		int d = 0;

		while (is_dec(*p) && d < 4)
			p++, d++;
		if (!d || is_dec(*p) || (part == 0 && *p != ':')) {
			*rc = *p ? P_BAD : P_SHORT;
			return NULL;
		}
		if (part == 0)
			p++;
	}
	if (is_word(*p)) {
		*rc = P_BAD;
		return NULL;
	}
	snprintf(out, n, "%.*s", (int)(p - s), s);
	return p;
}

static bool name_char(char c)
{
	return is_word(c) || c == '-' || c == '.' || c == ':';
}

/* The word that ends right before end (exclusive), into out. */
static size_t word_before(const char *line, const char *end, char *out, size_t n)
{
	const char *s = end;
	size_t len;

	while (s > line && name_char(s[-1]))
		s--;
	len = (size_t)(end - s);
	if (!len || len >= n)
		return 0;
	memcpy(out, s, len);
	out[len] = '\0';
	return len;
}

/* "… DMAR: dmar0: reg_base_addr …" or "… dmar: IOMMU 0: reg_base_addr …" */
static void vtd_name(const char *line, const char *marker, struct dmesg_entry *e)
{
	const char *p = marker;
	char w[sizeof(e->name)];
	size_t start;

	while (p > line && p[-1] == ' ')
		p--;
	if (p > line && p[-1] == ':')
		p--;
	e->form = "dmar";
	if (!word_before(line, p, w, sizeof(w))) {
		snprintf(e->name, sizeof(e->name), "dmar?");
		return;
	}
	/* the name is "dmarN"; old kernels printed "IOMMU N" for the same N */
	start = (size_t)(p - line) - strlen(w);
	if (strspn(w, "0123456789") == strlen(w) && start >= 6 &&
	    !strncmp(line + start - 6, "IOMMU ", 6)) {
		e->form = "dmar-old";
		snprintf(e->name, sizeof(e->name), "dmar%.8s", w);
		return;
	}
	snprintf(e->name, sizeof(e->name), "%s", w);
}

static enum parse_rc parse_vtd(const char *line, const char *marker, struct dmesg_entry *e)
{
	enum parse_rc rc = P_BAD;
	const char *p = marker + strlen("reg_base_addr");
	const char *at = "reg_base_addr";

	vtd_name(line, marker, e);
	e->vendor = DMESG_VTD;
	if (*p != ' ') {
		rc = *p ? P_BAD : P_SHORT;
		goto bad;
	}
	while (*p == ' ')
		p++;
	if (!(p = get_hex(p, &e->reg_base, &rc)))
		goto bad;
	e->has_reg_base = true;
	at = "ver";
	if (!(p = get_kw(p, "ver", &rc)) || !(p = get_version(p, e->version, sizeof(e->version), &rc)))
		goto bad;
	at = "cap";
	if (!(p = get_kw(p, "cap", &rc)) || !(p = get_hex(p, &e->regs[0], &rc)))
		goto bad;
	at = "ecap";
	if (!(p = get_kw(p, "ecap", &rc)) || !(p = get_hex(p, &e->regs[1], &rc)))
		goto bad;
	e->decodable = true;
	return P_OK;
bad:
	snprintf(e->reason, sizeof(e->reason),
		 "%s VT-d unit line at '%s': expected 'reg_base_addr HEX ver N:N cap HEX ecap HEX'%s",
		 rc == P_SHORT ? "cut-short" : "malformed", at,
		 rc == P_SHORT ? "" : " (hex values of at most 16 digits)");
	return rc;
}

/* "pci 0000:00:00.2: AMD-Vi: …" → "0000:00:00.2" */
static bool pci_name(const char *line, const char *upto, char *out, size_t n)
{
	const char *p = line, *q, *end;

	while ((q = strstr(p, "pci ")) && q < upto) {
		p = q + 4;
		end = p;
		while (end < upto && (is_hex(*end) || *end == ':' || *end == '.'))
			end++;
		/* the BDF ends at ": " */
		if (end > p && end[-1] == ':' && *end == ' ')
			end--;
		if (end - p >= 7 && (size_t)(end - p) < n && *end == ':') {
			snprintf(out, n, "%.*s", (int)(end - p), p);
			return true;
		}
	}
	return false;
}

static enum parse_rc parse_amd_features(const char *line, const char *marker,
					struct dmesg_entry *e, const char *pending)
{
	enum parse_rc rc = P_BAD;
	const char *p = marker + strlen("Extended features (");

	e->vendor = DMESG_AMD;
	e->form = "amd-features";
	if (pci_name(line, marker, e->name, sizeof(e->name)))
		e->form = "amd-features-pci";
	else if (pending && *pending)
		snprintf(e->name, sizeof(e->name), "%s", pending);
	else
		snprintf(e->name, sizeof(e->name), "AMD-Vi");
	if (!(p = get_hex(p, &e->regs[0], &rc)))
		goto bad;
	if (*p == ',') {
		p++;
		while (*p == ' ')
			p++;
		if (!(p = get_hex(p, &e->regs[1], &rc)))
			goto bad;
		e->efr2_known = true;
	}
	if (*p != ')') {
		rc = *p ? P_BAD : P_SHORT;
		goto bad;
	}
	e->decodable = true;
	return P_OK;
bad:
	snprintf(e->reason, sizeof(e->reason), "%s",
		 rc == P_SHORT ? "AMD 'Extended features' line cut short"
			       : "malformed AMD 'Extended features (EFR[, EFR2])' line");
	return rc;
}

static enum parse_rc parse_amd_global(const char *marker, struct dmesg_entry *e)
{
	enum parse_rc rc = P_BAD;
	const char *p = marker + strlen("Using global IVHD EFR:");

	e->vendor = DMESG_AMD;
	e->form = "amd-global";
	snprintf(e->name, sizeof(e->name), "AMD-Vi");
	if (!(p = get_hex(p, &e->regs[0], &rc)))
		goto bad;
	if (!*p) {
		rc = P_SHORT;
		goto bad;
	}
	if (strncmp(p, ", EFR2:", 7)) {
		rc = P_BAD;
		goto bad;
	}
	if (!(p = get_hex(p + 7, &e->regs[1], &rc)))
		goto bad;
	e->efr2_known = true;
	if (!e->regs[0]) {
		/* the IVHD has no copy: the kernel reads MMIO and says so later */
		snprintf(e->reason, sizeof(e->reason),
			 "the IVHD carries no EFR copy (EFR:0x0): the values are in the "
			 "'Extended features' line");
		return P_OK;
	}
	e->decodable = true;
	return P_OK;
bad:
	snprintf(e->reason, sizeof(e->reason), "%s",
		 rc == P_SHORT ? "AMD 'Using global IVHD EFR' line cut short"
			       : "malformed AMD 'Using global IVHD EFR:HEX, EFR2:HEX' line");
	return rc;
}

static enum parse_rc parse_smmuv3(const char *marker, const char *feat, struct dmesg_entry *e)
{
	enum parse_rc rc = P_BAD;
	const char *p = marker + strlen("arm-smmu-v3");
	const char *end;

	e->vendor = DMESG_SMMUV3;
	e->form = "smmuv3-features";
	while (*p == ' ')
		p++;
	/* "arm-smmu-v3 <device>: …" */
	for (end = p; end < feat && (is_word(*end) || *end == '-' || *end == '.' || *end == '@');)
		end++;
	if (end > p && *end == ':' && (size_t)(end - p) < sizeof(e->name))
		snprintf(e->name, sizeof(e->name), "%.*s", (int)(end - p), p);
	else
		snprintf(e->name, sizeof(e->name), "arm-smmu-v3");
	if (!get_hex(feat + strlen("(features "), &e->regs[0], &rc))
		e->regs[0] = 0;
	snprintf(e->reason, sizeof(e->reason),
		 "'features' is the driver's internal ARM_SMMU_FEAT_* bitmap, numbered "
		 "differently across kernels: not IDR0, not decodable (use IOMMU_GET_HW_INFO)");
	return P_OK;
}

/* "AMD-Vi: Found IOMMU at 0000:00:00.2 cap 0x40" or "pci BDF: AMD-Vi: Found IOMMU" */
static void amd_found(const char *line, const char *marker, char *pending, size_t n)
{
	const char *p = marker + strlen("Found IOMMU");
	const char *s;

	if (!strncmp(p, " at ", 4)) {
		s = p += 4;
		while (is_hex(*p) || *p == ':' || *p == '.')
			p++;
		if (p - s >= 7 && (size_t)(p - s) < n) {
			snprintf(pending, n, "%.*s", (int)(p - s), s);
			return;
		}
	}
	if (!pci_name(line, marker, pending, n))
		pending[0] = '\0';
}

/* Which message the line is, and its parse. */
static enum parse_rc parse_line(const char *line, struct dmesg_entry *e, char *pending,
				size_t pending_n, bool *found)
{
	const char *m, *f;
	enum parse_rc rc;

	*found = true;
	if ((m = strstr(line, "reg_base_addr")))
		return parse_vtd(line, m, e);
	if ((m = strstr(line, "Using global IVHD EFR:")))
		return parse_amd_global(m, e);
	if ((m = strstr(line, "Extended features ("))) {
		rc = parse_amd_features(line, m, e, pending);
		pending[0] = '\0';
		return rc;
	}
	if ((m = strstr(line, "arm-smmu-v3")) && (f = strstr(m, "(features ")))
		return parse_smmuv3(m, f, e);
	if ((m = strstr(line, "AMD-Vi")) && (m = strstr(m, "Found IOMMU")))
		amd_found(line, m, pending, pending_n);
	*found = false;
	return P_BAD;
}

static bool same_unit(const struct dmesg_entry *a, const struct dmesg_entry *b)
{
	return a->decodable && a->vendor == b->vendor && !strcmp(a->name, b->name) &&
	       a->regs[0] == b->regs[0] && a->regs[1] == b->regs[1] &&
	       a->efr2_known == b->efr2_known && a->has_reg_base == b->has_reg_base &&
	       a->reg_base == b->reg_base && !strcmp(a->version, b->version);
}

static int push(struct dmesg_log *log, struct dmesg_entry *e)
{
	if (e->decodable)
		for (size_t i = 0; i < log->n; i++)
			if (same_unit(&log->entries[i], e)) {
				e->decodable = false;
				snprintf(e->reason, sizeof(e->reason),
					 "the same unit and values as line %zu", log->entries[i].line);
				break;
			}
	if (log->n >= DMESG_MAX_ENTRIES) {
		log->dropped++;
		return 0;
	}
	if (log->n == log->alloc) {
		size_t na = log->alloc ? log->alloc * 2 : 16;
		struct dmesg_entry *ne = realloc(log->entries, na * sizeof(*ne));

		if (!ne)
			return -ENOMEM;
		log->entries = ne;
		log->alloc = na;
	}
	log->entries[log->n++] = *e;
	return 0;
}

int dmesg_parse(const char *buf, size_t len, struct dmesg_log *log)
{
	struct reader r = { .buf = buf, .len = buf ? len : 0 };
	char *line = malloc(DMESG_MAX_LINE), *joined = malloc(2 * DMESG_MAX_LINE);
	char *next = malloc(DMESG_MAX_LINE);
	char pending[sizeof(((struct dmesg_entry *)0)->name)] = "";
	size_t first;
	int ret = 0;

	memset(log, 0, sizeof(*log));
	if (!line || !joined || !next) {
		ret = -ENOMEM;
		goto out;
	}
	while (logical_line(&r, line, &first)) {
		struct dmesg_entry e;
		enum parse_rc rc;
		bool found;

		memset(&e, 0, sizeof(e));
		rc = parse_line(line, &e, pending, sizeof(pending), &found);
		if (!found)
			continue;
		if (rc == P_SHORT) {
			/* a hard wrap: retry once with the next line appended */
			struct reader save = r;
			size_t nfirst;

			if (logical_line(&r, next, &nfirst)) {
				struct dmesg_entry e2;

				snprintf(joined, 2 * DMESG_MAX_LINE, "%s %s", line, next);
				memset(&e2, 0, sizeof(e2));
				if (parse_line(joined, &e2, pending, sizeof(pending), &found) == P_OK &&
				    found)
					e = e2;
				else
					r = save;
			}
		}
		e.line = first;
		if ((ret = push(log, &e)))
			break;
	}
out:
	log->lines = r.lineno;
	free(line);
	free(joined);
	free(next);
	return ret;
}

void dmesg_free(struct dmesg_log *log)
{
	free(log->entries);
	memset(log, 0, sizeof(*log));
}
