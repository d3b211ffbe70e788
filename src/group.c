// SPDX-License-Identifier: GPL-2.0-only
/*
 * `group list` and `group show N`: /sys/kernel/iommu_groups with the default
 * domain type, the reserved regions parsed and the member devices.
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
#include "sysfs.h"

/* What the kernel writes to `type` (no default domain: "unknown"). */
static const char *const group_types[] = {
	"blocked", "identity", "unmanaged", "DMA", "DMA-FQ", "unknown", NULL,
};

int group_list_ids(struct sf_list *l)
{
	char path[SF_PATH_MAX];
	int r;

	if ((r = sys_path(path, "kernel/iommu_groups")))
		return r;
	r = sf_list_dir(path, SF_SORT_NUMERIC, l);
	return r == -ENOENT ? 0 : r;
}

int group_read_type(const char *id, char *buf, size_t n)
{
	char path[SF_PATH_MAX];
	int r;

	if ((r = sys_path(path, "kernel/iommu_groups/%s/type", id)))
		return r;
	r = sf_read_str(path, buf, n);
	return r < 0 ? r : 0;
}

static void print_type(const char *id)
{
	char path[SF_PATH_MAX], type[32];
	int r = group_read_type(id, type, sizeof(type));
	bool known = false;

	if (r) {
		sys_path(path, "kernel/iommu_groups/%s/type", id);
		sf_warn(path, r);
		print_null(PRINT_ANY, "type", " ?");
		return;
	}
	for (const char *const *t = group_types; *t; t++)
		known |= !strcmp(*t, type);
	if (!known) {
		sys_path(path, "kernel/iommu_groups/%s/type", id);
		out_warn("%s: unrecognised group type '%s'", path, type);
	}
	print_string(PRINT_ANY, "type", " %s", type);
}

static void print_name(const char *id, bool detail)
{
	char path[SF_PATH_MAX], name[256];
	int r;

	if ((r = sys_path(path, "kernel/iommu_groups/%s/name", id)) ||
	    (r = sf_read_str(path, name, sizeof(name))) < 0) {
		/* Only drivers that name their groups create the file. */
		if (r != -ENOENT)
			sf_warn(path, r);
		print_null(PRINT_JSON, "name", NULL);
		return;
	}
	print_string(detail ? PRINT_ANY : PRINT_JSON, "name", "name: %s\n", name);
}

static void print_regions(const char *id, bool detail)
{
	char path[SF_PATH_MAX], *text = NULL, *line, *save = NULL;
	size_t len, n = 0, lineno = 0;
	int r;

	open_array("reserved_regions");
	if ((r = sys_path(path, "kernel/iommu_groups/%s/reserved_regions", id)) ||
	    (r = sf_read_text(path, 1 << 20, &text, &len))) {
		sf_warn(path, r);
		close_array();
		if (detail)
			print_text("reserved regions: unreadable\n");
		return;
	}
	/* Count first so that the text header can carry the number. */
	for (char *p = text; *p; p++)
		n += *p == '\n' || (p[1] == '\0' && *p != '\n');
	if (detail)
		print_text(n ? "reserved regions:\n" : "reserved regions: none\n");
	text_indent(1);
	/* strtok_r drops empty lines, which the kernel never writes anyway. */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct resv_region rr;
		uint64_t size;

		lineno++;
		if (resv_parse_line(line, &rr)) {
			out_warn("%s: line %zu: malformed reserved region '%s'", path, lineno, line);
			continue;
		}
		open_object(NULL);
		if (detail) {
			print_hex(PRINT_ANY, "start", "0x%016" PRIx64, rr.start);
			print_hex(PRINT_ANY, "end", "-0x%016" PRIx64, rr.end);
			if (resv_size(&rr, &size))
				print_hex(PRINT_ANY, "size", "  size 0x%-10" PRIx64, size);
			else
				print_string(PRINT_ANY, "size", "  size %s", "0x10000000000000000");
			print_string(PRINT_ANY, "type", "  %s\n", rr.type_name);
		} else {
			print_hex(PRINT_JSON, "start", NULL, rr.start);
			print_hex(PRINT_JSON, "end", NULL, rr.end);
			if (resv_size(&rr, &size))
				print_hex(PRINT_JSON, "size", NULL, size);
			else
				print_string(PRINT_JSON, "size", NULL, "0x10000000000000000");
			print_string(PRINT_JSON, "type", NULL, rr.type_name);
		}
		close_object();
	}
	text_indent(-1);
	close_array();
	free(text);
}

static void print_members(const char *id, bool detail)
{
	char path[SF_PATH_MAX];
	struct dev_info *d;
	struct sf_list l = { 0 };
	int r;

	if ((r = sys_path(path, "kernel/iommu_groups/%s/devices", id)) ||
	    ((r = sf_list_dir(path, SF_SORT_BDF, &l)) && r != -ENOENT))
		sf_warn(path, r);
	if (!detail) {
		print_text(" %zu device%s", l.n, l.n == 1 ? "" : "s");
		for (size_t i = 0; i < l.n; i++)
			print_text("%s%s", i ? " " : ": ", l.names[i]);
		print_nl();
	} else {
		print_text(l.n ? "devices:\n" : "devices: none\n");
	}
	d = malloc(sizeof(*d));
	open_array("devices");
	text_indent(1);
	for (size_t i = 0; d && i < l.n; i++) {
		if (sys_path(path, "kernel/iommu_groups/%s/devices/%s", id, l.names[i])) {
			sf_warn(path, -ENAMETOOLONG);
			continue;
		}
		/* Members read through the group's links: PCI or platform alike;
		 * only what is printed (ids and driver), and only when it is. */
		if (!detail && !out_json())
			continue;
		dev_init(l.names[i], d);
		dev_load_parts(path, l.names[i], DEV_IDS | DEV_DRIVER, d);
		dev_print_brief(d);
	}
	text_indent(-1);
	close_array();
	free(d);
	sf_list_free(&l);
}

static void print_group(const char *id, bool detail)
{
	uint64_t n = 0;

	sscanf(id, "%" SCNu64, &n);
	print_u64(PRINT_ANY, "id", detail ? "group %" PRIu64 ":" : "group %-4" PRIu64, n);
	if (!detail && !out_json()) {
		char type[32];

		if (group_read_type(id, type, sizeof(type)))
			snprintf(type, sizeof(type), "?");
		print_text(" %-9s", type);
		print_members(id, false);
		return;
	}
	print_type(id);
	print_nl();
	text_indent(1);
	print_name(id, detail);
	print_regions(id, detail);
	print_members(id, detail);
	text_indent(-1);
}

static int group_list(int argc, char **argv)
{
	char path[SF_PATH_MAX];
	struct sf_list l;
	size_t shown = 0;
	int r;

	if (argc)
		return err_usage("group list: unexpected argument '%s'", err_arg(argv[0]));
	if ((r = group_list_ids(&l))) {
		sys_path(path, "kernel/iommu_groups");
		return sf_err(path, r);
	}
	open_array("groups");
	for (size_t i = 0; i < l.n; i++) {
		uint64_t id;

		/* Group directories are numbers; anything else is not a group. */
		if (sscanf(l.names[i], "%" SCNu64, &id) != 1)
			continue;
		open_object(NULL);
		print_group(l.names[i], false);
		close_object();
		shown++;
	}
	close_array();
	if (!shown)
		print_text("no IOMMU groups: no device is behind an IOMMU\n");
	sf_list_free(&l);
	return EXIT_OK;
}

static int group_show(int argc, char **argv)
{
	char path[SF_PATH_MAX], id[24];
	uint64_t n;
	int r;

	if (argc < 1)
		return err_usage("group show: missing N, the group id (see 'iommuctl group list')");
	if (argc > 1)
		return err_usage("group show: unexpected argument '%s'", err_arg(argv[1]));
	if ((r = parse_u64("group show: N (group id)", argv[0], UINT32_MAX, &n)))
		return r;
	snprintf(id, sizeof(id), "%" PRIu64, n);
	if (sys_path(path, "kernel/iommu_groups/%s", id) || !sf_is_dir(path)) {
		sys_path(path, "kernel/iommu_groups");
		return err_fail("no IOMMU group %s in %s", id, path);
	}
	open_object("group");
	print_group(id, true);
	close_object();
	return EXIT_OK;
}

const struct cmd group_cmds[] = {
	{ "list", group_list, "", "the IOMMU groups: type and member devices" },
	{ "show", group_show, "N", "one group: type, name, reserved regions, devices" },
	{ NULL },
};
