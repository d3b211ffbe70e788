// SPDX-License-Identifier: GPL-2.0-only
/* hwpt: hardware page tables — allocate, attach, replace, detach, destroy. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "cmd.h"
#include "dirty.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "hwpt_nested.h"
#include "invalidate.h"
#include "kwargs.h"
#include "nesting.h"
#include "objects.h"
#include "output.h"
#include "session.h"
#include "vfio.h"

static const struct {
	const char *name;
	uint32_t flag;
} alloc_flags[] = {
	{ "nest-parent", ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT },
	{ "dirty", ICTL_IOMMU_HWPT_ALLOC_DIRTY_TRACKING },
	{ "pasid", ICTL_IOMMU_HWPT_ALLOC_PASID },
};

/* Why an allocation was refused, in the terms of what was asked: for a VFIO
 * device, the register check that fails, from its live hw info. */
static const char *alloc_hint(int fd, int err, uint32_t flags, const struct sobj *dev,
			      char *buf, size_t n)
{
	static const char *const parent[] = { "unit", "nest_parent", NULL };
	static const char *const dirty[] = { "ecap.ssads", "efr.hd_sup", NULL };
	static const char *const pasid[] = { "ecap.pasid", "amd.pasid", NULL };
	const char *why;
	char tmp[400];

	if (err == -EOPNOTSUPP) {
		if (flags & ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT) {
			if (dev && dev->kind == SOBJ_DEVICE &&
			    (why = device_verdict_reason(fd, dev->id, parent, tmp, sizeof(tmp)))) {
				snprintf(buf, n, "the IOMMU behind this device cannot be a nesting "
					 "parent: %s", why);
				return buf;
			}
			return dev && dev->kind == SOBJ_DEVICE
				? "the IOMMU behind this device cannot be a nesting parent; "
				  "'iommuctl device hwinfo DEV' shows which requirement fails"
				: "the IOMMU driver refuses a nesting parent for this device";
		}
		if (flags & ICTL_IOMMU_HWPT_ALLOC_DIRTY_TRACKING) {
			if (dev && dev->kind == SOBJ_DEVICE &&
			    (why = device_verdict_reason(fd, dev->id, dirty, tmp, sizeof(tmp)))) {
				snprintf(buf, n, "dirty tracking is refused by the IOMMU "
					 "behind this device: %s", why);
				return buf;
			}
			return "the IOMMU behind this device has no dirty tracking "
			       "(VT-d: ECAP.SSADS and SMPWCS; AMD: HDSup; mock: device made with no-dirty)";
		}
		if (flags & ICTL_IOMMU_HWPT_ALLOC_PASID) {
			if (dev && dev->kind == SOBJ_DEVICE &&
			    (why = device_verdict_reason(fd, dev->id, pasid, tmp, sizeof(tmp)))) {
				snprintf(buf, n, "the IOMMU behind this device cannot make a "
					 "PASID-capable domain: %s", why);
				return buf;
			}
			return "the IOMMU driver cannot make a PASID-capable domain for this device";
		}
	}
	if (err == -EINVAL)
		return "IOMMU_HWPT_ALLOC answers EINVAL (not ENOENT) for a bad ioas id, "
		       "or an IOAS/HWPT of the wrong kind";
	return NULL;
}

static int hwpt_alloc(int argc, char **argv)
{
	const char *ctx = "hwpt alloc", *name = NULL;
	bool f[ARRAY_SIZE(alloc_flags)] = { false };
	uint32_t dev_id, ioas = 0, flags = 0;
	struct sobj *dev;
	struct kwarg kw[] = {
		KW_KIND("ioas", &ioas, SOBJ_IOAS),
		KW("nest-parent", KW_FLAG, &f[0]),
		KW("dirty", KW_FLAG, &f[1]),
		KW("pasid", KW_FLAG, &f[2]),
		KW("name", KW_NAME, &name),
	};
	struct ictl_iommu_hwpt_alloc cmd = { .size = sizeof(cmd) };
	char hint[768];
	int fd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing DEV", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_ANY_DEVICE, "hwpt alloc: DEV", &dev_id, &dev)))
		return rc;
	/* The nested form: 'parent' or 'nested' at a keyword position (a name
	 * such as "name parent" is a value, not the keyword). */
	bool nested = false, on_ioas = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "parent") || !strcmp(argv[i], "nested"))
			nested = true;
		on_ioas |= !strcmp(argv[i], "ioas");
		if (!strcmp(argv[i], "ioas") || !strcmp(argv[i], "name") ||
		    !strcmp(argv[i], "parent") || !strcmp(argv[i], "nested"))
			i++;
	}
	if (nested && on_ioas)
		return err_usage("%s: 'ioas' and 'parent' do not go together: a paging HWPT is "
				 "allocated on an IOAS, a nested one on a parent", ctx);
	if (nested)
		return hwpt_alloc_nested(dev_id, dev, argc - 1, argv + 1);
	if ((rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "ioas")))
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(alloc_flags); i++)
		if (f[i])
			flags |= alloc_flags[i].flag;
	if ((rc = session_iommufd(&fd)))
		return rc;
	cmd.flags = flags;
	cmd.dev_id = dev_id;
	cmd.pt_id = ioas;
	err = ifd_hwpt_alloc(fd, &cmd);
	if (err == -EOPNOTSUPP && (flags & ICTL_IOMMU_HWPT_ALLOC_PASID) &&
	    (rc = attach_require_pasid(dev, "IOMMU_HWPT_ALLOC", err)))
		return rc;
	if (err)
		return err_ioctl("IOMMU_HWPT_ALLOC", err,
				 alloc_hint(fd, err, flags, dev, hint, sizeof(hint)));
	if (!session_add(SOBJ_HWPT, cmd.out_hwpt_id, name, -1, "paging hwpt on ioas %u%s%s%s",
			 ioas, f[0] ? " nest-parent" : "", f[1] ? " dirty" : "", f[2] ? " pasid" : ""))
		return EXIT_FAILED;
	print_u64(PRINT_ANY, "hwpt_id", "hwpt %" PRIu64, cmd.out_hwpt_id);
	print_string(PRINT_ANY, "type", " %s", "paging");
	print_u64(PRINT_ANY, "ioas_id", " ioas %" PRIu64, ioas);
	open_array("flags");
	for (size_t i = 0; i < ARRAY_SIZE(alloc_flags); i++)
		if (f[i])
			print_string(PRINT_ANY, NULL, " %s", alloc_flags[i].name);
	close_array();
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

/* hwpt attach|replace HWPT DEV [pasid P]: the device's view is in attach.c. */
static int hwpt_attach_common(const char *ctx, int argc, char **argv, bool replace)
{
	if (argc < 2)
		return err_usage("%s: expected HWPT DEV", ctx);
	/* Same operation as "device attach DEV PT": swap the two words. */
	char *swapped[argc];

	memcpy(swapped, argv, sizeof(char *) * (size_t)argc);
	swapped[0] = argv[1];
	swapped[1] = argv[0];
	return attach_device(ctx, argc, swapped, replace);
}

static int hwpt_attach(int argc, char **argv)
{
	return hwpt_attach_common("hwpt attach", argc, argv, false);
}

static int hwpt_replace(int argc, char **argv)
{
	return hwpt_attach_common("hwpt replace", argc, argv, true);
}

static int hwpt_detach(int argc, char **argv)
{
	return detach_device("hwpt detach", argc, argv);
}

static int hwpt_destroy(int argc, char **argv)
{
	return destroy_object("hwpt destroy", argc, argv, SOBJ_HWPT, "HWPT");
}

const struct cmd hwpt_cmds[] = {
	{ "alloc", hwpt_alloc,
	  "DEV { ioas IOAS [nest-parent] [dirty] [pasid] | parent HWPT|VIOMMU nested "
	  "vtd-s1|smmuv3|selftest ARGS [pasid] [fault FAULT] } [name NAME]",
	  "allocate a paging HWPT on IOAS, or a nested HWPT on a parent (see the man page for ARGS)" },
	{ "invalidate", hwpt_invalidate, "HWPT [type vtd-s1|selftest] ENTRY [ENTRY ...]",
	  "invalidate a nested HWPT's caches: all entries in one IOMMU_HWPT_INVALIDATE" },
	{ "dirty", hwpt_dirty, "HWPT on|off", "switch dirty tracking of a 'dirty' HWPT on or off" },
	{ "dirty-bitmap", hwpt_dirty_bitmap, "HWPT iova ADDR length SIZE [page-size SIZE] [no-clear]",
	  "read (and clear) the dirty bits of a range, as dirty ranges" },
	{ "attach", hwpt_attach, "HWPT DEV [pasid PASID]", "attach DEV (or one of its PASIDs) to HWPT or IOAS" },
	{ "replace", hwpt_replace, "HWPT DEV [pasid PASID]", "replace what DEV is attached to, atomically" },
	{ "detach", hwpt_detach, "DEV [pasid PASID]", "detach DEV (or one of its PASIDs)" },
	{ "destroy", hwpt_destroy, "HWPT", "destroy an HWPT (EBUSY while attached or a parent)" },
	{ NULL },
};
