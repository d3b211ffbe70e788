/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel error sentences: what an errno from an iommufd or VFIO ioctl most
 * likely means, from per-ioctl, per-errno tables written from the
 * reference's errno rules (Linux 7.2), with a generic table behind them.
 *
 * Exit codes (error.h):
 *   EXIT_UNSUPPORTED (3) when the answer means the kernel, driver, hardware
 *     or configuration lacks something: ENOTTY (no such ioctl: "needs X.Y"),
 *     E2BIG (our structure is newer than the kernel's), EOPNOTSUPP where it
 *     means a flag, type or driver capability is missing (HWPT_ALLOC,
 *     GET_HW_INFO, SET_DIRTY_TRACKING, GET_DIRTY_BITMAP, HWPT_INVALIDATE,
 *     VIOMMU_ALLOC, VDEVICE_ALLOC, HW_QUEUE_ALLOC, TEST_CMD, VFIO attach),
 *     and EPERM from VFIO bind (no interrupt remapping).
 *   EXIT_FAILED (1) for everything else, including EOPNOTSUPP where it can
 *     only mean a value iommuctl got wrong (must-be-zero flags, reserved
 *     fields, type 0): IOAS_*, OPTION, VFIO_IOAS, FAULT_QUEUE_ALLOC,
 *     VEVENTQ_ALLOC, IOAS_CHANGE_PROCESS.
 */
#ifndef IOMMUCTL_KERRORS_H
#define IOMMUCTL_KERRORS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Report a failed ioctl through err_errno(): op is the ioctl name, the
 * message the likely cause, followed by context in parentheses when given
 * (e.g. "on dmar0, which has ECAP.NEST=0"). err may be errno or -errno (as
 * the iommufd.h wrappers return it). Returns the exit code.
 */
int err_ioctl(const char *ioctl_name, int err, const char *context);

/*
 * Ids the session did not make go to the kernel as given (session.h); when
 * the kernel then answers ENOENT or EINVAL, the message names them:
 * "(ioas map: IOAS 77 was not made in this session)". The notes are
 * cleared when a command starts.
 */
void kerr_note_unknown(const char *what, uint32_t id);
void kerr_clear_notes(void);

/* The sentence alone (no context) into buf; returns the exit code. */
int ioctl_error_text(const char *ioctl_name, int err, char *buf, size_t len);

/* The first Linux release with the ioctl ("6.13"), or NULL if unknown. */
const char *ioctl_min_kernel(const char *ioctl_name);

#endif
