// SPDX-License-Identifier: GPL-2.0-only
/*
 * viommu and vdevice: the per-VM slice of a physical IOMMU (SMMUv3, the mock)
 * over a nest-parent HWPT, and the devices a guest sees behind it with their
 * virtual ids (SMMUv3: the vSID the guest's commands name).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "cmd.h"
#include "error.h"
#include "invalidate.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "objects.h"
#include "output.h"
#include "session.h"
#include "vfio.h"

static const struct {
	const char *name;
	uint32_t type;
} viommu_types[] = {
	{ "smmuv3", ICTL_IOMMU_VIOMMU_TYPE_ARM_SMMUV3 },
	{ "tegra241-cmdqv", ICTL_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV },
	{ "selftest", ICTL_IOMMU_VIOMMU_TYPE_SELFTEST },
};

/* For a VFIO device, the failing requirement comes from its live registers
 * and the firmware's IORT (device_verdict_reason). */
static const char *viommu_hint(int err, uint32_t type, int fd, const struct sobj *dev,
			       char *buf, size_t n)
{
	static const char *const stages[] = { "unit", "nest_parent", "viommu", NULL };
	char why[256];

	switch (err) {
	case -EOPNOTSUPP:
		if (type == ICTL_IOMMU_VIOMMU_TYPE_ARM_SMMUV3 && dev && dev->kind == SOBJ_DEVICE &&
		    device_verdict_reason(fd, dev->id, stages, why, sizeof(why))) {
			snprintf(buf, n, "the SMMUv3 cannot host a vIOMMU for this device: %s", why);
			return buf;
		}
		if (type == ICTL_IOMMU_VIOMMU_TYPE_ARM_SMMUV3)
			return "the SMMUv3 cannot host a vIOMMU: it needs nesting (S1P and S2P), no "
			       "CMDQ_FORCE_SYNC erratum, and a coherent device path (CANWBS in the "
			       "IORT) or S2FWB; 'device hwinfo DEV' shows which is missing";
		return "the IOMMU driver has no vIOMMU of this type (VT-d has none in Linux 7.2; "
		       "AMD only with CONFIG_AMD_IOMMU_IOMMUFD)";
	case -EINVAL:
		return "the HWPT is not a nest-parent paging HWPT, or belongs to another IOMMU "
		       "instance; tegra241-cmdqv needs its data";
	case -ENOENT:
		return "no such device or HWPT in this iommufd";
	default:
		return NULL;
	}
}

static int viommu_alloc(int argc, char **argv)
{
	const char *ctx = "viommu alloc", *name = NULL, *type_name = NULL;
	uint32_t dev_id, hwpt_id, in_data = 0, type = 0, data_len = 0, viommu_id;
	struct sobj *dev, *hwpt;
	struct kwarg kw[] = {
		KW("type", KW_STR, &type_name),
		KW("data", KW_U32, &in_data),
		KW("name", KW_NAME, &name),
	};
	union {
		struct ictl_iommu_viommu_selftest st;
		struct ictl_iommu_viommu_tegra241_cmdqv tegra;
	} data;
	size_t i;
	int fd, rc, err;

	if (argc < 2)
		return err_usage("%s: expected DEV HWPT type TYPE (HWPT: a nest-parent paging HWPT)", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_ANY_DEVICE, "viommu alloc: DEV", &dev_id, &dev)) ||
	    (rc = session_resolve(argv[1], SOBJ_HWPT, "viommu alloc: HWPT", &hwpt_id, &hwpt)) ||
	    (rc = parse_kwargs(ctx, argc - 2, argv + 2, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "type")))
		return rc;
	if ((rc = PARSE_NAME("viommu alloc: type", "vIOMMU type", type_name, viommu_types, &i)))
		return rc;
	type = viommu_types[i].type;
	if (hwpt && hwpt->data_type)
		return err_usage("%s: hwpt %u is nested; a vIOMMU sits on a nest-parent paging HWPT",
				 ctx, hwpt_id);
	memset(&data, 0, sizeof(data));
	if (type == ICTL_IOMMU_VIOMMU_TYPE_SELFTEST && kw[1].seen) {
		data.st.in_data = in_data;
		data_len = sizeof(data.st);
	} else if (kw[1].seen) {
		return err_usage("%s: 'data' is for the selftest vIOMMU only", ctx);
	} else if (type == ICTL_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV) {
		data_len = sizeof(data.tegra);
	}
	if ((rc = session_iommufd(&fd)))
		return rc;
	err = ifd_viommu_alloc(fd, type, dev_id, hwpt_id, data_len ? &data : NULL, data_len,
			       &viommu_id);
	if (err) {
		char hint[512];

		return err_ioctl("IOMMU_VIOMMU_ALLOC", err,
				 viommu_hint(err, type, fd, dev, hint, sizeof(hint)));
	}
	struct sobj *o = session_add(SOBJ_VIOMMU, viommu_id, name, -1, "viommu (%s) on hwpt %u",
				     type_name, hwpt_id);
	if (!o)
		return EXIT_FAILED;
	o->data_type = type;
	o->parent_id = hwpt_id;
	print_u64(PRINT_ANY, "viommu_id", "viommu %" PRIu64, viommu_id);
	print_string(PRINT_ANY, "type", " type %s", type_name);
	print_u64(PRINT_ANY, "hwpt_id", " on hwpt %" PRIu64, hwpt_id);
	print_u64(PRINT_ANY, "dev_id", " (dev_id %" PRIu64 ")", dev_id);
	if (data_len && type == ICTL_IOMMU_VIOMMU_TYPE_SELFTEST) {
		open_object("data");
		print_hex(PRINT_ANY, "in_data", " data %#" PRIx64, data.st.in_data);
		print_hex(PRINT_ANY, "out_data", " -> %#" PRIx64, data.st.out_data);
		print_hex(PRINT_ANY, "mmap_offset", " mmap %#" PRIx64, data.st.out_mmap_offset);
		print_u64(PRINT_ANY, "mmap_length", "+%" PRIu64, data.st.out_mmap_length);
		close_object();
	} else if (type == ICTL_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV) {
		open_object("data");
		print_hex(PRINT_ANY, "vintf_mmap_offset", " vintf mmap %#" PRIx64,
			  data.tegra.out_vintf_mmap_offset);
		print_u64(PRINT_ANY, "vintf_mmap_length", "+%" PRIu64, data.tegra.out_vintf_mmap_length);
		close_object();
	}
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

static int viommu_destroy(int argc, char **argv)
{
	return destroy_object("viommu destroy", argc, argv, SOBJ_VIOMMU, "VIOMMU");
}

const struct cmd viommu_cmds[] = {
	{ "alloc", viommu_alloc, "DEV HWPT type smmuv3|tegra241-cmdqv|selftest [data VALUE] [name NAME]",
	  "allocate a vIOMMU over a nest-parent HWPT" },
	{ "invalidate", viommu_invalidate,
	  "VIOMMU [type smmuv3|selftest] CMD [CMD ...]",
	  "issue SMMUv3 commands (or selftest entries) in one IOMMU_HWPT_INVALIDATE" },
	{ "destroy", viommu_destroy, "VIOMMU", "destroy a vIOMMU (EBUSY while it has objects)" },
	{ NULL },
};

static const char *vdevice_hint(int err)
{
	switch (err) {
	case -EEXIST:
		return "the device already has a vDEVICE in this vIOMMU, or the virt-id is taken";
	case -EINVAL:
		return "the device is behind another IOMMU instance than the vIOMMU";
	case -EOPNOTSUPP:
		return "SMMUv3 needs the device to have exactly one StreamID";
	case -ENOENT:
		return "no such vIOMMU or device";
	default:
		return NULL;
	}
}

static int vdevice_alloc(int argc, char **argv)
{
	const char *ctx = "vdevice alloc", *name = NULL;
	uint32_t viommu_id, dev_id, vdev_id;
	uint64_t virt_id = 0;
	struct sobj *vi, *dev;
	struct kwarg kw[] = {
		KW("virt-id", KW_U64, &virt_id),
		KW("name", KW_NAME, &name),
	};
	int fd, rc, err;

	if (argc < 2)
		return err_usage("%s: expected VIOMMU DEV virt-id ID", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_VIOMMU, "vdevice alloc: VIOMMU", &viommu_id, &vi)) ||
	    (rc = session_resolve(argv[1], SOBJ_ANY_DEVICE, "vdevice alloc: DEV", &dev_id, &dev)) ||
	    (rc = parse_kwargs(ctx, argc - 2, argv + 2, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "virt-id")))
		return rc;
	if ((rc = session_iommufd(&fd)))
		return rc;
	err = ifd_vdevice_alloc(fd, viommu_id, dev_id, virt_id, &vdev_id);
	if (err)
		return err_ioctl("IOMMU_VDEVICE_ALLOC", err, vdevice_hint(err));
	struct sobj *o = session_add(SOBJ_VDEVICE, vdev_id, name, -1,
				     "vdevice of dev %u in viommu %u, virt-id %#" PRIx64, dev_id,
				     viommu_id, virt_id);
	if (!o)
		return EXIT_FAILED;
	o->parent_id = viommu_id;
	print_u64(PRINT_ANY, "vdevice_id", "vdevice %" PRIu64, vdev_id);
	print_u64(PRINT_ANY, "viommu_id", " in viommu %" PRIu64, viommu_id);
	print_u64(PRINT_ANY, "dev_id", " dev_id %" PRIu64, dev_id);
	print_hex(PRINT_ANY, "virt_id", " virt-id %#" PRIx64, virt_id);
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

static int vdevice_destroy(int argc, char **argv)
{
	return destroy_object("vdevice destroy", argc, argv, SOBJ_VDEVICE, "VDEVICE");
}

const struct cmd vdevice_cmds[] = {
	{ "alloc", vdevice_alloc, "VIOMMU DEV virt-id ID [name NAME]",
	  "give DEV a virtual id (SMMUv3: the vSID) in the vIOMMU" },
	{ "destroy", vdevice_destroy, "VDEVICE", "destroy a vDEVICE" },
	{ NULL },
};
