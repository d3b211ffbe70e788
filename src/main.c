// SPDX-License-Identifier: GPL-2.0-only
/* iommuctl: options and dispatch only; every object lives in its own file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "objects.h"
#include "output.h"
#include "session.h"

#ifndef IOMMUCTL_VERSION
#define IOMMUCTL_VERSION "0.0-dev"
#endif
/* Bumped only when a JSON key changes meaning or disappears. */
#define IOMMUCTL_SCHEMA_VERSION 1

static int do_help(int argc, char **argv);

const struct object objects[] = {
	{ "show", NULL, do_show, "", "summarise the host: units, verdicts, groups, VFIO devices", NULL },
	{ "iommu", iommu_cmds, NULL, NULL, "IOMMU units from sysfs, decoded, with nesting verdicts", "list" },
	{ "group", group_cmds, NULL, NULL, "IOMMU groups: type, reserved regions, devices", "list" },
	{ "device", device_cmds, NULL, NULL, "devices: group, driver, VFIO cdev, PASID/ATS/PRI", "list" },
	{ "decode", decode_cmds, NULL, NULL, "decode register values or boot logs, offline", NULL },
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
		   "  -h, --help          this help\n"
		   "  -V, --version       version\n\n"
		   "Exit codes: 0 success, 1 failed, 2 usage error, 3 not supported here.\n\n"
		   "Objects:\n");
}

/* The whole command tree: text for people, JSON for the completion and
 * documentation sync tests. */
static int do_help(int argc, char **argv)
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

static int do_version(void)
{
	print_string(PRINT_ANY, "version", "iommuctl %s\n", IOMMUCTL_VERSION);
	print_u64(PRINT_JSON, "schema_version", NULL, IOMMUCTL_SCHEMA_VERSION);
	return EXIT_OK;
}

enum { OPT_SYSFS = 256, OPT_PROC, OPT_DEV };

static const struct option long_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "debug", no_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "sysfs", required_argument, NULL, OPT_SYSFS },
	{ "proc", required_argument, NULL, OPT_PROC },
	{ "dev", required_argument, NULL, OPT_DEV },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	bool show_help = false, show_version = false;
	int c, rc;

	/* Options come before the object only: "+" stops at the first word, so
	 * arguments such as "-" (stdin) reach the commands untouched. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jpqvdhV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'j': opts.json = true; break;
		case 'p': opts.json = opts.pretty = true; break;
		case 'q': opts.quiet = true; break;
		case 'v': opts.verbose++; break;
		case 'd': opts.debug = true; break;
		case 'h': show_help = true; break;
		case 'V': show_version = true; break;
		case OPT_SYSFS: opts.sysfs_root = optarg; break;
		case OPT_PROC: opts.proc_root = optarg; break;
		case OPT_DEV: opts.dev_root = optarg; break;
		default:
			out_set_mode(opts.json, opts.pretty);
			out_begin();
			if (optopt >= OPT_SYSFS)
				rc = err_usage("option '%s' needs a directory", argv[optind - 1]);
			else if (optopt)
				rc = err_usage("unknown option '-%c'; try 'iommuctl --help'", optopt);
			else
				rc = err_usage("unknown option '%s'; try 'iommuctl --help'",
					       argv[optind - 1]);
			out_end();
			return rc;
		}
	}
	out_set_mode(opts.json, opts.pretty);
	out_begin();
	if (show_version)
		rc = do_version();
	else if (show_help)
		rc = do_help(0, NULL);
	else if (optind >= argc)
		rc = err_usage("no object given; try 'iommuctl help'");
	else
		rc = run_command(argc - optind, argv + optind);
	out_end();
	session_end();
	return rc;
}
