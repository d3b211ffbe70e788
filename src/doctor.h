/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `iommuctl doctor`: what this process may do and what is missing, command
 * group by command group. The decisions are pure functions here, so that the
 * unit tests can feed them every case; doctor.c gathers the facts (libcap,
 * getrlimit, stat, probing ioctls, sysfs and procfs under the roots) and
 * prints one check per fact through the output layer.
 */
#ifndef IOMMUCTL_DOCTOR_H
#define IOMMUCTL_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum doc_status {
	DOC_OK,
	DOC_WARN,		/* works, but something may bite */
	DOC_MISSING,		/* absent, and the user or admin can supply it */
	DOC_UNSUPPORTED,	/* the kernel or hardware lacks it */
};

const char *doc_status_name(enum doc_status s);

struct doc_verdict {
	enum doc_status status;
	char msg[400];
};

/*
 * Pinned-page accounting (drivers/iommu/iommufd/pages.c, Linux 7.2): pages
 * are counted in PAGE_SIZE units, ceil((offset in page + length) / PAGE_SIZE)
 * per map. With CAP_IPC_LOCK at map time nothing is charged; otherwise
 * rlimit-mode 0 charges the user's locked_vm (shared with every process of
 * the uid, io_uring included, and not visible from userspace), mode 1 the
 * process's locked_vm (VmLck). Either fails with ENOMEM past RLIMIT_MEMLOCK.
 */
struct doc_memlock {
	/* in */
	uint64_t limit;		/* RLIMIT_MEMLOCK soft limit, bytes; UINT64_MAX: unlimited */
	uint64_t page_size;
	uint64_t map_size;	/* 0: no map size asked */
	bool ipc_lock;		/* CAP_IPC_LOCK permitted */
	int mode;		/* IOMMU_OPTION rlimit-mode: 0 user, 1 mm, -1 unknown */
	int64_t locked;		/* VmLck of this process in bytes, -1 unknown */
	uid_t uid;
	/* out */
	bool charged;
	uint64_t limit_pages, map_pages, room_pages;
	struct doc_verdict v;
};
void doc_memlock(struct doc_memlock *m);

/*
 * One kernel parameter item (a list such as intel_iommu=on,sm_on is given
 * item by item): false if it does not matter to iommuctl. cpu_vendor decides
 * whether intel_iommu=off / amd_iommu=off switch off this host's IOMMU.
 */
bool doc_cmdline_item(const char *key, const char *val, const char *cpu_vendor,
		      struct doc_verdict *v);
/* Keys whose value is a comma-separated list of items. */
bool doc_cmdline_is_list(const char *key);

/* A device's driver for iommufd use ("" = none). */
void doc_driver(const char *bdf, const char *driver, struct doc_verdict *v);
/* Another member of the device's group: can it stay bound to driver while
 * the device is bound to iommufd (drivers that manage their own DMA)? */
bool doc_group_peer_ok(const char *driver);

/*
 * The answer to a size-0 probe of an iommufd ioctl: EINVAL means the
 * ioctl exists (the size is below its minimum), ENOTTY that it does not.
 * 1 present, 0 absent, -1 anything else (not an iommufd, or unexpected).
 */
int doc_probe_result(int ret);

/* "2 MiB", "64 KiB", "1000 bytes" */
const char *doc_size(uint64_t v, char *buf, size_t n);

#endif
