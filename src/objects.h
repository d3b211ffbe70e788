/* SPDX-License-Identifier: GPL-2.0-only */
/* The command tables of every object, for the top-level table in main.c. */
#ifndef IOMMUCTL_OBJECTS_H
#define IOMMUCTL_OBJECTS_H

#include <stdbool.h>

#include "cmd.h"

extern const struct cmd iommu_cmds[];	/* iommu.c */
extern const struct cmd group_cmds[];	/* group.c */
extern const struct cmd device_cmds[];	/* device.c */
extern const struct cmd decode_cmds[];	/* decode.c */
extern const struct cmd ioas_cmds[];	/* ioas.c */
extern const struct cmd hwpt_cmds[];	/* hwpt.c */
extern const struct cmd mock_cmds[];	/* mock.c */
extern const struct cmd option_cmds[];	/* option.c */
extern const struct cmd viommu_cmds[];	/* viommu.c */
extern const struct cmd vdevice_cmds[];	/* viommu.c */
extern const struct cmd pasid_cmds[];	/* pasid.c */
extern const struct cmd s1_cmds[];	/* s1.c */
extern const struct cmd fault_cmds[];	/* monitor.c */
extern const struct cmd veventq_cmds[];	/* monitor.c */
int do_monitor(int argc, char **argv);	/* monitor.c */
int do_show(int argc, char **argv);	/* show.c */
int do_help(int argc, char **argv);	/* objects.c */
int do_doctor(int argc, char **argv);	/* doctor.c */
int do_batch(int argc, char **argv);	/* batch.c */
int do_shell(int argc, char **argv);	/* batch.c */
/* A JSON batch is running: commands' output is collected, not streamed. */
bool batch_running(void);		/* batch.c */

#endif
