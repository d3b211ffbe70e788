// SPDX-License-Identifier: GPL-2.0-only
/* ioas: I/O address spaces — allocate, map memory, unmap, ranges, copy. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "attach.h"
#include "objects.h"
#include "output.h"
#include "session.h"

static int ioas_alloc(int argc, char **argv)
{
	const char *name = NULL;
	struct kwarg kw[] = { KW("name", KW_NAME, &name) };
	uint32_t id;
	int fd, rc, err;

	rc = parse_kwargs("ioas alloc", argc, argv, kw, ARRAY_SIZE(kw));
	if (rc || (rc = session_iommufd(&fd)))
		return rc;
	err = ifd_ioas_alloc(fd, &id);
	if (err)
		return err_ioctl("IOMMU_IOAS_ALLOC", err, NULL);
	if (!session_add(SOBJ_IOAS, id, name, -1, "ioas"))
		return EXIT_FAILED;
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, id);
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

/* The first positional argument of most commands: an object of kinds. */
static int positional(const char *ctx, int argc, char **argv, unsigned kinds, const char *what,
		      uint32_t *id)
{
	struct sobj *o;
	char w[96];

	if (argc < 1)
		return err_usage("%s: missing %s", ctx, what);
	snprintf(w, sizeof(w), "%s: %s", ctx, what);
	return session_resolve(argv[0], kinds, w, id, &o);
}

static const char *const backing_names[] = { "anon", "hugetlb", "memfd", NULL };

#define HUGETLB_PAGE (2ULL << 20)

/*
 * EINVAL from a map or copy: say which argument the IOAS refused, from its
 * alignment and usable ranges (IOMMU_IOAS_IOVA_RANGES), or NULL.
 */
static const char *einval_hint(int fd, uint32_t ioas, bool fixed, uint64_t iova, uint64_t length,
			       char *buf, size_t n)
{
	struct ictl_iommu_iova_range *r = NULL;
	uint32_t num = 0;
	uint64_t align = 0;
	bool inside = false;

	if (ifd_ioas_iova_ranges(fd, ioas, NULL, &num, &align) && !num)
		return NULL;
	if (align > 1 && fixed && iova % align) {
		snprintf(buf, n, "iova %#" PRIx64 " is not a multiple of the IOAS's alignment %" PRIu64
			 " ('ioas ranges')", iova, align);
		return buf;
	}
	if (align > 1 && length % align) {
		snprintf(buf, n, "length %" PRIu64 " is not a multiple of the IOAS's alignment %" PRIu64
			 " ('ioas ranges')", length, align);
		return buf;
	}
	if (!fixed || !num || !(r = calloc(num, sizeof(*r))) ||
	    ifd_ioas_iova_ranges(fd, ioas, r, &num, &align)) {
		free(r);
		return NULL;
	}
	for (uint32_t i = 0; i < num; i++)
		inside |= iova >= r[i].start && iova + (length - 1) <= r[i].last;
	free(r);
	if (inside)
		return NULL;
	snprintf(buf, n, "iova %#" PRIx64 " length %" PRIu64 " is not inside one of the IOAS's "
		 "usable ranges ('ioas ranges')", iova, length);
	return buf;
}

static int ioas_map(int argc, char **argv)
{
	const char *ctx = "ioas map", *backing = "anon", *file = NULL;
	uint64_t iova = 0, length = 0, offset = 0;
	bool readonly = false;
	uint32_t ioas;
	struct kwarg kw[] = {
		KW("length", KW_SIZE, &length),
		KW("iova", KW_U64, &iova),
		KW("backing", KW_STR, &backing),
		KW("file", KW_STR, &file),
		KW("offset", KW_SIZE, &offset),
		KW("readonly", KW_FLAG, &readonly),
	};
	enum buf_backing b = BUF_ANON;
	struct buffer *buf;
	int fd, rc, err;
	const char *op;

	rc = positional(ctx, argc, argv, SOBJ_IOAS, "IOAS", &ioas);
	if (rc || (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	if ((rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")))
		return rc;
	if (!length)
		return err_usage("%s: length: 0 maps nothing", ctx);
	if (kw_seen(kw, ARRAY_SIZE(kw), "iova") && (rc = check_range(ctx, "iova", iova, length)))
		return rc;
	if (file && kw_seen(kw, ARRAY_SIZE(kw), "backing"))
		return err_usage("%s: give either 'file' or 'backing', not both", ctx);
	if (offset && !file)
		return err_usage("%s: 'offset' needs 'file'", ctx);
	if (file) {
		long page = sysconf(_SC_PAGESIZE);

		if (!*file)
			return err_usage("%s: file: empty; expected a file name", ctx);
		if (page > 0 && offset % (uint64_t)page)
			return err_usage("%s: offset: %" PRIu64 " is not a multiple of the page size (%ld)",
					 ctx, offset, page);
		if ((rc = check_range(ctx, "offset", offset, length)))
			return rc;
		b = BUF_FILE;
	} else {
		size_t i;

		for (i = 0; backing_names[i] && strcmp(backing_names[i], backing); i++)
			;
		if (!backing_names[i])
			return err_unknown("ioas map: backing", "backing", backing, backing_names);
		b = i == 0 ? BUF_ANON : i == 1 ? BUF_HUGETLB : BUF_MEMFD;
		if (b == BUF_HUGETLB && length % HUGETLB_PAGE)
			return err_usage("%s: length: %" PRIu64 " is not a multiple of the 2 MiB hugetlb "
					 "page", ctx, length);
	}
	if (length > SIZE_MAX)
		return err_usage("%s: length: %" PRIu64 " does not fit in this process's address "
				 "space", ctx, length);
	if ((rc = session_iommufd(&fd)))
		return rc;
	if ((rc = buffer_new(b, length, file, offset, &buf)))
		return rc;

	bool fixed = kw_seen(kw, ARRAY_SIZE(kw), "iova");
	uint32_t flags = ICTL_IOMMU_IOAS_MAP_READABLE |
			 (readonly ? 0 : ICTL_IOMMU_IOAS_MAP_WRITEABLE) |
			 (fixed ? ICTL_IOMMU_IOAS_MAP_FIXED_IOVA : 0);

	if (buf->fd >= 0) {	/* memfd and files: by descriptor (6.13) */
		op = "IOMMU_IOAS_MAP_FILE";
		err = ifd_ioas_map_file(fd, ioas, flags, buf->fd, buf->file_offset, length, &iova);
	} else {
		op = "IOMMU_IOAS_MAP";
		err = ifd_ioas_map(fd, ioas, flags, buf->va, length, &iova);
	}
	if (err) {
		char hint[256];

		buffer_free(buf);
		return err_ioctl(op, err, err == -EINVAL ? einval_hint(fd, ioas, fixed, iova, length,
								     hint, sizeof(hint)) : NULL);
	}
	buf->ioas_id = ioas;
	buf->iova = iova;
	buffer_track(buf);
	{
		char what[96];

		snprintf(what, sizeof(what), "%s%s%s", buf_backing_name(b), file ? " " : "",
			 file ? err_arg(file) : "");
		session_note_map(ioas, iova, length, what);
	}
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, ioas);
	print_hex(PRINT_ANY, "iova", " iova 0x%" PRIx64, iova);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, length);
	print_string(PRINT_ANY, "backing", " backing %s", buf_backing_name(b));
	print_bool(PRINT_ANY, "readonly", readonly ? " readonly" : NULL, readonly);
	print_hex(PRINT_JSON, "user_va", NULL, (uintptr_t)buf->va);
	print_nl();
	return 0;
}

static int ioas_unmap(int argc, char **argv)
{
	const char *ctx = "ioas unmap";
	uint64_t iova = 0, length = 0;
	bool all = false;
	uint32_t ioas;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW("length", KW_SIZE, &length),
		KW("all", KW_FLAG, &all),
	};
	uint64_t unmapped = 0;
	int fd, rc, err;

	rc = positional(ctx, argc, argv, SOBJ_IOAS, "IOAS", &ioas);
	if (rc || (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	if (all && (kw_seen(kw, ARRAY_SIZE(kw), "iova") || kw_seen(kw, ARRAY_SIZE(kw), "length")))
		return err_usage("%s: 'all' takes no iova or length", ctx);
	if (!all) {
		if ((rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "iova")) ||
		    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")))
			return rc;
		if (!length)
			return err_usage("%s: length: 0 unmaps nothing", ctx);
		if ((rc = check_range(ctx, "iova", iova, length)))
			return rc;
	}
	if ((rc = session_iommufd(&fd)))
		return rc;
	err = ifd_ioas_unmap(fd, ioas, all ? 0 : iova, all ? UINT64_MAX : length, &unmapped);
	if (err)
		return err_ioctl("IOMMU_IOAS_UNMAP", err,
				 err == -ENOENT ? "nothing is mapped there, or the range cuts a mapping "
						 "(unmap whole mappings)" : NULL);
	buffer_untrack_range(ioas, all ? 0 : iova, all ? UINT64_MAX : length);
	/* What the kernel says it unmapped, then the mappings of this session
	 * that went (the kernel's count includes mappings made elsewhere). */
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, ioas);
	print_hex(PRINT_ANY, "iova", " iova 0x%" PRIx64, all ? 0 : iova);
	print_u64(PRINT_ANY, "unmapped", " unmapped %" PRIu64 " bytes", unmapped);
	session_note_unmap(ioas, all ? 0 : iova, all ? UINT64_MAX : length);
	print_nl();
	return 0;
}

static int ioas_ranges(int argc, char **argv)
{
	const char *ctx = "ioas ranges";
	struct ictl_iommu_iova_range *r = NULL;
	uint32_t num = 0;
	uint64_t align = 0;
	uint32_t ioas;
	int fd, rc, err;

	rc = positional(ctx, argc, argv, SOBJ_IOAS, "IOAS", &ioas);
	if (rc)
		return rc;
	if (argc > 1)
		return err_usage("%s: unexpected argument '%s'", ctx, err_arg(argv[1]));
	if ((rc = session_iommufd(&fd)))
		return rc;
	/* Ask for the count first; the kernel answers EMSGSIZE with it. */
	for (int tries = 0; tries < 4; tries++) {
		uint32_t cap = num;

		err = ifd_ioas_iova_ranges(fd, ioas, r, &num, &align);
		if (err != -EMSGSIZE || num <= cap)
			break;
		free(r);
		r = calloc(num, sizeof(*r));
		if (!r)
			return err_fail("out of memory for %u ranges", num);
	}
	if (err) {
		free(r);
		return err_ioctl("IOMMU_IOAS_IOVA_RANGES", err, NULL);
	}
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, ioas);
	print_u64(PRINT_ANY, "iova_alignment", " alignment %" PRIu64, align);
	print_u64(PRINT_ANY, "num_ranges", " ranges %" PRIu64 "\n", num);
	open_array("ranges");
	text_indent(1);
	for (uint32_t i = 0; r && i < num; i++) {
		open_object(NULL);
		print_hex(PRINT_ANY, "start", "0x%016" PRIx64, r[i].start);
		print_hex(PRINT_ANY, "last", " - 0x%016" PRIx64, r[i].last);
		print_u64(PRINT_JSON, "size", NULL, r[i].last - r[i].start + 1);
		print_nl();
		close_object();
	}
	text_indent(-1);
	close_array();
	free(r);
	return 0;
}

/* "START-LAST" (inclusive) → range. */
static int parse_range(const char *ctx, const char *s, struct ictl_iommu_iova_range *r)
{
	const char *dash = strchr(s, '-');
	char *a, what[64];
	int rc;

	if (!dash || dash == s)
		return err_usage("%s: '%s' is not a range START-LAST", ctx, err_arg(s));
	a = strndup(s, (size_t)(dash - s));
	if (!a)
		return err_fail("%s: out of memory", ctx);
	snprintf(what, sizeof(what), "%s: range start", ctx);
	rc = parse_u64(what, a, UINT64_MAX, &r->start);
	free(a);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "%s: range last", ctx);
	if ((rc = parse_u64(what, dash + 1, UINT64_MAX, &r->last)))
		return rc;
	if (r->last < r->start)
		return err_usage("%s: range '%s' ends before it starts", ctx, err_arg(s));
	return 0;
}

static int ioas_allow(int argc, char **argv)
{
	const char *ctx = "ioas allow";
	struct ictl_iommu_iova_range *r;
	uint32_t ioas;
	int fd, rc, err;

	rc = positional(ctx, argc, argv, SOBJ_IOAS, "IOAS", &ioas);
	if (rc)
		return rc;
	if (argc - 1 > 1024)
		return err_usage("%s: at most 1024 ranges", ctx);
	r = calloc((size_t)(unsigned)argc, sizeof(*r));
	if (!r)
		return err_fail("out of memory");
	for (int i = 1; i < argc; i++)
		if ((rc = parse_range(ctx, argv[i], &r[i - 1]))) {
			free(r);
			return rc;
		}
	if ((rc = session_iommufd(&fd))) {
		free(r);
		return rc;
	}
	err = ifd_ioas_allow_iovas(fd, ioas, r, (uint32_t)(argc - 1));
	free(r);
	if (err)
		return err_ioctl("IOMMU_IOAS_ALLOW_IOVAS", err, NULL);
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, ioas);
	print_u64(PRINT_ANY, "allowed_ranges", " allowed ranges %" PRIu64 "\n",
		  (uint64_t)(argc - 1));
	return 0;
}

static int ioas_copy(int argc, char **argv)
{
	const char *ctx = "ioas copy";
	uint32_t dst, src;
	uint64_t src_iova = 0, length = 0, iova = 0;
	bool readonly = false;
	struct kwarg kw[] = {
		KW("src-iova", KW_U64, &src_iova),
		KW("length", KW_SIZE, &length),
		KW("iova", KW_U64, &iova),
		KW("readonly", KW_FLAG, &readonly),
	};
	uint32_t flags;
	int fd, rc, err;

	rc = positional(ctx, argc, argv, SOBJ_IOAS, "destination IOAS", &dst);
	if (rc || (rc = positional(ctx, argc - 1, argv + 1, SOBJ_IOAS, "source IOAS", &src)))
		return rc;
	if ((rc = parse_kwargs(ctx, argc - 2, argv + 2, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "src-iova")) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")))
		return rc;
	if (!length)
		return err_usage("%s: length: 0 copies nothing", ctx);
	if ((rc = check_range(ctx, "src-iova", src_iova, length)) ||
	    (kw_seen(kw, ARRAY_SIZE(kw), "iova") && (rc = check_range(ctx, "iova", iova, length))))
		return rc;
	if ((rc = session_iommufd(&fd)))
		return rc;
	flags = ICTL_IOMMU_IOAS_MAP_READABLE | (readonly ? 0 : ICTL_IOMMU_IOAS_MAP_WRITEABLE) |
		(kw_seen(kw, ARRAY_SIZE(kw), "iova") ? ICTL_IOMMU_IOAS_MAP_FIXED_IOVA : 0);
	err = ifd_ioas_copy(fd, flags, dst, &iova, src, src_iova, length);
	if (err) {
		char hint[256];

		return err_ioctl("IOMMU_IOAS_COPY", err,
				 err == -ENOENT ? "src-iova..+length is not wholly mapped in the "
						  "source IOAS (a part of one mapping or of "
						  "adjacent mappings is fine)" :
				 err == -EINVAL ? einval_hint(fd, dst, kw_seen(kw, ARRAY_SIZE(kw), "iova"),
							      iova, length, hint, sizeof(hint)) : NULL);
	}
	{
		char what[64];

		snprintf(what, sizeof(what), "copy of ioas %u iova %#" PRIx64, src, src_iova);
		session_note_map(dst, iova, length, what);
	}
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, dst);
	print_hex(PRINT_ANY, "iova", " iova 0x%" PRIx64, iova);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, length);
	print_u64(PRINT_ANY, "src_ioas_id", " from ioas %" PRIu64, src);
	print_hex(PRINT_ANY, "src_iova", " iova 0x%" PRIx64 "\n", src_iova);
	return 0;
}

/* IOMMU_DESTROY for any object kind; shared by every object's destroy. */
int destroy_object(const char *ctx, int argc, char **argv, unsigned kinds, const char *what)
{
	struct sobj *o;
	uint32_t id;
	char w[96];
	int fd, rc, err;

	if (argc != 1)
		return argc ? err_usage("%s: unexpected argument '%s'", ctx, err_arg(argv[1]))
			    : err_usage("%s: missing %s", ctx, what);
	snprintf(w, sizeof(w), "%s: %s", ctx, what);
	if ((rc = session_resolve(argv[0], kinds, w, &id, &o)))
		return rc;
	if ((rc = session_iommufd(&fd)))
		return rc;
	/* A fault queue's or vEVENTQ's descriptor holds a reference on it: the
	 * kernel answers EBUSY while it is open, so it goes first. */
	if (o && o->fd >= 0 && (o->kind & (SOBJ_FAULT | SOBJ_VEVENTQ))) {
		close(o->fd);
		o->fd = -1;
	}
	err = ifd_destroy(fd, id);
	if (err)
		return err_ioctl("IOMMU_DESTROY", err, NULL);
	print_u64(PRINT_ANY, "destroyed", "destroyed %" PRIu64, id);
	if (o && o->name[0])
		print_string(PRINT_ANY, "name", " (%s)", o->name);
	print_nl();
	if (o)
		session_forget(o);
	return 0;
}

/* IOAS and the keywords of `ioas read` and `ioas write` (iova required). */
static int memory_args(const char *ctx, int argc, char **argv, struct kwarg *kw, size_t nkw,
		       uint32_t *ioas)
{
	int rc;

	if (argc < 1)
		return err_usage("%s: missing IOAS", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_IOAS, "IOAS", ioas, NULL)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, nkw)) ||
	    (rc = kw_require(ctx, kw, nkw, "iova")))
		return rc;
	return 0;
}

/* The session memory mapped at [iova, iova+length) of IOAS, as the CPU sees
 * it: what a device's DMA through this IOAS reads and writes. */
static int find_memory(const char *ctx, uint32_t ioas, uint64_t iova, uint64_t length, uint8_t **p)
{
	struct buffer *b = buffer_find(ioas, iova, length);

	if (!b)
		return err_usage("%s: [%#" PRIx64 ", +%#" PRIx64 ") of ioas %u is not inside one "
				 "mapping this session made ('ioas map', 's1 alloc')", ctx, iova,
				 length, ioas);
	*p = (uint8_t *)b->va + (iova - b->iova);
	return 0;
}

#define MEM_IO_MAX (64u << 10)

static int ioas_read(int argc, char **argv)
{
	const char *ctx = "ioas read";
	uint64_t iova = 0, length = 0;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW_MAX("length", KW_SIZE, &length, MEM_IO_MAX),
	};
	uint32_t ioas;
	uint8_t *p = NULL;
	char *hex;
	bool uniform = true;
	int rc;

	if ((rc = memory_args(ctx, argc, argv, kw, ARRAY_SIZE(kw), &ioas)) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")))
		return rc;
	if (!length)
		return err_usage("%s: length 0 reads nothing", ctx);
	if ((rc = find_memory(ctx, ioas, iova, length, &p)))
		return rc;
	hex = malloc(length * 2 + 1);
	if (!hex)
		return err_fail("%s: out of memory", ctx);
	for (uint64_t i = 0; i < length; i++) {
		snprintf(hex + i * 2, 3, "%02x", p[i]);
		uniform = uniform && p[i] == p[0];
	}
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, ioas);
	print_hex(PRINT_ANY, "iova", " iova %#" PRIx64, iova);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, length);
	if (uniform)
		print_hex(PRINT_ANY, "uniform_byte", ": every byte 0x%02" PRIx64 "\n", p[0]);
	else
		print_null(PRINT_ANY, "uniform_byte", ":\n");
	print_string(PRINT_JSON, "data", NULL, hex);
	for (uint64_t i = 0; i < length; i += 16) {
		print_text("  %#" PRIx64 ":", iova + i);
		for (uint64_t j = i; j < length && j < i + 16; j++)
			print_text(" %.2s", hex + j * 2);
		print_text("\n");
	}
	free(hex);
	return 0;
}

static int ioas_write(int argc, char **argv)
{
	const char *ctx = "ioas write", *hex = NULL;
	uint64_t iova = 0, length = 0, byte = 0;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW_MAX("length", KW_SIZE, &length, MEM_IO_MAX),
		KW_MAX("byte", KW_U64, &byte, 0xff),
		KW("hex", KW_STR, &hex),
	};
	uint32_t ioas;
	uint8_t *p = NULL;
	int rc;

	if ((rc = memory_args(ctx, argc, argv, kw, ARRAY_SIZE(kw), &ioas)))
		return rc;
	if (kw[2].seen == !!hex)
		return err_usage("%s: give either 'byte B length SIZE' or 'hex BYTES'", ctx);
	if (hex) {
		size_t n = strlen(hex);

		if (kw[1].seen)
			return err_usage("%s: 'hex' gives the length itself", ctx);
		if (!n || n % 2 || n / 2 > MEM_IO_MAX ||
		    strspn(hex, "0123456789abcdefABCDEF") != n)
			return err_usage("%s: hex '%s' is not an even number of hex digits (at most "
					 "%u bytes)", ctx, hex, MEM_IO_MAX);
		length = n / 2;
	} else if (!length) {
		return err_usage("%s: 'byte' needs 'length SIZE' (not 0)", ctx);
	}
	if ((rc = find_memory(ctx, ioas, iova, length, &p)))
		return rc;
	for (uint64_t i = 0; i < length; i++) {
		unsigned v = (unsigned)byte;

		if (hex)
			sscanf(hex + i * 2, "%2x", &v);
		p[i] = (uint8_t)v;
	}
	print_u64(PRINT_ANY, "ioas_id", "ioas %" PRIu64, ioas);
	print_hex(PRINT_ANY, "iova", " iova %#" PRIx64, iova);
	print_u64(PRINT_ANY, "length", ": %" PRIu64 " bytes written\n", length);
	return 0;
}

static int ioas_destroy(int argc, char **argv)
{
	return destroy_object("ioas destroy", argc, argv, SOBJ_IOAS, "IOAS");
}

const struct cmd ioas_cmds[] = {
	{ "alloc", ioas_alloc, "[name NAME]", "allocate an I/O address space" },
	{ "map", ioas_map, "IOAS length SIZE [iova ADDR] [backing anon|hugetlb|memfd] [file PATH [offset OFF]] [readonly]",
	  "map memory the tool allocates (or a file) into IOAS" },
	{ "unmap", ioas_unmap, "IOAS { iova ADDR length SIZE | all }", "unmap a range (whole mappings)" },
	{ "ranges", ioas_ranges, "IOAS", "the usable IOVA ranges and alignment" },
	{ "allow", ioas_allow, "IOAS [START-LAST ...]", "restrict the IOVAs the kernel may choose" },
	{ "copy", ioas_copy, "DST SRC src-iova ADDR length SIZE [iova ADDR] [readonly]",
	  "map the pages of a SRC mapping into DST" },
	{ "read", ioas_read, "IOAS iova ADDR length SIZE",
	  "show the session memory mapped at ADDR (what DMA there reads or wrote)" },
	{ "write", ioas_write, "IOAS iova ADDR { byte B length SIZE | hex BYTES }",
	  "fill the session memory mapped at ADDR" },
	{ "destroy", ioas_destroy, "IOAS", "destroy an IOAS (EBUSY while HWPTs use it)" },
	{ NULL },
};
