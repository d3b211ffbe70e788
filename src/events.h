/* SPDX-License-Identifier: GPL-2.0-only */
/* Decoders of fault-queue and vEVENTQ records (events.c). */
#ifndef IOMMUCTL_EVENTS_H
#define IOMMUCTL_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi.h"

/* Whole 40-byte page-request records in buf; cb for each; returns the count. */
size_t pgfault_parse(const uint8_t *buf, size_t len,
		     void (*cb)(void *ctx, const struct ictl_iommu_hwpt_pgfault *f), void *ctx);
/* The fields of one page request, into the current object / text line. */
void pgfault_print(const struct ictl_iommu_hwpt_pgfault *f);

struct vevent {
	uint32_t flags, sequence;
	bool lost_marker;	/* header-only record: the queue overflowed */
	uint32_t gap_lost;	/* records lost before this one (sequence gap) */
	const uint8_t *payload;	/* NULL for a lost marker */
};

/* Sequence tracking across reads of one queue. */
struct vevent_seq {
	bool have;
	uint32_t last;
};

/* Payload bytes of a record of this vEVENTQ type (0 if unknown). */
size_t vevent_payload_len(uint32_t type);
const char *veventq_type_name(uint32_t type);
/* Whole records in buf (a cut one at the end is left: *used says how far). */
size_t vevent_parse(const uint8_t *buf, size_t len, uint32_t type, struct vevent_seq *seq,
		    void (*cb)(void *ctx, const struct vevent *ev), void *ctx, size_t *used);
void vevent_print(uint32_t type, const struct vevent *ev);

#endif
