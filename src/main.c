// SPDX-License-Identifier: GPL-2.0-only
/* iommuctl: options and dispatch only; every object lives in its own file. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "cmd.h"
#include "error.h"
#include "failnth.h"
#include "objects.h"
#include "output.h"
#include "privs.h"
#include "session.h"

#ifndef IOMMUCTL_VERSION
#define IOMMUCTL_VERSION "0.0-dev"
#endif
/* Bumped only when a JSON key changes meaning or disappears. */
#define IOMMUCTL_SCHEMA_VERSION 1

static int do_version(void)
{
	print_string(PRINT_ANY, "version", "iommuctl %s\n", IOMMUCTL_VERSION);
	print_u64(PRINT_JSON, "schema_version", NULL, IOMMUCTL_SCHEMA_VERSION);
	return EXIT_OK;
}

enum { OPT_SYSFS = 256, OPT_PROC, OPT_DEV, OPT_IOMMUFD_FD };

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
	{ "iommufd-fd", required_argument, NULL, OPT_IOMMUFD_FD },
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
		case OPT_IOMMUFD_FD: {
			uint32_t fdv;

			out_set_mode(opts.json, opts.pretty);
			out_begin();
			rc = parse_u32("--iommufd-fd", optarg, &fdv);
			if (!rc && fdv > INT32_MAX)
				rc = err_usage("--iommufd-fd: %s is not a descriptor", optarg);
			if (rc) {
				out_end();
				return rc;
			}
			json_object_put(out_take());
			opts.iommufd_fd = (int)fdv;
			break;
		}
		default:
			out_set_mode(opts.json, opts.pretty);
			out_begin();
			if (optopt == OPT_IOMMUFD_FD)
				rc = err_usage("option '--iommufd-fd' needs a descriptor number");
			else if (optopt >= OPT_SYSFS)
				rc = err_usage("option '%s' needs a directory", err_arg(argv[optind - 1]));
			else if (optopt)
				rc = err_usage("unknown option '-%c'; try 'iommuctl --help'", optopt);
			else
				rc = err_usage("unknown option '%s'; try 'iommuctl --help'",
					       err_arg(argv[optind - 1]));
			out_end();
			return rc;
		}
	}
	out_set_mode(opts.json, opts.pretty);
	out_begin();
	if ((rc = privs_init())) {
		/* set-uid: refused; leave at once, running no exit handlers
		 * (LeakSanitizer's cannot inspect a set-uid process anyway) */
		out_end();
		fflush(NULL);
		_exit(rc);
	}
	if (show_version)
		rc = do_version();
	else if (show_help)
		rc = do_help(0, NULL);
	else if (optind >= argc)
		rc = err_usage("no object given; try 'iommuctl help'");
	else if (!(rc = failnth_arm()))
		rc = run_command(argc - optind, argv + optind);
	out_end();
	session_end();
	failnth_report();
	return rc;
}
