// SPDX-License-Identifier: GPL-2.0-only
/*
 * `show`: the host on one screen. Units with their nesting answer and the
 * first failing reason, groups counted by type, devices bound to VFIO, the
 * iommufd and VFIO cdev nodes, and what to try next. Unprivileged wherever
 * sysfs allows: it reads no config space.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "host.h"
#include "nesting.h"
#include "objects.h"
#include "output.h"
#include "registers.h"
#include "sysfs.h"

#define MAX_HINTS 12

struct hints {
	char text[MAX_HINTS][256];
	size_t n;
};

static void hint(struct hints *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void hint(struct hints *h, const char *fmt, ...)
{
	va_list ap;

	if (h->n >= MAX_HINTS)
		return;
	va_start(ap, fmt);
	vsnprintf(h->text[h->n], sizeof(h->text[0]), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < h->n; i++)	/* once each */
		if (!strcmp(h->text[i], h->text[h->n]))
			return;
	h->n++;
}

/* What the units tell us, for the hints. */
struct unit_summary {
	size_t n, n_vtd, n_vtd_sm, n_smmuv3, n_parent_ok;
};

static void print_tristate(const char *key, const char *fmt, int v)
{
	if (v < 0)
		print_null(PRINT_ANY, key, "unknown");
	else
		print_bool(PRINT_ANY, key, fmt, v);
}

static void print_host(const struct host_info *h)
{
	open_object("host");
	if (h->release[0]) {
		print_string(PRINT_ANY, "kernel", "kernel %s", h->release);
		print_u64(PRINT_JSON, "kernel_major", NULL, (uint64_t)h->kver_major);
		print_u64(PRINT_JSON, "kernel_minor", NULL, (uint64_t)h->kver_minor);
	} else {
		print_null(PRINT_ANY, "kernel", "kernel unknown");
	}
	if (h->cpu_vendor[0])
		print_string(PRINT_ANY, "cpu_vendor", ", CPU %s", h->cpu_vendor);
	else
		print_null(PRINT_JSON, "cpu_vendor", NULL);
	print_text(", la57 ");
	print_tristate("la57", "%s", h->la57);
	print_nl();
	text_indent(1);
	print_bool(PRINT_ANY, "iommufd", "/dev/iommu: %s", h->iommufd);
	print_bool(PRINT_ANY, "vfio_cdev", ", VFIO cdevs: %s\n", h->vfio_cdev);

	open_object("cmdline");
	print_bool(PRINT_JSON, "known", NULL, h->cmdline_known);
	print_text("kernel command line:%s", h->cmdline_known ? "" : " unreadable");
	if (h->intel_iommu >= 0)
		print_string(PRINT_ANY, "intel_iommu", " intel_iommu=%s", h->intel_iommu ? "on" : "off");
	else
		print_null(PRINT_JSON, "intel_iommu", NULL);
	if (h->intel_sm >= 0)
		print_string(PRINT_ANY, "intel_sm", " intel_iommu=%s", h->intel_sm ? "sm_on" : "sm_off");
	else
		print_null(PRINT_JSON, "intel_sm", NULL);
	print_bool(PRINT_JSON, "amd_iommu_off", NULL, h->amd_iommu_off);
	if (h->amd_iommu_off)
		print_text(" amd_iommu=off");
	if (h->passthrough >= 0) {
		print_bool(PRINT_JSON, "passthrough", NULL, h->passthrough);
		print_text(" iommu.passthrough=%d", h->passthrough);
	} else {
		print_null(PRINT_JSON, "passthrough", NULL);
	}
	if (h->strict >= 0) {
		print_bool(PRINT_JSON, "strict", NULL, h->strict);
		print_text(" iommu.strict=%d", h->strict);
	} else {
		print_null(PRINT_JSON, "strict", NULL);
	}
	if (h->cmdline_known && h->intel_iommu < 0 && h->intel_sm < 0 && !h->amd_iommu_off &&
	    h->passthrough < 0 && h->strict < 0)
		print_text(" no IOMMU options");
	print_nl();
	close_object();
	text_indent(-1);
	close_object();
}

static void print_units(const struct nest_context *ctx, struct unit_summary *s)
{
	struct iommu_unit *u;
	struct sf_list l;
	char path[SF_PATH_MAX];
	int r, width;

	memset(s, 0, sizeof(*s));
	open_array("iommus");
	if ((r = iommu_list_units(&l))) {
		sys_path(path, "class/iommu");
		sf_warn(path, r);
		close_array();
		print_text("IOMMU units: unknown\n");
		return;
	}
	u = malloc(sizeof(*u));
	if (!u) {
		sf_list_free(&l);
		close_array();
		return;
	}
	width = iommu_name_width(&l);
	if (l.n)
		print_text("IOMMU units (%zu):\n", l.n);
	else
		print_text("IOMMU units: none registered\n");
	text_indent(1);
	for (size_t i = 0; i < l.n; i++) {
		const struct nest_check *fail;
		uint64_t smts;

		iommu_unit_load(l.names[i], ctx, u);
		if (u->error[0])
			out_warn("%s", u->error);
		s->n++;
		s->n_vtd += u->vendor == IOMMU_VTD;
		s->n_smmuv3 += u->vendor == IOMMU_SMMUV3;
		if (u->vendor == IOMMU_VTD && u->ecap_ok &&
		    reg_field_lookup(&vtd_ecap_reg, "smts", u->ecap, &smts) && smts)
			s->n_vtd_sm++;
		s->n_parent_ok += u->verdict.nest_parent == CHECK_PASS;

		open_object(NULL);
		print_string(PRINT_JSON, "name", NULL, u->name);
		print_text("%-*s", width, u->name);
		print_string(PRINT_ANY, "vendor", " %-7s", iommu_vendor_name(u->vendor));
		print_string(PRINT_ANY, "nest_parent", " nest parent %s",
			     check_result_name(u->verdict.nest_parent));
		print_string(PRINT_ANY, "nested", ", nested %s",
			     check_result_name(u->verdict.nested));
		print_string(PRINT_JSON, "viommu", NULL, check_result_name(u->verdict.viommu));
		print_string(PRINT_JSON, "summary", NULL, u->verdict.summary);
		fail = verdict_first_fail(&u->verdict);
		if (fail) {
			open_object("first_failure");
			print_string(PRINT_JSON, "check", NULL, fail->key);
			print_string(PRINT_ANY, "reason", ": %s", fail->reason);
			close_object();
		} else {
			const struct nest_check *unk = NULL;

			for (size_t c = 0; c < u->verdict.n_checks && c < NEST_MAX_CHECKS; c++)
				if (u->verdict.checks[c].result == CHECK_UNKNOWN) {
					unk = &u->verdict.checks[c];
					break;
				}
			print_null(PRINT_JSON, "first_failure", NULL);
			print_text(": %s", unk ? unk->reason : u->verdict.summary);
		}
		print_nl();
		close_object();
	}
	text_indent(-1);
	close_array();
	free(u);
	sf_list_free(&l);
}

static void print_groups(void)
{
	static const char *const known[] = {
		"DMA-FQ", "DMA", "identity", "unmanaged", "blocked", "unknown",
	};
	size_t counts[ARRAY_SIZE(known) + 1] = { 0 };
	size_t total = 0;
	struct sf_list l;
	char path[SF_PATH_MAX];
	bool first = true;
	int r;

	open_object("groups");
	if ((r = group_list_ids(&l))) {
		sys_path(path, "kernel/iommu_groups");
		sf_warn(path, r);
		print_null(PRINT_ANY, "total", "IOMMU groups: unknown\n");
		close_object();
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		char type[32];
		size_t k;

		if (group_read_type(l.names[i], type, sizeof(type)))
			snprintf(type, sizeof(type), "?");
		for (k = 0; k < ARRAY_SIZE(known) && strcmp(known[k], type); k++)
			;
		counts[k]++;	/* k == ARRAY_SIZE(known): other or unreadable */
		total++;
	}
	sf_list_free(&l);
	print_u64(PRINT_ANY, "total", "IOMMU groups: %" PRIu64, total);
	open_object("by_type");
	for (size_t k = 0; k <= ARRAY_SIZE(known); k++) {
		if (!counts[k])
			continue;
		print_text("%s", first ? " (" : ", ");
		print_u64(PRINT_ANY, k < ARRAY_SIZE(known) ? known[k] : "other", "%" PRIu64,
			  counts[k]);
		print_text(" %s", k < ARRAY_SIZE(known) ? known[k] : "other");
		first = false;
	}
	close_object();
	print_text("%s\n", first ? "" : ")");
	close_object();
}

/* Devices bound to VFIO; returns how many, and the count without a cdev. */
static size_t print_vfio(size_t *no_cdev, size_t *pci_total)
{
	char path[SF_PATH_MAX];
	struct dev_info *d;
	struct sf_list l;
	size_t n = 0;

	*no_cdev = 0;
	*pci_total = 0;
	open_array("vfio_devices");
	if (pci_list_devices(&l)) {
		close_array();
		return 0;
	}
	d = malloc(sizeof(*d));
	*pci_total = l.n;
	for (size_t i = 0; d && i < l.n; i++) {
		if (sys_path(path, "bus/pci/devices/%s", l.names[i]))
			continue;
		/* what decides first; the rest only for the devices listed */
		dev_init(l.names[i], d);
		dev_load_parts(path, l.names[i], DEV_DRIVER | DEV_CDEV, d);
		if (!strstr(d->driver, "vfio") && !d->cdev[0])
			continue;
		dev_load_parts(path, l.names[i], DEV_ALL & ~(DEV_DRIVER | DEV_CDEV), d);
		if (!n++) {
			print_text("devices bound to VFIO:\n");
			text_indent(1);
		}
		uint64_t gid;

		open_object(NULL);
		print_string(PRINT_ANY, "bdf", "%-13s", d->name);
		print_string(PRINT_ANY, "driver", " %-14s", d->driver[0] ? d->driver : "-");
		if (d->group[0] && sscanf(d->group, "%" SCNu64, &gid) == 1)
			print_u64(PRINT_ANY, "group", " group %-4" PRIu64, gid);
		else
			print_null(PRINT_ANY, "group", " no group  ");
		if (d->cdev[0]) {
			char node[64];

			snprintf(node, sizeof(node), "/dev/vfio/devices/%s", d->cdev);
			print_string(PRINT_ANY, "cdev", " %s", node);
			print_bool(PRINT_JSON, "cdev_present", NULL, d->cdev_node);
			print_text(d->cdev_node ? "" : " (no node)");
		} else {
			(*no_cdev)++;
			print_null(PRINT_ANY, "cdev", " no cdev");
			print_null(PRINT_JSON, "cdev_present", NULL);
		}
		print_nl();
		close_object();
	}
	if (n)
		text_indent(-1);
	else
		print_text("devices bound to VFIO: none (of %zu PCI devices)\n", l.n);
	close_array();
	free(d);
	sf_list_free(&l);
	return n;
}

static void collect_hints(struct hints *hs, const struct host_info *h,
			  const struct unit_summary *s, size_t n_vfio, size_t no_cdev)
{
	if (!s->n) {
		if (h->intel_iommu == 0)
			hint(hs, "remove intel_iommu=off from the kernel command line");
		if (h->amd_iommu_off)
			hint(hs, "remove amd_iommu=off from the kernel command line");
		if (!strcmp(h->cpu_vendor, "GenuineIntel"))
			hint(hs, "enable VT-d in the firmware setup and boot with intel_iommu=on");
		else if (!strcmp(h->cpu_vendor, "AuthenticAMD"))
			hint(hs, "enable the IOMMU (AMD-Vi) in the firmware setup");
		else
			hint(hs, "enable the IOMMU in the firmware and use a kernel with its driver");
		return;
	}
	if (s->n_vtd_sm && h->intel_sm == 0)
		hint(hs, "boot without intel_iommu=sm_off (or with intel_iommu=sm_on): "
			 "nesting needs scalable mode");
	else if (s->n_vtd && !s->n_vtd_sm)
		hint(hs, "no VT-d unit here has scalable mode (ECAP.SMTS): "
			 "nesting needs a unit with SMTS and NEST");
	if (!h->iommufd)
		hint(hs, "load iommufd: modprobe iommufd (the kernel needs CONFIG_IOMMUFD)");
	if (!n_vfio)
		hint(hs, "bind a device to vfio-pci: driverctl set-override BDF vfio-pci");
	else if (no_cdev)
		hint(hs, "a VFIO device has no cdev: iommufd needs a kernel with "
			 "CONFIG_VFIO_DEVICE_CDEV (/dev/vfio/devices/vfioN)");
	if (!s->n_parent_ok && s->n > s->n_smmuv3)
		hint(hs, "no unit here can be a nest parent: `iommuctl iommu show NAME` "
			 "lists every check and why it fails");
	if (s->n_smmuv3)
		hint(hs, "run `iommuctl device hwinfo DEV` on a device behind the SMMUv3 for its "
			 "registers and verdict (IOMMU_GET_HW_INFO)");
	else if (s->n_parent_ok && n_vfio > no_cdev && h->iommufd)
		hint(hs, "confirm with the kernel: `iommuctl device hwinfo DEV` on a VFIO device "
			 "(IOMMU_GET_HW_INFO)");
}

int do_show(int argc, char **argv)
{
	struct host_info h;
	struct nest_context ctx;
	struct unit_summary s;
	struct hints hs = { .n = 0 };
	size_t n_vfio, no_cdev, pci_total;

	if (argc)
		return err_usage("show: unexpected argument '%s'", err_arg(argv[0]));
	host_probe(&h);
	host_nest_context_from(&h, &ctx);

	print_host(&h);
	print_units(&ctx, &s);
	print_groups();
	n_vfio = print_vfio(&no_cdev, &pci_total);
	print_u64(PRINT_JSON, "pci_devices", NULL, pci_total);

	collect_hints(&hs, &h, &s, n_vfio, no_cdev);
	open_array("next_steps");
	if (hs.n)
		print_text("what to try next:\n");
	for (size_t i = 0; i < hs.n; i++)
		print_string(PRINT_ANY, NULL, "  - %s\n", hs.text[i]);
	close_array();
	return EXIT_OK;
}
