// SPDX-License-Identifier: GPL-2.0-only
/* Privileges: the set-uid refusal and the capability plan. See privs.h. */
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "output.h"
#include "privs.h"

#define OPEN_CAPS	(PRIV_BIT(CAP_DAC_OVERRIDE) | PRIV_BIT(CAP_DAC_READ_SEARCH))
#define USED_CAPS	(OPEN_CAPS | PRIV_BIT(CAP_IPC_LOCK) | PRIV_BIT(CAP_SYS_RESOURCE) | \
			 PRIV_BIT(CAP_SYS_ADMIN))

enum {
	P_IOMMUFD = 1 << 0,	/* uses the session's iommufd: opens /dev/iommu on first use */
	P_OPENS = 1 << 1,	/* opens a path the user names (after the iommufd, if any) */
	P_SESSION = 1 << 2,	/* batch, shell: the lines decide */
};

/*
 * Every command of the tables (tests/unit/test_privs.c checks that none is
 * missing). arg: the row applies only when the next word is arg; such rows
 * come before the command's general row.
 */
static const struct prow {
	const char *object, *command, *arg;
	uint64_t caps;
	unsigned flags;
} rows[] = {
	{ "show", NULL, NULL, 0, 0 },
	{ "iommu", "list", NULL, 0, 0 },
	{ "iommu", "show", NULL, 0, 0 },
	{ "group", "list", NULL, 0, 0 },
	{ "group", "show", NULL, 0, 0 },
	/* config space past 64 bytes: PASID, ATS, PRI (list reads it with -j) */
	{ "device", "list", NULL, PRIV_BIT(CAP_SYS_ADMIN), 0 },
	{ "device", "show", NULL, PRIV_BIT(CAP_SYS_ADMIN), 0 },
	{ "device", "open", NULL, 0, P_IOMMUFD | P_OPENS },
	{ "device", "hwinfo", NULL, 0, P_IOMMUFD },
	{ "device", "attach", NULL, 0, P_IOMMUFD },
	{ "device", "detach", NULL, 0, P_IOMMUFD },
	/* the BAR is mapped through the cdev the session opened */
	{ "device", "dma", NULL, 0, P_IOMMUFD },
	{ "ioas", "alloc", NULL, 0, P_IOMMUFD },
	/* pages not charged to RLIMIT_MEMLOCK; `file PATH` opens a file */
	{ "ioas", "map", NULL, PRIV_BIT(CAP_IPC_LOCK), P_IOMMUFD | P_OPENS },
	{ "ioas", "unmap", NULL, 0, P_IOMMUFD },
	{ "ioas", "ranges", NULL, 0, P_IOMMUFD },
	{ "ioas", "allow", NULL, 0, P_IOMMUFD },
	{ "ioas", "copy", NULL, 0, P_IOMMUFD },	/* shares the source's pinned pages */
	{ "ioas", "destroy", NULL, 0, P_IOMMUFD },
	/* the session's own memory behind a mapping */
	{ "ioas", "read", NULL, 0, P_IOMMUFD },
	{ "ioas", "write", NULL, 0, P_IOMMUFD },
	{ "hwpt", "alloc", NULL, 0, P_IOMMUFD },
	{ "hwpt", "invalidate", NULL, 0, P_IOMMUFD },
	{ "hwpt", "dirty", NULL, 0, P_IOMMUFD },
	{ "hwpt", "dirty-bitmap", NULL, 0, P_IOMMUFD },
	{ "hwpt", "attach", NULL, 0, P_IOMMUFD },
	{ "hwpt", "replace", NULL, 0, P_IOMMUFD },
	{ "hwpt", "detach", NULL, 0, P_IOMMUFD },
	{ "hwpt", "destroy", NULL, 0, P_IOMMUFD },
	{ "viommu", "alloc", NULL, 0, P_IOMMUFD },
	{ "viommu", "invalidate", NULL, 0, P_IOMMUFD },
	{ "viommu", "destroy", NULL, 0, P_IOMMUFD },
	{ "vdevice", "alloc", NULL, 0, P_IOMMUFD },
	{ "vdevice", "destroy", NULL, 0, P_IOMMUFD },
	/* the tables live in session memory mapped into the IOAS */
	{ "s1", "alloc", NULL, PRIV_BIT(CAP_IPC_LOCK), P_IOMMUFD },
	{ "s1", "map", NULL, 0, P_IOMMUFD },
	{ "s1", "unmap", NULL, 0, P_IOMMUFD },
	{ "s1", "show", NULL, 0, P_IOMMUFD },
	{ "s1", "translate", NULL, 0, P_IOMMUFD },
	{ "pasid", "alloc", NULL, 0, P_IOMMUFD },
	{ "pasid", "free", NULL, 0, P_IOMMUFD },
	{ "pasid", "attach", NULL, 0, P_IOMMUFD },
	{ "pasid", "replace", NULL, 0, P_IOMMUFD },
	{ "pasid", "detach", NULL, 0, P_IOMMUFD },
	{ "pasid", "list", NULL, 0, P_IOMMUFD },
	{ "fault", "alloc", NULL, 0, P_IOMMUFD },
	{ "fault", "respond", NULL, 0, P_IOMMUFD },
	{ "fault", "destroy", NULL, 0, P_IOMMUFD },
	{ "veventq", "alloc", NULL, 0, P_IOMMUFD },
	{ "veventq", "destroy", NULL, 0, P_IOMMUFD },
	{ "monitor", NULL, NULL, 0, P_IOMMUFD },
	{ "option", "get", NULL, 0, P_IOMMUFD },
	{ "option", "set", "rlimit-mode", PRIV_BIT(CAP_SYS_RESOURCE), P_IOMMUFD },
	{ "option", "set", NULL, 0, P_IOMMUFD },
	/* IOMMU_TEST_CMD checks no capability */
	{ "mock", "add", NULL, 0, P_IOMMUFD },
	{ "mock", "check-map", NULL, 0, P_IOMMUFD },
	{ "mock", "check-iotlb", NULL, 0, P_IOMMUFD },
	{ "mock", "check-cache", NULL, 0, P_IOMMUFD },
	{ "mock", "check-pasid", NULL, 0, P_IOMMUFD },
	{ "mock", "trigger-iopf", NULL, 0, P_IOMMUFD },
	{ "mock", "trigger-vevent", NULL, 0, P_IOMMUFD },
	{ "mock", "dirty", NULL, 0, P_IOMMUFD },
	{ "mock", "destroy", NULL, 0, P_IOMMUFD },
	{ "decode", "vtd", NULL, 0, 0 },
	{ "decode", "vtd-cap", NULL, 0, 0 },
	{ "decode", "vtd-ecap", NULL, 0, 0 },
	{ "decode", "amd", NULL, 0, 0 },
	{ "decode", "smmuv3", NULL, 0, 0 },
	{ "decode", "smmuv3-cmd", NULL, 0, 0 },
	{ "decode", "smmuv3-ste", NULL, 0, 0 },
	{ "decode", "dmesg", NULL, 0, P_OPENS },
	/* opens /dev/iommu itself and checks access with the open capabilities */
	{ "doctor", NULL, NULL, 0, P_OPENS },
	{ "batch", NULL, NULL, 0, P_OPENS | P_SESSION },
	{ "shell", NULL, NULL, 0, P_SESSION },
	{ "help", NULL, NULL, 0, 0 },
};

/* A known command without a row (a new one): the open capabilities until
 * the iommufd is open, as any session command. */
static const struct prow unlisted = { NULL, NULL, NULL, 0, P_IOMMUFD };

uint64_t privs_used(void)
{
	return USED_CAPS;
}

uint64_t privs_open_caps(void)
{
	return OPEN_CAPS;
}

const char *privs_refusal(uid_t ruid, uid_t euid, gid_t rgid, gid_t egid, bool secure)
{
	if (ruid != euid)
		return "set-uid (real and effective user ids differ)";
	if (rgid != egid)
		return "set-gid (real and effective group ids differ)";
	if (secure)
		return "in secure-execution mode (AT_SECURE: set-uid, set-gid or file capabilities)";
	return NULL;
}

bool privs_has_row(const char *object, const char *command)
{
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (!strcmp(rows[i].object, object) &&
		    (rows[i].command ? command && !strcmp(rows[i].command, command) : !command))
			return true;
	return false;
}

/* The row of a command line; NULL if it names no command (usage error). */
static const struct prow *find_row_of(const struct object *obj, const struct cmd *known,
				      int argc, char *const *argv);

static const struct prow *find_row(int argc, char *const *argv)
{
	const struct object *obj;

	if (argc < 1 || !(obj = object_find(argv[0])))
		return NULL;
	return find_row_of(obj, cmd_of(obj, argc, argv), argc, argv);
}

/* The same, the object and its command (known, NULL if it has commands but
 * argv names none) found already. */
static const struct prow *find_row_of(const struct object *obj, const struct cmd *known,
				      int argc, char *const *argv)
{
	/* A batch runs the same command line after line: the last answer,
	 * unless an argument-specific row could change it. */
	static struct {
		const struct object *obj;
		const struct cmd *c;
		const struct prow *row;
		bool by_arg;
	} last;
	const char *cmd = NULL, *arg;
	bool by_arg = false;

	if (obj->cmds) {
		if (!known)
			return NULL;
		cmd = known->name;
	}
	if (last.obj == obj && last.c == known && last.row && !last.by_arg)
		return last.row;
	arg = obj->cmds && argc > 2 ? argv[2] : NULL;
	last.obj = obj;
	last.c = known;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct prow *r = &rows[i];

		if (strcmp(r->object, obj->name) || (r->command && (!cmd || strcmp(r->command, cmd))) ||
		    (!r->command && cmd))
			continue;
		by_arg |= r->arg != NULL;	/* argument rows come first */
		if (r->arg && (!arg || strcmp(r->arg, arg)))
			continue;
		last.by_arg = by_arg;
		return last.row = r;
	}
	last.by_arg = by_arg;
	return last.row = &unlisted;
}

static uint64_t row_needs(const struct prow *r, bool iommufd_open)
{
	uint64_t caps;

	if (!r)
		return 0;
	caps = r->caps;
	if ((r->flags & P_OPENS) || ((r->flags & P_IOMMUFD) && !iommufd_open))
		caps |= OPEN_CAPS;
	return caps;
}

uint64_t privs_line_needs(int argc, char *const *argv, bool iommufd_open)
{
	return row_needs(find_row(argc, argv), iommufd_open);
}

struct privs_sets privs_step(uint64_t perm, uint64_t need, uint64_t later)
{
	struct privs_sets s;

	s.perm = (need | later) & perm;
	s.eff = need & s.perm;
	return s;
}

/* ---- the running process ---- */

static struct privs_start start;
static bool active;		/* capabilities known and managed */
static uint64_t cur_eff, cur_perm;
static const struct prow *cur_row;
static bool need_open;		/* the current command may still open a path */
static bool iommufd_open;
static uint64_t later;		/* what later lines may need */
static bool roots_named;	/* --sysfs/--proc/--dev: reading trees the user names */

static struct {
	bool planned;
	int lines, line;
	uint64_t *closed, *open;	/* suffix unions, [lines + 1] is 0 */
} plan;

static uint64_t caps_mask(cap_t c, cap_flag_t flag)
{
	uint64_t m = 0;
	cap_value_t max = cap_max_bits();

	for (cap_value_t i = 0; i < max && i < 64; i++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(c, i, flag, &v) == 0 && v == CAP_SET)
			m |= PRIV_BIT(i);
	}
	return m;
}

bool privs_now(uint64_t *eff, uint64_t *perm)
{
	cap_t c = cap_get_proc();

	if (!c)
		return false;
	*eff = caps_mask(c, CAP_EFFECTIVE);
	*perm = caps_mask(c, CAP_PERMITTED);
	cap_free(c);
	return true;
}

const char *privs_names(uint64_t set, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	if (!set) {
		snprintf(buf, n, "none");
		return buf;
	}
	if (set & ~USED_CAPS) {	/* the start: many; a mask says it shorter */
		snprintf(buf, n, "%#" PRIx64 " (%d capabilities)", set, __builtin_popcountll(set));
		return buf;
	}
	for (int i = 0; i < 64 && used < n; i++) {
		char *name;
		int w;

		if (!(set & PRIV_BIT(i)))
			continue;
		name = cap_to_name(i);
		w = snprintf(buf + used, n - used, "%s%s", used ? "," : "", name ? name : "?");
		cap_free(name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

static void trace(const char *what)
{
	char e[512], p[512];

	if (!opts.debug)
		return;
	out_flush();
	fprintf(stderr, "caps %s: effective %s; permitted %s\n", what,
		privs_names(cur_eff, e, sizeof(e)), privs_names(cur_perm, p, sizeof(p)));
}

/* Set permitted and effective, clear inheritable; never raises permitted. */
static void apply(struct privs_sets s, const char *what)
{
	cap_t c;

	if (!active || (s.eff == cur_eff && s.perm == cur_perm))
		return;
	c = cap_init();
	if (!c)
		return;
	for (int i = 0; i < 64; i++) {
		cap_value_t v = i;

		if (s.perm & PRIV_BIT(i))
			cap_set_flag(c, CAP_PERMITTED, 1, &v, CAP_SET);
		if (s.eff & PRIV_BIT(i))
			cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_SET);
	}
	if (cap_set_proc(c) == 0) {
		cur_eff = s.eff;
		cur_perm = s.perm;
		trace(what);
	} else {
		out_warn("could not change capabilities (%s): %s", what, strerror(errno));
		if (!privs_now(&cur_eff, &cur_perm))
			active = false;
	}
	cap_free(c);
}

/* What the current command needs now. */
static uint64_t current_need(void)
{
	return (cur_row ? cur_row->caps : 0) | (need_open ? OPEN_CAPS : 0);
}

static uint64_t later_need(void)
{
	uint64_t l = later;

	if (plan.planned) {
		int next = plan.line + 1;

		if (next > plan.lines)
			next = plan.lines + 1;
		l = iommufd_open ? plan.open[next] : plan.closed[next];
	}
	return l | (roots_named ? OPEN_CAPS : 0);
}

static void step(const char *what)
{
	apply(privs_step(cur_perm, current_need(), later_need()), what);
}

/* step() for a command line; its name is made only when it is shown. */
static void step_command(int argc, char *const *argv, const struct prow *r)
{
	struct privs_sets s = privs_step(cur_perm, current_need(), later_need());
	bool cmd_word = argc > 1 && r && r->command;
	char what[96];

	if (!active || (s.eff == cur_eff && s.perm == cur_perm))
		return;		/* nothing to change, nothing to trace */
	snprintf(what, sizeof(what), "%s%.0d%s%s%s%s", plan.line ? "line " : "", plan.line,
		 plan.line ? ": " : "", argv[0], cmd_word ? " " : "", cmd_word ? argv[1] : "");
	apply(s, what);
}

const struct privs_start *privs_start_state(void)
{
	return &start;
}

static bool root_is(const char *root, const char *dflt)
{
	return root && strcmp(root, dflt);
}

int privs_init(void)
{
	const char *why;
	cap_t c;

	getresuid(&start.ruid, &start.euid, &(uid_t){ 0 });
	getresgid(&start.rgid, &start.egid, &(gid_t){ 0 });
	start.secure = getauxval(AT_SECURE) != 0;
	why = privs_refusal(start.ruid, start.euid, start.rgid, start.egid, start.secure);
	if (why)
		return err_usage("refusing to run %s: iommuctl reads files and device nodes that "
				 "its caller names and is no privilege boundary; run it as root, or "
				 "give it capabilities through the ambient set (see 'iommuctl doctor')",
				 why);
	c = cap_get_proc();
	if (!c)
		return 0;	/* no capability support: nothing to drop */
	start.caps_known = true;
	start.eff = caps_mask(c, CAP_EFFECTIVE);
	start.perm = caps_mask(c, CAP_PERMITTED);
	start.inh = caps_mask(c, CAP_INHERITABLE);
	cap_free(c);
	for (cap_value_t i = 0; i < cap_max_bits() && i < 64; i++) {
		if (cap_get_ambient(i) > 0)
			start.amb |= PRIV_BIT(i);
		if (cap_get_bound(i) > 0)
			start.bnd |= PRIV_BIT(i);
	}
	roots_named = root_is(opts.sysfs_root, "/sys") || root_is(opts.proc_root, "/proc") ||
		      root_is(opts.dev_root, "/dev");
	active = true;
	cur_eff = start.eff;
	cur_perm = start.perm;
	trace("at start");
	/* Force one capset: the inheritable (and so the ambient) set goes too. */
	cur_eff = cur_perm = ~0ULL;
	apply(privs_step(start.perm, start.eff & USED_CAPS, USED_CAPS), "after dropping unused");
	return 0;
}

void privs_command(const struct object *obj, const struct cmd *c, int argc, char *const *argv)
{
	const struct prow *r = find_row_of(obj, c, argc, argv);

	cur_row = r;
	if (r && (r->flags & P_SESSION) && !plan.planned)
		later = USED_CAPS;	/* until the batch is planned */
	need_open = r && ((r->flags & P_OPENS) || ((r->flags & P_IOMMUFD) && !iommufd_open));
	need_open |= roots_named;
	step_command(argc, argv, r);
}

void privs_opened_iommufd(void)
{
	iommufd_open = true;
	need_open = (cur_row && (cur_row->flags & P_OPENS)) || roots_named;
	step("after opening the iommufd");
}

void privs_opened_path(void)
{
	need_open = roots_named;
	step("after the open");
}

/* ---- batch planning ---- */

/* A plain word: what a command word can be. */
static bool plain(const char *w, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)w[i]) && !strchr("-_.", w[i]))
			return false;
	return true;
}

/*
 * The needs of one physical line, from its first words. Conservative: a
 * line that may be a command but cannot be read plainly (quotes, escapes, a
 * continuation before the command word) may need anything; a continuation
 * line is read as a command line, which can only add.
 */
static void scan_words(size_t n, const char *const *w, const size_t *len, uint64_t *closed,
		       uint64_t *open);

static bool is_sep(char c)
{
	return !c || c == ' ' || (c >= '\t' && c <= '\r');
}

static void scan_line(const char *s, size_t slen, uint64_t *closed, uint64_t *open)
{
	/* Lines of a batch repeat their command: the first two words decide,
	 * so a line that starts with the same bytes up to the end of its
	 * second word (blanks included) as the last one scanned is answered
	 * without splitting it. */
	static struct {
		char head[64];
		size_t len;
		uint64_t closed, open;
		bool valid;
	} memo;
	const char *line = s, *w[3];
	size_t len[3], n = 0;

	if (memo.valid && slen >= memo.len && !memcmp(line, memo.head, memo.len) &&
	    (slen == memo.len || is_sep(line[memo.len]))) {
		*closed = memo.closed;
		*open = memo.open;
		return;
	}
	*closed = *open = 0;
	while (n < 3) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n' || (*s == '#' && n == 0))
			break;
		w[n] = s;
		while (!is_sep(*s))
			s++;
		len[n] = (size_t)(s - w[n]);
		n++;
	}
	if (!n)
		return;
	scan_words(n, w, len, closed, open);
	if (n > 1 && (size_t)(w[1] + len[1] - line) <= sizeof(memo.head)) {
		memo.len = (size_t)(w[1] + len[1] - line);
		memcpy(memo.head, line, memo.len);
		memo.closed = *closed;
		memo.open = *open;
		memo.valid = true;
	}
}

/* The needs of a line's first words (scan_line splits them). */
static void scan_words(size_t n, const char *const *w, const size_t *len, uint64_t *closed,
		       uint64_t *open)
{
	const struct object *obj;

	if (!plain(w[0], len[0])) {
		*closed = *open = USED_CAPS;
		return;
	}
	for (obj = objects; obj->name; obj++)
		if (strlen(obj->name) == len[0] && !strncmp(obj->name, w[0], len[0]))
			break;
	if (!obj->name)
		return;		/* not a command: a usage error, or a continuation */
	if (obj->cmds && n > 1 && !plain(w[1], len[1])) {
		*closed = *open = USED_CAPS;
		return;
	}
	/* every row of the command, whatever its argument */
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct prow *r = &rows[i];
		const char *cmd = obj->cmds ? (n > 1 ? NULL : obj->default_cmd) : NULL;

		if (strcmp(r->object, obj->name))
			continue;
		if (obj->cmds) {
			if (cmd ? (!r->command || strcmp(r->command, cmd))
				: (!r->command || strlen(r->command) != len[1] ||
				   strncmp(r->command, w[1], len[1])))
				continue;
		}
		*closed |= row_needs(r, false);
		*open |= row_needs(r, true);
	}
	if (obj->cmds && n == 1 && !obj->default_cmd) {
		/* "OBJECT \" with the command on the next line: anything */
		*closed = *open = USED_CAPS;
	}
}

/* The needs of one more line, scanned from s (up to its newline). */
struct scan_out {
	uint64_t *c, *o;
	int n, size;
};

static bool scan_add(struct scan_out *so, const char *s, size_t len)
{
	if (++so->n > so->size) {
		uint64_t *c2, *o2;

		so->size *= 2;
		c2 = realloc(so->c, ((size_t)so->size + 2) * sizeof(*c2));
		if (c2)
			so->c = c2;
		o2 = realloc(so->o, ((size_t)so->size + 2) * sizeof(*o2));
		if (o2)
			so->o = o2;
		if (!c2 || !o2)
			return false;
	}
	scan_line(s, len, &so->c[so->n], &so->o[so->n]);
	return true;
}

/*
 * Read in blocks of blk bytes and look only at the head of each line (the
 * words that decide are its first three). A line longer than a block is
 * judged by the block that starts it. Exposed with blk for the unit test.
 */
int privs_scan_blocks(FILE *f, uint64_t **closed, uint64_t **open, int *lines, size_t blk)
{
	struct scan_out so = { .size = 64 };
	char *buf = malloc(blk + 1);
	size_t have = 0;
	bool in_long = false;	/* inside a line whose head was scanned */

	so.c = calloc((size_t)so.size + 2, sizeof(*so.c));
	so.o = calloc((size_t)so.size + 2, sizeof(*so.o));
	if (!buf || !so.c || !so.o)
		goto fail;
	for (;;) {
		size_t got = fread(buf + have, 1, blk - have, f);
		bool eof = got < blk - have;
		char *s = buf, *end;

		if (eof && ferror(f))
			goto fail;
		have += got;
		end = buf + have;
		*end = '\0';
		while (s < end) {
			char *nl = memchr(s, '\n', (size_t)(end - s));

			if (!nl && !eof) {
				if (s == buf) {		/* a line longer than the block */
					if (!in_long && !scan_add(&so, s, (size_t)(end - s)))
						goto fail;
					in_long = true;
					s = end;
				}
				break;	/* the rest of the line: with the next block */
			}
			if (nl)
				*nl = '\0';
			if (in_long)
				in_long = false;	/* its tail */
			else if (!scan_add(&so, s, (size_t)((nl ? nl : end) - s)))
				goto fail;
			s = nl ? nl + 1 : end;
		}
		have = (size_t)(end - s);
		memmove(buf, s, have);
		if (eof)
			break;
	}
	free(buf);
	so.c[0] = so.o[0] = 0;
	so.c[so.n + 1] = so.o[so.n + 1] = 0;
	*closed = so.c;
	*open = so.o;
	*lines = so.n;
	return 0;
fail:
	free(buf);
	free(so.c);
	free(so.o);
	return -1;
}

int privs_scan(FILE *f, uint64_t **closed, uint64_t **open, int *lines)
{
	return privs_scan_blocks(f, closed, open, lines, 1 << 16);
}

void privs_plan_file(FILE *f)
{
	struct stat st;
	long pos;
	int n;

	if (!active || fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || (pos = ftell(f)) < 0)
		return;		/* a pipe: the future is unknown */
	if (privs_scan(f, &plan.closed, &plan.open, &n) || fseek(f, pos, SEEK_SET)) {
		free(plan.closed);
		free(plan.open);
		plan.closed = plan.open = NULL;
		fseek(f, pos, SEEK_SET);
		return;
	}
	/* suffix unions: [k] = what lines k..n need */
	for (int i = n; i >= 1; i--) {
		plan.closed[i] |= plan.closed[i + 1];
		plan.open[i] |= plan.open[i + 1];
	}
	plan.lines = n;
	plan.line = 0;
	plan.planned = true;
}

void privs_batch_line(int line)
{
	plan.line = line;
}
