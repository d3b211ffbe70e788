// SPDX-License-Identifier: GPL-2.0-only
/*
 * s1: stage-1 page tables that a session builds itself, in memory it maps
 * into the parent IOAS, as a guest would. VT-d first-stage tables: the
 * root's IOVA is the guest-physical address that `hwpt alloc … nested
 * vtd-s1 s1 NAME` passes as pgtbl. SMMUv3 (format smmuv3): AArch64 tables
 * plus one context descriptor in the page after them, whose TTB0 is the
 * root; `hwpt alloc … nested smmuv3 s1 NAME` points the guest STE at it.
 * Mappings added and removed here change the tables in place, so a scripted
 * test can change a stage-1 entry and invalidate exactly that range. The
 * tables are the tool's own (no kernel object): they are named, never
 * numbered.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "objects.h"
#include "output.h"
#include "registers.h"
#include "s1pgtbl.h"
#include "session.h"

static int s1_arg(const char *ctx, const char *arg, struct sobj **o)
{
	char what[64];
	uint32_t id;
	int rc;

	snprintf(what, sizeof(what), "%s: S1", ctx);
	if ((rc = session_resolve(arg, SOBJ_S1, what, &id, o)))
		return rc;
	if (!*o)
		return err_usage("%s: stage-1 tables are named ('s1 alloc … name NAME'), not "
				 "numbered", ctx);
	return 0;
}

/* IPS encodings of a CD (and OAS of IDR5): address bits per value. */
static const unsigned ips_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

/*
 * The SMMUv3 context descriptor for an AArch64 table (one CD, S1CDMax 0):
 * T0SZ from the width, 4 KiB granule, write-back cacheable inner-shareable
 * walks, no TTB1 (EPD1), valid, AArch64, faults recorded (R: they become
 * events) and aborted (A), no stall, no hardware A/D updates, the ASID;
 * TTB0 the root; MAIR attribute 0 normal write-back (the leaves' AttrIndx).
 */
static void cd_build(uint64_t cd[8], const struct s1pt *pt, unsigned ips, uint16_t asid)
{
	memset(cd, 0, 64);
	cd[0] = (uint64_t)(64 - pt->addr_width) |	/* T0SZ */
		1ULL << 8 | 1ULL << 10 | 3ULL << 12 |	/* IR0, OR0 WBWA; SH0 inner */
		1ULL << 30 | 1ULL << 31 |		/* EPD1, V */
		(uint64_t)ips << 32 |
		1ULL << 41 | 1ULL << 45 | 1ULL << 46 |	/* AA64, R, A */
		(uint64_t)asid << 48;
	cd[1] = s1pt_root_gpa(pt) & 0x000ffffffffffff0ULL;	/* TTB0 */
	cd[3] = 0xff;	/* MAIR: attribute 0 = normal memory, write-back */
}

static void cd_print(const struct s1pt *pt)
{
	open_object("cd");
	print_hex(PRINT_ANY, "gpa", "context descriptor at %#" PRIx64, pt->cd_gpa);
	print_hex(PRINT_ANY, "ttb0", ": TTB0 %#" PRIx64, pt->cd[1] & 0x000ffffffffffff0ULL);
	print_hex(PRINT_ANY, "mair", " MAIR %#" PRIx64 "\n", pt->cd[3]);
	text_indent(1);
	reg_print(&smmuv3_cd0_reg, NULL, pt->cd[0], opts.verbose > 0);
	text_indent(-1);
	open_array("raw");
	for (int i = 0; i < 8; i++)
		print_hex(PRINT_JSON, NULL, NULL, pt->cd[i]);
	close_array();
	close_object();
}

static int s1_alloc(int argc, char **argv)
{
	const char *ctx = "s1 alloc", *name = NULL, *format = "vtd";
	uint32_t ioas, width = 0, pages = 64, asid = 1, ips = 48;
	uint64_t iova = 0;
	bool big = false, smmu;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW_MAX("pages", KW_U32, &pages, 1u << 18),
		KW("addr-width", KW_U32, &width),
		KW("1g", KW_FLAG, &big),
		KW("format", KW_STR, &format),
		KW_MAX("asid", KW_U32, &asid, 0xffff),
		KW("ips", KW_U32, &ips),
		KW("name", KW_NAME, &name),
	};
	unsigned ips_code = 0;
	struct buffer *buf;
	struct s1pt *pt;
	char err[256];
	int fd, rc, e;

	if (argc < 1)
		return err_usage("%s: missing IOAS (the nest parent's IOAS: the tables live there)", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_IOAS, "s1 alloc: IOAS", &ioas, NULL)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "iova")) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "name")))
		return rc;
	if (strcmp(format, "vtd") && strcmp(format, "smmuv3"))
		return err_unknown("s1 alloc: format", "format", format,
				   (const char *const[]){ "vtd", "smmuv3", NULL });
	smmu = !strcmp(format, "smmuv3");
	if (!smmu && (kw[5].seen || kw[6].seen))
		return err_usage("%s: asid and ips belong to an SMMUv3 context descriptor "
				 "(format smmuv3)", ctx);
	if (!pages)
		return err_usage("%s: pages 0: the root table needs one", ctx);
	if (!width)
		width = 48;
	if (smmu ? width != 39 && width != 48 : width != 48 && width != 57)
		return err_usage(smmu ? "%s: addr-width %u: 39 (3-level) or 48 (4-level) for "
				 "AArch64 tables with 4 KiB pages"
				 : "%s: addr-width %u: 48 (4-level) or 57 (5-level)", ctx, width);
	while (ips_code < ARRAY_SIZE(ips_bits) && ips_bits[ips_code] != ips)
		ips_code++;
	if (ips_code == ARRAY_SIZE(ips_bits))
		return err_usage("%s: ips %u: the CD's IPS takes 32, 36, 40, 42, 44, 48 or 52 bits",
				 ctx, ips);
	if (iova & 0xfff)
		return err_usage("%s: iova %#" PRIx64 " is not 4 KiB aligned", ctx, iova);
	/* SMMUv3: one more page after the tables, for the context descriptor. */
	if ((rc = check_range(ctx, "iova", iova, ((uint64_t)pages + smmu) * S1PT_PAGE_SIZE)))
		return rc;
	if ((rc = session_iommufd(&fd)) ||
	    (rc = buffer_new(BUF_ANON, ((size_t)pages + smmu) * S1PT_PAGE_SIZE, NULL, 0, &buf)))
		return rc;
	pt = calloc(1, sizeof(*pt));
	if (!pt || s1pt_init_fmt(pt, smmu ? S1PT_ARM64 : S1PT_VTD, buf->va,
				 (size_t)pages * S1PT_PAGE_SIZE, iova, width, err, sizeof(err))) {
		free(pt);
		buffer_free(buf);
		return pt ? err_usage("%s: %s", ctx, err) : err_fail("%s: out of memory", ctx);
	}
	pt->allow_1g = big;
	if (smmu) {
		pt->cd = (uint64_t *)((uint8_t *)buf->va + (size_t)pages * S1PT_PAGE_SIZE);
		pt->cd_gpa = iova + (uint64_t)pages * S1PT_PAGE_SIZE;
		cd_build(pt->cd, pt, ips_code, (uint16_t)asid);
	}
	e = ifd_ioas_map(fd, ioas, ICTL_IOMMU_IOAS_MAP_READABLE | ICTL_IOMMU_IOAS_MAP_WRITEABLE |
			 ICTL_IOMMU_IOAS_MAP_FIXED_IOVA, buf->va, buf->len, &iova);
	if (e) {
		s1pt_fini(pt);
		free(pt);
		buffer_free(buf);
		return err_ioctl("IOMMU_IOAS_MAP", e, "the table's IOVA range is taken or outside "
				 "the IOAS's ranges ('ioas ranges')");
	}
	buf->ioas_id = ioas;
	buf->iova = iova;
	buffer_track(buf);
	{
		char what[96];

		snprintf(what, sizeof(what), "stage-1 tables %s", name);
		session_note_map(ioas, iova, buf->len, what);
	}
	struct sobj *o = session_add(SOBJ_S1, 0, name, -1, "stage-1 tables (%u-level) at iova %#" PRIx64
				     " of ioas %u", pt->levels, iova, ioas);
	if (!o) {
		s1pt_fini(pt);
		free(pt);
		return EXIT_FAILED;
	}
	o->s1 = pt;
	o->parent_id = ioas;
	print_string(PRINT_ANY, "name", "s1 %s", name);
	print_u64(PRINT_ANY, "levels", ": %" PRIu64 "-level", pt->levels);
	print_u64(PRINT_ANY, "addr_width", " (%" PRIu64 " bits)", pt->addr_width);
	print_hex(PRINT_ANY, "root_gpa", " root %#" PRIx64, s1pt_root_gpa(pt));
	print_u64(PRINT_ANY, "ioas_id", " in ioas %" PRIu64, ioas);
	print_u64(PRINT_ANY, "table_pages", ", %" PRIu64 " table pages\n", pt->npages);
	print_string(PRINT_JSON, "format", NULL, format);
	if (smmu)
		cd_print(pt);
	return 0;
}

static int addr_args(const char *ctx, int argc, char **argv, int n, const char *const *names,
		     uint64_t *v)
{
	char what[64];
	int rc;

	if (argc < n)
		return err_usage("%s: expected S1 %s%s%s%s%s", ctx, names[0], n > 1 ? " " : "",
				 n > 1 ? names[1] : "", n > 2 ? " " : "", n > 2 ? names[2] : "");
	for (int i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "%s: %s", ctx, names[i]);
		if ((rc = !strcmp(names[i], "LEN") ? parse_size(what, argv[i], &v[i])
						   : parse_u64(what, argv[i], UINT64_MAX, &v[i])))
			return rc;
	}
	return 0;
}

static int s1_map(int argc, char **argv)
{
	const char *ctx = "s1 map";
	static const char *const names[] = { "IOVA", "GPA", "LEN" };
	uint64_t v[3];
	bool ro = false;
	struct kwarg kw[] = { KW("ro", KW_FLAG, &ro) };
	struct sobj *o;
	char err[256];
	int rc;

	if (argc < 4)
		return err_usage("%s: expected S1 IOVA GPA LEN [ro]", ctx);
	if ((rc = s1_arg(ctx, argv[0], &o)) ||
	    (rc = addr_args(ctx, argc - 1, argv + 1, 3, names, v)) ||
	    (rc = parse_kwargs(ctx, argc - 4, argv + 4, kw, ARRAY_SIZE(kw))))
		return rc;
	rc = s1pt_map(o->s1, v[0], v[1], v[2], !ro, err, sizeof(err));
	if (rc == -ENOSPC)
		return err_fail("s1 %s: %s", o->name, err);
	if (rc)
		return err_usage("s1 %s: %s", o->name, err);
	print_string(PRINT_ANY, "name", "s1 %s", o->name);
	print_hex(PRINT_ANY, "iova", ": %#" PRIx64, v[0]);
	print_hex(PRINT_ANY, "gpa", " -> %#" PRIx64, v[1]);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, v[2]);
	print_bool(PRINT_ANY, "writable", " %s", !ro);
	print_u64(PRINT_ANY, "table_pages_used", " (%" PRIu64 " table pages in use)\n",
		  o->s1->pages_used);
	return 0;
}

static int s1_unmap(int argc, char **argv)
{
	const char *ctx = "s1 unmap";
	static const char *const names[] = { "IOVA", "LEN" };
	uint64_t v[2], done = 0;
	struct sobj *o;
	char err[256];
	int rc;

	if (argc != 3)
		return err_usage("%s: expected S1 IOVA LEN", ctx);
	if ((rc = s1_arg(ctx, argv[0], &o)) || (rc = addr_args(ctx, argc - 1, argv + 1, 2, names, v)))
		return rc;
	rc = s1pt_unmap(o->s1, v[0], v[1], &done, err, sizeof(err));
	if (rc == -ENOSPC)
		return err_fail("s1 %s: %s", o->name, err);
	if (rc)
		return err_usage("s1 %s: %s", o->name, err);
	print_string(PRINT_ANY, "name", "s1 %s", o->name);
	print_hex(PRINT_ANY, "iova", ": %#" PRIx64, v[0]);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, v[1]);
	print_u64(PRINT_ANY, "unmapped", ": %" PRIu64 " bytes unmapped\n", done);
	/* The IOMMU may keep the old translation in its TLB until the guest
	 * invalidates it, as it would: say what invalidates exactly this. */
	if (done) {
		char inv[128];

		if (o->s1->cd && v[1] == S1PT_PAGE_SIZE)
			snprintf(inv, sizeof(inv), "viommu invalidate VIOMMU tlbi-nh-va va %#" PRIx64
				 " asid %u leaf", v[0], (unsigned)(o->s1->cd[0] >> 48));
		else if (o->s1->cd)
			snprintf(inv, sizeof(inv), "viommu invalidate VIOMMU tlbi-nh-asid asid %u",
				 (unsigned)(o->s1->cd[0] >> 48));
		else
			snprintf(inv, sizeof(inv), "hwpt invalidate HWPT addr %#" PRIx64 " npages %"
				 PRIu64 " leaf", v[0], (uint64_t)(v[1] / S1PT_PAGE_SIZE));
		print_string(PRINT_ANY, "invalidate_with", "  until invalidated, the IOMMU may still "
			     "use the old translation: %s\n", inv);
	}
	return 0;
}

static int s1_show(int argc, char **argv)
{
	struct sobj *o;
	int rc;

	if (argc != 1)
		return err_usage("s1 show: expected S1");
	if ((rc = s1_arg("s1 show", argv[0], &o)))
		return rc;
	print_string(PRINT_ANY, "name", "s1 %s: ", o->name);
	s1pt_print(o->s1);
	if (o->s1->cd)
		cd_print(o->s1);
	return 0;
}

static int s1_translate(int argc, char **argv)
{
	const char *ctx = "s1 translate";
	static const char *const names[] = { "IOVA" };
	uint64_t iova, gpa;
	bool w;
	struct sobj *o;
	int rc, e;

	if (argc != 2)
		return err_usage("%s: expected S1 IOVA", ctx);
	if ((rc = s1_arg(ctx, argv[0], &o)) || (rc = addr_args(ctx, 1, argv + 1, 1, names, &iova)))
		return rc;
	e = s1pt_translate(o->s1, iova, &gpa, &w);
	print_hex(PRINT_ANY, "iova", "%#" PRIx64, iova);
	if (e) {
		print_null(PRINT_JSON, "gpa", NULL);
		print_string(PRINT_ANY, "fault", " -> fault: %s\n",
			     e == -ENOENT ? "not present" : e == -ERANGE ? "beyond the address width"
			     : "reserved bits or a large page the unit lacks");
		return 0;
	}
	print_hex(PRINT_ANY, "gpa", " -> %#" PRIx64, gpa);
	print_null(PRINT_JSON, "fault", NULL);
	print_bool(PRINT_ANY, "writable", " %s\n", w);
	return 0;
}

const struct cmd s1_cmds[] = {
	{ "alloc", s1_alloc,
	  "IOAS iova ADDR [pages N] [format vtd|smmuv3] [addr-width 48|57|39] [asid N] [ips BITS] [1g] name NAME",
	  "build empty stage-1 tables (VT-d, or AArch64 with an SMMUv3 CD) in memory mapped into IOAS at ADDR" },
	{ "map", s1_map, "S1 IOVA GPA LEN [ro]", "add a stage-1 mapping (4K, 2M or 1G leaves)" },
	{ "unmap", s1_unmap, "S1 IOVA LEN", "remove stage-1 mappings (large leaves are split)" },
	{ "show", s1_show, "S1", "walk the tables and print every mapping" },
	{ "translate", s1_translate, "S1 IOVA", "walk one address as the IOMMU would" },
	{ NULL },
};
