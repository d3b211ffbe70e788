/* SPDX-License-Identifier: GPL-2.0-only */
/* Attaching devices (VFIO cdevs and selftest mocks) and their PASIDs. */
#ifndef IOMMUCTL_ATTACH_H
#define IOMMUCTL_ATTACH_H

#include <stdbool.h>
#include <stdint.h>

struct sobj;

/* The attach (or replace) itself, for a device of this session; errors are
 * reported. *out_pt (may be NULL): the HWPT the kernel attached. */
int attach_op(struct sobj *dev, uint32_t pt_id, bool has_pasid, uint32_t pasid, bool replace,
	      uint32_t *out_pt);
int detach_op(struct sobj *dev, bool has_pasid, uint32_t pasid);
/* PASID 0, a device without PASIDs, a PASID beyond the width: usage errors. */
int attach_check_pasid(const char *ctx, const struct sobj *dev, uint32_t pasid);
/*
 * After op failed with err on a PASID path of dev (a VFIO device or a mock,
 * or NULL: the mock is asked): when the kernel has no PASID support at all,
 * report that ("needs 6.15 or later") and return EXIT_UNSUPPORTED; else 0.
 * err 0: the tool refused before asking the kernel.
 */
int attach_require_pasid(const struct sobj *dev, const char *op, int err);
/* argv: DEV PT [pasid P]. replace: DEV must be attached already. */
int attach_device(const char *ctx, int argc, char **argv, bool replace);
/* argv: DEV [pasid P]. */
int detach_device(const char *ctx, int argc, char **argv);
/* IOMMU_DESTROY of any object (ioas.c). */
int destroy_object(const char *ctx, int argc, char **argv, unsigned kinds, const char *what);

#endif
