// SPDX-License-Identifier: GPL-2.0-only
/*
 * `device list` and `device show BDF`: PCI devices with their group, driver,
 * IOMMU unit, VFIO cdev, and the PASID/ATS/PRI capabilities from config space.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "host.h"
#include "objects.h"
#include "output.h"
#include "pcicap.h"
#include "sysfs.h"
#include "vfio.h"

int pci_list_devices(struct sf_list *l)
{
	char path[SF_PATH_MAX];
	int r;

	if ((r = sys_path(path, "bus/pci/devices")))
		return r;
	r = sf_list_dir(path, SF_SORT_BDF, l);
	return r == -ENOENT ? 0 : r;
}

/* An id file: absent is normal (platform devices), anything else is worth a warning. */
static bool read_id(const char *dir, const char *attr, uint64_t *v)
{
	char path[SF_PATH_MAX];
	int r;

	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return false;
	r = sf_read_hex(path, v);
	if (r && r != -ENOENT)
		sf_warn(path, r);
	return r == 0;
}

static void read_link(const char *dir, const char *link, char *buf, size_t n)
{
	char path[SF_PATH_MAX];
	int r;

	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s", dir, link) >= (int)sizeof(path))
		return;
	r = sf_readlink_base(path, buf, n);
	/* EINVAL: not a link; the AMD IOMMU's own function has an iommu/ directory. */
	if (r && r != -ENOENT && r != -EINVAL)
		sf_warn(path, r);
	if (r)
		buf[0] = '\0';
}

static void read_cdev(const char *dir, struct dev_info *d)
{
	char path[SF_PATH_MAX];
	struct sf_list l;
	int r;

	if (snprintf(path, sizeof(path), "%s/vfio-dev", dir) >= (int)sizeof(path))
		return;
	r = sf_list_dir(path, SF_SORT_NATURAL, &l);
	if (r) {
		if (r != -ENOENT)
			sf_warn(path, r);
		return;
	}
	for (size_t i = 0; i < l.n; i++)
		if (!strncmp(l.names[i], "vfio", 4) && strlen(l.names[i]) < sizeof(d->cdev)) {
			snprintf(d->cdev, sizeof(d->cdev), "%s", l.names[i]);
			break;
		}
	sf_list_free(&l);
	if (d->cdev[0] && dev_path(path, "vfio/devices/%s", d->cdev) == 0)
		d->cdev_node = sf_exists(path);
}

static void read_config(const char *dir, struct dev_info *d)
{
	char path[SF_PATH_MAX];
	uint8_t *cfg;
	size_t got = 0;

	d->caps_read = true;
	if (snprintf(path, sizeof(path), "%s/config", dir) >= (int)sizeof(path)) {
		d->config_err = -ENAMETOOLONG;
		return;
	}
	cfg = calloc(1, PCI_CFG_SPACE_EXP_SIZE);
	if (!cfg) {
		d->config_err = -ENOMEM;
		return;
	}
	d->config_err = sf_read_bin(path, cfg, PCI_CFG_SPACE_EXP_SIZE, &got);
	if (!d->config_err)
		pcicap_parse(cfg, got, &d->caps);
	free(cfg);
}

void dev_load_parts(const char *dir, const char *name, unsigned parts, struct dev_info *d)
{
	if (parts & DEV_IDS) {
		d->vendor_ok = read_id(dir, "vendor", &d->vendor);
		d->device_ok = read_id(dir, "device", &d->device);
		d->class_ok = read_id(dir, "class", &d->class);
	}
	if (parts & DEV_DRIVER)
		read_link(dir, "driver", d->driver, sizeof(d->driver));
	if (parts & DEV_GROUP)
		read_link(dir, "iommu_group", d->group, sizeof(d->group));
	if (parts & DEV_IOMMU)
		read_link(dir, "iommu", d->iommu, sizeof(d->iommu));
	if (parts & DEV_CDEV)
		read_cdev(dir, d);
	if (parts & DEV_CONFIG)
		read_config(dir, d);
	(void)name;
}

void dev_load(const char *dir, const char *name, bool caps, struct dev_info *d)
{
	dev_init(name, d);
	dev_load_parts(dir, name, DEV_ALL | (caps ? DEV_CONFIG : 0), d);
}

void dev_init(const char *name, struct dev_info *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
}

static void print_ids(const struct dev_info *d)
{
	if (!d->vendor_ok && !d->device_ok) {	/* not PCI */
		print_null(PRINT_JSON, "vendor", NULL);
		print_null(PRINT_JSON, "device", NULL);
		print_null(PRINT_JSON, "class", NULL);
		return;
	}
	if (d->vendor_ok)
		print_hex(PRINT_ANY, "vendor", " [%04" PRIx64, d->vendor);
	else
		print_null(PRINT_ANY, "vendor", " [????");
	if (d->device_ok)
		print_hex(PRINT_ANY, "device", ":%04" PRIx64 "]", d->device);
	else
		print_null(PRINT_ANY, "device", ":????]");
	if (d->class_ok) {
		char cls[16];

		/* Six digits as sysfs writes it: base class, subclass, prog-if. */
		snprintf(cls, sizeof(cls), "0x%06" PRIx64, d->class & 0xffffff);
		print_string(PRINT_ANY, "class", " class %s", cls);
	} else {
		print_null(PRINT_JSON, "class", NULL);
	}
}

static void print_driver(const struct dev_info *d)
{
	if (d->driver[0])
		print_string(PRINT_ANY, "driver", ", driver %s", d->driver);
	else
		print_null(PRINT_ANY, "driver", ", no driver");
}

void dev_print_brief(const struct dev_info *d)
{
	open_object(NULL);
	print_string(PRINT_ANY, "name", "%s", d->name);
	print_ids(d);
	print_driver(d);
	print_nl();
	close_object();
}

static bool vfio_bound(const struct dev_info *d)
{
	/* vfio-pci and its variant drivers (mlx5_vfio_pci, …) */
	return strstr(d->driver, "vfio") != NULL || d->cdev[0];
}

static void print_vfio(const struct dev_info *d)
{
	char node[64];

	open_object("vfio");
	print_bool(PRINT_JSON, "bound", NULL, vfio_bound(d));
	if (!vfio_bound(d)) {
		print_text("vfio: not bound");
		print_null(PRINT_JSON, "cdev", NULL);
		print_null(PRINT_JSON, "cdev_present", NULL);
	} else if (!d->cdev[0]) {
		print_text("vfio: bound, no cdev (kernel without CONFIG_VFIO_DEVICE_CDEV: "
			   "only the group interface)");
		print_null(PRINT_JSON, "cdev", NULL);
		print_null(PRINT_JSON, "cdev_present", NULL);
	} else {
		snprintf(node, sizeof(node), "/dev/vfio/devices/%s", d->cdev);
		print_string(PRINT_ANY, "cdev", "vfio: bound, cdev %s", node);
		print_bool(PRINT_JSON, "cdev_present", NULL, d->cdev_node);
		print_text(d->cdev_node ? " (node present)" : " (no node under the dev root)");
	}
	print_nl();
	close_object();
}

/*
 * Whether "absent" can be said: not when the extended space could not be
 * read or the list broke before the end ({"present": null}: unknown).
 */
static bool caps_known(const struct dev_info *d)
{
	if (!d->caps_read || d->config_err)
		return false;
	if (d->caps.space == PCICAP_SPACE_CONVENTIONAL)
		return true;
	return d->caps.space == PCICAP_SPACE_EXTENDED &&
	       (d->caps.walk == PCICAP_WALK_OK || d->caps.walk == PCICAP_WALK_NONE);
}

static bool cap_header(const struct dev_info *d, const char *key, const char *label,
		       bool present, uint16_t offset)
{
	open_object(key);
	if (!present && !caps_known(d)) {
		print_null(PRINT_JSON, "present", NULL);
		print_text("%s: unknown\n", label);
		close_object();
		return false;
	}
	print_bool(PRINT_JSON, "present", NULL, present);
	if (!present) {
		print_text("%s: absent\n", label);
		close_object();
		return false;
	}
	print_text("%s at", label);
	print_hex(PRINT_ANY, "offset", " 0x%03" PRIx64 ":", offset);
	return true;
}

static void print_pasid(const struct dev_info *d)
{
	const struct pcicap_pasid *p = &d->caps.pasid;

	if (!cap_header(d, "pasid", "PASID", p->present, p->offset))
		return;
	print_u64(PRINT_ANY, "max_width", " max width %" PRIu64 " bits", p->max_width);
	print_bool(PRINT_ANY, "exec_supported", ", exec %s", p->exec_supported);
	print_bool(PRINT_ANY, "priv_supported", ", priv %s", p->priv_supported);
	print_bool(PRINT_ANY, "enabled", "; enabled %s", p->enabled);
	print_bool(PRINT_ANY, "exec_enabled", ", exec enabled %s", p->exec_enabled);
	print_bool(PRINT_ANY, "priv_enabled", ", priv enabled %s\n", p->priv_enabled);
	close_object();
}

static void print_ats(const struct dev_info *d)
{
	const struct pcicap_ats *a = &d->caps.ats;

	if (!cap_header(d, "ats", "ATS", a->present, a->offset))
		return;
	print_u64(PRINT_ANY, "queue_depth", " invalidate queue depth %" PRIu64, a->queue_depth);
	print_bool(PRINT_ANY, "page_aligned", ", page-aligned requests %s", a->page_aligned);
	print_bool(PRINT_ANY, "global_invalidate", ", global invalidate %s", a->global_inval);
	print_bool(PRINT_ANY, "enabled", "; enabled %s", a->enabled);
	print_u64(PRINT_ANY, "stu", ", STU %" PRIu64, a->stu);
	print_u64(PRINT_ANY, "stu_bytes", " (%" PRIu64 " bytes)\n", 1ULL << (12 + a->stu));
	close_object();
}

static void print_pri(const struct dev_info *d)
{
	const struct pcicap_pri *p = &d->caps.pri;

	if (!cap_header(d, "pri", "PRI", p->present, p->offset))
		return;
	print_bool(PRINT_ANY, "enabled", " enabled %s", p->enabled);
	print_bool(PRINT_ANY, "reset", ", reset %s", p->reset);
	/* Status in text: only the bits that are set. */
	print_text("; status:%s%s%s%s%s",
		   p->response_failure ? " response-failure" : "",
		   p->unexpected_index ? " unexpected-PRG-index" : "",
		   p->stopped ? " stopped" : "",
		   p->pasid_required ? " PRG-response-PASID-required" : "",
		   p->response_failure || p->unexpected_index || p->stopped ||
		   p->pasid_required ? "" : " clear");
	print_bool(PRINT_JSON, "response_failure", NULL, p->response_failure);
	print_bool(PRINT_JSON, "unexpected_index", NULL, p->unexpected_index);
	print_bool(PRINT_JSON, "stopped", NULL, p->stopped);
	print_bool(PRINT_JSON, "pasid_required", NULL, p->pasid_required);
	print_u64(PRINT_ANY, "capacity", "; outstanding page requests: capacity %" PRIu64,
		  p->capacity);
	print_u64(PRINT_ANY, "allocation", ", allocated %" PRIu64 "\n", p->allocation);
	close_object();
}

static void print_config(const struct dev_info *d)
{
	char why[200];

	open_object("config");
	if (d->config_err) {
		print_null(PRINT_JSON, "size", NULL);
		print_null(PRINT_JSON, "space", NULL);
		print_string(PRINT_ANY, "problem", "config: %s\n", sf_why(d->config_err));
		print_null(PRINT_JSON, "extended_capabilities", NULL);
		close_object();
		return;
	}
	print_u64(PRINT_ANY, "size", "config: %" PRIu64 " bytes", d->caps.size);
	print_string(PRINT_JSON, "space", NULL, pcicap_space_name(d->caps.space));
	print_string(PRINT_JSON, "walk", NULL, pcicap_walk_name(d->caps.walk));
	pcicap_walk_text(&d->caps, why, sizeof(why));
	if (why[0])
		print_string(PRINT_ANY, "problem", ", %s", why);
	else
		print_null(PRINT_JSON, "problem", NULL);
	if (d->caps.space != PCICAP_SPACE_EXTENDED) {
		print_null(PRINT_JSON, "extended_capabilities", NULL);
		print_nl();
		close_object();
		return;
	}
	print_text("\n");
	print_text("extended capabilities:%s", d->caps.n_caps ? "" : " none");
	open_array("extended_capabilities");
	for (size_t i = 0; i < d->caps.n_caps; i++) {
		const struct pcicap_entry *e = &d->caps.caps[i];
		const char *name = pcicap_name(e->id);
		char unk[16];

		if (!name) {
			snprintf(unk, sizeof(unk), "0x%04x", e->id);
			name = unk;
		}
		open_object(NULL);
		print_hex(PRINT_JSON, "id", NULL, e->id);
		print_string(PRINT_ANY, "name", " %s", name);
		print_u64(PRINT_JSON, "version", NULL, e->version);
		print_hex(PRINT_ANY, "offset", "@0x%03" PRIx64, e->offset);
		close_object();
	}
	close_array();
	print_nl();
	close_object();
}

/* Everything about a PCI device: JSON whole; text a block (detail) or a line. */
static void print_device(const struct dev_info *d, bool detail)
{
	if (!detail && !out_json()) {
		char ids[16] = "????:????", cls[16] = "-";

		if (d->vendor_ok && d->device_ok)
			snprintf(ids, sizeof(ids), "%04" PRIx64 ":%04" PRIx64,
				 d->vendor & 0xffff, d->device & 0xffff);
		if (d->class_ok)
			snprintf(cls, sizeof(cls), "0x%06" PRIx64, d->class);
		print_text("%-13s %s  %-8s  %-14s group %-4s %s%s%s\n", d->name, ids, cls,
			   d->driver[0] ? d->driver : "-", d->group[0] ? d->group : "-",
			   d->iommu[0] ? d->iommu : "-", d->cdev[0] ? "  " : "", d->cdev);
		return;
	}
	print_string(PRINT_ANY, "bdf", "%s", d->name);
	print_ids(d);
	print_driver(d);
	print_nl();
	text_indent(1);
	if (d->group[0]) {
		uint64_t g;

		if (sscanf(d->group, "%" SCNu64, &g) == 1)
			print_u64(PRINT_ANY, "group", "group %" PRIu64, g);
		else
			print_string(PRINT_ANY, "group", "group %s", d->group);
	} else {
		print_null(PRINT_ANY, "group", "no IOMMU group");
	}
	if (d->iommu[0])
		print_string(PRINT_ANY, "iommu", ", IOMMU unit %s\n", d->iommu);
	else
		print_null(PRINT_ANY, "iommu", ", no IOMMU unit\n");
	print_vfio(d);
	print_config(d);
	print_pasid(d);
	print_ats(d);
	print_pri(d);
	text_indent(-1);
}

static int device_list(int argc, char **argv)
{
	char path[SF_PATH_MAX];
	struct dev_info *d;
	struct sf_list l;
	int r;

	if (argc)
		return err_usage("device list: unexpected argument '%s'", err_arg(argv[0]));
	if ((r = pci_list_devices(&l))) {
		sys_path(path, "bus/pci/devices");
		return sf_err(path, r);
	}
	d = malloc(sizeof(*d));
	if (!d) {
		sf_list_free(&l);
		return err_fail("out of memory");
	}
	open_array("devices");
	for (size_t i = 0; i < l.n; i++) {
		if (sys_path(path, "bus/pci/devices/%s", l.names[i])) {
			sf_warn(path, -ENAMETOOLONG);
			continue;
		}
		dev_load(path, l.names[i], out_json(), d);
		open_object(NULL);
		print_device(d, false);
		close_object();
	}
	close_array();
	if (!l.n)
		print_text("no PCI devices\n");
	free(d);
	sf_list_free(&l);
	return EXIT_OK;
}

static int device_show(int argc, char **argv)
{
	char bdf[32], path[SF_PATH_MAX];
	struct dev_info *d;

	if (argc < 1)
		return err_usage("device show: missing BDF (see 'iommuctl device list')");
	if (argc > 1)
		return err_usage("device show: unexpected argument '%s'", err_arg(argv[1]));
	if (bdf_parse(argv[0], bdf, sizeof(bdf)))
		return err_usage("device show: malformed BDF '%s'; expected DDDD:BB:DD.F or BB:DD.F",
				 err_arg(argv[0]));
	if (sys_path(path, "bus/pci/devices/%s", bdf) || !sf_exists(path)) {
		sys_path(path, "bus/pci/devices");
		return err_fail("no PCI device '%s' in %s", bdf, path);
	}
	d = malloc(sizeof(*d));
	if (!d)
		return err_fail("out of memory");
	dev_load(path, bdf, true, d);
	open_object("device");
	print_device(d, true);
	close_object();
	free(d);
	return EXIT_OK;
}

const struct cmd device_cmds[] = {
	{ "list", device_list, "", "PCI devices: ids, driver, group, IOMMU unit, VFIO cdev" },
	{ "show", device_show, "BDF",
	  "one device: group, IOMMU unit, VFIO cdev, PASID/ATS/PRI capabilities" },
	{ "open", device_open, "PATH|BDF [name NAME]",
	  "open a VFIO cdev and bind it to the session's iommufd" },
	{ "hwinfo", device_hwinfo, "DEV [type default|vtd|smmuv3|tegra241-cmdqv|amd|selftest]",
	  "IOMMU_GET_HW_INFO: capabilities, PASID width, vendor registers, nesting verdict" },
	{ "attach", device_attach, "DEV IOAS|HWPT [pasid PASID]",
	  "attach DEV (or one of its PASIDs) to an IOAS or HWPT" },
	{ "detach", device_detach, "DEV [pasid PASID]", "detach DEV (or one of its PASIDs)" },
	{ "dma", device_dma,
	  "DEV { read|write iova ADDR | copy src ADDR dst ADDR } length SIZE [offset OFF] [timeout MS]",
	  "make QEMU's edu test device DMA through its IOMMU (VFIO BAR0 mapping)" },
	{ NULL },
};
