// SPDX-License-Identifier: GPL-2.0-only
/*
 * doctor: what this process may do and what is missing, per command group.
 * Facts are probed, never guessed from the kernel version: capabilities with
 * libcap (as the process started, before iommuctl dropped any), the memlock
 * limit against the pages a map pins, the device nodes as this process could
 * open them, iommufd ioctls by a size-0 call (EINVAL: there, ENOTTY: not),
 * /proc/devices and /proc/misc for what the kernel registered, sysfs for a
 * device's driver, group and cdev, and /proc/cmdline for the options that
 * matter. See doctor.h for the decisions and privs.h for the capabilities.
 *
 * Exit status: 0 when every check the requested scope needs is ok or warn
 * (the iommufd session always; map-size: the memlock check; DEVICE: the
 * device checks), 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cmd.h"
#include "doctor.h"
#include "error.h"
#include "host.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "objects.h"
#include "output.h"
#include "privs.h"
#include "session.h"
#include "sysfs.h"
#include "trace.h"

/* ---- pure decisions (doctor.h) ---- */

const char *doc_status_name(enum doc_status s)
{
	switch (s) {
	case DOC_OK: return "ok";
	case DOC_WARN: return "warn";
	case DOC_MISSING: return "missing";
	case DOC_UNSUPPORTED: return "unsupported";
	}
	return "?";
}

static void verdict(struct doc_verdict *v, enum doc_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verdict(struct doc_verdict *v, enum doc_status s, const char *fmt, ...)
{
	va_list ap;

	v->status = s;
	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
}

const char *doc_size(uint64_t v, char *buf, size_t n)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	snprintf(buf, n, "%" PRIu64 " %s", v, unit[u]);
	return buf;
}

void doc_memlock(struct doc_memlock *m)
{
	char ls[32], ms[32];
	uint64_t used_pages = 0;

	m->map_pages = m->map_size ? (m->map_size + m->page_size - 1) / m->page_size : 0;
	m->limit_pages = m->limit == UINT64_MAX ? UINT64_MAX : m->limit / m->page_size;
	m->charged = !m->ipc_lock && m->limit != UINT64_MAX;
	if (m->mode == 1 && m->locked > 0)
		used_pages = (uint64_t)m->locked / m->page_size;
	m->room_pages = m->limit_pages == UINT64_MAX ? UINT64_MAX :
			m->limit_pages > used_pages ? m->limit_pages - used_pages : 0;
	doc_size(m->map_size, ms, sizeof(ms));
	if (m->ipc_lock) {
		verdict(&m->v, DOC_OK, "pinned pages are not charged: CAP_IPC_LOCK is permitted "
			"(the kernel checks it at each map)%s%s%s", m->map_size ? "; a map of " : "",
			m->map_size ? ms : "", m->map_size ? " may pin it all" : "");
		return;
	}
	if (m->limit == UINT64_MAX) {
		verdict(&m->v, DOC_OK, "RLIMIT_MEMLOCK is unlimited: any map can be pinned");
		return;
	}
	doc_size(m->limit, ls, sizeof(ls));
	if (!m->map_size) {
		if (!m->limit_pages)
			verdict(&m->v, DOC_WARN, "RLIMIT_MEMLOCK is %s, under one page: no map can be "
				"pinned once a device or mock domain is attached (raise it, or grant "
				"CAP_IPC_LOCK)", ls);
		else
			verdict(&m->v, DOC_OK, "RLIMIT_MEMLOCK %s: maps of up to %" PRIu64 " pages "
				"of %" PRIu64 " bytes can be pinned%s", ls, m->room_pages,
				m->page_size, m->mode == 1 ? " by this process" :
				" by all processes of this user together");
		return;
	}
	if (m->map_pages > m->room_pages) {
		verdict(&m->v, DOC_MISSING, "a map of %s pins %" PRIu64 " pages of %" PRIu64
			" bytes, but RLIMIT_MEMLOCK %s allows %" PRIu64 "%s: IOMMU_IOAS_MAP fails "
			"with ENOMEM; raise the limit (ulimit -l, systemd LimitMEMLOCK=, "
			"limits.conf memlock) or grant CAP_IPC_LOCK", ms, m->map_pages, m->page_size,
			ls, m->room_pages, m->mode == 1 && used_pages ? " after what this process "
			"has locked" : "");
		return;
	}
	if (m->mode == 1)
		verdict(&m->v, DOC_OK, "a map of %s pins %" PRIu64 " pages of %" PRIu64 " bytes, "
			"charged to this process: %" PRIu64 " of RLIMIT_MEMLOCK %s are free", ms,
			m->map_pages, m->page_size, m->room_pages, ls);
	else
		verdict(&m->v, DOC_OK, "a map of %s pins %" PRIu64 " pages of %" PRIu64 " bytes, "
			"charged to user %u: RLIMIT_MEMLOCK %s allows %" PRIu64 ", less what other "
			"processes of the user hold (io_uring, other iommufd users: not visible)", ms,
			m->map_pages, m->page_size, (unsigned)m->uid, ls, m->limit_pages);
}

/* A bool parameter; given bare ("param", no "=") it is true. */
static int kbool(const char *v)
{
	return !v || !*v ? 1 : host_kbool(v);
}

bool doc_cmdline_is_list(const char *key)
{
	return !strcmp(key, "intel_iommu") || !strcmp(key, "amd_iommu") ||
	       !strcmp(key, "intremap") || !strcmp(key, "iommu") || !strcmp(key, "pci");
}

/* An option that switches this host's IOMMU off is missing on its vendor. */
static void vendor_off(struct doc_verdict *v, bool this_vendor, const char *what)
{
	if (this_vendor)
		verdict(v, DOC_MISSING, "%s off: no DMA remapping, no IOMMU groups, so no device "
			"can be used through iommufd (the selftest mock still works)", what);
	else
		verdict(v, DOC_OK, "%s off: ignored, this is not that vendor's CPU", what);
}

bool doc_cmdline_item(const char *key, const char *val, const char *cpu_vendor,
		      struct doc_verdict *v)
{
	bool intel = cpu_vendor && !strcmp(cpu_vendor, "GenuineIntel");
	bool amd = cpu_vendor && (!strcmp(cpu_vendor, "AuthenticAMD") ||
				  !strcmp(cpu_vendor, "HygonGenuine"));
	int b;

	if (!val)
		val = "";
	if (!strcmp(key, "intel_iommu")) {
		if (!strcmp(val, "on"))
			verdict(v, DOC_OK, "VT-d DMA remapping on (kernels built without "
				"INTEL_IOMMU_DEFAULT_ON need it)");
		else if (!strcmp(val, "off"))
			vendor_off(v, intel, "VT-d");
		else if (!strcmp(val, "sm_on"))
			verdict(v, DOC_OK, "scalable mode on: PASIDs and nested first-stage (vtd-s1) "
				"tables, where the unit has ECAP.SMTS");
		else if (!strcmp(val, "sm_off"))
			verdict(v, DOC_WARN, "scalable mode off: legacy mode only, so no PASID attach, "
				"no nest parent and no nested vtd-s1 HWPT on VT-d");
		else
			return false;
		return true;
	}
	if (!strcmp(key, "amd_iommu")) {
		if (!strcmp(val, "off"))
			vendor_off(v, amd, "AMD-Vi");
		else
			return false;
		return true;
	}
	if (!strcmp(key, "iommu")) {
		if (!strcmp(val, "pt"))
			verdict(v, DOC_OK, "identity default domains: host DMA is not translated; "
				"iommufd and VFIO devices still get translating domains");
		else if (!strcmp(val, "nopt"))
			verdict(v, DOC_OK, "translating default domains");
		else if (!strcmp(val, "off"))
			verdict(v, DOC_MISSING, "x86 iommu=off: neither VT-d nor AMD-Vi is even "
				"detected, so no device can be used through iommufd");
		else
			return false;
		return true;
	}
	if (!strcmp(key, "iommu.passthrough")) {
		if ((b = kbool(val)) < 0)
			return false;
		verdict(v, DOC_OK, b ? "identity default domains: host DMA is not translated; "
			"iommufd and VFIO devices still get translating domains"
			: "translating default domains");
		return true;
	}
	if (!strcmp(key, "iommu.strict")) {
		if ((b = kbool(val)) < 0)
			return false;
		verdict(v, DOC_OK, "%s IOTLB invalidation for DMA-API domains; iommufd domains "
			"are not affected", b ? "strict" : "lazy (flush queue)");
		return true;
	}
	if (!strcmp(key, "iommufd.allow_unsafe_interrupts")) {
		if ((b = kbool(val)) < 0)
			return false;
		if (b)
			verdict(v, DOC_WARN, "devices can be bound to iommufd without MSI isolation "
				"(interrupt remapping): such a device can forge interrupts");
		else
			verdict(v, DOC_OK, "binding a VFIO device needs MSI isolation (EPERM without)");
		return true;
	}
	if (!strcmp(key, "vfio_iommu_type1.allow_unsafe_interrupts")) {
		if (kbool(val) < 0)
			return false;
		verdict(v, DOC_OK, "applies to the legacy type1 container only; VFIO cdevs bound "
			"to iommufd follow iommufd.allow_unsafe_interrupts");
		return true;
	}
	if (!strcmp(key, "vfio.enable_unsafe_noiommu_mode")) {
		if ((b = kbool(val)) < 0)
			return false;
		if (b)
			verdict(v, DOC_WARN, "VFIO no-IOMMU mode: devices without IOMMU protection "
				"get noiommu groups (CAP_SYS_RAWIO); iommufd cannot use them");
		else
			verdict(v, DOC_OK, "VFIO no-IOMMU mode off");
		return true;
	}
	if (!strcmp(key, "vfio-pci.ids") || !strcmp(key, "vfio_pci.ids")) {
		verdict(v, DOC_OK, "vfio-pci claims the devices %s at boot", *val ? val : "(none)");
		return true;
	}
	if (!strcmp(key, "intremap")) {
		if (!strcmp(val, "off"))
			verdict(v, DOC_WARN, "interrupt remapping off: VFIO_DEVICE_BIND_IOMMUFD fails "
				"with EPERM unless iommufd.allow_unsafe_interrupts=1");
		else if (!strcmp(val, "on"))
			verdict(v, DOC_OK, "interrupt remapping on: MSI isolation for VFIO devices");
		else
			return false;
		return true;
	}
	if (!strcmp(key, "nointremap")) {
		verdict(v, DOC_WARN, "interrupt remapping off: VFIO_DEVICE_BIND_IOMMUFD fails with "
			"EPERM unless iommufd.allow_unsafe_interrupts=1");
		return true;
	}
	if (!strcmp(key, "pci") && !strcmp(val, "noats")) {
		verdict(v, DOC_WARN, "ATS off for every device: no device TLBs and no PRI, so "
			"fault queues receive no page requests");
		return true;
	}
	return false;
}

void doc_driver(const char *bdf, const char *driver, struct doc_verdict *v)
{
	if (!driver || !*driver)
		verdict(v, DOC_MISSING, "no driver: bind it to vfio-pci with 'driverctl "
			"set-override %s vfio-pci' (iommuctl never rebinds devices)", bdf);
	else if (!strcmp(driver, "vfio-pci"))
		verdict(v, DOC_OK, "bound to vfio-pci");
	else if (strstr(driver, "vfio"))
		verdict(v, DOC_OK, "bound to %s, a vfio-pci variant driver (PASID attach needs "
			"vfio-pci itself)", driver);
	else
		verdict(v, DOC_MISSING, "bound to %s, not vfio-pci: 'driverctl set-override %s "
			"vfio-pci' moves it, if nothing on this host needs it (iommuctl never "
			"rebinds devices)", driver, bdf);
}

bool doc_group_peer_ok(const char *driver)
{
	/* drivers with driver_managed_dma, and none */
	return !driver || !*driver || strstr(driver, "vfio") || !strcmp(driver, "pci-stub") ||
	       !strcmp(driver, "pcieport");
}

int doc_probe_result(int ret)
{
	if (ret == -EINVAL)
		return 1;
	if (ret == -ENOTTY)
		return 0;
	return -1;
}

/* ---- gathering and printing ---- */

struct doc {
	int count[4];
	int required_failed;
	char failed[16][48];	/* names of the required checks that failed */
	const char *group;
};

/* One check: text "  status  name  message", JSON an element of "checks".
 * Leaves the JSON object open for extra fields: end it with close_object(). */
static void check_open(struct doc *d, const char *group, const char *name, bool required,
		       const struct doc_verdict *v)
{
	if (!d->group || strcmp(d->group, group))
		print_text("%s\n", group);
	d->group = group;
	d->count[v->status]++;
	if (required && v->status >= DOC_MISSING) {
		if (d->required_failed < (int)ARRAY_SIZE(d->failed))
			snprintf(d->failed[d->required_failed], sizeof(d->failed[0]), "%s", name);
		d->required_failed++;
	}
	open_object(NULL);
	print_string(PRINT_JSON, "group", NULL, group);
	print_string(PRINT_ANY, "status", "  %-11s", doc_status_name(v->status));
	print_string(PRINT_ANY, "name", " %-20s", name);
	print_bool(PRINT_JSON, "required", NULL, required);
	print_string(PRINT_ANY, "message", " %s\n", v->msg);
}

static void check(struct doc *d, const char *group, const char *name, bool required,
		  const struct doc_verdict *v)
{
	check_open(d, group, name, required, v);
	close_object();
}

/* -- process -- */

static const struct {
	int cap;
	const char *name, *used;
} caps_used[] = {
	{ CAP_IPC_LOCK, "CAP_IPC_LOCK", "ioas map, s1 alloc: pinned pages not charged to "
	  "RLIMIT_MEMLOCK" },
	{ CAP_SYS_RESOURCE, "CAP_SYS_RESOURCE", "option set rlimit-mode" },
	{ CAP_SYS_ADMIN, "CAP_SYS_ADMIN", "device show, device list -j: the whole PCI config "
	  "space (PASID, ATS, PRI); 64 bytes without it" },
	{ CAP_DAC_OVERRIDE, "CAP_DAC_OVERRIDE", "opening device nodes and files whatever their "
	  "mode (not needed for nodes the uid or groups may open)" },
	{ CAP_DAC_READ_SEARCH, "CAP_DAC_READ_SEARCH", "reading files and directories whatever "
	  "their mode (batch files, boot logs, saved trees)" },
	{ CAP_SYS_RAWIO, "CAP_SYS_RAWIO", "not used by iommuctl: VFIO no-IOMMU mode and writing "
	  "an IOMMU group's type need it" },
};

static void print_capset(const char *key, const char *fmt, uint64_t v)
{
	print_hex(PRINT_ANY, key, fmt, v);
}

static void doctor_process(struct doc *d)
{
	const struct privs_start *s = privs_start_state();
	struct doc_verdict v;
	uint64_t eff = 0, perm = 0;
	bool now = privs_now(&eff, &perm);

	open_object("process");
	print_u64(PRINT_ANY, "uid", "process: uid %" PRIu64, s->ruid);
	print_u64(PRINT_ANY, "euid", " euid %" PRIu64, s->euid);
	print_u64(PRINT_ANY, "gid", " gid %" PRIu64, s->rgid);
	print_u64(PRINT_ANY, "egid", " egid %" PRIu64, s->egid);
	print_bool(PRINT_JSON, "secure", NULL, s->secure);
	open_object("capabilities");
	if (s->caps_known) {
		open_object("start");
		print_capset("effective", "\ncapabilities at start: effective %#" PRIx64, s->eff);
		print_capset("permitted", " permitted %#" PRIx64, s->perm);
		print_capset("inheritable", " inheritable %#" PRIx64, s->inh);
		print_capset("ambient", " ambient %#" PRIx64, s->amb);
		print_capset("bounding", NULL, s->bnd);
		close_object();
	} else {
		print_null(PRINT_ANY, "start", "\ncapabilities: unknown (capget failed)");
	}
	if (now) {
		open_object("now");
		print_capset("effective", "\ncapabilities now: effective %#" PRIx64, eff);
		print_capset("permitted", " permitted %#" PRIx64, perm);
		close_object();
	} else {
		print_null(PRINT_JSON, "now", NULL);
	}
	close_object();
	print_nl();
	close_object();

	open_array("checks");
	verdict(&v, DOC_OK, "not set-uid, set-gid or AT_SECURE (iommuctl refuses to run so)");
	check(d, "process", "set-uid", false, &v);
	for (size_t i = 0; i < ARRAY_SIZE(caps_used); i++) {
		bool p = s->perm & PRIV_BIT(caps_used[i].cap);
		bool e = s->eff & PRIV_BIT(caps_used[i].cap);

		if (caps_used[i].cap == CAP_SYS_RAWIO)
			verdict(&v, DOC_OK, "%s; %s", p ? "permitted" : "absent", caps_used[i].used);
		else if (p)
			verdict(&v, DOC_OK, "%s: %s", e ? "effective" : "permitted (raised when used)",
				caps_used[i].used);
		else
			verdict(&v, DOC_MISSING, "absent: %s", caps_used[i].used);
		check_open(d, "process", caps_used[i].name, false, &v);
		print_bool(PRINT_JSON, "effective", NULL, e);
		print_bool(PRINT_JSON, "permitted", NULL, p);
		close_object();
	}
}

/* -- memory -- */

/* VmLck of this process from <proc>/self/status, in bytes; -1 if unknown. */
static int64_t vmlck(void)
{
	char path[SF_PATH_MAX], *text = NULL, *p;
	size_t len;
	int64_t kb = -1;

	if (proc_path(path, "self/status") || sf_read_text(path, 1 << 16, &text, &len))
		return -1;
	p = strstr(text, "\nVmLck:");
	if (p && sscanf(p + 7, "%" SCNd64, &kb) != 1)
		kb = -1;
	free(text);
	return kb < 0 ? -1 : kb * 1024;
}

static void doctor_memory(struct doc *d, int fd, const char *fd_what, uint64_t map_size)
{
	const struct privs_start *s = privs_start_state();
	struct doc_memlock m = { .map_size = map_size, .mode = -1, .uid = s->ruid };
	struct doc_verdict v;
	struct rlimit rl;
	uint64_t mode = 0;
	int err = -EBADF;
	long ps = sysconf(_SC_PAGESIZE);

	if (fd >= 0)
		err = ifd_option(fd, ICTL_IOMMU_OPTION_RLIMIT_MODE, ICTL_IOMMU_OPTION_OP_GET, 0,
				 &mode);
	if (!err) {
		m.mode = mode ? 1 : 0;
		verdict(&v, DOC_OK, "%" PRIu64 " on %s: pinned pages are charged to %s", mode,
			fd_what, mode ? "this process (locked_vm, as VFIO type1 does)" :
			"the user, across all its processes (the iommufd default)");
	} else if (fd < 0) {
		verdict(&v, DOC_WARN, "not read: no iommufd could be opened; a new iommufd starts "
			"with 0 (charged to the user), one opened as /dev/vfio/vfio with 1");
	} else {
		char why[256];

		ioctl_error_text("IOMMU_OPTION", err, why, sizeof(why));
		verdict(&v, DOC_WARN, "IOMMU_OPTION GET rlimit-mode failed: %s: %s",
			errno_name(-err), why);
	}
	check_open(d, "memory", "rlimit-mode", false, &v);
	if (m.mode >= 0)
		print_u64(PRINT_JSON, "value", NULL, (uint64_t)m.mode);
	else
		print_null(PRINT_JSON, "value", NULL);
	print_string(PRINT_JSON, "charged_to", NULL, m.mode == 1 ? "process" : "user");
	close_object();

	if (getrlimit(RLIMIT_MEMLOCK, &rl)) {
		verdict(&v, DOC_WARN, "getrlimit(RLIMIT_MEMLOCK): %s", strerror(errno));
		check(d, "memory", "memlock", map_size != 0, &v);
		return;
	}
	m.limit = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur;
	m.page_size = ps > 0 ? (uint64_t)ps : 4096;
	m.ipc_lock = s->perm & PRIV_BIT(CAP_IPC_LOCK);
	m.locked = m.mode == 1 ? vmlck() : -1;
	doc_memlock(&m);
	check_open(d, "memory", "memlock", map_size != 0, &m.v);
	if (m.limit == UINT64_MAX) {
		print_null(PRINT_JSON, "limit_bytes", NULL);
		print_null(PRINT_JSON, "limit_pages", NULL);
	} else {
		print_u64(PRINT_JSON, "limit_bytes", NULL, m.limit);
		print_u64(PRINT_JSON, "limit_pages", NULL, m.limit_pages);
	}
	print_u64(PRINT_JSON, "page_size", NULL, m.page_size);
	if (map_size) {
		print_u64(PRINT_JSON, "map_bytes", NULL, map_size);
		print_u64(PRINT_JSON, "map_pages", NULL, m.map_pages);
	} else {
		print_null(PRINT_JSON, "map_bytes", NULL);
		print_null(PRINT_JSON, "map_pages", NULL);
	}
	print_bool(PRINT_JSON, "charged", NULL, m.charged);
	if (m.locked >= 0)
		print_u64(PRINT_JSON, "locked_bytes", NULL, (uint64_t)m.locked);
	else
		print_null(PRINT_JSON, "locked_bytes", NULL);
	close_object();
}

/* -- device nodes -- */

struct node {
	char path[SF_PATH_MAX];
	int err;		/* stat: 0 or -errno */
	struct stat st;
	int access;		/* faccessat R|W as this process: 0 or -errno */
};

static void node_probe(struct node *n)
{
	n->err = stat(n->path, &n->st) ? -errno : 0;
	n->access = -ENOENT;
	if (!n->err)
		n->access = faccessat(AT_FDCWD, n->path, R_OK | W_OK, AT_EACCESS) ? -errno : 0;
}

/* "character device 10:124, mode 0660 uid 0 gid 0" */
static const char *node_text(const struct node *n, char *buf, size_t len)
{
	if (S_ISCHR(n->st.st_mode))
		snprintf(buf, len, "character device %u:%u, mode %04o uid %u gid %u",
			 major(n->st.st_rdev), minor(n->st.st_rdev), n->st.st_mode & 07777,
			 (unsigned)n->st.st_uid, (unsigned)n->st.st_gid);
	else
		snprintf(buf, len, "not a character device (mode %06o)", n->st.st_mode);
	return buf;
}

static void node_json(const struct node *n)
{
	print_string(PRINT_JSON, "path", NULL, n->path);
	print_bool(PRINT_JSON, "present", NULL, !n->err);
	print_bool(PRINT_JSON, "char_device", NULL, !n->err && S_ISCHR(n->st.st_mode));
	if (n->err) {
		print_null(PRINT_JSON, "mode", NULL);
		print_null(PRINT_JSON, "access", NULL);
		return;
	}
	print_u64(PRINT_JSON, "mode", NULL, n->st.st_mode & 07777);
	print_u64(PRINT_JSON, "uid", NULL, n->st.st_uid);
	print_u64(PRINT_JSON, "gid", NULL, n->st.st_gid);
	print_bool(PRINT_JSON, "access", NULL, n->access == 0);
}

static const char *access_hint(int err)
{
	return err == -EACCES || err == -EPERM ?
	       "this process may not open it read-write (root, a group with access, e.g. a udev "
	       "rule, or CAP_DAC_OVERRIDE)" : strerror(-err);
}

/* What the kernel registered: "iommu" in /proc/misc, "vfio-dev" in /proc/devices. */
static int proc_lists(const char *file, const char *name)
{
	char path[SF_PATH_MAX], *text, *line, *save = NULL;
	size_t len;
	int found = 0;

	if (proc_path(path, "%s", file) || sf_read_text(path, 1 << 20, &text, &len))
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char word[64];

		if (sscanf(line, "%*u %63s", word) == 1 && !strcmp(word, name))
			found = 1;
	}
	free(text);
	return found;
}

struct iommufd_probe {
	int fd;			/* -1: none */
	bool own;		/* opened here: close it */
	const char *what;	/* "a new /dev/iommu descriptor", "the session's iommufd", … */
};

static void doctor_iommu_node(struct doc *d, struct iommufd_probe *p)
{
	struct node n;
	struct doc_verdict v;
	char nt[160];
	int misc = proc_lists("misc", "iommu");

	p->fd = session_iommufd_peek();
	if (p->fd >= 0)
		p->what = opts.iommufd_fd >= 0 ? "the inherited iommufd (--iommufd-fd)" :
			  "the session's iommufd";
	dev_path(n.path, "iommu");
	node_probe(&n);
	if (n.err == -ENOENT)
		verdict(&v, misc == 0 ? DOC_UNSUPPORTED : DOC_MISSING, "%s: %s", n.path,
			misc == 0 ? "absent, and /proc/misc has no iommu: this kernel has no iommufd "
			"(CONFIG_IOMMUFD) or its module is not loaded (modprobe iommufd)" :
			misc == 1 ? "absent although /proc/misc lists iommu: devtmpfs or udev did not "
			"create the node" : "absent: no iommufd (CONFIG_IOMMUFD, module iommufd)");
	else if (n.err)
		verdict(&v, DOC_MISSING, "%s: %s", n.path, strerror(-n.err));
	else if (!S_ISCHR(n.st.st_mode))
		verdict(&v, DOC_MISSING, "%s: %s", n.path, node_text(&n, nt, sizeof(nt)));
	else if (p->fd < 0) {
		p->fd = open(n.path, O_RDWR | O_CLOEXEC);
		if (p->fd < 0) {
			int e = errno;

			verdict(&v, DOC_MISSING, "%s; open: %s: %s", node_text(&n, nt, sizeof(nt)),
				errno_name(e), access_hint(-e));
		} else {
			p->own = true;
			p->what = "a new iommufd";
			verdict(&v, DOC_OK, "%s; opened read-write", node_text(&n, nt, sizeof(nt)));
		}
	} else {
		verdict(&v, DOC_OK, "%s; %s is open", node_text(&n, nt, sizeof(nt)), p->what);
	}
	if (p->fd >= 0 && !p->own && v.status != DOC_OK) {
		/* the session works through the descriptor it has */
		size_t u = strlen(v.msg);

		v.status = DOC_WARN;
		snprintf(v.msg + u, sizeof(v.msg) - u, "; but %s is open", p->what);
	}
	check_open(d, "device nodes", "/dev/iommu", true, &v);
	node_json(&n);
	if (misc >= 0)
		print_bool(PRINT_JSON, "proc_misc", NULL, misc);
	else
		print_null(PRINT_JSON, "proc_misc", NULL);
	close_object();
}

static void doctor_vfio_nodes(struct doc *d)
{
	struct node n, *cdevs = NULL;
	struct doc_verdict v;
	char path[SF_PATH_MAX], nt[160];
	struct sf_list l = { 0 };
	size_t ok = 0, count = 0;
	int r;

	dev_path(n.path, "vfio/vfio");
	node_probe(&n);
	if (n.err)
		verdict(&v, DOC_OK, "absent; iommuctl does not use the VFIO container");
	else
		verdict(&v, DOC_OK, "%s: the legacy VFIO container, unused by iommuctl (an iommufd "
			"opened through it charges pinned pages to the process)",
			node_text(&n, nt, sizeof(nt)));
	check_open(d, "device nodes", "/dev/vfio/vfio", false, &v);
	node_json(&n);
	close_object();

	dev_path(path, "vfio/devices");
	r = sf_list_dir(path, SF_SORT_NATURAL, &l);
	if (!r && l.n)
		cdevs = calloc(l.n, sizeof(*cdevs));
	for (size_t i = 0; cdevs && i < l.n; i++) {
		if (snprintf(cdevs[i].path, sizeof(cdevs[i].path), "%s/%s", path, l.names[i]) >=
		    (int)sizeof(cdevs[i].path))
			cdevs[i].err = -ENAMETOOLONG;
		else
			node_probe(&cdevs[i]);
		ok += !cdevs[i].err && S_ISCHR(cdevs[i].st.st_mode) && !cdevs[i].access;
		count++;
	}
	if (r == -ENOENT || (!r && !l.n))
		verdict(&v, DOC_WARN, "no VFIO device cdevs: no device is bound to vfio-pci, or the "
			"kernel lacks CONFIG_VFIO_DEVICE_CDEV (see vfio-cdev)");
	else if (r)
		verdict(&v, DOC_WARN, "%s: %s", path, sf_why(r));
	else if (!cdevs)
		verdict(&v, DOC_WARN, "out of memory");
	else if (ok == count)
		verdict(&v, DOC_OK, "%zu cdev%s, all of them openable read-write by this process",
			count, count == 1 ? "" : "s");
	else
		verdict(&v, DOC_WARN, "%zu cdev%s, %zu of them character devices this process may "
			"open read-write (device open needs read-write: root, a group with access, "
			"or CAP_DAC_OVERRIDE)", count, count == 1 ? "" : "s", ok);
	check_open(d, "device nodes", "/dev/vfio/devices", false, &v);
	open_array("cdevs");
	for (size_t i = 0; cdevs && i < count; i++) {
		open_object(NULL);
		print_string(PRINT_JSON, "name", NULL, l.names[i]);
		node_json(&cdevs[i]);
		close_object();
	}
	close_array();
	close_object();
	free(cdevs);
	sf_list_free(&l);
}

/* -- kernel features -- */

/* Feature rows: ioctls probed by a size-0 call, and who needs them. */
static const struct {
	const char *name;
	unsigned long cmd[2];
	const char *used;
} features[] = {
	{ "iommufd", { ICTL_IOMMU_DESTROY, ICTL_IOMMU_IOAS_ALLOC },
	  "ioas, option, mock: the iommufd core" },
	{ "hwpt", { ICTL_IOMMU_HWPT_ALLOC, ICTL_IOMMU_GET_HW_INFO },
	  "hwpt alloc, device hwinfo" },
	{ "dirty-tracking", { ICTL_IOMMU_HWPT_SET_DIRTY_TRACKING, ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP },
	  "hwpt dirty, hwpt dirty-bitmap" },
	{ "invalidation", { ICTL_IOMMU_HWPT_INVALIDATE, 0 },
	  "hwpt invalidate, viommu invalidate (nested HWPTs)" },
	{ "fault-queues", { ICTL_IOMMU_FAULT_QUEUE_ALLOC, 0 }, "fault alloc, monitor" },
	{ "map-file", { ICTL_IOMMU_IOAS_MAP_FILE, 0 }, "ioas map backing memfd, ioas map file" },
	{ "viommu", { ICTL_IOMMU_VIOMMU_ALLOC, ICTL_IOMMU_VDEVICE_ALLOC }, "viommu, vdevice" },
	{ "veventq", { ICTL_IOMMU_VEVENTQ_ALLOC, 0 }, "veventq, monitor" },
	{ "mock", { ICTL_IOMMU_TEST_CMD, 0 },
	  "mock (the selftest mock IOMMU, CONFIG_IOMMUFD_TEST)" },
};

static void doctor_features(struct doc *d, const struct iommufd_probe *p)
{
	struct doc_verdict v;
	int core = -1;

	if (p->fd < 0) {
		verdict(&v, DOC_MISSING, "not probed: no iommufd could be opened (see /dev/iommu)");
		check(d, "kernel", "iommufd", true, &v);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(features); i++) {
		int res[2] = { 1, 1 }, ret[2] = { 0, 0 };
		const char *absent = NULL;
		bool required = i == 0;

		for (int k = 0; k < 2 && features[i].cmd[k]; k++) {
			ret[k] = ifd_probe(p->fd, features[i].cmd[k]);
			res[k] = doc_probe_result(ret[k]);
			if (res[k] != 1 && !absent)
				absent = trace_ioctl_name(features[i].cmd[k]);
		}
		if (i == 0)
			core = res[0];
		if (i == 0 && res[0] != 1)
			verdict(&v, DOC_UNSUPPORTED, "%s does not answer iommufd ioctls (IOMMU_DESTROY "
				"gave %s, not EINVAL): not an iommufd, or a 32-bit iommuctl on a "
				"64-bit kernel (iommufd has no compat_ioctl)", p->what,
				errno_name(-ret[0]));
		else if (!absent)
			verdict(&v, DOC_OK, "present: %s", features[i].used);
		else if (res[0] == 0 || res[1] == 0) {
			const char *since = ioctl_min_kernel(absent);

			verdict(&v, DOC_UNSUPPORTED, "this kernel has no %s%s%s%s: %s unsupported",
				absent, since ? " (Linux " : "", since ? since : "", since ? ")" : "",
				features[i].used);
		} else {
			verdict(&v, DOC_WARN, "%s answered a size-0 probe with %s, neither EINVAL nor "
				"ENOTTY", absent, errno_name(-(ret[0] != -EINVAL ? ret[0] : ret[1])));
		}
		check_open(d, "kernel", features[i].name, required, &v);
		open_array("ioctls");
		for (int k = 0; k < 2 && features[i].cmd[k]; k++) {
			open_object(NULL);
			print_string(PRINT_JSON, "name", NULL, trace_ioctl_name(features[i].cmd[k]));
			print_hex(PRINT_JSON, "cmd", NULL, features[i].cmd[k]);
			if (res[k] >= 0)
				print_bool(PRINT_JSON, "present", NULL, res[k] == 1);
			else
				print_null(PRINT_JSON, "present", NULL);
			close_object();
		}
		close_array();
		close_object();
		if (core != 1)
			break;	/* not an iommufd: nothing more to ask it */
	}
}

/* Any vfio-dev/vfioN with a dev attribute: a cdev was registered. */
static int sysfs_vfio_cdev(void)
{
	char path[SF_PATH_MAX];
	struct sf_list l;
	int found = -1;

	if (sys_path(path, "class/vfio-dev") || sf_list_dir(path, SF_SORT_NATURAL, &l))
		return -1;
	for (size_t i = 0; i < l.n && found < 1; i++)
		if (sys_path(path, "class/vfio-dev/%s/dev", l.names[i]) == 0)
			found = sf_exists(path) ? 1 : 0;
	sf_list_free(&l);
	return found;
}

static void doctor_vfio_kernel(struct doc *d, bool device)
{
	struct doc_verdict v;
	char path[SF_PATH_MAX], val[16];
	int cdev = proc_lists("devices", "vfio-dev"), group = proc_lists("devices", "vfio");
	int sys = sysfs_vfio_cdev();

	if (cdev == 1 || sys == 1)
		verdict(&v, DOC_OK, "VFIO device cdevs (CONFIG_VFIO_DEVICE_CDEV): %s",
			cdev == 1 ? "/proc/devices lists vfio-dev" : "a vfio-dev device has a dev_t");
	else if (cdev == 0 && group == 1)
		verdict(&v, DOC_UNSUPPORTED, "VFIO without device cdevs (no vfio-dev in "
			"/proc/devices): only the group interface, which gives no iommufd device "
			"(CONFIG_VFIO_DEVICE_CDEV)");
	else if (cdev == 0)
		verdict(&v, DOC_UNSUPPORTED, "no VFIO in /proc/devices: module vfio not loaded, or "
			"a kernel without CONFIG_VFIO");
	else
		verdict(&v, DOC_WARN, "unknown: no /proc/devices and no vfio-dev device in sysfs");
	check_open(d, "kernel", "vfio-cdev", device, &v);
	if (cdev >= 0)
		print_bool(PRINT_JSON, "proc_devices", NULL, cdev);
	else
		print_null(PRINT_JSON, "proc_devices", NULL);
	close_object();

	if (sys_path(path, "module/iommufd/parameters/allow_unsafe_interrupts") ||
	    sf_read_str(path, val, sizeof(val)) < 1)
		return;
	if (!doc_cmdline_item("iommufd.allow_unsafe_interrupts", val, NULL, &v))
		return;
	check_open(d, "kernel", "allow_unsafe_interrupts", false, &v);
	print_string(PRINT_JSON, "value", NULL, val);
	close_object();
}

/* -- kernel command line -- */

struct cmdline_ctx {
	struct doc *d;
	const char *vendor;
	int shown;
};

static void cmdline_word(const char *word, void *arg)
{
	struct cmdline_ctx *c = arg;
	const char *eq = strchr(word, '=');
	char key[128], items[512], name[256], *save = NULL, *it;
	struct doc_verdict v;

	snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - word) : (int)strlen(word), word);
	snprintf(items, sizeof(items), "%s", eq ? eq + 1 : "");
	if (!doc_cmdline_is_list(key)) {
		if (!doc_cmdline_item(key, eq ? eq + 1 : NULL, c->vendor, &v))
			return;
		c->shown++;
		check_open(c->d, "command line", word, false, &v);
		close_object();
		return;
	}
	for (it = strtok_r(items, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
		if (!doc_cmdline_item(key, it, c->vendor, &v))
			continue;
		snprintf(name, sizeof(name), "%s=%s", key, it);
		c->shown++;
		check(c->d, "command line", name, false, &v);
	}
}

static void doctor_cmdline(struct doc *d, const struct host_info *h)
{
	struct cmdline_ctx c = { d, h->cpu_vendor, 0 };
	char path[SF_PATH_MAX], *text;
	struct doc_verdict v;
	size_t len;

	if (proc_path(path, "cmdline") || sf_read_text(path, 1 << 16, &text, &len)) {
		verdict(&v, DOC_WARN, "%s: unreadable; the options that matter are unknown", path);
		check(d, "command line", "cmdline", false, &v);
		return;
	}
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\0')
			text[i] = ' ';
	host_cmdline_words(text, cmdline_word, &c);
	free(text);
	if (!c.shown) {
		verdict(&v, DOC_OK, "no option that matters to iommuctl: the kernel's defaults apply");
		check(d, "command line", "cmdline", false, &v);
	}
}

/* -- a named device -- */

/* BDF of a device named by PCI address, cdev path or vfioN; usage errors
 * for words that are neither, "" in bdf (and why) for a cdev nobody has. */
static int device_bdf(const char *arg, char *bdf, size_t n, char *why, size_t wn)
{
	char path[SF_PATH_MAX], target[SF_PATH_MAX], *p, *q;
	const char *base = strrchr(arg, '/');
	unsigned idx;
	char tail;
	ssize_t r;

	bdf[0] = why[0] = '\0';
	base = base ? base + 1 : arg;
	if (!strchr(arg, '/') && !bdf_parse(arg, bdf, n))
		return 0;
	if (sscanf(base, "vfio%u%c", &idx, &tail) != 1)
		return err_usage("doctor: '%s' is neither a PCI address (DDDD:BB:DD.F or BB:DD.F) "
				 "nor a VFIO cdev (/dev/vfio/devices/vfioN)", arg);
	if (sys_path(path, "class/vfio-dev/vfio%u", idx) ||
	    (r = readlink(path, target, sizeof(target) - 1)) < 0) {
		snprintf(why, wn, "no %s in %s/class/vfio-dev: no device has this cdev", base,
			 opts.sysfs_root);
		return 0;
	}
	target[r] = '\0';
	/* …/0000:00:10.0/vfio-dev/vfio0 */
	p = strstr(target, "/vfio-dev/");
	if (p) {
		*p = '\0';
		q = strrchr(target, '/');
		if (!bdf_parse(q ? q + 1 : target, bdf, n))
			return 0;
	}
	snprintf(why, wn, "%s is not a PCI device's cdev (%s)", base, target);
	return 0;
}

static void doctor_group(struct doc *d, const struct dev_info *di)
{
	char path[SF_PATH_MAX], drv[64], blockers[512] = "", type[32] = "";
	struct doc_verdict v;
	struct sf_list l;
	int r, members = 0;

	group_read_type(di->group, type, sizeof(type));
	verdict(&v, DOC_OK, "IOMMU group %s%s%s", di->group, type[0] ? ", default domain " : "",
		type);
	check_open(d, "device", "group", true, &v);
	print_string(PRINT_JSON, "group", NULL, di->group);
	print_string(PRINT_JSON, "type", NULL, type);
	close_object();

	if (sys_path(path, "kernel/iommu_groups/%s/devices", di->group) ||
	    (r = sf_list_dir(path, SF_SORT_BDF, &l))) {
		verdict(&v, DOC_WARN, "%s: unreadable: cannot tell whether the group is viable",
			path);
		check(d, "device", "group members", true, &v);
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		members++;
		if (!strcmp(l.names[i], di->name))
			continue;
		drv[0] = '\0';
		if (sys_path(path, "kernel/iommu_groups/%s/devices/%s/driver", di->group,
			     l.names[i]) == 0)
			sf_readlink_base(path, drv, sizeof(drv));
		if (!doc_group_peer_ok(drv)) {
			size_t u = strlen(blockers);

			snprintf(blockers + u, sizeof(blockers) - u, "%s%s (%s)", u ? ", " : "",
				 l.names[i], drv);
		}
	}
	sf_list_free(&l);
	if (blockers[0])
		verdict(&v, DOC_MISSING, "the group also holds %s: binding to iommufd fails with "
			"EBUSY until every device of the group is bound to vfio-pci, pci-stub or no "
			"driver", blockers);
	else
		verdict(&v, DOC_OK, "%d device%s in the group, none bound to a driver that uses the "
			"kernel's DMA API", members, members == 1 ? "" : "s");
	check_open(d, "device", "group members", true, &v);
	print_u64(PRINT_JSON, "members", NULL, (uint64_t)members);
	close_object();
}

static void doctor_unit(struct doc *d, const struct dev_info *di)
{
	struct nest_context ctx;
	struct iommu_unit *u;
	struct doc_verdict v;

	if (!di->iommu[0]) {
		verdict(&v, DOC_WARN, "no IOMMU unit link in sysfs");
		check(d, "device", "unit", false, &v);
		return;
	}
	u = malloc(sizeof(*u));
	if (!u)
		return;
	host_nest_context(&ctx);
	iommu_unit_load(di->iommu, &ctx, u);
	if (u->vendor == IOMMU_UNKNOWN || !u->verdict.n_checks)
		verdict(&v, DOC_OK, "IOMMU unit %s (%s)", di->iommu, iommu_vendor_name(u->vendor));
	else
		verdict(&v, u->verdict.nest_parent == CHECK_PASS ? DOC_OK : DOC_WARN,
			"IOMMU unit %s (%s): %s", di->iommu, iommu_vendor_name(u->vendor),
			u->verdict.summary);
	check_open(d, "device", "unit", false, &v);
	print_string(PRINT_JSON, "unit", NULL, di->iommu);
	print_string(PRINT_JSON, "vendor", NULL, iommu_vendor_name(u->vendor));
	if (u->vendor != IOMMU_UNKNOWN && u->verdict.n_checks)
		print_string(PRINT_JSON, "nest_parent", NULL,
			     check_result_name(u->verdict.nest_parent));
	else
		print_null(PRINT_JSON, "nest_parent", NULL);
	close_object();
	free(u);
}

static void doctor_cdev(struct doc *d, const struct dev_info *di)
{
	struct doc_verdict v;
	struct node n;
	char nt[160];

	if (!di->cdev[0]) {
		if (strstr(di->driver, "vfio"))
			verdict(&v, DOC_UNSUPPORTED, "bound to %s but without a VFIO cdev: this "
				"kernel lacks CONFIG_VFIO_DEVICE_CDEV (group interface only)", di->driver);
		else
			verdict(&v, DOC_MISSING, "no VFIO cdev until the device is bound to vfio-pci");
		check(d, "device", "cdev", true, &v);
		return;
	}
	dev_path(n.path, "vfio/devices/%s", di->cdev);
	node_probe(&n);
	if (n.err)
		verdict(&v, DOC_MISSING, "%s: %s (devtmpfs or udev did not create it)", n.path,
			strerror(-n.err));
	else if (!S_ISCHR(n.st.st_mode))
		verdict(&v, DOC_MISSING, "%s: %s", n.path, node_text(&n, nt, sizeof(nt)));
	else if (n.access)
		verdict(&v, DOC_MISSING, "%s: %s; %s", n.path, node_text(&n, nt, sizeof(nt)),
			access_hint(n.access));
	else
		verdict(&v, DOC_OK, "%s: %s; openable read-write ('device open %s')", n.path,
			node_text(&n, nt, sizeof(nt)), di->name);
	check_open(d, "device", "cdev", true, &v);
	print_string(PRINT_JSON, "cdev", NULL, di->cdev);
	node_json(&n);
	close_object();
}

static void doctor_device(struct doc *d, const char *bdf, const char *why)
{
	char dir[SF_PATH_MAX];
	struct doc_verdict v;
	struct dev_info *di;

	if (!bdf[0] || sys_path(dir, "bus/pci/devices/%s", bdf) || !sf_is_dir(dir)) {
		if (!why[0])
			snprintf(dir, sizeof(dir), "no PCI device %s in %s/bus/pci/devices", bdf,
				 opts.sysfs_root);
		verdict(&v, DOC_MISSING, "%s", why[0] ? why : dir);
		check(d, "device", "device", true, &v);
		return;
	}
	di = calloc(1, sizeof(*di));
	if (!di)
		return;
	dev_load(dir, bdf, false, di);
	verdict(&v, DOC_OK, "PCI device %s [%04" PRIx64 ":%04" PRIx64 "]", bdf, di->vendor,
		di->device);
	check_open(d, "device", "device", true, &v);
	print_string(PRINT_JSON, "bdf", NULL, bdf);
	close_object();

	doc_driver(bdf, di->driver, &v);
	check_open(d, "device", "driver", true, &v);
	if (di->driver[0])
		print_string(PRINT_JSON, "driver", NULL, di->driver);
	else
		print_null(PRINT_JSON, "driver", NULL);
	close_object();

	if (di->group[0]) {
		doctor_group(d, di);
	} else {
		verdict(&v, DOC_MISSING, "in no IOMMU group: the IOMMU is off (see the command line) "
			"or does not cover this device");
		check(d, "device", "group", true, &v);
	}
	doctor_unit(d, di);
	doctor_cdev(d, di);
	free(di);
}

/* -- the command -- */

int do_doctor(int argc, char **argv)
{
	const char *ctx = "doctor", *device = NULL;
	uint64_t map_size = 0;
	struct kwarg kw[] = { KW("map-size", KW_SIZE, &map_size) };
	struct iommufd_probe probe = { .fd = -1, .what = "" };
	struct doc d = { 0 };
	struct host_info h;
	char bdf[32] = "", why[SF_PATH_MAX + 64] = "", ms[32];
	int rc;

	if (argc == 1 && !strcmp(argv[0], "help"))
		return object_help(object_find("doctor"));
	if (argc > 0 && strcmp(argv[0], "map-size")) {
		device = argv[0];
		argc--;
		argv++;
	}
	if ((rc = parse_kwargs(ctx, argc, argv, kw, ARRAY_SIZE(kw))))
		return rc;
	if (kw[0].seen && !map_size)
		return err_usage("doctor: map-size: 0 maps nothing");
	if (device && (rc = device_bdf(device, bdf, sizeof(bdf), why, sizeof(why))))
		return rc;

	host_probe(&h);
	open_object("scope");
	print_string(PRINT_ANY, "kernel", "doctor: kernel %s", h.release[0] ? h.release : "?");
	print_bool(PRINT_JSON, "session", NULL, true);
	print_text("; scope: iommufd session");
	if (map_size) {
		print_u64(PRINT_JSON, "map_size", NULL, map_size);
		print_text(", map of %s", doc_size(map_size, ms, sizeof(ms)));
	} else
		print_null(PRINT_JSON, "map_size", NULL);
	if (device)
		print_string(PRINT_ANY, "device", ", device %s", bdf[0] ? bdf : device);
	else
		print_null(PRINT_JSON, "device", NULL);
	print_nl();
	close_object();

	doctor_process(&d);		/* opens the "checks" array */
	doctor_iommu_node(&d, &probe);
	doctor_vfio_nodes(&d);
	doctor_memory(&d, probe.fd, probe.what, map_size);
	doctor_features(&d, &probe);
	doctor_vfio_kernel(&d, device != NULL);
	doctor_cmdline(&d, &h);
	if (device)
		doctor_device(&d, bdf, why);
	close_array();
	if (probe.own)
		close(probe.fd);

	open_object("summary");
	print_u64(PRINT_ANY, "ok", "summary: %" PRIu64 " ok", (uint64_t)d.count[DOC_OK]);
	print_u64(PRINT_ANY, "warn", ", %" PRIu64 " warn", (uint64_t)d.count[DOC_WARN]);
	print_u64(PRINT_ANY, "missing", ", %" PRIu64 " missing", (uint64_t)d.count[DOC_MISSING]);
	print_u64(PRINT_ANY, "unsupported", ", %" PRIu64 " unsupported",
		  (uint64_t)d.count[DOC_UNSUPPORTED]);
	print_bool(PRINT_JSON, "scope_ok", NULL, !d.required_failed);
	print_text("; the scope (iommufd session%s%s%s%s) ", map_size ? ", map of " : "",
		   map_size ? doc_size(map_size, ms, sizeof(ms)) : "", device ? ", device " : "",
		   device ? device : "");
	print_text(d.required_failed ? "lacks:" : "has everything it needs");
	open_array("failed");
	for (int i = 0; i < d.required_failed && i < (int)ARRAY_SIZE(d.failed); i++)
		print_string(PRINT_ANY, NULL, i ? ", %s" : " %s", d.failed[i]);
	close_array();
	print_nl();
	close_object();
	return d.required_failed ? EXIT_FAILED : EXIT_OK;
}
