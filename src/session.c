// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "output.h"
#include "privs.h"
#include "s1pgtbl.h"
#include "session.h"

static int iommufd = -1;
static bool iommufd_inherited;
static struct sobj *head, **tail = &head;
static size_t count;

const char *sobj_kind_name(enum sobj_kind k)
{
	switch (k) {
	case SOBJ_DEVICE: return "device";
	case SOBJ_MOCK: return "mock";
	case SOBJ_IOAS: return "ioas";
	case SOBJ_HWPT: return "hwpt";
	case SOBJ_VIOMMU: return "viommu";
	case SOBJ_VDEVICE: return "vdevice";
	case SOBJ_FAULT: return "fault";
	case SOBJ_VEVENTQ: return "veventq";
	case SOBJ_ACCESS: return "access";
	case SOBJ_S1: return "s1";
	}
	return "object";
}

int session_iommufd(int *fd)
{
	char path[4096];

	if (iommufd >= 0) {
		*fd = iommufd;
		return 0;
	}
	if (opts.iommufd_fd >= 0) {
		if (fcntl(opts.iommufd_fd, F_GETFD) < 0)
			return err_errno(EXIT_FAILED, "fcntl", errno,
					 "--iommufd-fd %d is not an open descriptor",
					 opts.iommufd_fd);
		iommufd = opts.iommufd_fd;
		iommufd_inherited = true;
		*fd = iommufd;
		privs_opened_iommufd();
		return 0;
	}
	snprintf(path, sizeof(path), "%s/iommu", opts.dev_root);
	iommufd = open(path, O_RDWR | O_CLOEXEC);
	if (iommufd < 0) {
		int e = errno;

		if (e == ENOENT)
			return err_errno(EXIT_UNSUPPORTED, "open", e,
					 "%s does not exist: this kernel has no iommufd "
					 "(CONFIG_IOMMUFD, Linux 6.2 or later) or the module is not loaded",
					 path);
		if (e == EACCES || e == EPERM)
			return err_errno(EXIT_FAILED, "open", e,
					 "%s: permission denied; iommufd needs root or access to the node "
					 "(see 'iommuctl doctor')", path);
		return err_errno(EXIT_FAILED, "open", e, "cannot open %s", path);
	}
	*fd = iommufd;
	privs_opened_iommufd();
	return 0;
}

int session_iommufd_peek(void)
{
	if (iommufd >= 0)
		return iommufd;
	if (opts.iommufd_fd >= 0 && fcntl(opts.iommufd_fd, F_GETFD) >= 0)
		return opts.iommufd_fd;
	return -1;
}

static bool name_syntax_ok(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > SOBJ_NAME_MAX || !isalpha((unsigned char)name[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_-.", name[i]))
			return false;
	return true;
}

static struct sobj *find_name(const char *name)
{
	for (struct sobj *o = head; o; o = o->next)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

int session_check_name(const char *name)
{
	struct sobj *o;

	if (!name)
		return 0;
	if (!name_syntax_ok(name))
		return err_usage("name '%s': names start with a letter and use letters, digits, "
				 "'_', '-' and '.', at most %d characters", name, SOBJ_NAME_MAX);
	o = find_name(name);
	if (o)
		return err_usage("name '%s' is already used by %s %u in this session", name,
				 sobj_kind_name(o->kind), o->id);
	return 0;
}

struct sobj *session_add(enum sobj_kind kind, uint32_t id, const char *name, int fd,
			 const char *what_fmt, ...)
{
	struct sobj *o = calloc(1, sizeof(*o));
	va_list ap;

	if (!o) {
		err_fail("out of memory recording %s %u", sobj_kind_name(kind), id);
		return NULL;
	}
	o->kind = kind;
	o->id = id;
	o->fd = fd;
	o->pasid_log2 = -1;
	if (name)
		snprintf(o->name, sizeof(o->name), "%s", name);
	va_start(ap, what_fmt);
	vsnprintf(o->what, sizeof(o->what), what_fmt, ap);
	va_end(ap);
	*tail = o;
	tail = &o->next;
	count++;
	return o;
}

static const char *kinds_text(unsigned kinds, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned b = 1; b <= SOBJ_ACCESS && used < n; b <<= 1) {
		if (!(kinds & b))
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", used ? " or " : "",
				 sobj_kind_name((enum sobj_kind)b));

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

int session_resolve(const char *arg, unsigned kinds, const char *what, uint32_t *id,
		    struct sobj **out)
{
	struct sobj *o, *unused;
	char kt[128];

	if (!out)	/* the caller needs only the id */
		out = &unused;
	*out = NULL;
	if (!arg || !*arg)
		return err_usage("%s: empty; expected an id or a name", what);
	if (isdigit((unsigned char)arg[0])) {
		int rc = parse_u32(what, arg, id);

		if (rc)
			return rc;
		if (*id == 0)
			return err_usage("%s: 0 is never a valid iommufd object id", what);
		o = session_find_id(*id);
		if (o && !(o->kind & kinds))
			return err_usage("%s: %u is a %s, expected a %s", what, *id,
					 sobj_kind_name(o->kind), kinds_text(kinds, kt, sizeof(kt)));
		*out = o;
		return 0;
	}
	o = find_name(arg);
	if (!o)
		return err_usage("%s: no object named '%s' in this session", what, arg);
	if (!(o->kind & kinds))
		return err_usage("%s: '%s' is a %s, expected a %s", what, arg,
				 sobj_kind_name(o->kind), kinds_text(kinds, kt, sizeof(kt)));
	*id = o->id;
	*out = o;
	return 0;
}

struct sobj *session_find_id(uint32_t id)
{
	struct sobj *found = NULL;

	/* Devices and objects share one id space per iommufd; the newest wins. */
	for (struct sobj *o = head; o; o = o->next)
		if (o->id == id)
			found = o;
	return found;
}

static void free_s1(struct sobj *o)
{
	if (o->s1) {
		s1pt_fini(o->s1);
		free(o->s1);
	}
}

void session_forget(struct sobj *o)
{
	for (struct sobj **p = &head; *p; p = &(*p)->next) {
		if (*p != o)
			continue;
		*p = o->next;
		if (tail == &o->next)
			tail = p;
		if (o->fd >= 0)
			close(o->fd);
		free(o->pasids);
		free_s1(o);
		free(o);
		count--;
		return;
	}
}

struct sobj *session_objects(void)
{
	return head;
}

size_t session_count(void)
{
	return count;
}

void session_print_objects(const char *key)
{
	open_array(key);
	for (struct sobj *o = head; o; o = o->next) {
		open_object(NULL);
		print_string(PRINT_ANY, "kind", "  %-8s", sobj_kind_name(o->kind));
		print_u64(PRINT_ANY, "id", " %-4" PRIu64, o->id);
		if (o->name[0])
			print_string(PRINT_ANY, "name", " %-12s", o->name);
		else
			print_text(" %-12s", "-");
		print_string(PRINT_ANY, "what", " %s\n", o->what);
		close_object();
	}
	close_array();
}

/*
 * Detach what the session attached to PASIDs before the descriptor goes:
 * Linux 7.2 WARNs (iommufd_object_destroy_user, iommufd_fops_release) when an
 * iommufd is closed while a selftest mock device still has a PASID attached.
 * Quiet: the session is over, there is no one to tell.
 */

static void detach_pasids(void)
{
	for (struct sobj *o = head; o && iommufd >= 0; o = o->next)
		for (size_t i = 0; i < o->n_pasids; i++) {
			if (!o->pasids[i].pt_id)
				continue;
			if (o->kind == SOBJ_MOCK) {
				struct ictl_iommu_test_cmd c = {
					.size = sizeof(c), .op = ICTL_IOMMU_TEST_OP_PASID_DETACH,
					.id = o->stdev_id, .pasid_detach.pasid = o->pasids[i].pasid,
				};

				ifd_test_cmd(iommufd, &c);
			} else if (o->kind == SOBJ_DEVICE && o->fd >= 0) {
				vfio_detach_pt(o->fd, o->pasids[i].pasid);
			}
		}
}

void session_end(void)
{
	detach_pasids();
	while (head) {
		struct sobj *o = head;

		head = o->next;
		if (o->fd >= 0)
			close(o->fd);
		free(o->pasids);
		free_s1(o);
		free(o);
	}
	tail = &head;
	count = 0;
	if (iommufd >= 0 && !iommufd_inherited)
		close(iommufd);
	iommufd = -1;
	buffers_free_all();	/* after the close: the kernel has unpinned them */
}
