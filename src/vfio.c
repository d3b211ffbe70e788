// SPDX-License-Identifier: GPL-2.0-only
/*
 * The session side of `device`: open a VFIO cdev and bind it to the
 * session's iommufd, ask the kernel for its IOMMU's hardware info, attach and
 * detach it. The sysfs side (list, show) is device.c; both share one table.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "cmd.h"
#include "error.h"
#include "host.h"
#include "iommufd.h"
#include "iort.h"
#include "kerrors.h"
#include "kfeature.h"
#include "kwargs.h"
#include "nesting.h"
#include "output.h"
#include "privs.h"
#include "registers.h"
#include "session.h"
#include "sysfs.h"
#include "vfio.h"

/* A path is a path; anything else must be a PCI address with a VFIO cdev. */
static int cdev_of(const char *arg, char *path, size_t n, char *bdf, size_t bn)
{
	char dir[SF_PATH_MAX];
	struct dev_info d;

	bdf[0] = '\0';
	if (!*arg)
		return err_usage("device open: PATH: empty; expected a VFIO cdev path or a PCI address");
	if (strchr(arg, '/')) {
		if (snprintf(path, n, "%s", arg) >= (int)n)
			return err_usage("device open: PATH: '%s' is too long (at most %zu bytes)",
					 err_arg(arg), n - 1);
		return 0;
	}
	if (bdf_parse(arg, bdf, bn))
		return err_usage("device open: '%s' is neither a path nor a PCI address "
				 "(DDDD:BB:DD.F or BB:DD.F)", err_arg(arg));
	if (sys_path(dir, "bus/pci/devices/%s", bdf) || !sf_is_dir(dir))
		return err_fail("device open: no PCI device %s in %s/bus/pci/devices", bdf,
				opts.sysfs_root);
	memset(&d, 0, sizeof(d));
	dev_load(dir, bdf, false, &d);
	if (!d.cdev[0])
		return err_unsupported("device open: %s has no VFIO device cdev (driver: %s); bind it "
				       "to vfio-pci first, e.g. 'driverctl set-override %s vfio-pci', "
				       "on a kernel with CONFIG_VFIO_DEVICE_CDEV",
				       bdf, d.driver[0] ? d.driver : "none", bdf);
	if (sf_path(path, n, opts.dev_root, "vfio/devices/%s", d.cdev))
		return err_usage("device open: path too long");
	return 0;
}

static const char *open_hint(int e)
{
	switch (e) {
	case ENOENT: return "no such file: the device is not bound to vfio-pci, or the kernel "
			    "lacks CONFIG_VFIO_DEVICE_CDEV";
	case EACCES: case EPERM: return "no permission on the cdev (root, or a udev rule for the user)";
	case EBUSY: return "the device is open elsewhere (another VMM or a VFIO group user)";
	case ENXIO: case ENODEV: return "the device went away or is not a VFIO device";
	default: return NULL;
	}
}

/* GET_HW_INFO into data; the type is the driver's own unless want is set. */
static int hw_info(int fd, uint32_t dev_id, bool want, uint32_t type, void *data, uint32_t len,
		   struct ictl_iommu_hw_info *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->size = sizeof(*cmd);
	cmd->dev_id = dev_id;
	cmd->data_len = len;
	cmd->data_uptr = (uintptr_t)data;
	if (want) {
		cmd->flags = ICTL_IOMMU_HW_INFO_FLAG_INPUT_TYPE;
		cmd->in_data_type = type;
	}
	return ifd_get_hw_info(fd, cmd);
}

/* Remember the PASID width so that PASIDs beyond it are refused early. */
static void learn_pasid_width(int fd, struct sobj *o)
{
	uint64_t data[ICTL_IOMMU_HW_INFO_DATA_MAX / 8];
	struct ictl_iommu_hw_info cmd;

	if (hw_info(fd, o->id, false, 0, data, sizeof(data), &cmd) == 0)
		o->pasid_log2 = cmd.out_max_pasid_log2;
}

int device_pasid_width(struct sobj *o)
{
	int fd;

	if (o->pasid_log2 < 0 && session_iommufd(&fd) == 0)
		learn_pasid_width(fd, o);
	return o->pasid_log2;
}

/*
 * SMMUv3 vIOMMUs need CANWBS on the device's root complex (or IDR3.FWB),
 * and only the ACPI IORT says it: read it for the device's PCI segment (the
 * only root complex when the address is unknown). The parsed table is
 * left in *io (io->n_nodes = 0 when there is none).
 */
static const struct iort_rc *smmu_firmware_context(const char *bdf, struct nest_context *ctx,
						   struct iort_info *io)
{
	const struct iort_rc *rc = NULL;
	const char *why;
	unsigned seg = 0;
	bool seg_known = bdf && sscanf(bdf, "%x:", &seg) == 1;
	int r;

	r = iort_read(io, &why);
	if (r) {
		memset(io, 0, sizeof(*io));
		if (r == -ENOENT && iort_dt_boot()) {
			ctx->smmu_canwbs = 0;
			snprintf(ctx->smmu_canwbs_src, sizeof(ctx->smmu_canwbs_src),
				 "a device-tree boot: only an ACPI IORT can declare it");
		} else {
			snprintf(ctx->smmu_canwbs_src, sizeof(ctx->smmu_canwbs_src),
				 "the IORT is unreadable: %s", why ? why : sf_why(r));
		}
		return NULL;
	}
	if (seg_known)
		rc = iort_rc_of_segment(io, seg);
	else if (io->n_rc == 1)
		rc = &io->rc[0];
	if (!rc) {
		if (seg_known) {
			ctx->smmu_canwbs = 0;
			snprintf(ctx->smmu_canwbs_src, sizeof(ctx->smmu_canwbs_src),
				 "the IORT has no root complex for PCI segment %u", seg);
		} else {
			snprintf(ctx->smmu_canwbs_src, sizeof(ctx->smmu_canwbs_src),
				 "%zu IORT root complexes and the device's segment is unknown",
				 io->n_rc);
		}
		return NULL;
	}
	ctx->smmu_canwbs = !!(rc->mem_flags & IORT_MF_CANWBS);
	snprintf(ctx->smmu_canwbs_src, sizeof(ctx->smmu_canwbs_src),
		 "IORT root complex of segment %u: memory access flags %#04x", rc->segment,
		 rc->mem_flags);
	return rc;
}

static const char *sobj_bdf(uint32_t dev_id)
{
	struct sobj *o = session_find_id(dev_id);

	return o && o->kind == SOBJ_DEVICE && o->bdf[0] ? o->bdf : NULL;
}

int device_verdict(int fd, uint32_t dev_id, struct nest_verdict *v)
{
	uint64_t data[ICTL_IOMMU_HW_INFO_DATA_MAX / 8];
	struct ictl_iommu_hw_info cmd;
	struct nest_context ctx;
	int err = hw_info(fd, dev_id, false, 0, data, sizeof(data), &cmd);

	if (err)
		return err;
	host_nest_context(&ctx);
	switch (cmd.out_data_type) {
	case ICTL_IOMMU_HW_INFO_TYPE_INTEL_VTD: {
		const struct ictl_iommu_hw_info_vtd *d = (const void *)data;

		nest_verdict_vtd(d->cap_reg, d->ecap_reg, &ctx, v);
		return 0;
	}
	case ICTL_IOMMU_HW_INFO_TYPE_ARM_SMMUV3: {
		const struct ictl_iommu_hw_info_arm_smmuv3 *d = (const void *)data;

		struct iort_info io;

		smmu_firmware_context(sobj_bdf(dev_id), &ctx, &io);
		nest_verdict_smmuv3(d->idr, d->iidr, d->aidr, &ctx, v);
		return 0;
	}
	case ICTL_IOMMU_HW_INFO_TYPE_AMD: {
		const struct ictl_iommu_hw_info_amd *d = (const void *)data;

		nest_verdict_amd(d->efr, d->efr2, &ctx, v);
		return 0;
	}
	default:
		return -EOPNOTSUPP;
	}
}

const char *device_verdict_reason(int fd, uint32_t dev_id, const char *const *which, char *buf,
				  size_t n)
{
	static struct nest_verdict v;

	if (device_verdict(fd, dev_id, &v))
		return NULL;
	return nest_verdict_reason(&v, which, buf, n);
}

int device_open(int argc, char **argv)
{
	const char *ctx = "device open", *name = NULL;
	struct kwarg kw[] = { KW("name", KW_NAME, &name) };
	char path[SF_PATH_MAX], bdf[32];
	uint32_t dev_id;
	struct sobj *o;
	int fd, devfd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing PATH or BDF (a VFIO cdev such as "
				 "/dev/vfio/devices/vfio0, or a PCI address)", ctx);
	if ((rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = cdev_of(argv[0], path, sizeof(path), bdf, sizeof(bdf))) ||
	    (rc = session_iommufd(&fd)))
		return rc;
	devfd = open(path, O_RDWR | O_CLOEXEC);
	privs_opened_path();
	if (devfd < 0) {
		int e = errno;

		return err_errno(e == ENOENT ? EXIT_UNSUPPORTED : EXIT_FAILED, "open", e,
				 "%s: cannot open %s: %s", ctx, path, open_hint(e) ? open_hint(e) : strerror(e));
	}
	err = vfio_bind_iommufd(devfd, fd, &dev_id);
	if (err) {
		close(devfd);
		return err_ioctl("VFIO_DEVICE_BIND_IOMMUFD", err, NULL);
	}
	o = session_add(SOBJ_DEVICE, dev_id, name, devfd, "VFIO device %s%s%s", err_arg(path),
			bdf[0] ? " " : "", bdf);
	if (!o) {
		close(devfd);
		return EXIT_FAILED;
	}
	snprintf(o->bdf, sizeof(o->bdf), "%s", bdf);
	learn_pasid_width(fd, o);
	print_string(PRINT_ANY, "path", "%s", path);
	if (bdf[0])
		print_string(PRINT_ANY, "bdf", " (%s)", bdf);
	else
		print_null(PRINT_JSON, "bdf", NULL);
	print_u64(PRINT_ANY, "dev_id", " dev_id %" PRIu64, dev_id);
	if (o->pasid_log2 >= 0)
		print_s64(PRINT_ANY, "max_pasid_log2", o->pasid_log2 ? " pasid bits %" PRId64
			  : " (no PASID: max_pasid_log2 %" PRId64 ")", o->pasid_log2);
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

static const struct {
	const char *name;
	uint32_t type;
} hw_types[] = {
	{ "default", ICTL_IOMMU_HW_INFO_TYPE_DEFAULT },
	{ "vtd", ICTL_IOMMU_HW_INFO_TYPE_INTEL_VTD },
	{ "smmuv3", ICTL_IOMMU_HW_INFO_TYPE_ARM_SMMUV3 },
	{ "tegra241-cmdqv", ICTL_IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV },
	{ "amd", ICTL_IOMMU_HW_INFO_TYPE_AMD },
	{ "selftest", ICTL_IOMMU_HW_INFO_TYPE_SELFTEST },
};

const char *hw_info_type_name(uint32_t type)
{
	if (type == ICTL_IOMMU_HW_INFO_TYPE_NONE)
		return "none";
	for (size_t i = 1; i < ARRAY_SIZE(hw_types); i++)
		if (hw_types[i].type == type)
			return hw_types[i].name;
	return "unknown";
}

static const struct {
	uint64_t bit;
	const char *key, *label;
	bool inverted;		/* the kernel reports the absence */
} hw_caps[] = {
	{ ICTL_IOMMU_HW_CAP_DIRTY_TRACKING, "dirty_tracking", "dirty-tracking", false },
	{ ICTL_IOMMU_HW_CAP_PCI_PASID_EXEC, "pci_pasid_exec", "pasid-exec", false },
	{ ICTL_IOMMU_HW_CAP_PCI_PASID_PRIV, "pci_pasid_priv", "pasid-priv", false },
	{ ICTL_IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED, "pci_ats", "ats", true },
};

static void print_caps(uint64_t caps)
{
	uint64_t known = 0;

	open_object("capabilities");
	print_hex(PRINT_ANY, "value", "capabilities %#" PRIx64 ":", caps);
	for (size_t i = 0; i < ARRAY_SIZE(hw_caps); i++) {
		bool on = !!(caps & hw_caps[i].bit) != hw_caps[i].inverted;

		known |= hw_caps[i].bit;
		print_bool(PRINT_JSON, hw_caps[i].key, NULL, on);
		print_text(" %s%s", on ? "" : "no-", hw_caps[i].label);
	}
	if (caps & ~known)
		print_hex(PRINT_ANY, "unknown_bits", " unknown bits %#" PRIx64, caps & ~known);
	close_object();
	print_nl();
}

static void print_vendor(uint32_t type, const void *data, uint32_t len, const char *bdf,
			 struct nest_verdict *v, bool *have_verdict)
{
	struct nest_context ctx;
	bool all = opts.verbose > 0;

	host_nest_context(&ctx);
	*have_verdict = false;
	open_object("data");
	switch (type) {
	case ICTL_IOMMU_HW_INFO_TYPE_INTEL_VTD: {
		const struct ictl_iommu_hw_info_vtd *d = data;

		if (len < sizeof(*d))
			break;
		print_hex(PRINT_ANY, "flags", "vtd flags %#" PRIx64, d->flags);
		print_bool(PRINT_JSON, "errata_772415_spr17", NULL,
			   d->flags & ICTL_IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17);
		if (d->flags & ICTL_IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17)
			print_text(" ERRATA_772415_SPR17 (read-only mappings of a nest parent "
				   "are made writable: keep read-only memory out of it)");
		print_nl();
		open_object("registers");
		reg_print(&vtd_cap_reg, NULL, d->cap_reg, all);
		reg_print(&vtd_ecap_reg, NULL, d->ecap_reg, all);
		close_object();
		nest_verdict_vtd(d->cap_reg, d->ecap_reg, &ctx, v);
		*have_verdict = true;
		break;
	}
	case ICTL_IOMMU_HW_INFO_TYPE_ARM_SMMUV3: {
		const struct ictl_iommu_hw_info_arm_smmuv3 *d = data;

		if (len < sizeof(*d))
			break;
		print_hex(PRINT_ANY, "flags", "smmuv3 flags %#" PRIx64 "\n", d->flags);
		open_object("registers");
		reg_print(&smmuv3_idr0_reg, NULL, d->idr[0], all);
		reg_print(&smmuv3_idr1_reg, NULL, d->idr[1], all);
		reg_print(&smmuv3_idr3_reg, NULL, d->idr[3], all);
		reg_print(&smmuv3_idr5_reg, NULL, d->idr[5], all);
		reg_print(&smmuv3_iidr_reg, NULL, d->iidr, all);
		reg_print(&smmuv3_aidr_reg, NULL, d->aidr, all);
		close_object();
		/* The firmware half of the vIOMMU condition. */
		struct iort_info io;
		const struct iort_rc *rc = smmu_firmware_context(bdf, &ctx, &io);

		if (io.n_nodes)
			iort_print(&io, rc);
		else
			print_null(PRINT_JSON, "iort", NULL);
		nest_verdict_smmuv3(d->idr, d->iidr, d->aidr, &ctx, v);
		*have_verdict = true;
		break;
	}
	case ICTL_IOMMU_HW_INFO_TYPE_AMD: {
		const struct ictl_iommu_hw_info_amd *d = data;

		if (len < sizeof(*d))
			break;
		open_object("registers");
		reg_print(&amd_efr_reg, NULL, d->efr, all);
		reg_print(&amd_efr2_reg, NULL, d->efr2, all);
		close_object();
		ctx.amd_hw_info = true;
		nest_verdict_amd(d->efr, d->efr2, &ctx, v);
		*have_verdict = true;
		break;
	}
	case ICTL_IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV: {
		const struct ictl_iommu_hw_info_tegra241_cmdqv *d = data;

		if (len < sizeof(*d))
			break;
		print_hex(PRINT_ANY, "flags", "cmdqv flags %#" PRIx64, d->flags);
		print_u64(PRINT_ANY, "version", " version %" PRIu64, d->version);
		print_u64(PRINT_ANY, "log2vcmdqs", " log2vcmdqs %" PRIu64, d->log2vcmdqs);
		print_u64(PRINT_ANY, "log2vsids", " log2vsids %" PRIu64 "\n", d->log2vsids);
		break;
	}
	case ICTL_IOMMU_HW_INFO_TYPE_SELFTEST: {
		const struct ictl_iommu_test_hw_info *d = data;

		if (len < sizeof(*d))
			break;
		print_hex(PRINT_ANY, "flags", "selftest flags %#" PRIx64, d->flags);
		print_hex(PRINT_ANY, "test_reg", " test_reg %#" PRIx64, d->test_reg);
		print_bool(PRINT_ANY, "test_reg_ok", " (%s)\n",
			   d->test_reg == ICTL_IOMMU_HW_INFO_SELFTEST_REGVAL);
		break;
	}
	default:
		break;
	}
	close_object();
}

int device_hwinfo(int argc, char **argv)
{
	const char *ctx = "device hwinfo", *type_name = NULL;
	struct kwarg kw[] = { KW("type", KW_STR, &type_name) };
	uint64_t data[ICTL_IOMMU_HW_INFO_DATA_MAX / 8 + 1] = { 0 };
	struct ictl_iommu_hw_info cmd;
	struct nest_verdict v;
	bool have_verdict, want = false;
	uint32_t dev_id, type = 0, len;
	struct sobj *o;
	int fd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing DEV (a device opened with 'device open' or 'mock add')", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_ANY_DEVICE, "device hwinfo: DEV", &dev_id, &o)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	if (type_name) {
		size_t i;

		if ((rc = PARSE_NAME("device hwinfo: type", "type", type_name, hw_types, &i)))
			return rc;
		want = i != 0;	/* "default": the driver's own type, as without 'type' */
		type = hw_types[i].type;
	}
	if ((rc = session_iommufd(&fd)))
		return rc;
	err = hw_info(fd, dev_id, want, type, data, sizeof(data) - 8, &cmd);
	if (err == -EOPNOTSUPP && want &&
	    (rc = kfeature_require(KF_HW_INFO_TYPE, "IOMMU_GET_HW_INFO", err, fd, -1, dev_id)))
		return rc;
	if (err == -EOPNOTSUPP && want)
		return err_ioctl("IOMMU_GET_HW_INFO", err, "the IOMMU driver of this device does not "
				 "report this data type (tegra241-cmdqv only on a Tegra241 CMDQV)");
	if (err)
		return err_ioctl("IOMMU_GET_HW_INFO", err, NULL);
	if (o)
		o->pasid_log2 = cmd.out_max_pasid_log2;
	len = cmd.data_len < sizeof(data) - 8 ? cmd.data_len : (uint32_t)sizeof(data) - 8;

	print_u64(PRINT_ANY, "dev_id", "dev_id %" PRIu64, dev_id);
	print_string(PRINT_ANY, "type", " type %s", hw_info_type_name(cmd.out_data_type));
	print_hex(PRINT_ANY, "type_value", " (%#" PRIx64 ")", cmd.out_data_type);
	print_u64(PRINT_ANY, "data_len", " data %" PRIu64 " bytes", cmd.data_len);
	print_u64(PRINT_ANY, "max_pasid_log2", " max_pasid_log2 %" PRIu64, cmd.out_max_pasid_log2);
	print_text(cmd.out_max_pasid_log2 ? " (PASIDs 1..%u)\n" : " (no PASID)\n",
		   cmd.out_max_pasid_log2 >= 32 ? UINT32_MAX
						: (1u << cmd.out_max_pasid_log2) - 1);
	print_caps(cmd.out_capabilities);
	print_vendor(cmd.out_data_type, data, len, sobj_bdf(dev_id), &v, &have_verdict);
	if (have_verdict)
		nest_verdict_print(&v);
	else
		print_null(PRINT_JSON, "nesting", NULL);
	return 0;
}

int device_attach(int argc, char **argv)
{
	return attach_device("device attach", argc, argv, false);
}

int device_detach(int argc, char **argv)
{
	return detach_device("device detach", argc, argv);
}
