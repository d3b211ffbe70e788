// SPDX-License-Identifier: GPL-2.0-only
/*
 * PASIDs. The kernel has no PASID allocator for userspace (the VFIO/IOASID
 * proposals were never merged): a VMM picks PASIDs itself. The session keeps
 * one allocator per device, bounded by the device's PASID width from
 * IOMMU_GET_HW_INFO. PASID 0 is never handed out: the kernel would take it
 * as the RID.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "cmd.h"
#include "error.h"
#include "kwargs.h"
#include "objects.h"
#include "output.h"
#include "pasid.h"
#include "session.h"
#include "vfio.h"

static struct sobj_pasid *find(struct sobj *d, uint32_t pasid, size_t *pos)
{
	size_t lo = 0, hi = d->n_pasids;

	while (lo < hi) {	/* sorted by pasid */
		size_t mid = (lo + hi) / 2;

		if (d->pasids[mid].pasid < pasid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (pos)
		*pos = lo;
	return lo < d->n_pasids && d->pasids[lo].pasid == pasid ? &d->pasids[lo] : NULL;
}

static struct sobj_pasid *insert(struct sobj *d, uint32_t pasid)
{
	size_t pos;

	find(d, pasid, &pos);
	if (d->n_pasids == d->cap_pasids) {
		size_t cap = d->cap_pasids ? d->cap_pasids * 2 : 16;
		struct sobj_pasid *p = realloc(d->pasids, cap * sizeof(*p));

		if (!p)
			return NULL;
		d->pasids = p;
		d->cap_pasids = cap;
	}
	memmove(&d->pasids[pos + 1], &d->pasids[pos], (d->n_pasids - pos) * sizeof(*d->pasids));
	d->n_pasids++;
	d->pasids[pos] = (struct sobj_pasid){ .pasid = pasid };
	return &d->pasids[pos];
}

static void release(struct sobj *d, uint32_t pasid)
{
	size_t pos;

	if (!find(d, pasid, &pos))
		return;
	memmove(&d->pasids[pos], &d->pasids[pos + 1], (d->n_pasids - pos - 1) * sizeof(*d->pasids));
	d->n_pasids--;
}

/* The lowest PASID in [lo, hi] that is not allocated; false if none. */
bool pasid_lowest_free(const struct sobj_pasid *p, size_t n, uint32_t lo, uint32_t hi,
		       uint32_t *out)
{
	uint32_t want = lo;

	for (size_t i = 0; i < n && want <= hi; i++) {
		if (p[i].pasid < want)
			continue;
		if (p[i].pasid > want)
			break;
		if (want == UINT32_MAX)
			return false;
		want++;
	}
	if (want > hi || want < lo)
		return false;
	*out = want;
	return true;
}

/* The device's valid PASIDs are 1..max; 0 (exit code) when known, else reported. */
static int pasid_range(const char *ctx, struct sobj *d, uint32_t *max)
{
	int w = device_pasid_width(d), rc;

	if (w < 0)
		return err_fail("%s: the PASID width of %s %u is unknown (IOMMU_GET_HW_INFO failed)",
				ctx, sobj_kind_name(d->kind), d->id);
	/* A kernel without PASID support reports every width as 0. */
	if (w == 0 && (rc = attach_require_pasid(d, ctx, 0)))
		return rc;
	if (w == 0)
		return err_unsupported("%s: %s %u has no PASID support (IOMMU_GET_HW_INFO reports "
				       "max_pasid_log2 0: the device has no PASID capability, or its "
				       "IOMMU none)", ctx, sobj_kind_name(d->kind), d->id);
	*max = w >= 32 ? UINT32_MAX : (1u << w) - 1;
	return 0;
}

/* DEV: resolved first (syntax, names); required to be of this session only
 * after the other arguments were checked (need_device). */
static int device_arg(const char *ctx, const char *arg, struct sobj **d, uint32_t *id)
{
	char what[64];

	snprintf(what, sizeof(what), "%s: DEV", ctx);
	return session_resolve(arg, SOBJ_ANY_DEVICE, what, id, d);
}

static int need_device(const char *ctx, const struct sobj *d, uint32_t id)
{
	if (!d)
		return err_usage("%s: device %u was not opened in this session ('device open' or "
				 "'mock add'): its PASIDs are allocated per session", ctx, id);
	return 0;
}

static void print_pasid(const struct sobj *d, uint32_t pasid, uint32_t pt)
{
	print_string(PRINT_ANY, "device", "%s", d->name[0] ? d->name : sobj_kind_name(d->kind));
	print_u64(PRINT_ANY, "dev_id", " (dev_id %" PRIu64 ")", d->id);
	print_u64(PRINT_ANY, "pasid", " pasid %" PRIu64, pasid);
	if (pt)
		print_u64(PRINT_ANY, "attached_hwpt_id", " attached to hwpt %" PRIu64, pt);
	else
		print_null(PRINT_JSON, "attached_hwpt_id", NULL);
	print_nl();
}

static int pasid_alloc(int argc, char **argv)
{
	const char *ctx = "pasid alloc";
	uint32_t min = 1, max = UINT32_MAX, dev_max, pt = 0, pasid;
	struct kwarg kw[] = {
		KW("min", KW_U32, &min),
		KW("max", KW_U32, &max),
		KW_KIND("attach", &pt, SOBJ_HWPT),
	};
	struct sobj *d;
	struct sobj_pasid *slot;
	uint32_t id;
	int rc;

	if (argc < 1)
		return err_usage("%s: missing DEV", ctx);
	if ((rc = device_arg(ctx, argv[0], &d, &id)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	if (kw[0].seen && min == 0)
		return err_usage("%s: min 0: PASID 0 is the device's RID, never a PASID", ctx);
	if (min > max)
		return err_usage("%s: min %u is above max %u", ctx, min, max);
	if ((rc = need_device(ctx, d, id)) || (rc = pasid_range(ctx, d, &dev_max)))
		return rc;
	if (min > dev_max)
		return err_usage("%s: min %u is beyond the device's %d-bit PASID width (1..%u)", ctx,
				 min, device_pasid_width(d), dev_max);
	if (max > dev_max) {
		if (kw[1].seen)
			return err_usage("%s: max %u is beyond the device's %d-bit PASID width (1..%u)",
					 ctx, max, device_pasid_width(d), dev_max);
		max = dev_max;
	}
	if (!pasid_lowest_free(d->pasids, d->n_pasids, min, max, &pasid))
		return err_fail("%s: every PASID in %u..%u of %s %u is allocated in this session", ctx,
				min, max, sobj_kind_name(d->kind), d->id);
	slot = insert(d, pasid);
	if (!slot)
		return err_fail("%s: out of memory", ctx);
	if (pt) {
		uint32_t got;

		if ((rc = attach_op(d, pt, true, pasid, false, &got))) {
			release(d, pasid);
			return rc;
		}
		slot = find(d, pasid, NULL);
		slot->pt_id = got;
	}
	print_pasid(d, pasid, slot->pt_id);
	return 0;
}

/* DEV P [HWPT]: the device and an allocated (or explicitly taken) PASID. */
static int pasid_args(const char *ctx, int argc, char **argv, bool want_pt, struct sobj **d,
		      uint32_t *pasid, uint32_t *pt)
{
	char what[64];
	uint32_t id;
	uint64_t v;
	int rc;

	if (argc != (want_pt ? 3 : 2))
		return err_usage("%s: expected DEV PASID%s", ctx, want_pt ? " HWPT" : "");
	if ((rc = device_arg(ctx, argv[0], d, &id)))
		return rc;
	snprintf(what, sizeof(what), "%s: PASID", ctx);
	if ((rc = parse_u64(what, argv[1], UINT32_MAX, &v)))
		return rc;
	*pasid = (uint32_t)v;
	if ((rc = attach_check_pasid(ctx, NULL, *pasid)))	/* 0 */
		return rc;
	snprintf(what, sizeof(what), "%s: HWPT", ctx);
	if (want_pt && (rc = session_resolve(argv[2], SOBJ_HWPT, what, pt, NULL)))
		return rc;
	if ((rc = need_device(ctx, *d, id)))
		return rc;
	return attach_check_pasid(ctx, *d, *pasid);	/* the device's width */
}

static int attach_common(const char *ctx, int argc, char **argv, bool replace)
{
	struct sobj *d;
	struct sobj_pasid *slot;
	uint32_t pasid, pt, got, max;
	bool taken = false;
	int rc;

	if ((rc = pasid_args(ctx, argc, argv, true, &d, &pasid, &pt)) ||
	    (rc = pasid_range(ctx, d, &max)))
		return rc;
	slot = find(d, pasid, NULL);
	if (replace && (!slot || !slot->pt_id))
		return err_usage("%s: pasid %u of %s %u is not attached; use 'pasid attach'", ctx,
				 pasid, sobj_kind_name(d->kind), d->id);
	if (!slot) {	/* an explicit PASID: take it, so alloc will not hand it out */
		if (!(slot = insert(d, pasid)))
			return err_fail("%s: out of memory", ctx);
		taken = true;
	}
	if ((rc = attach_op(d, pt, true, pasid, replace, &got))) {
		if (taken)
			release(d, pasid);
		return rc;
	}
	slot = find(d, pasid, NULL);
	slot->pt_id = replace ? pt : got;
	print_pasid(d, pasid, slot->pt_id);
	return 0;
}

static int pasid_attach(int argc, char **argv)
{
	return attach_common("pasid attach", argc, argv, false);
}

static int pasid_replace(int argc, char **argv)
{
	return attach_common("pasid replace", argc, argv, true);
}

static int detach_common(const char *ctx, int argc, char **argv, bool free_it)
{
	struct sobj *d;
	struct sobj_pasid *slot;
	uint32_t pasid, was = 0;
	int rc;

	if ((rc = pasid_args(ctx, argc, argv, false, &d, &pasid, NULL)))
		return rc;
	slot = find(d, pasid, NULL);
	if (free_it && !slot)
		return err_usage("%s: pasid %u of %s %u was not allocated in this session", ctx, pasid,
				 sobj_kind_name(d->kind), d->id);
	if (slot)
		was = slot->pt_id;
	if ((!free_it || was) && (rc = detach_op(d, true, pasid)))
		return rc;
	if (slot)
		slot->pt_id = 0;
	if (free_it)
		release(d, pasid);
	print_string(PRINT_ANY, "device", "%s", d->name[0] ? d->name : sobj_kind_name(d->kind));
	print_u64(PRINT_ANY, "dev_id", " (dev_id %" PRIu64 ")", d->id);
	print_u64(PRINT_ANY, "pasid", " pasid %" PRIu64, pasid);
	if (was)
		print_u64(PRINT_ANY, "detached_from", " detached from hwpt %" PRIu64, was);
	else
		print_null(PRINT_JSON, "detached_from", NULL);
	print_bool(PRINT_ANY, "freed", free_it ? " and freed\n" : "\n", free_it);
	return 0;
}

static int pasid_detach(int argc, char **argv)
{
	return detach_common("pasid detach", argc, argv, false);
}

static int pasid_free(int argc, char **argv)
{
	return detach_common("pasid free", argc, argv, true);
}

static int pasid_list(int argc, char **argv)
{
	const char *ctx = "pasid list";
	struct sobj *d;
	uint32_t id;
	int rc, w;

	if (argc != 1)
		return err_usage("%s: expected DEV", ctx);
	if ((rc = device_arg(ctx, argv[0], &d, &id)) || (rc = need_device(ctx, d, id)))
		return rc;
	w = device_pasid_width(d);
	print_string(PRINT_ANY, "device", "%s", d->name[0] ? d->name : sobj_kind_name(d->kind));
	print_u64(PRINT_ANY, "dev_id", " (dev_id %" PRIu64 ")", d->id);
	if (w >= 0)
		print_s64(PRINT_ANY, "max_pasid_log2", ": %" PRId64 "-bit PASIDs", w);
	else
		print_null(PRINT_ANY, "max_pasid_log2", ": PASID width unknown");
	print_u64(PRINT_ANY, "allocated", ", %" PRIu64 " allocated\n", d->n_pasids);
	open_array("pasids");
	for (size_t i = 0; i < d->n_pasids; i++) {
		open_object(NULL);
		print_u64(PRINT_ANY, "pasid", "  pasid %" PRIu64, d->pasids[i].pasid);
		if (d->pasids[i].pt_id)
			print_u64(PRINT_ANY, "attached_hwpt_id", " -> hwpt %" PRIu64 "\n",
				  d->pasids[i].pt_id);
		else
			print_null(PRINT_ANY, "attached_hwpt_id", " (not attached)\n");
		close_object();
	}
	close_array();
	return 0;
}

const struct cmd pasid_cmds[] = {
	{ "alloc", pasid_alloc, "DEV [min N] [max N] [attach HWPT]",
	  "allocate the lowest free PASID of DEV in the range (and attach it)" },
	{ "free", pasid_free, "DEV PASID", "detach (if attached) and release a PASID" },
	{ "attach", pasid_attach, "DEV PASID HWPT", "attach a PASID of DEV to an HWPT made with 'pasid'" },
	{ "replace", pasid_replace, "DEV PASID HWPT", "replace the HWPT an attached PASID uses" },
	{ "detach", pasid_detach, "DEV PASID", "detach a PASID (it stays allocated)" },
	{ "list", pasid_list, "DEV", "the PASIDs allocated in this session and their HWPTs" },
	{ NULL },
};
