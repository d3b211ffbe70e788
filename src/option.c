// SPDX-License-Identifier: GPL-2.0-only
/* option: IOMMU_OPTION — the pinned-page accounting mode and per-IOAS huge pages. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "objects.h"
#include "output.h"
#include "session.h"

static const char *const option_names[] = { "rlimit-mode", "huge-pages", NULL };

/* argv: NAME [IOAS] [VALUE]; set: a value is required. */
static int option_run(bool set, int argc, char **argv)
{
	const char *ctx = set ? "option set" : "option get";
	uint32_t option_id, object = 0;
	uint64_t val = 0;
	int fd, rc, err, i = 1;

	if (argc < 1)
		return err_unknown(ctx, "option", NULL, option_names);
	if (!strcmp(argv[0], "rlimit-mode")) {
		option_id = ICTL_IOMMU_OPTION_RLIMIT_MODE;
	} else if (!strcmp(argv[0], "huge-pages")) {
		struct sobj *o;

		option_id = ICTL_IOMMU_OPTION_HUGE_PAGES;
		if (argc < 2)
			return err_usage("%s: huge-pages needs an IOAS", ctx);
		if ((rc = session_resolve(argv[1], SOBJ_IOAS, set ? "option set: IOAS" : "option get: IOAS",
					  &object, &o)))
			return rc;
		i = 2;
	} else {
		return err_unknown(ctx, "option", argv[0], option_names);
	}
	if (set) {
		if (argc <= i)
			return err_usage("%s: missing VALUE (0 or 1)", ctx);
		if ((rc = parse_u64("option set: VALUE", argv[i], 1, &val)))
			return rc;
		i++;
	}
	if (argc > i)
		return err_usage("%s: unexpected argument '%s'", ctx, err_arg(argv[i]));
	if ((rc = session_iommufd(&fd)))
		return rc;
	err = ifd_option(fd, option_id, set ? ICTL_IOMMU_OPTION_OP_SET : ICTL_IOMMU_OPTION_OP_GET,
			 object, &val);
	if (err)
		return err_ioctl("IOMMU_OPTION", err,
				 err == -EPERM ? "setting rlimit-mode needs CAP_SYS_RESOURCE" :
				 err == -EBUSY ? "rlimit-mode can only change before any object exists "
						 "on this iommufd" : NULL);
	print_string(PRINT_ANY, "option", "%s", argv[0]);
	if (object)
		print_u64(PRINT_ANY, "ioas_id", " ioas %" PRIu64, object);
	print_u64(PRINT_ANY, "value", " %" PRIu64, val);
	if (option_id == ICTL_IOMMU_OPTION_RLIMIT_MODE)
		print_string(PRINT_ANY, "meaning", " (%s)",
			     val ? "pinned pages count against the process (mm)"
				 : "pinned pages count against the user");
	else
		print_string(PRINT_ANY, "meaning", " (%s)",
			     val ? "large IOPTEs allowed" : "PAGE_SIZE mappings only");
	print_nl();
	return 0;
}

static int option_get(int argc, char **argv)
{
	return option_run(false, argc, argv);
}

static int option_set(int argc, char **argv)
{
	return option_run(true, argc, argv);
}

const struct cmd option_cmds[] = {
	{ "get", option_get, "rlimit-mode | huge-pages IOAS", "read an IOMMU_OPTION" },
	{ "set", option_set, "rlimit-mode VALUE | huge-pages IOAS VALUE", "set an IOMMU_OPTION (0 or 1)" },
	{ NULL },
};
