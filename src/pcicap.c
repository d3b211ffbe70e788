// SPDX-License-Identifier: GPL-2.0-only
/* PCIe extended capabilities: the walk and PASID/ATS/PRI. See pcicap.h. */
#include <stdio.h>
#include <string.h>

#include "pcicap.h"

/* Config space is little-endian whatever the CPU. */
static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static const struct {
	uint16_t id;
	const char *name;
} cap_names[] = {
	{ 0x0001, "AER" },	{ 0x0002, "VC" },	{ 0x0003, "DSN" },
	{ 0x0004, "PWR" },	{ 0x0005, "RCLD" },	{ 0x0006, "RCILC" },
	{ 0x0007, "RCEC" },	{ 0x0008, "MFVC" },	{ 0x0009, "VC9" },
	{ 0x000a, "RCRB" },	{ 0x000b, "VNDR" },	{ 0x000d, "ACS" },
	{ 0x000e, "ARI" },	{ 0x000f, "ATS" },	{ 0x0010, "SR-IOV" },
	{ 0x0011, "MR-IOV" },	{ 0x0012, "MCAST" },	{ 0x0013, "PRI" },
	{ 0x0015, "REBAR" },	{ 0x0016, "DPA" },	{ 0x0017, "TPH" },
	{ 0x0018, "LTR" },	{ 0x0019, "SECPCI" },	{ 0x001b, "PASID" },
	{ 0x001c, "FRS" },	{ 0x001d, "DPC" },	{ 0x001e, "L1SS" },
	{ 0x001f, "PTM" },	{ 0x0023, "DVSEC" },	{ 0x0024, "VF-REBAR" },
	{ 0x0025, "DLF" },	{ 0x0026, "PL_16GT" },	{ 0x0027, "LMR" },
	{ 0x0028, "HIER-ID" },	{ 0x0029, "NPEM" },	{ 0x002a, "PL_32GT" },
	{ 0x002e, "DOE" },	{ 0x0031, "PL_64GT" },	{ 0x0032, "FLIT" },
	{ 0x0033, "IDE" },
};

const char *pcicap_name(uint16_t id)
{
	for (size_t i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
		if (cap_names[i].id == id)
			return cap_names[i].name;
	return NULL;
}

const char *pcicap_space_name(enum pcicap_space s)
{
	switch (s) {
	case PCICAP_SPACE_EXTENDED:
		return "extended";
	case PCICAP_SPACE_CONVENTIONAL:
		return "conventional";
	case PCICAP_SPACE_UNPRIVILEGED:
		return "unreadable";
	default:
		return "truncated";
	}
}

const char *pcicap_walk_name(enum pcicap_walk w)
{
	switch (w) {
	case PCICAP_WALK_OK:
		return "ok";
	case PCICAP_WALK_NONE:
		return "none";
	case PCICAP_WALK_LOOP:
		return "loop";
	case PCICAP_WALK_BAD_PTR:
		return "bad_pointer";
	case PCICAP_WALK_TRUNCATED:
		return "truncated";
	default:
		return "skipped";
	}
}

void pcicap_walk_text(const struct pcicap_info *info, char *buf, size_t n)
{
	buf[0] = '\0';
	switch (info->space) {
	case PCICAP_SPACE_UNPRIVILEGED:
		snprintf(buf, n, "extended config space unreadable (needs root): only %zu bytes "
			 "of config could be read", info->size);
		return;
	case PCICAP_SPACE_TRUNCATED:
		snprintf(buf, n, "config space truncated: %zu bytes", info->size);
		return;
	case PCICAP_SPACE_CONVENTIONAL:
		snprintf(buf, n, "no extended config space (conventional PCI)");
		return;
	default:
		break;
	}
	switch (info->walk) {
	case PCICAP_WALK_LOOP:
		snprintf(buf, n, "capability list loops: header at 0x%03x points back to 0x%03x",
			 info->walk_at, info->walk_ptr);
		break;
	case PCICAP_WALK_BAD_PTR:
		snprintf(buf, n, "capability list broken: header at 0x%03x points to 0x%03x, "
			 "below the extended space", info->walk_at, info->walk_ptr);
		break;
	case PCICAP_WALK_TRUNCATED:
		snprintf(buf, n, "capability at 0x%03x lies past the end of the %zu bytes read",
			 info->walk_at, info->size);
		break;
	default:
		if (info->more)
			snprintf(buf, n, "more than %d extended capabilities; the rest are not listed",
				 PCICAP_MAX);
		break;
	}
}

/* Body length a decoder needs past the header offset. */
static size_t cap_len(uint16_t id)
{
	switch (id) {
	case PCI_EXT_CAP_ID_PASID:
	case PCI_EXT_CAP_ID_ATS:
		return 8;
	case PCI_EXT_CAP_ID_PRI:
		return 16;
	default:
		return 4;
	}
}

static void decode_pasid(const uint8_t *c, uint16_t off, struct pcicap_pasid *p)
{
	uint16_t cap = le16(c + 4), ctrl = le16(c + 6);

	p->present = true;
	p->offset = off;
	p->exec_supported = cap & 0x0002;
	p->priv_supported = cap & 0x0004;
	p->max_width = (cap >> 8) & 0x1f;
	p->enabled = ctrl & 0x0001;
	p->exec_enabled = ctrl & 0x0002;
	p->priv_enabled = ctrl & 0x0004;
}

static void decode_ats(const uint8_t *c, uint16_t off, struct pcicap_ats *a)
{
	uint16_t cap = le16(c + 4), ctrl = le16(c + 6);

	a->present = true;
	a->offset = off;
	a->queue_depth = cap & 0x1f;
	if (!a->queue_depth)	/* 0 encodes the maximum */
		a->queue_depth = 32;
	a->page_aligned = cap & 0x0020;
	a->global_inval = cap & 0x0040;
	a->stu = ctrl & 0x1f;
	a->enabled = ctrl & 0x8000;
}

static void decode_pri(const uint8_t *c, uint16_t off, struct pcicap_pri *p)
{
	uint16_t ctrl = le16(c + 4), status = le16(c + 6);

	p->present = true;
	p->offset = off;
	p->enabled = ctrl & 0x0001;
	p->reset = ctrl & 0x0002;
	p->response_failure = status & 0x0001;
	p->unexpected_index = status & 0x0002;
	p->stopped = status & 0x0100;
	p->pasid_required = status & 0x8000;
	p->capacity = le32(c + 8);
	p->allocation = le32(c + 12);
}

void pcicap_parse(const uint8_t *cfg, size_t size, struct pcicap_info *info)
{
	/* One bit per dword of the extended space: each header is visited once. */
	uint8_t seen[(PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 4 / 8];
	size_t limit = size > PCI_CFG_SPACE_EXP_SIZE ? PCI_CFG_SPACE_EXP_SIZE : size;
	uint16_t off = PCI_CFG_SPACE_SIZE;

	memset(info, 0, sizeof(*info));
	memset(seen, 0, sizeof(seen));
	info->size = size;
	info->walk = PCICAP_WALK_SKIPPED;
	if (size < PCI_CFG_UNPRIV_SIZE) {
		info->space = PCICAP_SPACE_TRUNCATED;
		return;
	}
	if (size < PCI_CFG_SPACE_SIZE) {
		info->space = PCICAP_SPACE_UNPRIVILEGED;
		return;
	}
	if (size == PCI_CFG_SPACE_SIZE) {
		info->space = PCICAP_SPACE_CONVENTIONAL;
		return;
	}
	info->space = PCICAP_SPACE_EXTENDED;

	for (;;) {
		unsigned idx = (unsigned)(off - PCI_CFG_SPACE_SIZE) / 4;
		uint32_t hdr;
		uint16_t id, next;

		if ((size_t)off + 4 > limit) {
			info->walk = PCICAP_WALK_TRUNCATED;
			info->walk_at = off;
			return;
		}
		hdr = le32(cfg + off);
		/* 0: no capabilities; ~0: a device that is gone or hides the space. */
		if (off == PCI_CFG_SPACE_SIZE && (hdr == 0 || hdr == 0xffffffff)) {
			info->walk = PCICAP_WALK_NONE;
			return;
		}
		seen[idx / 8] |= (uint8_t)(1u << (idx % 8));
		id = (uint16_t)(hdr & 0xffff);
		next = (uint16_t)((hdr >> 20) & 0xffc);	/* low two bits are reserved */

		if (info->n_caps < PCICAP_MAX) {
			struct pcicap_entry *e = &info->caps[info->n_caps++];

			e->id = id;
			e->version = (uint8_t)((hdr >> 16) & 0xf);
			e->offset = off;
		} else {
			info->more = true;
		}
		if ((size_t)off + cap_len(id) > limit) {
			info->walk = PCICAP_WALK_TRUNCATED;
			info->walk_at = off;
			return;
		}
		/* The first of each kind counts, as for the kernel's lookup. */
		if (id == PCI_EXT_CAP_ID_PASID && !info->pasid.present)
			decode_pasid(cfg + off, off, &info->pasid);
		else if (id == PCI_EXT_CAP_ID_ATS && !info->ats.present)
			decode_ats(cfg + off, off, &info->ats);
		else if (id == PCI_EXT_CAP_ID_PRI && !info->pri.present)
			decode_pri(cfg + off, off, &info->pri);

		if (!next) {
			info->walk = PCICAP_WALK_OK;
			return;
		}
		/* next is masked to 0xffc, so only "below 0x100" is out of range. */
		if (next < PCI_CFG_SPACE_SIZE) {
			info->walk = PCICAP_WALK_BAD_PTR;
			info->walk_at = off;
			info->walk_ptr = next;
			return;
		}
		idx = (unsigned)(next - PCI_CFG_SPACE_SIZE) / 4;
		if (seen[idx / 8] & (1u << (idx % 8))) {
			info->walk = PCICAP_WALK_LOOP;
			info->walk_at = off;
			info->walk_ptr = next;
			return;
		}
		off = next;
	}
}
