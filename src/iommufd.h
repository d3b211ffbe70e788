/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Typed wrappers: one function per iommufd and VFIO cdev ioctl.
 *
 * Every wrapper builds a zeroed structure with size/argsz = sizeof, so
 * reserved fields are always 0 and a newer field the caller did not set is
 * never sent. It returns 0 (or the ioctl's non-negative result, e.g. an fd)
 * or -errno, and never prints an error: callers report with err_ioctl()
 * (kerrors.h). With -d/--debug every call is traced on stderr (trace.h).
 *
 * Wrappers that take a whole structure (hwpt_alloc, get_hw_info, test_cmd)
 * copy only its input fields into their zeroed copy and then write the
 * whole copy back, outputs included.
 */
#ifndef IOMMUCTL_IOMMUFD_H
#define IOMMUCTL_IOMMUFD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi.h"

/* vfio_attach_pt/vfio_detach_pt: the RID, not a PASID. */
#define IFD_NO_PASID	UINT32_MAX

/*
 * The iommufd descriptor: --iommufd-fd if given (checked to be open, returned
 * as is, never closed by us), else <dev_root>/iommu opened O_RDWR|O_CLOEXEC.
 * Returns the fd or -errno.
 */
int ifd_open(void);

/* ---- iommufd ---- */
/*
 * Does the kernel have this iommufd ioctl? A call with size 0, which is below
 * every ioctl's minimum: -EINVAL if it exists (nothing runs), -ENOTTY if not.
 */
int ifd_probe(int fd, unsigned long cmd);
int ifd_destroy(int fd, uint32_t id);
int ifd_ioas_alloc(int fd, uint32_t *out_ioas_id);
/*
 * *num: in, the capacity of ranges (may be 0 with ranges NULL); out, the
 * number the IOAS has, also on -EMSGSIZE (buffer too small: retry).
 * out_alignment may be NULL.
 */
int ifd_ioas_iova_ranges(int fd, uint32_t ioas_id, struct ictl_iommu_iova_range *ranges,
			 uint32_t *num, uint64_t *out_alignment);
int ifd_ioas_allow_iovas(int fd, uint32_t ioas_id, const struct ictl_iommu_iova_range *ranges,
			 uint32_t num);
/* *iova: in with ICTL_IOMMU_IOAS_MAP_FIXED_IOVA, out always. */
int ifd_ioas_map(int fd, uint32_t ioas_id, uint32_t flags, const void *va, uint64_t length,
		 uint64_t *iova);
int ifd_ioas_map_file(int fd, uint32_t ioas_id, uint32_t flags, int file_fd, uint64_t start,
		      uint64_t length, uint64_t *iova);
/* src_iova/length must be exactly one mapping of the source IOAS. */
int ifd_ioas_copy(int fd, uint32_t flags, uint32_t dst_ioas_id, uint64_t *dst_iova,
		  uint32_t src_ioas_id, uint64_t src_iova, uint64_t length);
/* iova 0, length UINT64_MAX: everything. out_unmapped may be NULL. */
int ifd_ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t length,
		   uint64_t *out_unmapped);
/* *val64: in for SET, out for GET. */
int ifd_option(int fd, uint32_t option_id, uint16_t op, uint32_t object_id, uint64_t *val64);
/* *ioas_id: in for SET, out for GET, unused for CLEAR. */
int ifd_vfio_ioas(int fd, uint16_t op, uint32_t *ioas_id);
/* Inputs: flags, dev_id, pt_id, data_type, data_len, data_uptr, fault_id. */
int ifd_hwpt_alloc(int fd, struct ictl_iommu_hwpt_alloc *cmd);
/*
 * Inputs: flags, dev_id, data_len, data_uptr, and in_data_type only with
 * ICTL_IOMMU_HW_INFO_FLAG_INPUT_TYPE (the field shares storage with
 * out_data_type, so a reused struct would otherwise resend the old output).
 * Decode only min(data_len in, data_len out) bytes of the data.
 */
int ifd_get_hw_info(int fd, struct ictl_iommu_hw_info *cmd);
int ifd_hwpt_set_dirty_tracking(int fd, uint32_t hwpt_id, bool enable);
/* flags: ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR; bitmap: a bit per page. */
int ifd_hwpt_get_dirty_bitmap(int fd, uint32_t hwpt_id, uint32_t flags, uint64_t iova,
			      uint64_t length, uint64_t page_size, uint64_t *bitmap);
/*
 * id: a nested HWPT or a vIOMMU. *entry_num: in, the entries; out, always
 * (success or failure) the number handled, so a failure at entry k leaves k.
 * When the kernel never reached the handler (ENOTTY, EBADF) it is 0.
 */
int ifd_hwpt_invalidate(int fd, uint32_t id, uint32_t data_type, const void *entries,
			uint32_t entry_len, uint32_t *entry_num);
int ifd_fault_queue_alloc(int fd, uint32_t *out_fault_id, int *out_fault_fd);
/* data (in/out driver data) may be NULL with data_len 0. */
int ifd_viommu_alloc(int fd, uint32_t type, uint32_t dev_id, uint32_t hwpt_id, void *data,
		     uint32_t data_len, uint32_t *out_viommu_id);
int ifd_vdevice_alloc(int fd, uint32_t viommu_id, uint32_t dev_id, uint64_t virt_id,
		      uint32_t *out_vdevice_id);
int ifd_ioas_change_process(int fd);
int ifd_veventq_alloc(int fd, uint32_t viommu_id, uint32_t type, uint32_t depth,
		      uint32_t *out_veventq_id, int *out_veventq_fd);
int ifd_hw_queue_alloc(int fd, uint32_t viommu_id, uint32_t type, uint32_t index,
		       uint64_t nesting_parent_iova, uint64_t length, uint32_t *out_hw_queue_id);

/*
 * The selftest mock driver. Inputs: op, id and the union; returns the
 * ioctl result (DMABUF_GET: the dma-buf fd) or -errno.
 */
int ifd_test_cmd(int fd, struct ictl_iommu_test_cmd *cmd);

/* ---- VFIO device cdev ---- */
int vfio_bind_iommufd(int devfd, int iommufd, uint32_t *out_devid);
/* With a 16-byte VF token (ICTL_VFIO_DEVICE_BIND_FLAG_TOKEN). */
int vfio_bind_iommufd_token(int devfd, int iommufd, const uint8_t token[16],
			    uint32_t *out_devid);
/*
 * Attach (or replace) the RID (pasid IFD_NO_PASID) or a PASID to an IOAS or
 * HWPT; *out_pt (may be NULL) gets the HWPT actually attached. PASID 0 would
 * alias the RID in the kernel: callers must refuse it (reference §6.3).
 */
int vfio_attach_pt(int devfd, uint32_t pt_id, uint32_t pasid, uint32_t *out_pt);
int vfio_detach_pt(int devfd, uint32_t pasid);
/* The fixed part only (no capability chain). */
int vfio_device_get_info(int devfd, struct ictl_vfio_device_info *info);
int vfio_region_info(int devfd, uint32_t index, struct ictl_vfio_region_info *info);
/*
 * flags: feature index | ICTL_VFIO_DEVICE_FEATURE_GET/SET/PROBE; data/len
 * the feature's payload, copied back after the call. Returns the ioctl
 * result (DMA_BUF: the dma-buf fd) or -errno.
 */
int vfio_device_feature(int devfd, uint32_t flags, void *data, size_t len);

#endif
