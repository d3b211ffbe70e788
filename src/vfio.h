/* SPDX-License-Identifier: GPL-2.0-only */
/* The session commands of `device` (vfio.c), listed in device.c's table. */
#ifndef IOMMUCTL_VFIO_H
#define IOMMUCTL_VFIO_H

#include <stdint.h>

int device_open(int argc, char **argv);
int device_hwinfo(int argc, char **argv);
int device_attach(int argc, char **argv);
int device_detach(int argc, char **argv);
/* "vtd", "smmuv3", …, "none" or "unknown" for an IOMMU_GET_HW_INFO type. */
const char *hw_info_type_name(uint32_t type);

#endif
