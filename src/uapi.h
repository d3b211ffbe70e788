/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommuctl's own definitions of the kernel ABI it drives (Linux 7.2):
 * iommufd core, the VFIO device cdev, and the selftest mock driver. Kernel
 * identifier X is ictl_X / ICTL_X. Never include <linux/iommufd.h> or
 * <linux/vfio.h> next to these: Debian 12's are 6.1 and lack most of it.
 */
#ifndef IOMMUCTL_UAPI_H
#define IOMMUCTL_UAPI_H

#include "uapi_iommufd.h"
#include "uapi_vfio.h"
#include "uapi_selftest.h"

#endif
