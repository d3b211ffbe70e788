/* SPDX-License-Identifier: GPL-2.0-only */
/* Attaching devices (VFIO cdevs and selftest mocks) and their PASIDs. */
#ifndef IOMMUCTL_ATTACH_H
#define IOMMUCTL_ATTACH_H

#include <stdbool.h>

/* argv: DEV PT [pasid P]. replace: DEV must be attached already. */
int attach_device(const char *ctx, int argc, char **argv, bool replace);
/* argv: DEV [pasid P]. */
int detach_device(const char *ctx, int argc, char **argv);
/* IOMMU_DESTROY of any object (ioas.c). */
int destroy_object(const char *ctx, int argc, char **argv, unsigned kinds, const char *what);

#endif
