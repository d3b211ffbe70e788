// SPDX-License-Identifier: GPL-2.0-only
/* The top-level object table and the help that is generated from it. */
#include <stdio.h>

#include "cmd.h"
#include "error.h"
#include "objects.h"
#include "output.h"

const struct object objects[] = {
	{ "show", NULL, do_show, "", "summarise the host: units, verdicts, groups, VFIO devices", NULL },
	{ "iommu", iommu_cmds, NULL, NULL, "IOMMU units from sysfs, decoded, with nesting verdicts", "list" },
	{ "group", group_cmds, NULL, NULL, "IOMMU groups: type, reserved regions, devices", "list" },
	{ "device", device_cmds, NULL, NULL, "devices: group, driver, VFIO cdev, PASID/ATS/PRI", "list" },
	{ "ioas", ioas_cmds, NULL, NULL, "I/O address spaces: allocate, map, unmap, ranges, copy", NULL },
	{ "hwpt", hwpt_cmds, NULL, NULL, "hardware page tables: allocate, attach, replace, detach", NULL },
	{ "viommu", viommu_cmds, NULL, NULL, "vIOMMUs: allocate over a nest parent, invalidate, destroy", NULL },
	{ "vdevice", vdevice_cmds, NULL, NULL, "vDEVICEs: a device's virtual id in a vIOMMU", NULL },
	{ "s1", s1_cmds, NULL, NULL, "VT-d stage-1 tables built in session memory: map, unmap, walk", NULL },
	{ "pasid", pasid_cmds, NULL, NULL, "PASIDs: allocate per device, attach, replace, detach, free", NULL },
	{ "fault", fault_cmds, NULL, NULL, "fault queues: page requests from devices (IOPF), responses", NULL },
	{ "veventq", veventq_cmds, NULL, NULL, "vIOMMU event queues", NULL },
	{ "monitor", NULL, do_monitor, "[ID ...] [count N] [timeout S] [respond success|invalid]",
	  "watch fault queues and vEVENTQs, decoding each event", NULL },
	{ "option", option_cmds, NULL, NULL, "iommufd options: pinned-page accounting, huge pages", NULL },
	{ "mock", mock_cmds, NULL, NULL, "selftest mock devices (kernels with CONFIG_IOMMUFD_TEST)", NULL },
	{ "decode", decode_cmds, NULL, NULL, "decode register values or boot logs, offline", NULL },
	{ "doctor", NULL, do_doctor, "[DEVICE] [map-size SIZE]",
	  "what this process may do, and what is missing for each command", NULL },
	{ "batch", NULL, do_batch, "[--force] FILE|-", "run commands from FILE in one session", NULL },
	{ "shell", NULL, do_shell, "", "run commands interactively in one session", NULL },
	{ "help", NULL, do_help, "", "list every object and command", NULL },
	{ NULL },
};

static void usage_text(void)
{
	print_text("Usage: iommuctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
		   "       iommuctl [OPTIONS] OBJECT help\n\n"
		   "Options:\n"
		   "  -j, --json          JSON output\n"
		   "  -p, --pretty        pretty JSON output (implies -j)\n"
		   "  -q, --quiet         print less (text mode)\n"
		   "  -v, --verbose       print more (text mode): every register field\n"
		   "  -d, --debug         trace kernel interactions on stderr\n"
		   "      --sysfs DIR     read sysfs from DIR instead of /sys\n"
		   "      --proc DIR      read procfs files from DIR instead of /proc\n"
		   "      --dev DIR       look for device nodes in DIR instead of /dev\n"
		   "      --iommufd-fd N  use the inherited iommufd descriptor N\n"
		   "  -h, --help          this help\n"
		   "  -V, --version       version\n\n"
		   "Exit codes: 0 success, 1 failed, 2 usage error, 3 not supported here.\n"
		   "Refuses to run set-uid; 'iommuctl doctor' says what this process may do.\n\n"
		   "Objects:\n");
}

/* The whole command tree: text for people, JSON for the completion and
 * documentation sync tests. */
int do_help(int argc, char **argv)
{
	(void)argv;
	if (argc)
		return err_usage("help takes no arguments (try 'iommuctl OBJECT help')");
	usage_text();
	open_array("objects");
	for (const struct object *o = objects; o->name; o++) {
		open_object(NULL);
		print_string(PRINT_JSON, "name", NULL, o->name);
		print_string(PRINT_JSON, "help", NULL, o->help);
		if (!o->cmds) {
			print_string(PRINT_JSON, "args", NULL, o->args);
			print_text("  %-8s %-44s %s\n", o->name, o->args, o->help);
			close_object();
			continue;
		}
		print_text("  %-8s %-44s %s\n", o->name, "{ COMMAND | help }", o->help);
		open_array("commands");
		for (const struct cmd *c = o->cmds; c->name; c++) {
			open_object(NULL);
			print_string(PRINT_JSON, "name", NULL, c->name);
			print_string(PRINT_JSON, "args", NULL, c->args);
			print_string(PRINT_JSON, "help", NULL, c->help);
			close_object();
			print_text("    %-6s %-44s %s\n", c->name, c->args, c->help);
		}
		close_array();
		close_object();
	}
	close_array();
	return EXIT_OK;
}
