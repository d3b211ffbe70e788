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

#include <json.h>

#include "buffer.h"
#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "output.h"
#include "privs.h"
#include "s1pgtbl.h"
#include "session.h"

static int iommufd = -1;
static bool iommufd_inherited;
static struct sobj *head, **tail = &head;
static size_t count;

/* Objects destroyed in this session: their names and ids are not unknown,
 * they are gone, and a message can say since which line. */
struct sgone {
	enum sobj_kind kind;
	uint32_t id;
	char name[SOBJ_NAME_MAX + 1];
	char what[160];
	int line, destroyed_line;
	bool id_reused;		/* the kernel handed the id out again */
	struct sgone *next;	/* newest first */
};
static struct sgone *gone;

/* What the session mapped, oldest first. */
struct smap {
	int line;
	uint32_t ioas;
	uint64_t iova, length;
	char what[96];
	struct smap *next;
};
static struct smap *maps, **maps_tail = &maps;

static size_t drop_maps(uint32_t ioas, uint64_t iova, uint64_t length, bool print);

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

/* The object last found by name: a batch names the same object line after
 * line, and a long session would walk its whole list for each (names are
 * unique; forgetting an object clears it). */
static struct sobj *name_hit;

static struct sobj *find_name(const char *name)
{
	if (name_hit && !strcmp(name_hit->name, name))
		return name_hit;
	for (struct sobj *o = head; o; o = o->next)
		if (!strcmp(o->name, name))
			return name_hit = o;
	return NULL;
}

static struct sgone *find_gone_name(const char *name)
{
	for (struct sgone *g = gone; g; g = g->next)
		if (g->name[0] && !strcmp(g->name, name))
			return g;
	return NULL;
}

static struct sgone *find_gone_id(uint32_t id)
{
	for (struct sgone *g = gone; g; g = g->next)
		if (g->id == id && g->kind != SOBJ_S1)
			return g->id_reused ? NULL : g;
	return NULL;
}

/* " (line 3)" or "" outside a batch */
static const char *at_line(int line, char *buf, size_t n)
{
	if (line)
		snprintf(buf, n, " (line %d)", line);
	else
		buf[0] = '\0';
	return buf;
}

int session_check_name(const char *ctx, const char *name)
{
	struct sobj *o;
	char l[32];

	if (!name)
		return 0;
	if (!name_syntax_ok(name))
		return err_usage("%s: name '%s': names start with a letter and use letters, digits, "
				 "'_', '-' and '.', at most %d characters", ctx, err_arg(name),
				 SOBJ_NAME_MAX);
	o = find_name(name);
	if (o)
		return err_usage("%s: name '%s' is already used by %s %u%s in this session", ctx,
				 name, sobj_kind_name(o->kind), o->id, at_line(o->line, l, sizeof(l)));
	return 0;
}

void session_id_seen(uint32_t id)
{
	for (struct sgone *g = gone; g; g = g->next)
		if (g->id == id)
			g->id_reused = true;
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
	o->line = err_line();
	if (kind != SOBJ_S1)
		session_id_seen(id);
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
	struct sgone *g;
	char kt[128], l[32];

	if (!out)	/* the caller needs only the id */
		out = &unused;
	*out = NULL;
	if (!arg || !*arg)
		return err_usage("%s: empty; expected an id or a name", what);
	if (!isalpha((unsigned char)arg[0])) {	/* names start with a letter */
		int rc = parse_u32(what, arg, id);

		if (rc)
			return rc;
		if (*id == 0)
			return err_usage("%s: 0 is never a valid iommufd object id", what);
		o = session_find_id(*id);
		if (o && !(o->kind & kinds))
			return err_usage("%s: %u is a %s, expected a %s", what, *id,
					 sobj_kind_name(o->kind), kinds_text(kinds, kt, sizeof(kt)));
		if (!o && (g = find_gone_id(*id)))
			return err_usage("%s: %s %u%s%s%s was destroyed%s", what,
					 sobj_kind_name(g->kind), *id, g->name[0] ? " (" : "", g->name,
					 g->name[0] ? ")" : "", at_line(g->destroyed_line, l, sizeof(l)));
		if (!o)
			kerr_note_unknown(what, *id);
		*out = o;
		return 0;
	}
	o = find_name(arg);
	if (!o && (g = find_gone_name(arg)))
		return err_usage("%s: '%s' (%s %u) was destroyed%s", what, arg,
				 sobj_kind_name(g->kind), g->id, at_line(g->destroyed_line, l, sizeof(l)));
	if (!o)
		return err_usage("%s: no object named '%s' in this session", what, err_arg(arg));
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

/* Remember a destroyed object (best effort: out of memory, it is forgotten). */
static void remember_gone(const struct sobj *o)
{
	struct sgone *g = calloc(1, sizeof(*g));

	if (!g)
		return;
	g->kind = o->kind;
	g->id = o->id;
	memcpy(g->name, o->name, sizeof(g->name));
	memcpy(g->what, o->what, sizeof(g->what));
	g->line = o->line;
	g->destroyed_line = err_line();
	g->next = gone;
	gone = g;
}

void session_forget(struct sobj *o)
{
	for (struct sobj **p = &head; *p; p = &(*p)->next) {
		if (*p != o)
			continue;
		*p = o->next;
		if (tail == &o->next)
			tail = p;
		if (name_hit == o)
			name_hit = NULL;
		remember_gone(o);
		if (o->kind == SOBJ_IOAS)	/* its mappings went with it */
			drop_maps(o->id, 0, UINT64_MAX, false);
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

void session_note_map(uint32_t ioas, uint64_t iova, uint64_t length, const char *what)
{
	struct smap *m = calloc(1, sizeof(*m));

	if (!m)
		return;
	m->line = err_line();
	m->ioas = ioas;
	m->iova = iova;
	m->length = length;
	snprintf(m->what, sizeof(m->what), "%s", what);
	*maps_tail = m;
	maps_tail = &m->next;
}

/* Drop the mappings inside the range; print them when print is set. */
static size_t drop_maps(uint32_t ioas, uint64_t iova, uint64_t length, bool print)
{
	size_t n = 0;

	if (print)
		open_array("mappings");
	for (struct smap **p = &maps; *p;) {
		struct smap *m = *p;

		if (m->ioas != ioas || m->iova < iova || m->iova - iova > length ||
		    m->length > length - (m->iova - iova)) {
			p = &m->next;
			continue;
		}
		if (print) {
			open_object(NULL);
			print_hex(PRINT_ANY, "iova", "\n  iova 0x%" PRIx64, m->iova);
			print_u64(PRINT_ANY, "length", " length %" PRIu64, m->length);
			print_string(PRINT_ANY, "what", " %s", m->what);
			if (m->line)
				print_u64(PRINT_ANY, "line", " (mapped on line %" PRIu64 ")", (uint64_t)m->line);
			close_object();
		}
		*p = m->next;
		if (maps_tail == &m->next)
			maps_tail = p;
		free(m);
		n++;
	}
	if (print)
		close_array();
	return n;
}

size_t session_note_unmap(uint32_t ioas, uint64_t iova, uint64_t length)
{
	return drop_maps(ioas, iova, length, true);
}

/* One line of the created report: an object (alive or destroyed) or a mapping. */
struct created {
	int line;
	size_t seq;		/* ties: in the order they were made, objects first */
	const struct sobj *o;
	const struct sgone *g;
	const struct smap *m;
};

static int by_line(const void *a, const void *b)
{
	const struct created *x = a, *y = b;

	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void report_one(struct json_object *arr, const struct created *c)
{
	const char *kind = c->o ? sobj_kind_name(c->o->kind) : c->g ? sobj_kind_name(c->g->kind)
			   : "mapping";
	const char *name = c->o ? c->o->name : c->g ? c->g->name : "";
	const char *what = c->o ? c->o->what : c->g ? c->g->what : c->m->what;
	uint32_t id = c->o ? c->o->id : c->g ? c->g->id : 0;
	int destroyed = c->g ? c->g->destroyed_line : 0;
	char iova[32] = "";
	struct json_object *e;

	if (c->m)
		snprintf(iova, sizeof(iova), "0x%" PRIx64, c->m->iova);
	if (!arr) {
		if (c->m) {
			fprintf(stderr, "  line %d: mapping in ioas %u: iova %s length %" PRIu64 " (%s)\n",
				c->line, c->m->ioas, iova, c->m->length, what);
			return;
		}
		fprintf(stderr, "  line %d: %s %u%s%s: %s", c->line, kind, id, name[0] ? " " : "",
			name, what);
		if (destroyed)
			fprintf(stderr, " (destroyed on line %d)", destroyed);
		fputc('\n', stderr);
		return;
	}
	e = json_object_new_object();
	json_object_object_add(e, "line", json_object_new_int(c->line));
	json_object_object_add(e, "kind", json_object_new_string(kind));
	if (c->m) {
		json_object_object_add(e, "ioas_id", json_object_new_int64(c->m->ioas));
		json_object_object_add(e, "iova", json_object_new_string(iova));
		json_object_object_add(e, "length", json_object_new_uint64(c->m->length));
	} else {
		json_object_object_add(e, "id", json_object_new_int64(id));
		json_object_object_add(e, "name", name[0] ? json_object_new_string(name) : NULL);
		json_object_object_add(e, "destroyed_on_line",
				       destroyed ? json_object_new_int(destroyed) : NULL);
	}
	json_object_object_add(e, "what", json_object_new_string(what));
	json_object_array_add(arr, e);
}

size_t session_created_count(void)
{
	size_t n = 0;

	for (struct sgone *g = gone; g; g = g->next)
		n += g->line != 0;
	for (struct sobj *o = head; o; o = o->next)
		n += o->line != 0;
	for (struct smap *m = maps; m; m = m->next)
		n += m->line != 0;
	return n;
}

size_t session_report_created(struct json_object *arr)
{
	struct created *c;
	size_t n = 0, cap = count;

	for (struct sgone *g = gone; g; g = g->next)
		cap++;
	for (struct smap *m = maps; m; m = m->next)
		cap++;
	c = calloc(cap ? cap : 1, sizeof(*c));
	if (!c) {
		if (!arr)
			fprintf(stderr, "  (out of memory listing them)\n");
		return 0;
	}
	for (struct sgone *g = gone; g; g = g->next)
		if (g->line)
			c[n] = (struct created){ .line = g->line, .seq = n, .g = g }, n++;
	for (struct sobj *o = head; o; o = o->next)
		if (o->line)
			c[n] = (struct created){ .line = o->line, .seq = n, .o = o }, n++;
	for (struct smap *m = maps; m; m = m->next)
		if (m->line)
			c[n] = (struct created){ .line = m->line, .seq = n, .m = m }, n++;
	qsort(c, n, sizeof(*c), by_line);
	for (size_t i = 0; i < n; i++)
		report_one(arr, &c[i]);
	free(c);
	return n;
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
	name_hit = NULL;
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
	while (gone) {
		struct sgone *g = gone;

		gone = g->next;
		free(g);
	}
	while (maps) {
		struct smap *m = maps;

		maps = m->next;
		free(m);
	}
	maps_tail = &maps;
	if (iommufd >= 0 && !iommufd_inherited)
		close(iommufd);
	iommufd = -1;
	buffers_free_all();	/* after the close: the kernel has unpinned them */
}
