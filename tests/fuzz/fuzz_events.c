// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event-record decoders: what a read() of a fault fd (page-request
 * records) or of a vEVENTQ fd (header + payload records: selftest, SMMUv3,
 * Tegra241 CMDQV, or a type this build does not know) returns.
 *
 * Input: bytes (raw, or "hex:" text). The first byte picks the queue; the
 * next one, the sizes of the reads the stream is cut into, as the monitor
 * reads it (a cut record is kept for the next read); the rest is the stream.
 * Checks: whole records only, nothing read past the data; reading in pieces
 * yields the same records, sequence gaps and lost markers as one read; every
 * record prints (text and JSON) as one well-formed line or document.
 */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "fuzz.h"
#include "output.h"
#include "uapi.h"

static const uint32_t types[] = {
	ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST,
	ICTL_IOMMU_VEVENTQ_TYPE_ARM_SMMUV3,
	ICTL_IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV,
	0x7fff,		/* unknown to this build: header only */
};

struct seen {
	size_t n, cap;
	struct vevent *ev;	/* payload pointers are not compared */
	uint8_t (*payload)[64];
	bool print;
	uint32_t type;
};

static void print_vevent(void *p)
{
	struct seen *s = p;

	vevent_print(s->type, &s->ev[s->n - 1]);
	print_nl();
}

static void on_vevent(void *ctx, const struct vevent *ev)
{
	struct seen *s = ctx;
	size_t plen = vevent_payload_len(s->type);
	struct fuzz_run r;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->ev = realloc(s->ev, s->cap * sizeof(*s->ev));
		s->payload = realloc(s->payload, s->cap * sizeof(*s->payload));
		if (!s->ev || !s->payload)
			abort();
	}
	FUZZ_CHECK((ev->payload == NULL) == ev->lost_marker);
	FUZZ_CHECK(plen <= sizeof(s->payload[0]));
	memset(s->payload[s->n], 0, sizeof(s->payload[0]));
	if (ev->payload)
		memcpy(s->payload[s->n], ev->payload, plen);
	s->ev[s->n++] = *ev;
	if (s->print) {
		fuzz_print(false, print_vevent, s, &r);
		FUZZ_CHECK(r.err_len == 0 && r.out_len > 0);
		fuzz_run_free(&r);
		fuzz_print(true, print_vevent, s, &r);
		fuzz_run_free(&r);
	}
}

static void vevents(uint32_t type, const uint8_t *d, size_t n, uint8_t chunk)
{
	struct seen whole = { .print = true, .type = type }, parts = { .type = type };
	struct vevent_seq s1 = { 0 }, s2 = { 0 };
	size_t used = 0, have = 0, off = 0, step = chunk % 48 + 1;
	uint8_t *buf = malloc(n + 1);	/* the monitor's buffer: a cut record + a read */

	if (!buf)
		abort();
	vevent_parse(d, n, type, &s1, on_vevent, &whole, &used);
	FUZZ_CHECK(used <= n);
	FUZZ_CHECK(n - used < sizeof(struct ictl_iommufd_vevent_header) + vevent_payload_len(type));

	while (off < n) {	/* reads of step bytes, as drain() in monitor.c */
		size_t got = n - off < step ? n - off : step, u = 0;

		memcpy(buf + have, d + off, got);
		off += got;
		have += got;
		vevent_parse(buf, have, type, &s2, on_vevent, &parts, &u);
		FUZZ_CHECK(u <= have);
		memmove(buf, buf + u, have - u);
		have -= u;
	}
	FUZZ_CHECK(have == n - used);
	FUZZ_CHECK(parts.n == whole.n);
	for (size_t i = 0; i < whole.n; i++) {
		FUZZ_CHECK(parts.ev[i].flags == whole.ev[i].flags);
		FUZZ_CHECK(parts.ev[i].sequence == whole.ev[i].sequence);
		FUZZ_CHECK(parts.ev[i].lost_marker == whole.ev[i].lost_marker);
		FUZZ_CHECK(parts.ev[i].gap_lost == whole.ev[i].gap_lost);
		FUZZ_CHECK(!memcmp(parts.payload[i], whole.payload[i], sizeof(whole.payload[i])));
		if (i == 0)
			FUZZ_CHECK(whole.ev[i].gap_lost == 0);
	}
	free(whole.ev);
	free(whole.payload);
	free(parts.ev);
	free(parts.payload);
	free(buf);
}

static void print_fault(void *p)
{
	pgfault_print(p);
	print_nl();
}

static void on_fault(void *ctx, const struct ictl_iommu_hwpt_pgfault *f)
{
	struct fuzz_run r;

	(*(size_t *)ctx)++;
	fuzz_print(false, print_fault, (void *)f, &r);
	FUZZ_CHECK(r.err_len == 0 && r.out_len > 0);
	fuzz_run_free(&r);
	fuzz_print(true, print_fault, (void *)f, &r);
	fuzz_run_free(&r);
}

void fuzz_events(const uint8_t *data, size_t size)
{
	uint8_t *b;
	size_t n, count = 0;

	fuzz_bytes(data, size, &b, &n);
	if (n < 2) {
		free(b);
		return;
	}
	if (b[0] % 5 == 4) {
		FUZZ_CHECK(pgfault_parse(b + 2, n - 2, on_fault, &count) ==
			   (n - 2) / sizeof(struct ictl_iommu_hwpt_pgfault));
		FUZZ_CHECK(count == (n - 2) / sizeof(struct ictl_iommu_hwpt_pgfault));
	} else {
		vevents(types[b[0] % 5], b + 2, n - 2, b[1]);
	}
	free(b);
}
