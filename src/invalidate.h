/* SPDX-License-Identifier: GPL-2.0-only */
/* IOMMU_HWPT_INVALIDATE from the command line (invalidate.c). */
#ifndef IOMMUCTL_INVALIDATE_H
#define IOMMUCTL_INVALIDATE_H

/* hwpt invalidate HWPT [type vtd-s1|selftest] ENTRY... */
int hwpt_invalidate(int argc, char **argv);
/* viommu invalidate VIOMMU [type smmuv3|selftest] CMD... */
int viommu_invalidate(int argc, char **argv);

#endif
