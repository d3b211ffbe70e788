// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sysfs, procfs and PCI config readers, given file contents. A scratch
 * copy of two fixture trees (tests/fixtures/sysfs/intel-server: VT-d, PCI
 * devices with PASID/ATS/PRI; mixed: AMD, SMMUv3) is made once; each input replaces one file of it, runs the command
 * that reads that file (text and JSON, checked as fuzz_command() says), and
 * puts the file back. The pure parsers of the same contents run too, with
 * their own checks (amd_features_parse, resv_parse_line, host_parse_cmdline,
 * pcicap_parse).
 *
 * Input: the first line names the file (a key of the table below; an unknown
 * key picks one by its first byte), the rest is the file's contents. The PCI
 * config file takes raw bytes or "hex:" text (fuzz_bytes()).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "fuzz.h"
#include "host.h"
#include "pcicap.h"
#include "sysfs.h"

#define VTD "sys/devices/virtual/iommu/dmar0/intel-iommu/"
#define AMD "sys/devices/pci0000:00/0000:00:02.0/iommu/ivhd0/amd-iommu/"
#define PCI "sys/devices/pci0000:17/0000:17:00.0/"
#define GRP "sys/kernel/iommu_groups/12/"

enum parser { P_NONE, P_AMD, P_RESV, P_CMDLINE, P_CONFIG };

static const struct slot {
	const char *key, *tree, *file;
	const char *cmd[4];
	enum parser parser;
} slots[] = {
	{ "vtd-cap", "intel-server", VTD "cap", { "iommu", "show", "dmar0" }, P_NONE },
	{ "vtd-ecap", "intel-server", VTD "ecap", { "iommu", "show", "dmar0" }, P_NONE },
	{ "vtd-version", "intel-server", VTD "version", { "iommu", "show", "dmar0" }, P_NONE },
	{ "vtd-address", "intel-server", VTD "address", { "iommu", "show", "dmar0" }, P_NONE },
	{ "vtd-domains", "intel-server", VTD "domains_supported", { "iommu", "list" }, P_NONE },
	{ "amd-features", "mixed", AMD "features", { "iommu", "show", "ivhd0" }, P_AMD },
	{ "amd-cap", "mixed", AMD "cap", { "iommu", "list" }, P_NONE },
	{ "group-resv", "intel-server", GRP "reserved_regions", { "group", "show", "12" }, P_RESV },
	{ "group-type", "intel-server", GRP "type", { "group", "list" }, P_NONE },
	{ "pci-config", "intel-server", PCI "config", { "device", "show", "0000:17:00.0" }, P_CONFIG },
	{ "pci-vendor", "intel-server", PCI "vendor", { "device", "list" }, P_NONE },
	{ "pci-class", "intel-server", PCI "class", { "device", "show", "0000:17:00.0" }, P_NONE },
	{ "cmdline", "intel-server", "proc/cmdline", { "show" }, P_CMDLINE },
	{ "cpuinfo", "intel-server", "proc/cpuinfo", { "iommu", "show", "dmar0" }, P_NONE },
	{ "osrelease", "intel-server", "proc/sys/kernel/osrelease", { "iommu", "list" }, P_NONE },
};
#define N_SLOTS (sizeof(slots) / sizeof(slots[0]))

static char scratch[256];
static struct {
	char *data;
	size_t len;
} orig[N_SLOTS];

/* ---- the scratch tree -------------------------------------------------------- */

static size_t src_len;
static char dst_root[512];

static int copy_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char dst[4096], link[4096];
	int in, out;
	ssize_t n;

	(void)ftw;
	if (snprintf(dst, sizeof(dst), "%s%s", dst_root, path + src_len) >= (int)sizeof(dst))
		return -1;
	switch (type) {
	case FTW_D:
		return mkdir(dst, 0755) && errno != EEXIST ? -1 : 0;
	case FTW_SL:
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			return -1;
		link[n] = '\0';
		return symlink(link, dst);
	case FTW_F:
		in = open(path, O_RDONLY);
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
		if (in < 0 || out < 0)
			return -1;
		while ((n = read(in, link, sizeof(link))) > 0)
			if (write(out, link, (size_t)n) != n)
				return -1;
		close(in);
		close(out);
		return n < 0 ? -1 : 0;
	default:
		return -1;
	}
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_scratch(void)
{
	if (scratch[0])
		nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *slurp(const char *path, size_t *len)
{
	char *buf = malloc(8192);
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (!buf || fd < 0 || (n = read(fd, buf, 8192)) < 0)
		abort();
	close(fd);
	*len = (size_t)n;
	return buf;
}

static void put(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len))
		abort();
	close(fd);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	const char *trees[] = { "intel-server", "mixed" };
	char src[512], path[1024];

	snprintf(scratch, sizeof(scratch), "%s/iommuctl-fuzz-sysfs.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		abort();
	atexit(remove_scratch);
	for (size_t i = 0; i < 2; i++) {
		snprintf(src, sizeof(src), "%s/tests/fixtures/sysfs/%s", FUZZ_SRCDIR, trees[i]);
		snprintf(dst_root, sizeof(dst_root), "%s/%s", scratch, trees[i]);
		src_len = strlen(src);
		if (nftw(src, copy_one, 16, FTW_PHYS)) {
			fprintf(stderr, "fuzz sysfs: cannot copy %s to %s\n", src, dst_root);
			abort();
		}
	}
	for (size_t i = 0; i < N_SLOTS; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", scratch, slots[i].tree, slots[i].file);
		orig[i].data = slurp(path, &orig[i].len);
	}
}

/* ---- the pure parsers ------------------------------------------------------- */

static void check_amd(const char *text)
{
	struct amd_features f;

	if (amd_features_parse(text, &f))
		return;
	if (f.form == AMD_FEAT_EFR_ONLY)
		FUZZ_CHECK(!f.efr2_known && f.efr2 == 0 && f.certain);
	else
		FUZZ_CHECK(f.efr2_known);
	FUZZ_CHECK(amd_feat_form_name(f.form) != NULL);
}

static void check_resv(char *text)
{
	char *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		struct resv_region r;
		uint64_t size;

		if (resv_parse_line(l, &r))
			continue;
		FUZZ_CHECK(r.start <= r.end);
		FUZZ_CHECK(r.type_name[0] && memchr(r.type_name, 0, sizeof(r.type_name)));
		FUZZ_CHECK((r.type == RESV_OTHER) ==
			   (strcmp(r.type_name, "direct") && strcmp(r.type_name, "direct-relaxable") &&
			    strcmp(r.type_name, "reserved") && strcmp(r.type_name, "msi")));
		FUZZ_CHECK(resv_size(&r, &size) == !(r.start == 0 && r.end == UINT64_MAX));
	}
}

static void check_cmdline(const char *text)
{
	struct host_info h;

	memset(&h, 0, sizeof(h));
	host_parse_cmdline(text, &h);
	FUZZ_CHECK(h.intel_iommu >= -1 && h.intel_iommu <= 1);
	FUZZ_CHECK(h.intel_sm >= -1 && h.intel_sm <= 1);
	FUZZ_CHECK(h.amd_iommu_off == 0 || h.amd_iommu_off == 1);
	FUZZ_CHECK(h.passthrough >= -1 && h.passthrough <= 1);
	FUZZ_CHECK(h.strict >= -1 && h.strict <= 1);
}

static void check_config(const uint8_t *cfg, size_t size)
{
	struct pcicap_info info;
	char text[256];

	pcicap_parse(cfg, size, &info);
	FUZZ_CHECK(info.size == size);
	FUZZ_CHECK(info.n_caps <= PCICAP_MAX);
	FUZZ_CHECK(info.space == (size < PCI_CFG_UNPRIV_SIZE ? PCICAP_SPACE_TRUNCATED :
				  size < PCI_CFG_SPACE_SIZE ? PCICAP_SPACE_UNPRIVILEGED :
				  size == PCI_CFG_SPACE_SIZE ? PCICAP_SPACE_CONVENTIONAL :
				  PCICAP_SPACE_EXTENDED));
	FUZZ_CHECK((info.space == PCICAP_SPACE_EXTENDED) == (info.walk != PCICAP_WALK_SKIPPED));
	for (size_t i = 0; i < info.n_caps; i++) {
		FUZZ_CHECK(info.caps[i].offset >= PCI_CFG_SPACE_SIZE);
		FUZZ_CHECK(info.caps[i].offset % 4 == 0);
		FUZZ_CHECK(info.caps[i].offset + 4u <= size && info.caps[i].offset < 4096);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(info.caps[j].offset != info.caps[i].offset);
	}
	if (info.pasid.present)
		FUZZ_CHECK(info.pasid.max_width <= 31 && info.pasid.offset + 8u <= size);
	if (info.ats.present)
		FUZZ_CHECK(info.ats.queue_depth >= 1 && info.ats.queue_depth <= 32);
	if (info.pri.present)
		FUZZ_CHECK(info.pri.offset + 16u <= size);
	pcicap_walk_text(&info, text, sizeof(text));
	FUZZ_CHECK(strlen(text) < sizeof(text));
	FUZZ_CHECK(pcicap_space_name(info.space) && pcicap_walk_name(info.walk));
}

/* ---- the target ------------------------------------------------------------- */

void fuzz_sysfs(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t klen = nl ? (size_t)(nl - data) : size, i;
	const struct slot *s = NULL;
	uint8_t *content;
	size_t len;
	char path[1024], *text;
	struct fuzz_run r;
	int argc = 0;

	if (!scratch[0])
		setup();
	if (!size)
		return;
	for (i = 0; i < N_SLOTS && !s; i++)
		if (strlen(slots[i].key) == klen && !memcmp(slots[i].key, data, klen))
			s = &slots[i];
	if (!s)
		s = &slots[data[0] % N_SLOTS];
	data += nl ? klen + 1 : size;
	size -= nl ? klen + 1 : size;

	if (s->parser == P_CONFIG) {
		fuzz_bytes(data, size, &content, &len);
		check_config(content, len);
	} else {
		content = (uint8_t *)fuzz_string(data, size);
		len = size;
		text = fuzz_string(data, size);
		if (s->parser == P_AMD)
			check_amd(text);
		else if (s->parser == P_RESV)
			check_resv(text);
		else if (s->parser == P_CMDLINE)
			check_cmdline(text);
		free(text);
	}

	snprintf(path, sizeof(path), "%s/%s/%s", scratch, s->tree, s->file);
	put(path, content, len);
	fuzz_use_tree("%s/%s", scratch, s->tree);
	while (argc < 4 && s->cmd[argc])
		argc++;
	for (int json = 0; json <= 1; json++) {
		fuzz_command(json, argc, (char **)s->cmd, &r);
		fuzz_run_free(&r);
	}
	put(path, orig[s - slots].data, orig[s - slots].len);
	free(content);
}
