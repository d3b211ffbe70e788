// SPDX-License-Identifier: GPL-2.0-only
/* PLACEHOLDER: replaced by the real implementation. */
#include "objects.h"
const struct cmd group_cmds[] = { { NULL } };
