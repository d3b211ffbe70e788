// SPDX-License-Identifier: GPL-2.0-only
/* Kernel error sentences: see kerrors.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "kerrors.h"

#define U EXIT_UNSUPPORTED
#define F EXIT_FAILED

struct kerr {
	int err;
	enum exit_code code;
	const char *why;
};

struct kioctl {
	const char *name;
	const char *since;	/* reference §10; NULL if it does not say */
	const char *enotty;	/* instead of "not supported by this kernel" */
	const struct kerr *errs;	/* ends with err == 0 */
};

static const struct kerr e_destroy[] = {
	{ ENOENT, F, "no object with that id in this iommufd (already destroyed, a vDEVICE "
		     "whose device went away, or a device id: devices belong to VFIO or the "
		     "selftest object and cannot be destroyed)" },
	{ EBUSY, F, "another object still uses it; destroy dependants first (vDEVICEs, "
		    "nested HWPTs, vEVENTQs, HW queues from the highest index, then the vIOMMU, "
		    "the parent HWPT, the IOAS), detach devices, or unmap the vIOMMU's mmap" },
	{ 0, 0, NULL }
};

static const struct kerr e_ioas_alloc[] = {
	{ EOPNOTSUPP, F, "flags must be 0" },
	{ 0, 0, NULL }
};

static const struct kerr e_iova_ranges[] = {
	{ EMSGSIZE, F, "the range buffer is too small; num_iovas now holds the count needed" },
	{ ENOENT, F, "no IOAS with that id in this iommufd" },
	{ EOPNOTSUPP, F, "the reserved field must be 0" },
	{ 0, 0, NULL }
};

static const struct kerr e_allow_iovas[] = {
	{ EINVAL, F, "a range has start >= last, ranges overlap, or the IOAS already has "
		     "mappings or reserved ranges outside the new list" },
	{ ENOENT, F, "no IOAS with that id in this iommufd" },
	{ EOPNOTSUPP, F, "the reserved field must be 0" },
	{ 0, 0, NULL }
};

static const struct kerr e_ioas_map[] = {
	{ EINVAL, F, "neither readable nor writeable was asked for, or the fixed IOVA is not "
		     "aligned to the IOAS's iova_alignment or hits a reserved range" },
	{ EEXIST, F, "the fixed IOVA range overlaps an existing mapping" },
	{ ENOSPC, F, "no free IOVA space is left for an automatic IOVA" },
	{ EOVERFLOW, F, "iova or length is too large" },
	{ EFAULT, F, "the user address range is not mapped memory of this process" },
	{ ENOMEM, F, "pinning failed: out of memory, or over RLIMIT_MEMLOCK (ulimit -l)" },
	{ ENOENT, F, "no IOAS with that id in this iommufd" },
	{ EOPNOTSUPP, F, "unknown map flag" },
	{ 0, 0, NULL }
};

static const struct kerr e_ioas_map_file[] = {
	{ EINVAL, F, "length 0, neither readable nor writeable, a misaligned or reserved "
		     "fixed IOVA, or a file that cannot be mapped (only memfds and "
		     "single-range dma-bufs can)" },
	{ EBADF, F, "the file descriptor to map is not open" },
	{ EPERM, F, "a writeable mapping of a file opened without write access" },
	{ EEXIST, F, "the fixed IOVA range overlaps an existing mapping" },
	{ ENOSPC, F, "no free IOVA space is left for an automatic IOVA" },
	{ ENOMEM, F, "pinning failed: out of memory, or over RLIMIT_MEMLOCK (ulimit -l)" },
	{ ENOENT, F, "no IOAS with that id in this iommufd" },
	{ EOPNOTSUPP, F, "unknown map flag" },
	{ 0, 0, NULL }
};

static const struct kerr e_ioas_copy[] = {
	{ ENOENT, F, "unknown IOAS id, or src_iova..+length is not wholly mapped "
		     "in the source IOAS" },
	{ EINVAL, F, "the destination IOVA is misaligned or reserved" },
	{ EEXIST, F, "the destination range overlaps an existing mapping" },
	{ ENOSPC, F, "no free IOVA space is left in the destination IOAS" },
	{ 0, 0, NULL }
};

static const struct kerr e_ioas_unmap[] = {
	{ ENOENT, F, "nothing is mapped there, or the range cuts through a mapping (unmap "
		     "whole mappings)" },
	{ EBUSY, F, "the range is pinned by an access or a HW queue, or is being changed "
		    "concurrently" },
	{ 0, 0, NULL }
};

static const struct kerr e_option[] = {
	{ EPERM, F, "setting RLIMIT_MODE needs CAP_SYS_RESOURCE" },
	{ EBUSY, F, "RLIMIT_MODE can only change while this iommufd has no objects" },
	{ EINVAL, F, "the value must be 0 or 1" },
	{ ENOENT, F, "HUGE_PAGES needs an IOAS id as object" },
	{ EOPNOTSUPP, F, "unknown option or op, or an object id for the global RLIMIT_MODE" },
	{ 0, 0, NULL }
};

static const struct kerr e_vfio_ioas[] = {
	{ ENODEV, F, "no compat IOAS has been set for the VFIO container emulation" },
	{ ENOENT, F, "no IOAS with that id in this iommufd" },
	{ EOPNOTSUPP, F, "unknown op" },
	{ 0, 0, NULL }
};

static const struct kerr e_hwpt_alloc[] = {
	{ EINVAL, F, "unknown pt_id (HWPT_ALLOC answers EINVAL, not ENOENT, for a bad id) or "
		     "invalid combination: a pt_id of the wrong kind, a parent without "
		     "NEST_PARENT or an automatic one, a device behind another IOMMU instance "
		     "than the vIOMMU, data_type and data_len disagreeing, or nested data of "
		     "the wrong length" },
	{ EOPNOTSUPP, U, "the IOMMU driver does not support this flag or data type on this "
			 "device (nesting, dirty tracking or PASID support missing; SMMUv3 "
			 "nests only on a vIOMMU and without the PASID flag)" },
	{ ENOENT, F, "no device with that dev_id, or no fault object with that fault_id" },
	{ EIO, F, "illegal vSTE: SMMUv3 rejected a bit or value in the guest STE" },
	{ EFAULT, F, "data_uptr is NULL or unreadable while data_len is not 0" },
	{ 0, 0, NULL }
};

static const struct kerr e_hw_info[] = {
	{ ENOENT, F, "no device with that dev_id in this iommufd (use the id VFIO bind "
		     "returned)" },
	{ EOPNOTSUPP, U, "the IOMMU driver does not report this hw_info type, or this kernel "
			 "does not know the flags" },
	{ 0, 0, NULL }
};

static const struct kerr e_set_dirty[] = {
	{ ENOENT, F, "no paging HWPT with that id" },
	{ EOPNOTSUPP, U, "the HWPT was not allocated with DIRTY_TRACKING" },
	{ 0, 0, NULL }
};

static const struct kerr e_get_dirty[] = {
	{ EINVAL, F, "iova or length not aligned to page_size and the IOAS's iova_alignment, "
		     "or page_size 0" },
	{ EOVERFLOW, F, "iova + length overflows" },
	{ ENOENT, F, "no paging HWPT with that id" },
	{ EOPNOTSUPP, U, "the HWPT has no dirty tracking" },
	{ 0, 0, NULL }
};

static const struct kerr e_invalidate[] = {
	{ EINVAL, F, "wrong data_type for this object, entry_len 0 or above a page, too many "
		     "entries, an id that is not a nested HWPT or vIOMMU, or a bad entry; "
		     "entry_num tells how many entries were handled" },
	{ EOPNOTSUPP, U, "the object's IOMMU driver has no cache invalidation for it, or an "
			 "entry has unknown flags or reserved bits set" },
	{ ENOENT, F, "no nested HWPT or vIOMMU with that id" },
	{ EIO, F, "illegal command or unknown vSID: SMMUv3 accepts only TLBI_NH_*, "
		  "TLBI_NSNH_ALL, ATC_INV and CFGI_CD[_ALL]; the entries before entry_num may "
		  "not have been issued, so reissue them or invalidate all" },
	{ 0, 0, NULL }
};

static const struct kerr e_fault_alloc[] = {
	{ EOPNOTSUPP, F, "flags must be 0" },
	{ 0, 0, NULL }
};

static const struct kerr e_viommu_alloc[] = {
	{ EOPNOTSUPP, U, "the IOMMU driver has no vIOMMU of this type for this device (VT-d "
			 "has none; SMMUv3 needs nesting hardware, no CMDQ_FORCE_SYNC and a "
			 "coherent device or S2FWB)" },
	{ ENOENT, F, "no device or HWPT with that id" },
	{ EINVAL, F, "the HWPT is not a NEST_PARENT paging HWPT, it sits on another IOMMU "
		     "instance, or driver data is missing or wrong (Tegra241 needs it)" },
	{ 0, 0, NULL }
};

static const struct kerr e_vdevice_alloc[] = {
	{ EEXIST, F, "the device already has a vDEVICE, or the virt_id is already used in "
		     "this vIOMMU" },
	{ EINVAL, F, "the device is behind another IOMMU than the vIOMMU, or virt_id is too "
		     "large" },
	{ ENOENT, F, "no vIOMMU or device with that id, or the device is going away" },
	{ EOPNOTSUPP, U, "the driver cannot represent this device (SMMUv3 needs exactly one "
			 "StreamID)" },
	{ 0, 0, NULL }
};

static const struct kerr e_change_process[] = {
	{ EINVAL, F, "a mapping was not made with IOMMU_IOAS_MAP_FILE; only file mappings can "
		     "change process" },
	{ EBUSY, F, "a mapping is being changed concurrently" },
	{ EOPNOTSUPP, F, "the reserved field must be 0" },
	{ 0, 0, NULL }
};

static const struct kerr e_veventq_alloc[] = {
	{ EEXIST, F, "the vIOMMU already has a vEVENTQ of this type" },
	{ EINVAL, F, "depth must be 1 to 524288 (2^19)" },
	{ ENOENT, F, "no vIOMMU with that id" },
	{ EOPNOTSUPP, F, "type 0 (DEFAULT) is rejected and flags must be 0" },
	{ 0, 0, NULL }
};

static const struct kerr e_hw_queue_alloc[] = {
	{ EOPNOTSUPP, U, "the vIOMMU's driver has no HW queues of this type" },
	{ EINVAL, F, "length 0, an index at or above the driver's limit, or a length or base "
		     "the driver refuses" },
	{ EOVERFLOW, F, "nesting_parent_iova + length overflows" },
	{ ENOENT, F, "no vIOMMU with that id, or the IOVA is not mapped in the parent's IOAS" },
	{ EFAULT, F, "the queue memory is not physically contiguous" },
	{ EIO, F, "queues must be allocated in ascending index order: the previous index is "
		  "missing" },
	{ EEXIST, F, "that queue index already exists" },
	{ 0, 0, NULL }
};

static const struct kerr e_test_cmd[] = {
	{ EOPNOTSUPP, U, "this kernel's mock driver does not know the op, or the access "
			 "cannot pin pages" },
	{ EINVAL, F, "the mock's check failed or a value is out of range for the op" },
	{ ENOENT, F, "unknown id for the op (stdev, idev, HWPT, IOAS or access fd), or no "
		     "vDEVICE with a non-zero virt_id for the event" },
	{ EBUSY, F, "the PASID is already attached" },
	{ EIO, F, "the pin count differs from the expected refs" },
	{ 0, 0, NULL }
};

static const struct kerr e_bind[] = {
	{ EPERM, U, "no interrupt remapping: MSIs are not isolated on this platform (the "
		    "iommufd module parameter allow_unsafe_interrupts=1 overrides it, unsafely)" },
	{ EINVAL, F, "the device is already bound, was opened through a VFIO group, the IOMMU "
		     "lacks cache coherency, or flags are unknown (a VF token for a device "
		     "without one)" },
	{ EBUSY, F, "IOMMU group ownership conflict: another device of the group is in use by "
		    "a kernel driver or another owner" },
	{ EBADF, F, "the iommufd descriptor is not open" },
	{ 0, 0, NULL }
};

static const struct kerr e_attach[] = {
	{ EINVAL, F, "the device is not bound yet, or the target does not fit: an IOAS given "
		     "for a PASID, an HWPT not allocated with IOMMU_HWPT_ALLOC_PASID (the RID "
		     "must be PASID-compatible too), a PASID beyond the device's width, a bad "
		     "stage-1 config (VT-d checks addr_width, SRE and EAFE here), a device "
		     "without dirty tracking, or a kernel before 6.15 rejecting the PASID flag" },
	{ EOPNOTSUPP, U, "the device's VFIO driver cannot attach PASIDs (only vfio-pci can), or "
			 "the IOMMU cannot attach this PASID" },
	{ ENOENT, F, "no IOAS or HWPT with that id, or a translating nested HWPT on a vIOMMU "
		     "needs a vDEVICE for this device first" },
	{ EBUSY, F, "the device is being reset, or its PASID or context entry is already in "
		    "use" },
	{ ENODEV, F, "the IOMMU has no PASID table entry for the device" },
	{ 0, 0, NULL }
};

static const struct kerr e_detach[] = {
	{ EINVAL, F, "the device is not bound yet, or a kernel before 6.15 does not know the "
		     "PASID flag" },
	{ 0, 0, NULL }
};

static const struct kerr e_get_info[] = {
	{ EINVAL, F, "the device is not bound to an iommufd yet: every cdev ioctl except "
		     "BIND answers EINVAL until then" },
	{ 0, 0, NULL }
};

static const struct kerr e_feature[] = {
	{ EINVAL, F, "the device is not bound yet, or the feature's flags or payload are wrong" },
	{ 0, 0, NULL }
};

static const struct kioctl ioctls[] = {
	{ "IOMMU_DESTROY", "6.2", NULL, e_destroy },
	{ "IOMMU_IOAS_ALLOC", "6.2", NULL, e_ioas_alloc },
	{ "IOMMU_IOAS_ALLOW_IOVAS", "6.2", NULL, e_allow_iovas },
	{ "IOMMU_IOAS_COPY", "6.2", NULL, e_ioas_copy },
	{ "IOMMU_IOAS_IOVA_RANGES", "6.2", NULL, e_iova_ranges },
	{ "IOMMU_IOAS_MAP", "6.2", NULL, e_ioas_map },
	{ "IOMMU_IOAS_UNMAP", "6.2", NULL, e_ioas_unmap },
	{ "IOMMU_OPTION", "6.2", NULL, e_option },
	{ "IOMMU_VFIO_IOAS", "6.2", NULL, e_vfio_ioas },
	{ "IOMMU_HWPT_ALLOC", "6.6", NULL, e_hwpt_alloc },
	{ "IOMMU_GET_HW_INFO", "6.6", NULL, e_hw_info },
	{ "IOMMU_HWPT_SET_DIRTY_TRACKING", "6.7", NULL, e_set_dirty },
	{ "IOMMU_HWPT_GET_DIRTY_BITMAP", "6.7", NULL, e_get_dirty },
	{ "IOMMU_HWPT_INVALIDATE", "6.8", NULL, e_invalidate },
	{ "IOMMU_FAULT_QUEUE_ALLOC", "6.11", NULL, e_fault_alloc },
	{ "IOMMU_IOAS_MAP_FILE", "6.13", NULL, e_ioas_map_file },
	{ "IOMMU_VIOMMU_ALLOC", "6.13", NULL, e_viommu_alloc },
	{ "IOMMU_VDEVICE_ALLOC", "6.13", NULL, e_vdevice_alloc },
	{ "IOMMU_IOAS_CHANGE_PROCESS", "6.14", NULL, e_change_process },
	{ "IOMMU_VEVENTQ_ALLOC", "6.15", NULL, e_veventq_alloc },
	{ "IOMMU_HW_QUEUE_ALLOC", "6.17", NULL, e_hw_queue_alloc },
	{ "IOMMU_TEST_CMD", "6.2",
	  "the kernel was built without CONFIG_IOMMUFD_TEST (the selftest mock driver)",
	  e_test_cmd },
	{ "VFIO_DEVICE_BIND_IOMMUFD", "6.6", NULL, e_bind },
	{ "VFIO_DEVICE_ATTACH_IOMMUFD_PT", "6.6", NULL, e_attach },
	{ "VFIO_DEVICE_DETACH_IOMMUFD_PT", "6.6", NULL, e_detach },
	{ "VFIO_DEVICE_GET_INFO", NULL, NULL, e_get_info },
	{ "VFIO_DEVICE_GET_REGION_INFO", NULL, NULL, e_get_info },
	{ "VFIO_DEVICE_FEATURE", NULL, "the device's driver does not offer this feature",
	  e_feature },
};

/* Behind every table: what the errno means for any iommufd ioctl. */
static const struct kerr e_generic[] = {
	{ E2BIG, U, "this iommuctl's structure is newer than the kernel's and carries a non-zero "
		    "field it does not know" },
	{ EOPNOTSUPP, U, "the kernel does not understand a value in the request (an unknown "
			 "flag or type, or a feature this kernel or driver lacks)" },
	{ EINVAL, F, "the kernel rejected a value in the request" },
	{ ENOENT, F, "no object with that id in this iommufd (ids are per descriptor, and an "
		     "object of another type does not count)" },
	{ EBUSY, F, "the object is in use" },
	{ EFAULT, F, "the kernel could not read or write a buffer the request points to" },
	{ ENOMEM, F, "the kernel ran out of memory" },
	{ EOVERFLOW, F, "an address or length is too large" },
	{ EBADF, F, "the descriptor is not open" },
	{ EMFILE, F, "this process has no free file descriptor for the result" },
	{ ENODEV, F, "the device is gone" },
	{ 0, 0, NULL }
};

static const struct kioctl *find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(ioctls); i++)
		if (!strcmp(ioctls[i].name, name))
			return &ioctls[i];
	return NULL;
}

static const struct kerr *find_err(const struct kerr *t, int err)
{
	for (; t && t->why; t++)
		if (t->err == err)
			return t;
	return NULL;
}

const char *ioctl_min_kernel(const char *ioctl_name)
{
	const struct kioctl *k = find(ioctl_name);

	return k ? k->since : NULL;
}

int ioctl_error_text(const char *ioctl_name, int err, char *buf, size_t len)
{
	const struct kioctl *k = find(ioctl_name);
	const struct kerr *e;

	if (err < 0)
		err = -err;
	if (err == ENOTTY) {
		size_t n;

		if (k && k->enotty)
			n = (size_t)snprintf(buf, len, "%s", k->enotty);
		else if (k && k->since)
			n = (size_t)snprintf(buf, len,
					     "not supported by this kernel (needs %s or later)%s",
					     k->since,
					     strncmp(ioctl_name, "IOMMU_", 6) ? "" :
					     ", or the descriptor is not an iommufd");
		else
			n = (size_t)snprintf(buf, len, "not supported by this kernel");
		/* iommufd has no compat_ioctl (reference §11.2). */
		if (sizeof(long) == 4 && n < len)
			snprintf(buf + n, len - n, "; a 32-bit iommuctl cannot use iommufd");
		return EXIT_UNSUPPORTED;
	}
	e = find_err(k ? k->errs : NULL, err);
	if (!e)
		e = find_err(e_generic, err);
	if (!e) {
		snprintf(buf, len, "%s", strerror(err));
		return EXIT_FAILED;
	}
	snprintf(buf, len, "%s", e->why);
	return e->code;
}

static char notes[512];

void kerr_note_unknown(const char *what, uint32_t id)
{
	size_t used = strlen(notes);

	if (used < sizeof(notes) - 1)
		snprintf(notes + used, sizeof(notes) - used, "%s%s %u", used ? ", " : "", what, id);
}

void kerr_clear_notes(void)
{
	notes[0] = '\0';
}

int err_ioctl(const char *ioctl_name, int err, const char *context)
{
	char why[768];
	int code = ioctl_error_text(ioctl_name, err, why, sizeof(why));
	bool noted;

	if (err < 0)
		err = -err;
	noted = notes[0] && (err == ENOENT || err == EINVAL);
	if (context && *context)
		return err_errno(code, ioctl_name, err, "%s (%s)%s%s%s", why, context,
				 noted ? " (" : "", noted ? notes : "",
				 noted ? " not made in this session)" : "");
	return err_errno(code, ioctl_name, err, "%s%s%s%s", why, noted ? " (" : "",
			 noted ? notes : "", noted ? " not made in this session)" : "");
}
