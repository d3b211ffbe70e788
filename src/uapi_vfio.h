/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VFIO device cdev ioctls iommuctl uses (/dev/vfio/devices/vfioN),
 * Linux 7.2, from the reference §6. Naming as in uapi_iommufd.h.
 *
 * VFIO shares the ';' type with iommufd, numbered from 100 (0x64); the
 * header comments say _IOR/_IOW but the numbers are plain _IO.
 */
#ifndef IOMMUCTL_UAPI_VFIO_H
#define IOMMUCTL_UAPI_VFIO_H

#include "uapi_iommufd.h"

#define ICTL_VFIO_TYPE		';'
#define ICTL_VFIO_BASE		100

#define ICTL_VFIO_DEVICE_GET_INFO		_IO(ICTL_VFIO_TYPE, ICTL_VFIO_BASE + 7)
#define ICTL_VFIO_DEVICE_GET_REGION_INFO	_IO(ICTL_VFIO_TYPE, ICTL_VFIO_BASE + 8)
#define ICTL_VFIO_DEVICE_FEATURE		_IO(ICTL_VFIO_TYPE, ICTL_VFIO_BASE + 17)
#define ICTL_VFIO_DEVICE_BIND_IOMMUFD		_IO(ICTL_VFIO_TYPE, ICTL_VFIO_BASE + 18)
#define ICTL_VFIO_DEVICE_ATTACH_IOMMUFD_PT	_IO(ICTL_VFIO_TYPE, ICTL_VFIO_BASE + 19)
#define ICTL_VFIO_DEVICE_DETACH_IOMMUFD_PT	_IO(ICTL_VFIO_TYPE, ICTL_VFIO_BASE + 20)

/* ---- VFIO_DEVICE_BIND_IOMMUFD (0x3b76): before it, every other ioctl is EINVAL ---- */
#define ICTL_VFIO_DEVICE_BIND_FLAG_TOKEN	(1U << 0)

struct ictl_vfio_device_bind_iommufd {
	uint32_t argsz;
	uint32_t flags;
	int32_t iommufd;
	uint32_t out_devid;	/* the dev_id of every iommufd ioctl */
	ictl_aligned_u64 token_uuid_ptr;	/* 16-byte VF token, with FLAG_TOKEN */
};
ICTL_SIZE(ictl_vfio_device_bind_iommufd, 24);
ICTL_OFF(ictl_vfio_device_bind_iommufd, flags, 4);
ICTL_OFF(ictl_vfio_device_bind_iommufd, iommufd, 8);
ICTL_OFF(ictl_vfio_device_bind_iommufd, out_devid, 12);
ICTL_OFF(ictl_vfio_device_bind_iommufd, token_uuid_ptr, 16);
#define ICTL_VFIO_DEVICE_BIND_IOMMUFD_SIZE_MIN	16
_Static_assert(ICTL_END(ictl_vfio_device_bind_iommufd, out_devid) ==
	       ICTL_VFIO_DEVICE_BIND_IOMMUFD_SIZE_MIN, "bind min size");

/* ---- VFIO_DEVICE_ATTACH_IOMMUFD_PT (0x3b77) ---- */
#define ICTL_VFIO_DEVICE_ATTACH_PASID	(1U << 0)

/* A second attach on the same RID or PASID is a replace. */
struct ictl_vfio_device_attach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pt_id;		/* in: IOAS or HWPT; out: the HWPT attached */
	uint32_t pasid;		/* read only with ATTACH_PASID; 0 would be the RID */
};
ICTL_SIZE(ictl_vfio_device_attach_iommufd_pt, 16);
ICTL_OFF(ictl_vfio_device_attach_iommufd_pt, flags, 4);
ICTL_OFF(ictl_vfio_device_attach_iommufd_pt, pt_id, 8);
ICTL_OFF(ictl_vfio_device_attach_iommufd_pt, pasid, 12);
#define ICTL_VFIO_DEVICE_ATTACH_IOMMUFD_PT_SIZE_MIN	12	/* 16 with the flag */
_Static_assert(ICTL_END(ictl_vfio_device_attach_iommufd_pt, pt_id) ==
	       ICTL_VFIO_DEVICE_ATTACH_IOMMUFD_PT_SIZE_MIN, "attach min size");

/* ---- VFIO_DEVICE_DETACH_IOMMUFD_PT (0x3b78) ---- */
#define ICTL_VFIO_DEVICE_DETACH_PASID	(1U << 0)

/* Detaching a PASID that is not attached succeeds. */
struct ictl_vfio_device_detach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pasid;
};
ICTL_SIZE(ictl_vfio_device_detach_iommufd_pt, 12);
ICTL_OFF(ictl_vfio_device_detach_iommufd_pt, flags, 4);
ICTL_OFF(ictl_vfio_device_detach_iommufd_pt, pasid, 8);
#define ICTL_VFIO_DEVICE_DETACH_IOMMUFD_PT_SIZE_MIN	8
_Static_assert(ICTL_END(ictl_vfio_device_detach_iommufd_pt, flags) ==
	       ICTL_VFIO_DEVICE_DETACH_IOMMUFD_PT_SIZE_MIN, "detach min size");

/* ---- VFIO_DEVICE_GET_INFO (0x3b6b) ---- */
#define ICTL_VFIO_DEVICE_FLAGS_RESET	(1U << 0)
#define ICTL_VFIO_DEVICE_FLAGS_PCI	(1U << 1)
#define ICTL_VFIO_DEVICE_FLAGS_PLATFORM	(1U << 2)
#define ICTL_VFIO_DEVICE_FLAGS_AMBA	(1U << 3)
#define ICTL_VFIO_DEVICE_FLAGS_CCW	(1U << 4)
#define ICTL_VFIO_DEVICE_FLAGS_AP	(1U << 5)
#define ICTL_VFIO_DEVICE_FLAGS_FSL_MC	(1U << 6)
#define ICTL_VFIO_DEVICE_FLAGS_CAPS	(1U << 7)	/* cap_offset is valid */
#define ICTL_VFIO_DEVICE_FLAGS_CDX	(1U << 8)

/* No PASID or PRI capability here: use IOMMU_GET_HW_INFO. */
struct ictl_vfio_device_info {
	uint32_t argsz;
	uint32_t flags;
	uint32_t num_regions;
	uint32_t num_irqs;
	uint32_t cap_offset;	/* into the argsz buffer, with FLAGS_CAPS */
	uint32_t pad;
};
ICTL_SIZE(ictl_vfio_device_info, 24);
ICTL_OFF(ictl_vfio_device_info, flags, 4);
ICTL_OFF(ictl_vfio_device_info, num_regions, 8);
ICTL_OFF(ictl_vfio_device_info, num_irqs, 12);
ICTL_OFF(ictl_vfio_device_info, cap_offset, 16);
ICTL_OFF(ictl_vfio_device_info, pad, 20);

/* ---- VFIO_DEVICE_GET_REGION_INFO (0x3b6c): where a region is in the device fd ---- */
#define ICTL_VFIO_REGION_INFO_FLAG_READ		(1U << 0)
#define ICTL_VFIO_REGION_INFO_FLAG_WRITE	(1U << 1)
#define ICTL_VFIO_REGION_INFO_FLAG_MMAP		(1U << 2)
#define ICTL_VFIO_REGION_INFO_FLAG_CAPS		(1U << 3)

/* vfio-pci region indexes: BARs 0-5, then the ROM, config space, VGA. */
#define ICTL_VFIO_PCI_BAR0_REGION_INDEX		0
#define ICTL_VFIO_PCI_CONFIG_REGION_INDEX	7

struct ictl_vfio_region_info {
	uint32_t argsz;
	uint32_t flags;		/* out: FLAG_* */
	uint32_t index;		/* in */
	uint32_t cap_offset;	/* out, with FLAG_CAPS */
	ictl_aligned_u64 size;	/* out: bytes, 0 if the region does not exist */
	ictl_aligned_u64 offset;	/* out: pread/pwrite/mmap offset in the device fd */
};
ICTL_SIZE(ictl_vfio_region_info, 32);
ICTL_OFF(ictl_vfio_region_info, index, 8);
ICTL_OFF(ictl_vfio_region_info, size, 16);
ICTL_OFF(ictl_vfio_region_info, offset, 24);

/* Capability chain header (not laid out in the reference; standard VFIO). */
struct ictl_vfio_info_cap_header {
	uint16_t id;
	uint16_t version;
	uint32_t next;		/* offset of the next one in the buffer, 0: end */
};
ICTL_SIZE(ictl_vfio_info_cap_header, 8);
ICTL_OFF(ictl_vfio_info_cap_header, version, 2);
ICTL_OFF(ictl_vfio_info_cap_header, next, 4);

/* Device-info capability ids: 1-4 are s390 zPCI. */
#define ICTL_VFIO_DEVICE_INFO_CAP_ZPCI_BASE		1
#define ICTL_VFIO_DEVICE_INFO_CAP_ZPCI_GROUP		2
#define ICTL_VFIO_DEVICE_INFO_CAP_ZPCI_UTIL		3
#define ICTL_VFIO_DEVICE_INFO_CAP_ZPCI_PFIP		4
#define ICTL_VFIO_DEVICE_INFO_CAP_PCI_ATOMIC_COMP	5

#define ICTL_VFIO_PCI_ATOMIC_COMP32	(1U << 0)
#define ICTL_VFIO_PCI_ATOMIC_COMP64	(1U << 1)
#define ICTL_VFIO_PCI_ATOMIC_COMP128	(1U << 2)

struct ictl_vfio_device_info_cap_pci_atomic_comp {
	struct ictl_vfio_info_cap_header header;
	uint32_t flags;
	uint32_t reserved;
};
ICTL_SIZE(ictl_vfio_device_info_cap_pci_atomic_comp, 16);
ICTL_OFF(ictl_vfio_device_info_cap_pci_atomic_comp, flags, 8);
ICTL_OFF(ictl_vfio_device_info_cap_pci_atomic_comp, reserved, 12);

/* ---- VFIO_DEVICE_FEATURE (0x3b75) ---- */
#define ICTL_VFIO_DEVICE_FEATURE_MASK	0xffffU	/* the feature index */
#define ICTL_VFIO_DEVICE_FEATURE_GET	(1U << 16)
#define ICTL_VFIO_DEVICE_FEATURE_SET	(1U << 17)
#define ICTL_VFIO_DEVICE_FEATURE_PROBE	(1U << 18)

#define ICTL_VFIO_DEVICE_FEATURE_PCI_VF_TOKEN		0	/* 16-byte UUID, SET on the PF */
#define ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_START	6
#define ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP	7
#define ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT	8
#define ICTL_VFIO_DEVICE_FEATURE_DMA_BUF		11	/* returns the fd */

struct ictl_vfio_device_feature {
	uint32_t argsz;		/* header plus data */
	uint32_t flags;		/* feature index | GET/SET/PROBE */
	uint8_t data[];
};
ICTL_SIZE(ictl_vfio_device_feature, 8);
ICTL_OFF(ictl_vfio_device_feature, flags, 4);
ICTL_OFF(ictl_vfio_device_feature, data, 8);

struct ictl_vfio_device_feature_dma_logging_range {
	ictl_aligned_u64 iova;
	ictl_aligned_u64 length;
};
ICTL_SIZE(ictl_vfio_device_feature_dma_logging_range, 16);
ICTL_OFF(ictl_vfio_device_feature_dma_logging_range, length, 8);

/* DMA_LOGGING_START / STOP */
struct ictl_vfio_device_feature_dma_logging_control {
	ictl_aligned_u64 page_size;
	uint32_t num_ranges;
	uint32_t reserved;
	ictl_aligned_u64 ranges;	/* dma_logging_range[num_ranges] */
};
ICTL_SIZE(ictl_vfio_device_feature_dma_logging_control, 24);
ICTL_OFF(ictl_vfio_device_feature_dma_logging_control, num_ranges, 8);
ICTL_OFF(ictl_vfio_device_feature_dma_logging_control, reserved, 12);
ICTL_OFF(ictl_vfio_device_feature_dma_logging_control, ranges, 16);

/* DMA_LOGGING_REPORT */
struct ictl_vfio_device_feature_dma_logging_report {
	ictl_aligned_u64 iova;
	ictl_aligned_u64 length;
	ictl_aligned_u64 page_size;
	ictl_aligned_u64 bitmap;
};
ICTL_SIZE(ictl_vfio_device_feature_dma_logging_report, 32);
ICTL_OFF(ictl_vfio_device_feature_dma_logging_report, length, 8);
ICTL_OFF(ictl_vfio_device_feature_dma_logging_report, page_size, 16);
ICTL_OFF(ictl_vfio_device_feature_dma_logging_report, bitmap, 24);

struct ictl_vfio_region_dma_range {
	ictl_aligned_u64 offset;
	ictl_aligned_u64 length;
};
ICTL_SIZE(ictl_vfio_region_dma_range, 16);
ICTL_OFF(ictl_vfio_region_dma_range, length, 8);

/* DMA_BUF (GET): a dma-buf over BAR ranges; single-range ones can MAP_FILE. */
struct ictl_vfio_device_feature_dma_buf {
	uint32_t region_index;
	uint32_t open_flags;
	uint32_t flags;		/* 0 */
	uint32_t nr_ranges;
	struct ictl_vfio_region_dma_range dma_ranges[];
};
ICTL_SIZE(ictl_vfio_device_feature_dma_buf, 16);
ICTL_OFF(ictl_vfio_device_feature_dma_buf, open_flags, 4);
ICTL_OFF(ictl_vfio_device_feature_dma_buf, flags, 8);
ICTL_OFF(ictl_vfio_device_feature_dma_buf, nr_ranges, 12);
ICTL_OFF(ictl_vfio_device_feature_dma_buf, dma_ranges, 16);

#endif
