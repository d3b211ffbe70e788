/* SPDX-License-Identifier: GPL-2.0-only */
/* mock read-back checks and event triggers (mock_checks.c), in mock.c's table. */
#ifndef IOMMUCTL_MOCK_CHECKS_H
#define IOMMUCTL_MOCK_CHECKS_H

int mock_check_iotlb(int argc, char **argv);
int mock_check_cache(int argc, char **argv);
int mock_check_pasid(int argc, char **argv);
int mock_trigger_iopf(int argc, char **argv);
int mock_trigger_vevent(int argc, char **argv);

#endif
