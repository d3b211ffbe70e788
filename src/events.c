// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding what the kernel reads out of a fault fd (page-request groups of
 * struct iommu_hwpt_pgfault) and a vEVENTQ fd (packed records: a header with
 * a sequence number, then the queue type's payload). Pure functions over
 * bytes, so the fuzzers and unit tests drive them without a kernel.
 */
#include <endian.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "output.h"
#include "uapi.h"

static const struct {
	uint32_t bit;
	const char *name;
} pf_perms[] = {
	{ ICTL_IOMMU_PGFAULT_PERM_READ, "read" },
	{ ICTL_IOMMU_PGFAULT_PERM_WRITE, "write" },
	{ ICTL_IOMMU_PGFAULT_PERM_EXEC, "exec" },
	{ ICTL_IOMMU_PGFAULT_PERM_PRIV, "priv" },
};

void pgfault_print(const struct ictl_iommu_hwpt_pgfault *f)
{
	bool pv = f->flags & ICTL_IOMMU_PGFAULT_FLAGS_PASID_VALID;

	print_string(PRINT_ANY, "event", "%s", "page_request");
	print_u64(PRINT_ANY, "dev_id", " dev_id %" PRIu64, f->dev_id);
	print_hex(PRINT_ANY, "addr", " addr %#" PRIx64, f->addr);
	print_bool(PRINT_JSON, "pasid_valid", NULL, pv);
	if (pv)
		print_u64(PRINT_ANY, "pasid", " pasid %" PRIu64, f->pasid);
	else
		print_null(PRINT_JSON, "pasid", NULL);
	print_u64(PRINT_ANY, "grpid", " grpid %" PRIu64, f->grpid);
	print_bool(PRINT_JSON, "last_page", NULL, f->flags & ICTL_IOMMU_PGFAULT_FLAGS_LAST_PAGE);
	if (f->flags & ICTL_IOMMU_PGFAULT_FLAGS_LAST_PAGE)
		print_text(" last-page");
	open_array("perm");
	print_text(" perm");
	for (size_t i = 0; i < sizeof(pf_perms) / sizeof(pf_perms[0]); i++)
		if (f->perm & pf_perms[i].bit)
			print_string(PRINT_ANY, NULL, " %s", pf_perms[i].name);
	close_array();
	print_u64(PRINT_ANY, "length", " length %" PRIu64, f->length);
	print_u64(PRINT_ANY, "cookie", " cookie %" PRIu64, f->cookie);
	if (f->flags & ~(uint32_t)(ICTL_IOMMU_PGFAULT_FLAGS_PASID_VALID |
				   ICTL_IOMMU_PGFAULT_FLAGS_LAST_PAGE))
		print_hex(PRINT_ANY, "unknown_flags", " unknown flags %#" PRIx64, f->flags);
}

size_t pgfault_parse(const uint8_t *buf, size_t len, void (*cb)(void *, const struct ictl_iommu_hwpt_pgfault *),
		     void *ctx)
{
	size_t n = 0;

	for (size_t off = 0; off + sizeof(struct ictl_iommu_hwpt_pgfault) <= len;
	     off += sizeof(struct ictl_iommu_hwpt_pgfault), n++) {
		struct ictl_iommu_hwpt_pgfault f;

		memcpy(&f, buf + off, sizeof(f));
		cb(ctx, &f);
	}
	return n;
}

size_t vevent_payload_len(uint32_t type)
{
	switch (type) {
	case ICTL_IOMMU_VEVENTQ_TYPE_ARM_SMMUV3:
		return sizeof(struct ictl_iommu_vevent_arm_smmuv3);
	case ICTL_IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV:
		return sizeof(struct ictl_iommu_vevent_tegra241_cmdqv);
	case ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST:
		return sizeof(struct ictl_iommu_viommu_event_selftest);
	default:
		return 0;
	}
}

const char *veventq_type_name(uint32_t type)
{
	switch (type) {
	case ICTL_IOMMU_VEVENTQ_TYPE_ARM_SMMUV3: return "smmuv3";
	case ICTL_IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV: return "tegra241-cmdqv";
	case ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST: return "selftest";
	default: return "unknown";
	}
}

static const char *smmu_event_name(unsigned id)
{
	switch (id) {
	case ICTL_SMMUV3_EVT_C_BAD_STE: return "C_BAD_STE";
	case ICTL_SMMUV3_EVT_F_STREAM_DISABLED: return "F_STREAM_DISABLED";
	case ICTL_SMMUV3_EVT_C_BAD_SUBSTREAMID: return "C_BAD_SUBSTREAMID";
	case ICTL_SMMUV3_EVT_C_BAD_CD: return "C_BAD_CD";
	case ICTL_SMMUV3_EVT_F_TRANSLATION: return "F_TRANSLATION";
	case ICTL_SMMUV3_EVT_F_ADDR_SIZE: return "F_ADDR_SIZE";
	case ICTL_SMMUV3_EVT_F_ACCESS: return "F_ACCESS";
	case ICTL_SMMUV3_EVT_F_PERMISSION: return "F_PERMISSION";
	default: return "unknown";
	}
}

/* SMMUv3 event record fields (Linux arm-smmu-v3.h EVTQ_*). */
static void print_smmu_event(const uint8_t *p)
{
	uint64_t e[4];

	memcpy(e, p, sizeof(e));
	for (int i = 0; i < 4; i++)
		e[i] = le64toh(e[i]);
	unsigned id = e[0] & 0xff;
	bool ssv = e[0] >> 11 & 1;
	bool fault = id >= ICTL_SMMUV3_EVT_F_TRANSLATION && id <= ICTL_SMMUV3_EVT_F_PERMISSION;

	print_string(PRINT_ANY, "name", " %s", smmu_event_name(id));
	print_hex(PRINT_ANY, "id", " (%#" PRIx64 ")", id);
	print_u64(PRINT_ANY, "vsid", " vsid %" PRIu64, e[0] >> 32);
	print_bool(PRINT_JSON, "ssv", NULL, ssv);
	if (ssv)
		print_u64(PRINT_ANY, "ssid", " ssid %" PRIu64, e[0] >> 12 & 0xfffff);
	if (fault) {
		print_bool(PRINT_JSON, "stall", NULL, e[1] >> 31 & 1);
		print_bool(PRINT_JSON, "pnu", NULL, e[1] >> 33 & 1);
		print_bool(PRINT_JSON, "ind", NULL, e[1] >> 34 & 1);
		print_string(PRINT_ANY, "access", " %s", e[1] >> 35 & 1 ? "read" : "write");
		print_bool(PRINT_JSON, "s2", NULL, e[1] >> 39 & 1);
		print_hex(PRINT_ANY, "input_addr", " addr %#" PRIx64, e[2]);
		print_hex(PRINT_ANY, "ipa", " ipa %#" PRIx64, e[3] & 0x000ffffffffff000ULL);
	}
	open_array("raw");
	for (int i = 0; i < 4; i++)
		print_hex(PRINT_JSON, NULL, NULL, e[i]);
	close_array();
}

void vevent_print(uint32_t type, const struct vevent *ev)
{
	print_string(PRINT_ANY, "event", "%s", ev->lost_marker ? "lost_events" : "vevent");
	print_string(PRINT_JSON, "queue_type", NULL, veventq_type_name(type));
	print_u64(PRINT_ANY, "sequence", " seq %" PRIu64, ev->sequence);
	if (ev->gap_lost)
		print_u64(PRINT_ANY, "lost_before", " (%" PRIu64 " lost before it)", ev->gap_lost);
	else
		print_u64(PRINT_JSON, "lost_before", NULL, 0);
	if (ev->lost_marker) {
		print_text(": the queue was full, events were dropped");
		return;
	}
	switch (type) {
	case ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST: {
		struct ictl_iommu_viommu_event_selftest s;

		memcpy(&s, ev->payload, sizeof(s));
		print_hex(PRINT_ANY, "virt_id", " virt-id %#" PRIx64, s.virt_id);
		break;
	}
	case ICTL_IOMMU_VEVENTQ_TYPE_ARM_SMMUV3:
		print_smmu_event(ev->payload);
		break;
	case ICTL_IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV: {
		uint64_t m[2];

		memcpy(m, ev->payload, sizeof(m));
		open_array("lvcmdq_err_map");
		print_hex(PRINT_ANY, NULL, " lvcmdq errors %#" PRIx64, le64toh(m[0]));
		print_hex(PRINT_ANY, NULL, ":%#" PRIx64, le64toh(m[1]));
		close_array();
		break;
	}
	default:
		break;
	}
}

size_t vevent_parse(const uint8_t *buf, size_t len, uint32_t type, struct vevent_seq *seq,
		    void (*cb)(void *, const struct vevent *), void *ctx, size_t *used)
{
	size_t off = 0, n = 0, plen = vevent_payload_len(type);

	while (off + sizeof(struct ictl_iommufd_vevent_header) <= len) {
		struct ictl_iommufd_vevent_header h;
		struct vevent ev = { 0 };

		memcpy(&h, buf + off, sizeof(h));
		ev.flags = h.flags;
		ev.sequence = h.sequence;
		ev.lost_marker = h.flags & ICTL_IOMMU_VEVENTQ_FLAG_LOST_EVENTS;
		if (!ev.lost_marker) {
			if (off + sizeof(h) + plen > len)
				break;	/* a cut record: the caller reads more */
			ev.payload = buf + off + sizeof(h);
		}
		/* Sequences run 0..INT_MAX and wrap to 0; a gap of d lost d-1. */
		if (seq->have) {
			uint32_t want = seq->last == INT32_MAX ? 0 : seq->last + 1;
			uint32_t d = h.sequence >= want ? h.sequence - want
							: (uint32_t)INT32_MAX - want + 1 + h.sequence;

			ev.gap_lost = d;
		}
		seq->have = true;
		seq->last = h.sequence;
		cb(ctx, &ev);
		n++;
		off += sizeof(h) + (ev.lost_marker ? 0 : plen);
	}
	if (used)
		*used = off;
	return n;
}
