/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A session: one iommufd descriptor and what was created through it.
 * iommufd objects die with the descriptor, so a session is the unit of work:
 * one command line is a one-line session, a batch file or a shell is a longer
 * one. Objects get optional names (`name NAME`) that later lines may use
 * wherever an id is accepted.
 */
#ifndef IOMMUCTL_SESSION_H
#define IOMMUCTL_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sobj_kind {
	SOBJ_DEVICE = 1 << 0,	/* VFIO cdev bound to the iommufd (id = dev_id) */
	SOBJ_MOCK = 1 << 1,	/* selftest mock device (id = idev_id) */
	SOBJ_IOAS = 1 << 2,
	SOBJ_HWPT = 1 << 3,
	SOBJ_VIOMMU = 1 << 4,
	SOBJ_VDEVICE = 1 << 5,
	SOBJ_FAULT = 1 << 6,
	SOBJ_VEVENTQ = 1 << 7,
	SOBJ_ACCESS = 1 << 8,	/* selftest access object */
	SOBJ_S1 = 1 << 9,	/* the tool's own stage-1 tables (id 0: named only) */
};
#define SOBJ_ANY_DEVICE (SOBJ_DEVICE | SOBJ_MOCK)
#define SOBJ_ANY 0xffffu

#define SOBJ_NAME_MAX 63

struct sobj {
	enum sobj_kind kind;
	uint32_t id;		/* iommufd object id */
	char name[SOBJ_NAME_MAX + 1];	/* "" if unnamed */
	int fd;			/* device, fault or vEVENTQ fd, or -1 */
	char what[160];		/* one line for reports: how it was made */
	int line;		/* the batch line that made it (0: a single command) */
	/* selftest mock devices: the selftest object and the RID hwpt */
	uint32_t stdev_id, mock_hwpt_id;
	/* VFIO devices: the PCI address ("" if unknown) */
	char bdf[32];
	/* devices: what the RID is attached to (0: nothing known) */
	uint32_t attached_pt;
	/* hw info, once queried: PASID width for the PASID allocator */
	int pasid_log2;		/* -1: not known */
	/* devices: the PASIDs this session allocated (sorted), and their HWPTs */
	struct sobj_pasid *pasids;
	size_t n_pasids, cap_pasids;
	/* HWPTs: the nested data type (0: paging) and the parent (HWPT or vIOMMU);
	 * vIOMMUs: their type; vEVENTQs: their type */
	uint32_t data_type, parent_id;
	/* nested VT-d HWPTs: the stage-1 flags and width, which the kernel checks
	 * only at attach time (so an attach failure can name what is missing) */
	uint64_t s1_flags;
	uint32_t s1_addr_width;
	struct s1pt *s1;	/* SOBJ_S1: the tables (their memory is a session buffer) */
	struct sobj *next;
};

struct sobj_pasid {
	uint32_t pasid;
	uint32_t pt_id;		/* attached HWPT, 0: allocated only */
};

/* The iommufd descriptor, opened on first use (or --iommufd-fd). On failure
 * the error is reported and the exit code returned. */
int session_iommufd(int *fd);
/* The session's iommufd if it is open (or --iommufd-fd is an open
 * descriptor), else -1; opens nothing and reports nothing. */
int session_iommufd_peek(void);

/* Check NAME before creating the kernel object: syntax and uniqueness.
 * ctx starts the message ("ioas alloc"). */
int session_check_name(const char *ctx, const char *name);

/* Record a created object (name may be NULL or ""). Never fails for names
 * checked before; returns NULL only when out of memory (reported). */
struct sobj *session_add(enum sobj_kind kind, uint32_t id, const char *name, int fd,
			 const char *what_fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Resolve a name or a numeric id. kinds is a mask of what the argument may
 * be; what names the argument in messages. A number that the session does not
 * know is accepted (*o = NULL: the kernel will judge it, and a kernel error
 * names the argument, see kerrors.h); an unknown name, a known object of the
 * wrong kind, or a name or id of an object this session destroyed is a usage
 * error. Anything that does not start with a letter is read as a number.
 */
int session_resolve(const char *arg, unsigned kinds, const char *what, uint32_t *id,
		    struct sobj **o);

struct sobj *session_find_id(uint32_t id);
/* Forget a destroyed object (closes its fd); its name and id are remembered
 * as destroyed, with the line, until the kernel hands the id out again. */
void session_forget(struct sobj *o);
/* The kernel returned this id (for an object the session does not record,
 * such as an automatic domain): it no longer names a destroyed object. */
void session_id_seen(uint32_t id);

/* What the session mapped into IOASes (ioas map, ioas copy, s1 tables), for
 * reports; what is the backing or source in a few words. */
void session_note_map(uint32_t ioas, uint64_t iova, uint64_t length, const char *what);
/* Forget the mappings inside [iova, iova + length) of ioas (length
 * UINT64_MAX: all), printing each (JSON array "mappings"); returns how many. */
size_t session_note_unmap(uint32_t ioas, uint64_t iova, uint64_t length);
/* For the report of a batch that failed: what each line created (objects,
 * those destroyed since with the line that did it, mappings), in line order,
 * as JSON objects appended to the array arr, or as text lines on stderr when
 * arr is NULL. Returns how many. */
struct json_object;
size_t session_report_created(struct json_object *arr);
/* How many lines session_report_created() reports. */
size_t session_created_count(void);
/* Everything created, in order, for reports ("what each earlier line made"). */
struct sobj *session_objects(void);
size_t session_count(void);
/* Print the objects (JSON array "objects" / text lines). */
void session_print_objects(const char *key);
/* Close every descriptor: the kernel destroys the objects. */
void session_end(void);

const char *sobj_kind_name(enum sobj_kind k);

#endif
