/* SPDX-License-Identifier: GPL-2.0-only */
/* The command tables of every object, for the top-level table in main.c. */
#ifndef IOMMUCTL_OBJECTS_H
#define IOMMUCTL_OBJECTS_H

#include "cmd.h"

extern const struct cmd iommu_cmds[];	/* iommu.c */
extern const struct cmd group_cmds[];	/* group.c */
extern const struct cmd device_cmds[];	/* device.c */
extern const struct cmd decode_cmds[];	/* decode.c */
extern const struct cmd ioas_cmds[];	/* ioas.c */
extern const struct cmd hwpt_cmds[];	/* hwpt.c */
extern const struct cmd mock_cmds[];	/* mock.c */
extern const struct cmd option_cmds[];	/* option.c */
int do_show(int argc, char **argv);	/* show.c */
int do_help(int argc, char **argv);	/* objects.c */
int do_batch(int argc, char **argv);	/* batch.c */
int do_shell(int argc, char **argv);	/* batch.c */

#endif
