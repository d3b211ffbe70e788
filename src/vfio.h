/* SPDX-License-Identifier: GPL-2.0-only */
/* The session commands of `device` (vfio.c), listed in device.c's table. */
#ifndef IOMMUCTL_VFIO_H
#define IOMMUCTL_VFIO_H

#include <stddef.h>
#include <stdint.h>

struct nest_verdict;
struct sobj;

int device_open(int argc, char **argv);
int device_hwinfo(int argc, char **argv);
int device_attach(int argc, char **argv);
int device_detach(int argc, char **argv);
/* edu.c */
int device_dma(int argc, char **argv);
/* The nesting verdict from the device's live IOMMU_GET_HW_INFO data (not
 * printed); -errno, -EOPNOTSUPP for data types without one (mock). */
int device_verdict(int fd, uint32_t dev_id, struct nest_verdict *v);
/* Every failing check of the live verdict whose stage or key is in which
 * (NULL-terminated), as "reason (key); ..." in buf; NULL if none fails. */
const char *device_verdict_reason(int fd, uint32_t dev_id, const char *const *which, char *buf,
				  size_t n);
/* max_pasid_log2 of a session device, asked once; -1 if unknown. */
int device_pasid_width(struct sobj *o);
/* "vtd", "smmuv3", …, "none" or "unknown" for an IOMMU_GET_HW_INFO type. */
const char *hw_info_type_name(uint32_t type);

#endif
