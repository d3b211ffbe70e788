// SPDX-License-Identifier: GPL-2.0-only
/*
 * Targeted cache invalidation: every entry of a command line goes into one
 * IOMMU_HWPT_INVALIDATE, on a nested HWPT (VT-d stage-1, selftest IOTLB) or
 * a vIOMMU (SMMUv3 commands, selftest device cache). The kernel handles the
 * entries in order and writes back how many it handled, also on failure, so
 * a partial failure is reported entry by entry: handled, failed, not reached.
 *
 * SMMUv3 vIOMMUs differ (arm_vsmmu_cache_invalidate, Linux 6.13 to 7.2): the
 * driver converts the commands one at a time and issues them to the SMMU in
 * batches of 63; when a command fails to convert (EIO) it returns with
 * entry_num = the failed index, but the commands converted before it in the
 * same batch were never issued. Those are reported "not_issued", not handled.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "invalidate.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "output.h"
#include "session.h"
#include "smmuv3_cmd.h"

/* The largest entry of any type (VT-d: 24 bytes). */
#define ENTRY_MAX 24
/* Entries parsed into the stack before the heap is needed. */
#define INLINE_ENTRIES 64

static void free_entries(uint8_t *entries, const uint8_t *inline_entries)
{
	if (entries != inline_entries)
		free(entries);
}

struct ectx;

struct inv_type {
	const char *name;
	unsigned kinds;		/* SOBJ_HWPT or SOBJ_VIOMMU */
	uint32_t hwpt_data_type;	/* the nested HWPT's data type, or vIOMMU type */
	uint32_t inv_type;	/* IOMMU_HWPT_INVALIDATE data_type */
	uint32_t entry_len;
	/* Parse one entry from argv[*i...]; advances *i. */
	int (*parse)(struct ectx *ec, int argc, char **argv, int *i, void *entry);
	void (*print)(const void *entry);
	const char *usage;
	uint32_t batch;		/* SMMUv3: commands issued per batch (0: each in turn) */
};

/* CMDQ_BATCH_ENTRIES (BITS_PER_LONG) - 1, the SMMUv3 driver's issue size. */
#define SMMUV3_ISSUE_BATCH 63

/* An entry's error context, "CTX: entry N", made only when a message
 * needs it (the parsers run for every entry of every line). */
struct ectx {
	const char *ctx;
	uint32_t n;
	char buf[80];
};

static const char *ectx_str(struct ectx *e)
{
	snprintf(e->buf, sizeof(e->buf), "%s: entry %u", e->ctx, e->n);
	return e->buf;
}

static int need_value(struct ectx *ec, int argc, char **argv, int i)
{
	if (i + 1 >= argc)
		return err_usage("%s: '%s' needs a value", ectx_str(ec), err_arg(argv[i]));
	return 0;
}

/* A number of an entry: "CTX: FIELD: ..." on error, the same message as
 * parse_u64("CTX: FIELD") gives, but nothing is formatted unless it fails. */
static int entry_u64(struct ectx *ec, const char *field, const char *s, uint64_t max,
		     uint64_t *v)
{
	char msg[512];

	if (scan_u64(field, s, max, v, msg, sizeof(msg)))
		return err_usage("%s: %s", ectx_str(ec), msg);
	return 0;
}

/* "all", asked of every entry: the first letter first */
static bool is_all(const char *w)
{
	return w[0] == 'a' && !strcmp(w, "all");
}

/* VT-d: "all" | "addr A npages N [leaf]" */
static int parse_vtd(struct ectx *ec, int argc, char **argv, int *i, void *entry)
{
	struct ictl_iommu_hwpt_vtd_s1_invalidate *e = entry;
	int rc;

	if (is_all(argv[*i])) {
		e->addr = 0;
		e->npages = UINT64_MAX;
		(*i)++;
		if (*i < argc && !strcmp(argv[*i], "leaf")) {
			e->flags = ICTL_IOMMU_VTD_INV_FLAGS_LEAF;
			(*i)++;
		}
		return 0;
	}
	if (strcmp(argv[*i], "addr"))
		return err_usage("%s: unknown entry word '%s'; a VT-d entry is 'addr A npages N "
				 "[leaf]' or 'all'", ectx_str(ec), argv[*i]);
	if ((rc = need_value(ec, argc, argv, *i)))
		return rc;
	if ((rc = entry_u64(ec, "addr", argv[*i + 1], UINT64_MAX, &e->addr)))
		return rc;
	if (e->addr & 0xfff)
		return err_usage("%s: addr %#" PRIx64 " is not 4 KiB aligned", ectx_str(ec), e->addr);
	*i += 2;
	if (*i >= argc || strcmp(argv[*i], "npages"))
		return err_usage("%s: addr %#" PRIx64 " needs 'npages N' (4 KiB pages)", ectx_str(ec), e->addr);
	if ((rc = need_value(ec, argc, argv, *i)))
		return rc;
	if ((rc = entry_u64(ec, "npages", argv[*i + 1], UINT64_MAX, &e->npages)))
		return rc;
	if (!e->npages)
		return err_usage("%s: npages 0 invalidates nothing", ectx_str(ec));
	if (e->npages == UINT64_MAX)
		return err_usage("%s: npages %" PRIu64 " with an address is refused by the kernel; "
				 "use 'all'", ectx_str(ec), e->npages);
	if (e->npages > (UINT64_MAX - e->addr) >> 12)
		return err_usage("%s: addr %#" PRIx64 " + %" PRIu64 " pages passes 2^64", ectx_str(ec),
				 e->addr, e->npages);
	*i += 2;
	if (*i < argc && !strcmp(argv[*i], "leaf")) {
		e->flags = ICTL_IOMMU_VTD_INV_FLAGS_LEAF;
		(*i)++;
	}
	return 0;
}

static void print_vtd(const void *entry)
{
	const struct ictl_iommu_hwpt_vtd_s1_invalidate *e = entry;
	bool all = !e->addr && e->npages == UINT64_MAX;

	print_bool(PRINT_JSON, "all", NULL, all);
	if (all)
		print_text("all");
	print_hex(all ? PRINT_JSON : PRINT_ANY, "addr", "addr %#" PRIx64, e->addr);
	if (all)
		print_hex(PRINT_JSON, "npages", NULL, e->npages);
	else
		print_u64(PRINT_ANY, "npages", " npages %" PRIu64, e->npages);
	print_bool(PRINT_JSON, "leaf", NULL, e->flags & ICTL_IOMMU_VTD_INV_FLAGS_LEAF);
	if (e->flags & ICTL_IOMMU_VTD_INV_FLAGS_LEAF)
		print_text(" leaf");
}

/* selftest nested HWPT: "all" | "iotlb-id I" */
static int parse_st_hwpt(struct ectx *ec, int argc, char **argv, int *i, void *entry)
{
	struct ictl_iommu_hwpt_invalidate_selftest *e = entry;
	uint64_t v;
	int rc;

	if (is_all(argv[*i])) {
		e->flags = ICTL_IOMMU_TEST_INVALIDATE_FLAG_ALL;
		(*i)++;
		return 0;
	}
	if (strcmp(argv[*i], "iotlb-id"))
		return err_usage("%s: unknown entry word '%s'; a selftest entry is 'iotlb-id I' "
				 "or 'all'", ectx_str(ec), argv[*i]);
	if ((rc = need_value(ec, argc, argv, *i)))
		return rc;
	/* Values past the mock's 4 slots reach the kernel (EINVAL): tests need them. */
	if ((rc = entry_u64(ec, "iotlb-id", argv[*i + 1], UINT32_MAX, &v)))
		return rc;
	e->iotlb_id = (uint32_t)v;
	*i += 2;
	return 0;
}

static void print_st_hwpt(const void *entry)
{
	const struct ictl_iommu_hwpt_invalidate_selftest *e = entry;
	bool all = e->flags & ICTL_IOMMU_TEST_INVALIDATE_FLAG_ALL;

	print_bool(PRINT_JSON, "all", NULL, all);
	if (all)
		print_text("all");
	else
		print_u64(PRINT_ANY, "iotlb_id", "iotlb-id %" PRIu64, e->iotlb_id);
}

/* selftest vIOMMU: "vdev V (cache-id I | all)" */
static int parse_st_viommu(struct ectx *ec, int argc, char **argv, int *i, void *entry)
{
	struct ictl_iommu_viommu_invalidate_selftest *e = entry;
	uint64_t v;
	int rc;

	if (strcmp(argv[*i], "vdev"))
		return err_usage("%s: unknown entry word '%s'; a selftest vIOMMU entry is "
				 "'vdev VIRT-ID cache-id I' or 'vdev VIRT-ID all'", ectx_str(ec), argv[*i]);
	if ((rc = need_value(ec, argc, argv, *i)))
		return rc;
	if ((rc = entry_u64(ec, "vdev", argv[*i + 1], UINT32_MAX, &v)))
		return rc;
	e->vdev_id = (uint32_t)v;
	*i += 2;
	if (*i < argc && is_all(argv[*i])) {
		e->flags = ICTL_IOMMU_TEST_INVALIDATE_FLAG_ALL;
		(*i)++;
		return 0;
	}
	if (*i >= argc || strcmp(argv[*i], "cache-id"))
		return err_usage("%s: vdev %u needs 'cache-id I' or 'all'", ectx_str(ec), e->vdev_id);
	if ((rc = need_value(ec, argc, argv, *i)))
		return rc;
	if ((rc = entry_u64(ec, "cache-id", argv[*i + 1], UINT32_MAX, &v)))
		return rc;
	e->cache_id = (uint32_t)v;
	*i += 2;
	return 0;
}

static void print_st_viommu(const void *entry)
{
	const struct ictl_iommu_viommu_invalidate_selftest *e = entry;
	bool all = e->flags & ICTL_IOMMU_TEST_INVALIDATE_FLAG_ALL;

	print_u64(PRINT_ANY, "vdev", "vdev %" PRIu64, e->vdev_id);
	print_bool(PRINT_JSON, "all", NULL, all);
	if (all)
		print_text(" all");
	else
		print_u64(PRINT_ANY, "cache_id", " cache-id %" PRIu64, e->cache_id);
}

/* SMMUv3: a command kind (or "raw") and its fields, up to the next kind. */
static int parse_smmuv3(struct ectx *ec, int argc, char **argv, int *i, void *entry)
{
	struct ictl_iommu_viommu_arm_smmuv3_invalidate *e = entry;
	uint64_t cmd[2];
	char err[1024];
	const char *why;
	int end = *i + 1;

	if (!strcmp(argv[*i], "raw"))
		end = *i + 3 <= argc ? *i + 3 : argc;
	else	/* a command's fields run up to the next command's kind */
		while (end < argc && !smmuv3_cmd_kind_by_name(argv[end]) && strcmp(argv[end], "raw"))
			end++;
	if (smmuv3_cmd_build(end - *i, argv + *i, cmd, err, sizeof(err)))
		return err_usage("%s: %s", ectx_str(ec), err);
	if (!smmuv3_cmd_allowed(cmd, &why))
		return err_usage("%s: %s: the kernel refuses it with EIO (%s); not sent", ectx_str(ec),
				 argv[*i], why);
	e->cmd[0] = htole64(cmd[0]);
	e->cmd[1] = htole64(cmd[1]);
	*i = end;
	return 0;
}

static void print_smmuv3(const void *entry)
{
	const struct ictl_iommu_viommu_arm_smmuv3_invalidate *e = entry;
	uint64_t cmd[2] = { le64toh(e->cmd[0]), le64toh(e->cmd[1]) };

	smmuv3_cmd_print(cmd);
}

static const struct inv_type inv_types[] = {
	{ "vtd-s1", SOBJ_HWPT, ICTL_IOMMU_HWPT_DATA_VTD_S1, ICTL_IOMMU_HWPT_INVALIDATE_DATA_VTD_S1,
	  sizeof(struct ictl_iommu_hwpt_vtd_s1_invalidate), parse_vtd, print_vtd,
	  "addr A npages N [leaf] | all" },
	{ "selftest", SOBJ_HWPT, ICTL_IOMMU_HWPT_DATA_SELFTEST, ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST,
	  sizeof(struct ictl_iommu_hwpt_invalidate_selftest), parse_st_hwpt, print_st_hwpt,
	  "iotlb-id I | all" },
	{ "smmuv3", SOBJ_VIOMMU, ICTL_IOMMU_VIOMMU_TYPE_ARM_SMMUV3,
	  ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3,
	  sizeof(struct ictl_iommu_viommu_arm_smmuv3_invalidate), parse_smmuv3, print_smmuv3,
	  "COMMAND [FIELD VALUE...] | raw W0 W1", SMMUV3_ISSUE_BATCH },
	{ "selftest", SOBJ_VIOMMU, ICTL_IOMMU_VIOMMU_TYPE_SELFTEST,
	  ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST,
	  sizeof(struct ictl_iommu_viommu_invalidate_selftest), parse_st_viommu, print_st_viommu,
	  "vdev VIRT-ID (cache-id I | all)" },
};

static const struct inv_type *find_type(unsigned kind, const char *name, uint32_t hwpt_type)
{
	for (size_t i = 0; i < ARRAY_SIZE(inv_types); i++) {
		const struct inv_type *t = &inv_types[i];

		if (t->kinds != kind)
			continue;
		if (name ? !strcmp(name, t->name) : t->hwpt_data_type == hwpt_type)
			return t;
	}
	return NULL;
}

static const char *inv_hint(int err, const struct inv_type *t)
{
	bool st = t->inv_type == ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST;

	switch (err) {
	case -EINVAL:
		if (t->kinds == SOBJ_VIOMMU && st)
			return "a cache-id above 3, a vdev that is not a virt-id of this vIOMMU, or "
			       "the id is not a vIOMMU";
		if (st)
			return "an iotlb-id above 3 (the mock has 4 IOTLB slots), or the id is not "
			       "a nested HWPT of this type";
		return "an unaligned address, or the id is a paging HWPT (only nested HWPTs and "
		       "vIOMMUs are invalidated), or the data type does not match the HWPT";
	case -EOPNOTSUPP:
		return "the HWPT's driver has no user cache invalidation for this type, or an "
		       "unknown flag";
	case -EIO:
		return "the SMMUv3 driver refused a command (unsupported opcode, or a vSID with "
		       "no vDEVICE)";
	case -ENOENT:
		return "no such HWPT or vIOMMU in this iommufd";
	default:
		return NULL;
	}
}

/* How many entries before a failure took effect: all handled ones, except
 * for a batching driver that failed converting (EIO): only whole batches. */
static uint32_t issued_before(const struct inv_type *t, int err, uint32_t handled)
{
	if (t->batch && err == -EIO)
		return handled / t->batch * t->batch;
	return handled;
}

static void print_entries(const uint8_t *entries, const struct inv_type *t, uint32_t n,
			  uint32_t handled, uint32_t issued, bool failed)
{
	open_array("entries");
	for (uint32_t i = 0; i < n; i++) {
		const char *state = !failed || i < issued ? "handled"
				    : i < handled ? "not_issued"
				    : i == handled ? "failed" : "not_reached";

		open_object(NULL);
		print_u64(PRINT_ANY, "index", "  [%" PRIu64 "] ", i);
		t->print(entries + (size_t)i * t->entry_len);
		print_string(PRINT_ANY, "state", "  %s\n", state);
		close_object();
	}
	close_array();
}

/* object: "hwpt" or "viommu"; argv: ID [type T] ENTRY... */
static int invalidate(const char *object, unsigned kind, int argc, char **argv)
{
	/* error contexts: constant, nothing formatted per command or entry */
	const char *ctx = kind == SOBJ_HWPT ? "hwpt invalidate" : "viommu invalidate";
	const char *what = kind == SOBJ_HWPT ? "hwpt invalidate: hwpt" : "viommu invalidate: viommu";
	const char *type_name = NULL;
	const struct inv_type *t;
	uint32_t id, n = 0, cap = INLINE_ENTRIES, handled;
	struct sobj *o;
	uint8_t inline_entries[INLINE_ENTRIES * ENTRY_MAX], *entries = inline_entries;
	int i = 1, fd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing the %s", ctx, kind == SOBJ_HWPT ? "nested HWPT" : "vIOMMU");
	if ((rc = session_resolve(argv[0], kind, what, &id, &o)))
		return rc;
	/* the first letter first: every line of a batch asks */
	if (i < argc && argv[i][0] == 't' && !strcmp(argv[i], "type")) {
		if (i + 1 >= argc)
			return err_usage("%s: 'type' needs a value (%s)", ctx,
					 kind == SOBJ_HWPT ? "vtd-s1 or selftest" : "smmuv3 or selftest");
		type_name = argv[i + 1];
		i += 2;
	}
	if (type_name) {
		t = find_type(kind, type_name, 0);
		if (!t) {
			char tctx[64];

			snprintf(tctx, sizeof(tctx), "%s: type", ctx);
			return err_unknown(tctx, "type", type_name, kind == SOBJ_HWPT
					   ? (const char *const[]){ "vtd-s1", "selftest", NULL }
					   : (const char *const[]){ "smmuv3", "selftest", NULL });
		}
	} else if (!o) {
		return err_usage("%s: %u was not made in this session: say 'type %s' before the "
				 "entries", ctx, id, kind == SOBJ_HWPT ? "vtd-s1|selftest" : "smmuv3|selftest");
	} else {
		t = find_type(kind, NULL, o->data_type);
		if (!t)
			return err_usage("%s: %s %u is %s: nothing to invalidate from userspace (only "
					 "nested HWPTs and vIOMMUs have user caches)", ctx, object, id,
					 kind == SOBJ_HWPT && !o->data_type ? "a paging HWPT"
									    : "of a type without invalidation");
	}
	if (i >= argc)
		return err_usage("%s: no entries; give at least one (%s)", ctx, t->usage);
	struct ectx ec;	/* its message is made only for an error */

	ec.ctx = ctx;
	while (i < argc) {
		ec.n = n;

		if (n == ICTL_IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX) {
			free_entries(entries, inline_entries);
			return err_usage("%s: more than %u entries (the kernel's limit per call)", ctx,
					 ICTL_IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX);
		}
		if (n == cap) {	/* past the inline array: the heap */
			uint8_t *p = entries == inline_entries ? malloc((size_t)cap * 2 * ENTRY_MAX)
				     : realloc(entries, (size_t)cap * 2 * ENTRY_MAX);

			if (!p) {
				free_entries(entries, inline_entries);
				return err_fail("%s: out of memory", ctx);
			}
			if (entries == inline_entries)
				memcpy(p, inline_entries, sizeof(inline_entries));
			entries = p;
			cap *= 2;
		}
		memset(entries + (size_t)n * t->entry_len, 0, t->entry_len);
		if ((rc = t->parse(&ec, argc, argv, &i, entries + (size_t)n * t->entry_len))) {
			free_entries(entries, inline_entries);
			return rc;
		}
		n++;
	}
	if ((rc = session_iommufd(&fd))) {
		free_entries(entries, inline_entries);
		return rc;
	}
	handled = n;
	err = ifd_hwpt_invalidate(fd, id, t->inv_type, entries, t->entry_len, &handled);

	print_u64(PRINT_ANY, kind == SOBJ_HWPT ? "hwpt_id" : "viommu_id",
		  kind == SOBJ_HWPT ? "hwpt %" PRIu64 : "viommu %" PRIu64, id);
	print_string(PRINT_ANY, "type", " invalidate %s:", t->name);
	uint32_t issued = err ? issued_before(t, err, handled) : n;

	print_u64(PRINT_ANY, "handled", " %" PRIu64, err ? handled : n);
	print_u64(PRINT_ANY, "requested", " of %" PRIu64 " entries handled", n);
	if (err && issued < handled)
		print_u64(PRINT_ANY, "issued", " (%" PRIu64 " issued)", issued);
	print_nl();
	if (err)
		print_u64(PRINT_JSON, "failed_index", NULL, handled);
	/* -q in text: the summary line alone when every entry was handled
	 * (scripts issuing thousands); a failure always lists the entries */
	if (err || !opts.quiet || out_json())
		print_entries(entries, t, n, handled, issued, err != 0);
	free_entries(entries, inline_entries);
	if (!err)
		return 0;
	char hint[768];

	if (issued < handled)
		snprintf(hint, sizeof(hint), "entry %u of %u failed; the kernel counts %u before it "
			 "as handled, but the SMMUv3 driver issues commands in batches of %u and "
			 "dropped the batch it was converting, so entries %u-%u never reached the "
			 "SMMU (repeat them)%s%s", handled, n, handled, t->batch, issued, handled - 1,
			 inv_hint(err, t) ? "; " : "", inv_hint(err, t) ? inv_hint(err, t) : "");
	else
		snprintf(hint, sizeof(hint), "entry %u of %u failed, %u handled before it%s%s",
			 handled, n, handled, inv_hint(err, t) ? "; " : "",
			 inv_hint(err, t) ? inv_hint(err, t) : "");
	return err_ioctl("IOMMU_HWPT_INVALIDATE", err, hint);
}

int hwpt_invalidate(int argc, char **argv)
{
	return invalidate("hwpt", SOBJ_HWPT, argc, argv);
}

int viommu_invalidate(int argc, char **argv)
{
	return invalidate("viommu", SOBJ_VIOMMU, argc, argv);
}
