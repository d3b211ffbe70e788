/* SPDX-License-Identifier: GPL-2.0-only */
/* The per-device PASID allocator of a session (pasid.c). */
#ifndef IOMMUCTL_PASID_H
#define IOMMUCTL_PASID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sobj_pasid;

/* The lowest PASID in [lo, hi] not in p[0..n) (sorted); false if none. */
bool pasid_lowest_free(const struct sobj_pasid *p, size_t n, uint32_t lo, uint32_t hi,
		       uint32_t *out);

#endif
