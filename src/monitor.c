// SPDX-License-Identifier: GPL-2.0-only
/*
 * Events: fault queues (page requests from devices on fault-capable HWPTs)
 * and vEVENTQs (a vIOMMU's events for the guest), and `monitor`, which polls
 * them and prints each record decoded as it arrives: a text line, or in JSON
 * one object per line (so `iommuctl -j monitor | jq` works while it runs);
 * inside a JSON batch the events become the line's "events" array.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "attach.h"
#include "cmd.h"
#include "error.h"
#include "events.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "objects.h"
#include "output.h"
#include "session.h"

static int fault_alloc(int argc, char **argv)
{
	const char *ctx = "fault alloc", *name = NULL;
	struct kwarg kw[] = { KW("name", KW_NAME, &name) };
	uint32_t id;
	int fd, rc, err, ffd;

	if ((rc = parse_kwargs(ctx, argc, argv, kw, ARRAY_SIZE(kw))) || (rc = session_iommufd(&fd)))
		return rc;
	err = ifd_fault_queue_alloc(fd, &id, &ffd);
	if (err)
		return err_ioctl("IOMMU_FAULT_QUEUE_ALLOC", err, NULL);
	if (!session_add(SOBJ_FAULT, id, name, ffd, "fault queue")) {
		close(ffd);
		return EXIT_FAILED;
	}
	print_u64(PRINT_ANY, "fault_id", "fault %" PRIu64, id);
	print_u64(PRINT_ANY, "fd", " fd %" PRIu64, (uint64_t)ffd);
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

static int respond(struct sobj *q, uint32_t cookie, uint32_t code)
{
	struct ictl_iommu_hwpt_page_response r = { .cookie = cookie, .code = code };
	ssize_t n = write(q->fd, &r, sizeof(r));

	if (n == (ssize_t)sizeof(r))
		return 0;
	return err_errno(EXIT_FAILED, "write", n < 0 ? errno : EIO,
			 "page response (cookie %u) to fault %u: %s", cookie, q->id,
			 n < 0 && errno == EINVAL ? "no pending page request with that cookie"
						  : "short write");
}

static int parse_code(const char *ctx, const char *s, uint32_t *code)
{
	if (!strcmp(s, "success"))
		*code = ICTL_IOMMUFD_PAGE_RESP_SUCCESS;
	else if (!strcmp(s, "invalid"))
		*code = ICTL_IOMMUFD_PAGE_RESP_INVALID;
	else
		return err_unknown(ctx, "response code", s,
				   (const char *const[]){ "success", "invalid", NULL });
	return 0;
}

static int fault_respond(int argc, char **argv)
{
	const char *ctx = "fault respond", *code_name = "success";
	uint32_t id, cookie = 0, code;
	struct sobj *q;
	struct kwarg kw[] = {
		KW("cookie", KW_U32, &cookie),
		KW("code", KW_STR, &code_name),
	};
	int rc;

	if (argc < 1)
		return err_usage("%s: missing FAULT", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_FAULT, "fault respond: FAULT", &id, &q)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "cookie")) ||
	    (rc = parse_code(ctx, code_name, &code)))
		return rc;
	if (!q)
		return err_usage("%s: fault %u was not allocated in this session", ctx, id);
	if ((rc = respond(q, cookie, code)))
		return rc;
	print_u64(PRINT_ANY, "fault_id", "fault %" PRIu64, id);
	print_u64(PRINT_ANY, "cookie", " cookie %" PRIu64, cookie);
	print_string(PRINT_ANY, "code", " answered %s\n", code_name);
	return 0;
}

static int fault_destroy(int argc, char **argv)
{
	return destroy_object("fault destroy", argc, argv, SOBJ_FAULT, "FAULT");
}

const struct cmd fault_cmds[] = {
	{ "alloc", fault_alloc, "[name NAME]", "allocate a fault queue for page requests (IOPF)" },
	{ "respond", fault_respond, "FAULT cookie C [code success|invalid]",
	  "answer a page-request group (the cookie of its last request)" },
	{ "destroy", fault_destroy, "FAULT", "destroy a fault queue (pending requests: invalid)" },
	{ NULL },
};

static const struct {
	const char *name;
	uint32_t type;
} vq_types[] = {
	{ "smmuv3", ICTL_IOMMU_VEVENTQ_TYPE_ARM_SMMUV3 },
	{ "tegra241-cmdqv", ICTL_IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV },
	{ "selftest", ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST },
};

static int veventq_alloc(int argc, char **argv)
{
	const char *ctx = "veventq alloc", *name = NULL, *type_name = NULL;
	uint32_t viommu_id, depth = 64, id, type;
	struct kwarg kw[] = {
		KW("type", KW_STR, &type_name),
		KW_MAX("depth", KW_U32, &depth, ICTL_IOMMU_VEVENTQ_DEPTH_MAX),
		KW("name", KW_NAME, &name),
	};
	size_t i;
	int fd, rc, err, qfd;

	if (argc < 1)
		return err_usage("%s: missing VIOMMU", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_VIOMMU, "veventq alloc: VIOMMU", &viommu_id, NULL)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "type")))
		return rc;
	if ((rc = PARSE_NAME("veventq alloc: type", "vEVENTQ type", type_name, vq_types, &i)))
		return rc;
	if (depth == 0)
		return err_usage("%s: depth 0: a queue holds 1 to %u events", ctx,
				 ICTL_IOMMU_VEVENTQ_DEPTH_MAX);
	type = vq_types[i].type;
	if ((rc = session_iommufd(&fd)))
		return rc;
	err = ifd_veventq_alloc(fd, viommu_id, type, depth, &id, &qfd);
	if (err)
		return err_ioctl("IOMMU_VEVENTQ_ALLOC", err,
				 err == -EEXIST ? "the vIOMMU already has a vEVENTQ of this type" : NULL);
	struct sobj *o = session_add(SOBJ_VEVENTQ, id, name, qfd, "veventq (%s, depth %u) of viommu %u",
				     type_name, depth, viommu_id);
	if (!o) {
		close(qfd);
		return EXIT_FAILED;
	}
	o->data_type = type;
	o->parent_id = viommu_id;
	print_u64(PRINT_ANY, "veventq_id", "veventq %" PRIu64, id);
	print_string(PRINT_ANY, "type", " type %s", type_name);
	print_u64(PRINT_ANY, "depth", " depth %" PRIu64, depth);
	print_u64(PRINT_ANY, "viommu_id", " on viommu %" PRIu64, viommu_id);
	print_u64(PRINT_ANY, "fd", " fd %" PRIu64, (uint64_t)qfd);
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

static int veventq_destroy(int argc, char **argv)
{
	return destroy_object("veventq destroy", argc, argv, SOBJ_VEVENTQ, "VEVENTQ");
}

const struct cmd veventq_cmds[] = {
	{ "alloc", veventq_alloc,
	  "VIOMMU type smmuv3|tegra241-cmdqv|selftest [depth N] [name NAME]",
	  "allocate a vIOMMU event queue" },
	{ "destroy", veventq_destroy, "VEVENTQ", "destroy a vEVENTQ" },
	{ NULL },
};

/* ---- monitor ---- */

#define MON_MAX 32

struct mon_queue {
	struct sobj *o;
	struct vevent_seq seq;
	uint8_t buf[4096];
	size_t have;		/* vEVENTQ: bytes of a cut record kept */
};

struct mon {
	bool stream;		/* JSON, not in a batch: one document per event */
	bool respond;
	uint32_t code;
	uint64_t events, lost, responses;
	struct mon_queue *q;
	int rc;
};

static void event_begin(struct mon *m)
{
	if (m->stream)
		out_begin();
	else
		open_object(NULL);
}

static void event_end(struct mon *m)
{
	if (m->stream) {
		out_end();
	} else {
		close_object();
		print_nl();
		out_flush();
	}
	m->events++;
}

static void on_fault(void *ctx, const struct ictl_iommu_hwpt_pgfault *f)
{
	struct mon *m = ctx;

	event_begin(m);
	print_u64(PRINT_ANY, "fault_id", "fault %" PRIu64 ": ", m->q->o->id);
	pgfault_print(f);
	if (m->respond && (f->flags & ICTL_IOMMU_PGFAULT_FLAGS_LAST_PAGE)) {
		int rc = respond(m->q->o, f->cookie, m->code);

		print_bool(PRINT_ANY, "responded", rc ? " (response failed)" : " (answered)", !rc);
		if (rc && !m->rc)
			m->rc = rc;
		m->responses += !rc;
	}
	event_end(m);
}

static void on_vevent(void *ctx, const struct vevent *ev)
{
	struct mon *m = ctx;

	event_begin(m);
	print_u64(PRINT_ANY, "veventq_id", "veventq %" PRIu64 ": ", m->q->o->id);
	vevent_print(m->q->o->data_type, ev);
	event_end(m);
	m->lost += ev->gap_lost;
	if (ev->lost_marker)
		m->lost++;	/* at least one; the next sequence number tells how many */
}

/* Read what a queue has; the kernel never blocks a read (empty: 0). */
static int drain(struct mon *m, struct mon_queue *q)
{
	for (;;) {
		size_t room = sizeof(q->buf) - q->have, used = 0;
		ssize_t n;

		if (q->o->kind == SOBJ_FAULT)
			room -= room % sizeof(struct ictl_iommu_hwpt_pgfault);
		n = read(q->o->fd, q->buf + q->have, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_errno(EXIT_FAILED, "read", errno, "%s %u", sobj_kind_name(q->o->kind),
					 q->o->id);
		if (n == 0)
			return 0;
		m->q = q;
		if (q->o->kind == SOBJ_FAULT) {
			pgfault_parse(q->buf, (size_t)n, on_fault, m);
			continue;
		}
		q->have += (size_t)n;
		vevent_parse(q->buf, q->have, q->o->data_type, &q->seq, on_vevent, m, &used);
		memmove(q->buf, q->buf + used, q->have - used);
		q->have -= used;
	}
}

static bool batch_collects(void)
{
	return out_json() && batch_running();
}

int do_monitor(int argc, char **argv)
{
	const char *ctx = "monitor";
	static struct mon_queue qs[MON_MAX];
	struct pollfd pfd[MON_MAX];
	struct mon m = { 0 };
	uint64_t count = 0, timeout = 0;
	const char *code_name = NULL;
	int nq = 0, rc, i = 0;

	for (; i < argc; i++) {	/* ids first, then keywords */
		struct sobj *o;
		uint32_t id;

		if (!strcmp(argv[i], "count") || !strcmp(argv[i], "timeout") ||
		    !strcmp(argv[i], "respond"))
			break;
		if ((rc = session_resolve(argv[i], SOBJ_FAULT | SOBJ_VEVENTQ, "monitor: ID", &id, &o)))
			return rc;
		if (!o)
			return err_usage("%s: %u is not a fault queue or vEVENTQ of this session", ctx, id);
		if (nq == MON_MAX)
			return err_usage("%s: at most %d queues", ctx, MON_MAX);
		qs[nq++] = (struct mon_queue){ .o = o };
	}
	struct kwarg kw[] = {
		KW("count", KW_U64, &count),
		KW_MAX("timeout", KW_U64, &timeout, 86400),
		KW("respond", KW_STR, &code_name),
	};
	if ((rc = parse_kwargs(ctx, argc - i, argv + i, kw, ARRAY_SIZE(kw))))
		return rc;
	if (kw[0].seen && !count)
		return err_usage("%s: count 0: give at least 1 (without 'count' it runs until "
				 "interrupted or the timeout)", ctx);
	if (code_name && (rc = parse_code(ctx, code_name, &m.code)))
		return rc;
	m.respond = code_name != NULL;
	if (!nq)
		for (struct sobj *o = session_objects(); o && nq < MON_MAX; o = o->next)
			if (o->kind == SOBJ_FAULT || o->kind == SOBJ_VEVENTQ)
				qs[nq++] = (struct mon_queue){ .o = o };
	if (!nq)
		return err_usage("%s: nothing to watch: allocate a fault queue ('fault alloc') or a "
				 "vEVENTQ ('veventq alloc') in this session first", ctx);
	for (int k = 0; k < nq; k++)
		pfd[k] = (struct pollfd){ .fd = qs[k].o->fd, .events = POLLIN };

	m.stream = out_json() && !batch_collects();
	if (m.stream)
		json_object_put(out_take());	/* each event is its own document */
	else
		open_array("events");

	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int wait = -1;

		if (kw[1].seen) {
			struct timespec now;

			clock_gettime(CLOCK_MONOTONIC, &now);
			int64_t left = (int64_t)timeout * 1000 - ((now.tv_sec - start.tv_sec) * 1000 +
								 (now.tv_nsec - start.tv_nsec) / 1000000);
			wait = left > 0 ? (int)left : 0;
		}
		int n = poll(pfd, (nfds_t)nq, wait);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_errno(EXIT_FAILED, "poll", errno, "%s", ctx);
			break;
		}
		for (int k = 0; k < nq && n > 0; k++)
			if (pfd[k].revents & POLLIN) {
				if ((rc = drain(&m, &qs[k])))
					goto out;
				if (count && m.events >= count)
					break;
			}
		if ((count && m.events >= count) || (n == 0 && kw[1].seen))
			break;
	}
	rc = 0;
out:
	if (m.stream)
		out_begin();
	else
		close_array();
	print_u64(PRINT_ANY, "event_count", "monitor: %" PRIu64 " event(s)", m.events);
	print_u64(PRINT_ANY, "lost", ", %" PRIu64 " lost", m.lost);
	if (m.respond)
		print_u64(PRINT_ANY, "responses", ", %" PRIu64 " answered", m.responses);
	print_bool(PRINT_JSON, "timed_out", NULL, count && m.events < count);
	print_nl();
	if (rc)
		return rc;
	if (m.rc)
		return m.rc;
	if (count && m.events < count)
		return err_fail("%s: %" PRIu64 " of %" PRIu64 " event(s) arrived within %" PRIu64 " s",
				ctx, m.events, count, timeout);
	return 0;
}
