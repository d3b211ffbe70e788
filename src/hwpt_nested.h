/* SPDX-License-Identifier: GPL-2.0-only */
/* Nested HWPTs (hwpt_nested.c), allocated from `hwpt alloc DEV parent …`. */
#ifndef IOMMUCTL_HWPT_NESTED_H
#define IOMMUCTL_HWPT_NESTED_H

#include <stdint.h>

struct sobj;

/* argv: the words after DEV. dev may be NULL (an id the session does not know). */
int hwpt_alloc_nested(uint32_t dev_id, struct sobj *dev, int argc, char **argv);
/* "vtd-s1", "smmuv3", "selftest"; "paging" for 0. */
const char *nested_type_name(uint32_t data_type);

#endif
