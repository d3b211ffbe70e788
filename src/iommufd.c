// SPDX-License-Identifier: GPL-2.0-only
/* Typed iommufd and VFIO cdev ioctl wrappers: see iommufd.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "iommufd.h"
#include "trace.h"

#define PTR64(p)	((uint64_t)(uintptr_t)(p))

/* The one place an ioctl is issued: result or -errno, traced with -d. */
static int ifd_call(int fd, unsigned long cmd, void *arg, size_t size)
{
	uint8_t small[128], *before = NULL;
	int r;

	if (opts.debug) {
		before = size <= sizeof(small) ? small : malloc(size);
		if (before)
			memcpy(before, arg, size);
	}
	r = ioctl(fd, cmd, arg);
	if (r < 0)
		r = -errno;
	if (before) {
		trace_ioctl(cmd, before, arg, size, r);
		if (before != small)
			free(before);
	}
	return r;
}

int ifd_open(void)
{
	char path[PATH_MAX];
	int fd;

	if (opts.iommufd_fd >= 0)
		return fcntl(opts.iommufd_fd, F_GETFD) < 0 ? -errno : opts.iommufd_fd;
	if (snprintf(path, sizeof(path), "%s/iommu", opts.dev_root ? opts.dev_root : "/dev") >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* ---- iommufd ---- */

int ifd_probe(int fd, unsigned long cmd)
{
	uint64_t zero[16] = { 0 };	/* size 0; room for the tracer's decoding */

	return ifd_call(fd, cmd, zero, sizeof(zero));
}

int ifd_destroy(int fd, uint32_t id)
{
	struct ictl_iommu_destroy c = { .size = sizeof(c), .id = id };

	return ifd_call(fd, ICTL_IOMMU_DESTROY, &c, sizeof(c));
}

int ifd_ioas_alloc(int fd, uint32_t *out_ioas_id)
{
	struct ictl_iommu_ioas_alloc c = { .size = sizeof(c) };
	int r = ifd_call(fd, ICTL_IOMMU_IOAS_ALLOC, &c, sizeof(c));

	if (r >= 0)
		*out_ioas_id = c.out_ioas_id;
	return r;
}

int ifd_ioas_iova_ranges(int fd, uint32_t ioas_id, struct ictl_iommu_iova_range *ranges,
			 uint32_t *num, uint64_t *out_alignment)
{
	struct ictl_iommu_ioas_iova_ranges c = {
		.size = sizeof(c),
		.ioas_id = ioas_id,
		.num_iovas = *num,
		.allowed_iovas = PTR64(ranges),
	};
	int r = ifd_call(fd, ICTL_IOMMU_IOAS_IOVA_RANGES, &c, sizeof(c));

	/* EMSGSIZE writes back the count needed (and the alignment). */
	if (r >= 0 || r == -EMSGSIZE)
		*num = c.num_iovas;
	if ((r >= 0 || r == -EMSGSIZE) && out_alignment)
		*out_alignment = c.out_iova_alignment;
	return r;
}

int ifd_ioas_allow_iovas(int fd, uint32_t ioas_id, const struct ictl_iommu_iova_range *ranges,
			 uint32_t num)
{
	struct ictl_iommu_ioas_allow_iovas c = {
		.size = sizeof(c),
		.ioas_id = ioas_id,
		.num_iovas = num,
		.allowed_iovas = PTR64(ranges),
	};

	return ifd_call(fd, ICTL_IOMMU_IOAS_ALLOW_IOVAS, &c, sizeof(c));
}

int ifd_ioas_map(int fd, uint32_t ioas_id, uint32_t flags, const void *va, uint64_t length,
		 uint64_t *iova)
{
	struct ictl_iommu_ioas_map c = {
		.size = sizeof(c),
		.flags = flags,
		.ioas_id = ioas_id,
		.user_va = PTR64(va),
		.length = length,
		.iova = *iova,
	};
	int r = ifd_call(fd, ICTL_IOMMU_IOAS_MAP, &c, sizeof(c));

	if (r >= 0)
		*iova = c.iova;
	return r;
}

int ifd_ioas_map_file(int fd, uint32_t ioas_id, uint32_t flags, int file_fd, uint64_t start,
		      uint64_t length, uint64_t *iova)
{
	struct ictl_iommu_ioas_map_file c = {
		.size = sizeof(c),
		.flags = flags,
		.ioas_id = ioas_id,
		.fd = file_fd,
		.start = start,
		.length = length,
		.iova = *iova,
	};
	int r = ifd_call(fd, ICTL_IOMMU_IOAS_MAP_FILE, &c, sizeof(c));

	if (r >= 0)
		*iova = c.iova;
	return r;
}

int ifd_ioas_copy(int fd, uint32_t flags, uint32_t dst_ioas_id, uint64_t *dst_iova,
		  uint32_t src_ioas_id, uint64_t src_iova, uint64_t length)
{
	struct ictl_iommu_ioas_copy c = {
		.size = sizeof(c),
		.flags = flags,
		.dst_ioas_id = dst_ioas_id,
		.src_ioas_id = src_ioas_id,
		.length = length,
		.dst_iova = *dst_iova,
		.src_iova = src_iova,
	};
	int r = ifd_call(fd, ICTL_IOMMU_IOAS_COPY, &c, sizeof(c));

	if (r >= 0)
		*dst_iova = c.dst_iova;
	return r;
}

int ifd_ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t length,
		   uint64_t *out_unmapped)
{
	struct ictl_iommu_ioas_unmap c = {
		.size = sizeof(c),
		.ioas_id = ioas_id,
		.iova = iova,
		.length = length,
	};
	int r = ifd_call(fd, ICTL_IOMMU_IOAS_UNMAP, &c, sizeof(c));

	if (r >= 0 && out_unmapped)
		*out_unmapped = c.length;
	return r;
}

int ifd_option(int fd, uint32_t option_id, uint16_t op, uint32_t object_id, uint64_t *val64)
{
	struct ictl_iommu_option c = {
		.size = sizeof(c),
		.option_id = option_id,
		.op = op,
		.object_id = object_id,
		.val64 = op == ICTL_IOMMU_OPTION_OP_SET ? *val64 : 0,
	};
	int r = ifd_call(fd, ICTL_IOMMU_OPTION, &c, sizeof(c));

	if (r >= 0 && op == ICTL_IOMMU_OPTION_OP_GET)
		*val64 = c.val64;
	return r;
}

int ifd_vfio_ioas(int fd, uint16_t op, uint32_t *ioas_id)
{
	struct ictl_iommu_vfio_ioas c = {
		.size = sizeof(c),
		.ioas_id = op == ICTL_IOMMU_VFIO_IOAS_SET ? *ioas_id : 0,
		.op = op,
	};
	int r = ifd_call(fd, ICTL_IOMMU_VFIO_IOAS, &c, sizeof(c));

	if (r >= 0 && op == ICTL_IOMMU_VFIO_IOAS_GET)
		*ioas_id = c.ioas_id;
	return r;
}

int ifd_hwpt_alloc(int fd, struct ictl_iommu_hwpt_alloc *cmd)
{
	struct ictl_iommu_hwpt_alloc c = {
		.size = sizeof(c),
		.flags = cmd->flags,
		.dev_id = cmd->dev_id,
		.pt_id = cmd->pt_id,
		.data_type = cmd->data_type,
		.data_len = cmd->data_len,
		.data_uptr = cmd->data_uptr,
		.fault_id = cmd->fault_id,
	};
	int r = ifd_call(fd, ICTL_IOMMU_HWPT_ALLOC, &c, sizeof(c));

	*cmd = c;
	return r;
}

int ifd_get_hw_info(int fd, struct ictl_iommu_hw_info *cmd)
{
	struct ictl_iommu_hw_info c = {
		.size = sizeof(c),
		.flags = cmd->flags,
		.dev_id = cmd->dev_id,
		.data_len = cmd->data_len,
		.data_uptr = cmd->data_uptr,
	};
	int r;

	if (cmd->flags & ICTL_IOMMU_HW_INFO_FLAG_INPUT_TYPE)
		c.in_data_type = cmd->in_data_type;
	r = ifd_call(fd, ICTL_IOMMU_GET_HW_INFO, &c, sizeof(c));
	*cmd = c;
	return r;
}

int ifd_hwpt_set_dirty_tracking(int fd, uint32_t hwpt_id, bool enable)
{
	struct ictl_iommu_hwpt_set_dirty_tracking c = {
		.size = sizeof(c),
		.flags = enable ? ICTL_IOMMU_HWPT_DIRTY_TRACKING_ENABLE : 0,
		.hwpt_id = hwpt_id,
	};

	return ifd_call(fd, ICTL_IOMMU_HWPT_SET_DIRTY_TRACKING, &c, sizeof(c));
}

int ifd_hwpt_get_dirty_bitmap(int fd, uint32_t hwpt_id, uint32_t flags, uint64_t iova,
			      uint64_t length, uint64_t page_size, uint64_t *bitmap)
{
	struct ictl_iommu_hwpt_get_dirty_bitmap c = {
		.size = sizeof(c),
		.hwpt_id = hwpt_id,
		.flags = flags,
		.iova = iova,
		.length = length,
		.page_size = page_size,
		.data = PTR64(bitmap),
	};

	return ifd_call(fd, ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP, &c, sizeof(c));
}

int ifd_hwpt_invalidate(int fd, uint32_t id, uint32_t data_type, const void *entries,
			uint32_t entry_len, uint32_t *entry_num)
{
	struct ictl_iommu_hwpt_invalidate c = {
		.size = sizeof(c),
		.hwpt_id = id,
		.data_uptr = PTR64(entries),
		.data_type = data_type,
		.entry_len = entry_len,
		.entry_num = *entry_num,
	};
	int r = ifd_call(fd, ICTL_IOMMU_HWPT_INVALIDATE, &c, sizeof(c));

	/* The kernel writes entry_num back on every path it reaches; these
	 * two errors come before it, where c still holds our input. */
	if (r == -ENOTTY || r == -EBADF)
		c.entry_num = 0;
	*entry_num = c.entry_num;
	return r;
}

int ifd_fault_queue_alloc(int fd, uint32_t *out_fault_id, int *out_fault_fd)
{
	struct ictl_iommu_fault_alloc c = { .size = sizeof(c) };
	int r = ifd_call(fd, ICTL_IOMMU_FAULT_QUEUE_ALLOC, &c, sizeof(c));

	if (r >= 0) {
		*out_fault_id = c.out_fault_id;
		*out_fault_fd = (int)c.out_fault_fd;
	}
	return r;
}

int ifd_viommu_alloc(int fd, uint32_t type, uint32_t dev_id, uint32_t hwpt_id, void *data,
		     uint32_t data_len, uint32_t *out_viommu_id)
{
	struct ictl_iommu_viommu_alloc c = {
		.size = sizeof(c),
		.type = type,
		.dev_id = dev_id,
		.hwpt_id = hwpt_id,
		.data_len = data_len,
		.data_uptr = PTR64(data),
	};
	int r = ifd_call(fd, ICTL_IOMMU_VIOMMU_ALLOC, &c, sizeof(c));

	if (r >= 0)
		*out_viommu_id = c.out_viommu_id;
	return r;
}

int ifd_vdevice_alloc(int fd, uint32_t viommu_id, uint32_t dev_id, uint64_t virt_id,
		      uint32_t *out_vdevice_id)
{
	struct ictl_iommu_vdevice_alloc c = {
		.size = sizeof(c),
		.viommu_id = viommu_id,
		.dev_id = dev_id,
		.virt_id = virt_id,
	};
	int r = ifd_call(fd, ICTL_IOMMU_VDEVICE_ALLOC, &c, sizeof(c));

	if (r >= 0)
		*out_vdevice_id = c.out_vdevice_id;
	return r;
}

int ifd_ioas_change_process(int fd)
{
	struct ictl_iommu_ioas_change_process c = { .size = sizeof(c) };

	return ifd_call(fd, ICTL_IOMMU_IOAS_CHANGE_PROCESS, &c, sizeof(c));
}

int ifd_veventq_alloc(int fd, uint32_t viommu_id, uint32_t type, uint32_t depth,
		      uint32_t *out_veventq_id, int *out_veventq_fd)
{
	struct ictl_iommu_veventq_alloc c = {
		.size = sizeof(c),
		.viommu_id = viommu_id,
		.type = type,
		.veventq_depth = depth,
	};
	int r = ifd_call(fd, ICTL_IOMMU_VEVENTQ_ALLOC, &c, sizeof(c));

	if (r >= 0) {
		*out_veventq_id = c.out_veventq_id;
		*out_veventq_fd = (int)c.out_veventq_fd;
	}
	return r;
}

int ifd_hw_queue_alloc(int fd, uint32_t viommu_id, uint32_t type, uint32_t index,
		       uint64_t nesting_parent_iova, uint64_t length, uint32_t *out_hw_queue_id)
{
	struct ictl_iommu_hw_queue_alloc c = {
		.size = sizeof(c),
		.viommu_id = viommu_id,
		.type = type,
		.index = index,
		.nesting_parent_iova = nesting_parent_iova,
		.length = length,
	};
	int r = ifd_call(fd, ICTL_IOMMU_HW_QUEUE_ALLOC, &c, sizeof(c));

	if (r >= 0)
		*out_hw_queue_id = c.out_hw_queue_id;
	return r;
}

int ifd_test_cmd(int fd, struct ictl_iommu_test_cmd *cmd)
{
	struct ictl_iommu_test_cmd c = {
		.size = sizeof(c),
		.op = cmd->op,
		.id = cmd->id,
	};
	int r;

	/* The union as given: which member is meant depends on op. */
	memcpy(&c.add_reserved, &cmd->add_reserved,
	       offsetof(struct ictl_iommu_test_cmd, last) -
	       offsetof(struct ictl_iommu_test_cmd, add_reserved));
	r = ifd_call(fd, ICTL_IOMMU_TEST_CMD, &c, sizeof(c));
	*cmd = c;
	return r;
}

/* ---- VFIO device cdev ---- */

int vfio_bind_iommufd_token(int devfd, int iommufd, const uint8_t token[16],
			    uint32_t *out_devid)
{
	struct ictl_vfio_device_bind_iommufd c = {
		.argsz = sizeof(c),
		.flags = token ? ICTL_VFIO_DEVICE_BIND_FLAG_TOKEN : 0,
		.iommufd = iommufd,
		.token_uuid_ptr = PTR64(token),
	};
	int r = ifd_call(devfd, ICTL_VFIO_DEVICE_BIND_IOMMUFD, &c, sizeof(c));

	if (r >= 0)
		*out_devid = c.out_devid;
	return r;
}

int vfio_bind_iommufd(int devfd, int iommufd, uint32_t *out_devid)
{
	return vfio_bind_iommufd_token(devfd, iommufd, NULL, out_devid);
}

int vfio_attach_pt(int devfd, uint32_t pt_id, uint32_t pasid, uint32_t *out_pt)
{
	struct ictl_vfio_device_attach_iommufd_pt c = {
		.argsz = sizeof(c),
		.pt_id = pt_id,
	};
	int r;

	if (pasid != IFD_NO_PASID) {
		c.flags = ICTL_VFIO_DEVICE_ATTACH_PASID;
		c.pasid = pasid;
	}
	r = ifd_call(devfd, ICTL_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &c, sizeof(c));
	if (r >= 0 && out_pt)
		*out_pt = c.pt_id;
	return r;
}

int vfio_detach_pt(int devfd, uint32_t pasid)
{
	struct ictl_vfio_device_detach_iommufd_pt c = { .argsz = sizeof(c) };

	if (pasid != IFD_NO_PASID) {
		c.flags = ICTL_VFIO_DEVICE_DETACH_PASID;
		c.pasid = pasid;
	}
	return ifd_call(devfd, ICTL_VFIO_DEVICE_DETACH_IOMMUFD_PT, &c, sizeof(c));
}

int vfio_device_get_info(int devfd, struct ictl_vfio_device_info *info)
{
	struct ictl_vfio_device_info c = { .argsz = sizeof(c) };
	int r = ifd_call(devfd, ICTL_VFIO_DEVICE_GET_INFO, &c, sizeof(c));

	*info = c;
	return r;
}

int vfio_region_info(int devfd, uint32_t index, struct ictl_vfio_region_info *info)
{
	struct ictl_vfio_region_info c = { .argsz = sizeof(c), .index = index };
	int r = ifd_call(devfd, ICTL_VFIO_DEVICE_GET_REGION_INFO, &c, sizeof(c));

	*info = c;
	return r;
}

int vfio_device_feature(int devfd, uint32_t flags, void *data, size_t len)
{
	struct ictl_vfio_device_feature *c;
	size_t argsz = sizeof(*c) + len;
	int r;

	if (len > UINT32_MAX - sizeof(*c))
		return -EINVAL;
	c = calloc(1, argsz);
	if (!c)
		return -ENOMEM;
	c->argsz = (uint32_t)argsz;
	c->flags = flags;
	if (len)
		memcpy(c->data, data, len);
	r = ifd_call(devfd, ICTL_VFIO_DEVICE_FEATURE, c, argsz);
	if (r >= 0 && len)
		memcpy(data, c->data, len);
	free(c);
	return r;
}
