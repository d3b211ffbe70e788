/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the running host says about itself, read from files under the
 * configured roots only (so fixtures control every value): kernel release,
 * the IOMMU options on the kernel command line, the CPU, /dev/iommu and VFIO
 * cdevs. It fills the nesting verdicts' context (nesting.h).
 *
 * Also the host's inventory as the other objects and `show` share it:
 * IOMMU units (iommu.c), groups (group.c) and devices (device.c).
 */
#ifndef IOMMUCTL_HOST_H
#define IOMMUCTL_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "nesting.h"
#include "pcicap.h"
#include "regfield.h"
#include "sysfs.h"

struct host_info {
	char release[128];	/* <proc>/sys/kernel/osrelease, "" if unknown */
	int kver_major, kver_minor;	/* 0.0 if unknown */
	bool cmdline_known;	/* <proc>/cmdline was read */
	int intel_iommu;	/* intel_iommu=on: 1, off: 0, not given: -1 */
	int intel_sm;		/* intel_iommu=…sm_on: 1, sm_off: 0, not given: -1 */
	int amd_iommu_off;	/* amd_iommu=off: 1, else 0 */
	int passthrough;	/* iommu.passthrough=1 / iommu=pt: 1, =0 / nopt: 0, -1 */
	int strict;		/* iommu.strict=1: 1, =0: 0, -1 */
	char cpu_vendor[32];	/* "GenuineIntel", "AuthenticAMD", "" */
	int la57;		/* CPU flag la57: 1, 0, -1 unknown (no x86 flags line) */
	int iommufd;		/* <dev>/iommu exists: 1, 0 */
	int vfio_cdev;		/* <dev>/vfio/devices or a vfio-dev sysfs dir: 1, 0 */
};

/* Read everything; unreadable files leave their fields unknown. */
void host_probe(struct host_info *h);
void host_nest_context_from(const struct host_info *h, struct nest_context *ctx);
/* host_probe() and host_nest_context_from() in one call. */
void host_nest_context(struct nest_context *ctx);

/* The pure parts, for unit tests. */
void host_parse_cmdline(const char *cmdline, struct host_info *h);
/* Kernel bool parameters: 1/0, y/n, on/off (kstrtobool): 1, 0, -1 if neither. */
int host_kbool(const char *v);
/* Each kernel parameter of a command line, quotes removed, up to "--". */
void host_cmdline_words(const char *cmdline, void (*fn)(const char *word, void *ctx), void *ctx);
/* "6.8.0-49-generic" -> 6, 8; -1 if it does not start with N.N */
int host_parse_release(const char *rel, int *major, int *minor);

/* ---- the inventory: units (iommu.c), groups (group.c), devices (device.c) ---- */

enum iommu_vendor {
	IOMMU_VTD,
	IOMMU_AMD,
	IOMMU_SMMUV3,
	IOMMU_UNKNOWN,
};

/* One unit of /sys/class/iommu, everything read, verdict computed. */
struct iommu_unit {
	char name[128];
	enum iommu_vendor vendor;
	char parent[128];	/* the device the unit hangs off ("0000:00:00.2"), "" if virtual */
	bool address_ok;
	uint64_t address;	/* register base (VT-d address, SMMUv3 name) */
	char version[16];	/* VT-d "1:0", "" if unknown */
	/* VT-d */
	bool cap_ok, ecap_ok, dom_sup_ok, dom_used_ok;
	uint64_t cap, ecap, dom_sup, dom_used;
	/* AMD */
	bool features_ok, pcicap_ok;
	char features_raw[96];
	struct amd_features feat;
	uint32_t pcicap;	/* the PCI capability header (the `cap` file) */
	/* Set when an attribute the decoding needs could not be read. */
	char error[SF_PATH_MAX + 256];
	struct nest_verdict verdict;
};

const char *iommu_vendor_name(enum iommu_vendor v);
/* Unit names in natural order; a missing class directory is an empty list. */
int iommu_list_units(struct sf_list *l);
/* Read one unit (warnings for odd files) and compute its verdict with ctx. */
void iommu_unit_load(const char *name, const struct nest_context *ctx, struct iommu_unit *u);
/* Width of the name column for text tables of these units. */
int iommu_name_width(const struct sf_list *l);
/* The first failing check of a verdict, or NULL. */
const struct nest_check *verdict_first_fail(const struct nest_verdict *v);
/* Look a field up in a register table without aborting on a missing key. */
bool reg_field_lookup(const struct reg_desc *r, const char *key, uint64_t reg, uint64_t *val);

/* Group ids in numeric order; a missing iommu_groups directory is an empty list. */
int group_list_ids(struct sf_list *l);
/* <sys>/kernel/iommu_groups/ID/type; -errno */
int group_read_type(const char *id, char *buf, size_t n);

/* A device (PCI or platform) seen through its sysfs directory. */
struct dev_info {
	char name[64];		/* BDF for PCI */
	bool vendor_ok, device_ok, class_ok;
	uint64_t vendor, device, class;
	char driver[64];	/* "" if unbound */
	char group[16];		/* "" if in no group */
	char iommu[128];	/* unit name, "" if none */
	char cdev[32];		/* "vfio0" from vfio-dev/, "" if none */
	bool cdev_node;		/* <dev>/vfio/devices/vfioN exists */
	bool caps_read;		/* config was read (dev_load with caps) */
	int config_err;		/* -errno opening/reading config, 0 if read */
	struct pcicap_info caps;
};

/* PCI device names in address order; a missing directory is an empty list. */
int pci_list_devices(struct sf_list *l);
/* Read the device whose sysfs directory is dir; config only if caps. */
void dev_load(const char *dir, const char *name, bool caps, struct dev_info *d);
/* The same in parts, for listings that need only some of it: dev_init(),
 * then dev_load_parts() as often as needed (each part read once). */
enum {
	DEV_IDS = 1 << 0,	/* vendor, device, class */
	DEV_DRIVER = 1 << 1,
	DEV_GROUP = 1 << 2,
	DEV_IOMMU = 1 << 3,
	DEV_CDEV = 1 << 4,	/* vfio-dev/ and the /dev node */
	DEV_ALL = (1 << 5) - 1,
	DEV_CONFIG = 1 << 5,	/* config space (privileged past 64 bytes) */
};
void dev_init(const char *name, struct dev_info *d);
void dev_load_parts(const char *dir, const char *name, unsigned parts, struct dev_info *d);
/* JSON object / text line of a group member (group.c uses it). */
void dev_print_brief(const struct dev_info *d);

#endif
