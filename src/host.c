// SPDX-License-Identifier: GPL-2.0-only
/* The live host's context for nesting verdicts and `show`. See host.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "host.h"
#include "sysfs.h"

int host_parse_release(const char *rel, int *major, int *minor)
{
	char *end;
	long ma, mi;

	*major = *minor = 0;
	if (!isdigit((unsigned char)rel[0]))
		return -1;
	ma = strtol(rel, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return -1;
	mi = strtol(end + 1, &end, 10);
	if (ma > 1000 || mi > 1000)
		return -1;
	*major = (int)ma;
	*minor = (int)mi;
	return 0;
}

int host_kbool(const char *v)
{
	if (!strcmp(v, "1") || !strcasecmp(v, "y") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on") || !strcasecmp(v, "true"))
		return 1;
	if (!strcmp(v, "0") || !strcasecmp(v, "n") || !strcasecmp(v, "no") ||
	    !strcasecmp(v, "off") || !strcasecmp(v, "false"))
		return 0;
	return -1;
}

/* intel_iommu= takes a comma-separated list; later words win. */
static void parse_intel(const char *v, struct host_info *h)
{
	char buf[256], *save = NULL, *w;

	snprintf(buf, sizeof(buf), "%s", v);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "on"))
			h->intel_iommu = 1;
		else if (!strcmp(w, "off"))
			h->intel_iommu = 0;
		else if (!strcmp(w, "sm_on"))
			h->intel_sm = 1;
		else if (!strcmp(w, "sm_off"))
			h->intel_sm = 0;
	}
}

static void parse_param(const char *p, struct host_info *h)
{
	const char *eq = strchr(p, '=');
	const char *v = eq ? eq + 1 : "";
	size_t klen = eq ? (size_t)(eq - p) : strlen(p);
	int b;

#define KEY(k) (klen == sizeof(k) - 1 && !strncmp(p, k, klen))
	if (KEY("intel_iommu")) {
		parse_intel(v, h);
	} else if (KEY("amd_iommu")) {
		/* amd_iommu= also takes a list (fullflush, pgtbl_v2, off, …). */
		char buf[256], *save = NULL, *w;

		snprintf(buf, sizeof(buf), "%s", v);
		for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
			if (!strcmp(w, "off"))
				h->amd_iommu_off = 1;
	} else if (KEY("iommu.passthrough")) {
		if ((b = host_kbool(v)) >= 0)
			h->passthrough = b;
	} else if (KEY("iommu.strict")) {
		if ((b = host_kbool(v)) >= 0)
			h->strict = b;
	} else if (KEY("iommu")) {
		if (!strcmp(v, "pt"))
			h->passthrough = 1;
		else if (!strcmp(v, "nopt"))
			h->passthrough = 0;
	}
#undef KEY
}

void host_cmdline_words(const char *cmdline, void (*fn)(const char *word, void *ctx), void *ctx)
{
	const char *s = cmdline;

	while (*s) {
		char word[512];
		size_t n = 0;
		bool quoted = false;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		/* param="value with spaces": quotes group, and are dropped. */
		for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
			if (*s == '"') {
				quoted = !quoted;
				continue;
			}
			if (n + 1 < sizeof(word))
				word[n++] = *s;
		}
		word[n] = '\0';
		/* Everything after "--" belongs to init, not the kernel. */
		if (!strcmp(word, "--"))
			break;
		fn(word, ctx);
	}
}

static void param_word(const char *word, void *h)
{
	parse_param(word, h);
}

void host_parse_cmdline(const char *cmdline, struct host_info *h)
{
	h->intel_iommu = -1;
	h->intel_sm = -1;
	h->amd_iommu_off = 0;
	h->passthrough = -1;
	h->strict = -1;
	host_cmdline_words(cmdline, param_word, h);
}

static void probe_cpu(struct host_info *h)
{
	char path[SF_PATH_MAX], *line = NULL;
	size_t cap = 0;
	bool flags_seen = false;
	FILE *f;

	if (proc_path(path, "cpuinfo"))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0 && !(flags_seen && h->cpu_vendor[0])) {
		char *colon = strchr(line, ':'), *v;

		if (!colon)
			continue;
		v = colon + 1;
		v[strcspn(v, "\n")] = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		if (!strncmp(line, "vendor_id", 9) && !h->cpu_vendor[0]) {
			snprintf(h->cpu_vendor, sizeof(h->cpu_vendor), "%s", v);
		} else if (!strncmp(line, "flags", 5) && isspace((unsigned char)line[5]) &&
			   !flags_seen) {
			/* The first CPU speaks for all: the flags are the same. */
			char *save = NULL, *w;

			flags_seen = true;
			h->la57 = 0;
			for (w = strtok_r(v, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
				if (!strcmp(w, "la57"))
					h->la57 = 1;
		}
	}
	free(line);
	fclose(f);
}

/* Any PCI device with a vfio-dev directory (a bound vfio-pci cdev). */
static bool any_vfio_dev(void)
{
	char path[SF_PATH_MAX];
	struct sf_list l;
	bool found = false;

	if (sys_path(path, "class/vfio-dev") == 0 && sf_list_dir(path, SF_SORT_NAME, &l) == 0) {
		found = l.n > 0;
		sf_list_free(&l);
		if (found)
			return true;
	}
	if (sys_path(path, "bus/pci/devices") || sf_list_dir(path, SF_SORT_NAME, &l))
		return false;
	for (size_t i = 0; i < l.n && !found; i++)
		if (sys_path(path, "bus/pci/devices/%s/vfio-dev", l.names[i]) == 0)
			found = sf_is_dir(path);
	sf_list_free(&l);
	return found;
}

void host_probe(struct host_info *h)
{
	char path[SF_PATH_MAX];
	char *text;
	size_t len;

	memset(h, 0, sizeof(*h));
	h->la57 = -1;
	host_parse_cmdline("", h);

	if (proc_path(path, "sys/kernel/osrelease") == 0 &&
	    sf_read_str(path, h->release, sizeof(h->release)) > 0)
		host_parse_release(h->release, &h->kver_major, &h->kver_minor);
	else
		h->release[0] = '\0';

	if (proc_path(path, "cmdline") == 0 && sf_read_text(path, 1 << 16, &text, &len) == 0) {
		/* NUL-separated in some saved copies: make it one line. */
		for (size_t i = 0; i < len; i++)
			if (text[i] == '\0')
				text[i] = ' ';
		h->cmdline_known = true;
		host_parse_cmdline(text, h);
		free(text);
	}

	probe_cpu(h);

	h->iommufd = dev_path(path, "iommu") == 0 && sf_exists(path);
	h->vfio_cdev = (dev_path(path, "vfio/devices") == 0 && sf_is_dir(path)) || any_vfio_dev();
}

void host_nest_context_from(const struct host_info *h, struct nest_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->known = true;
	ctx->kver_major = h->kver_major;
	ctx->kver_minor = h->kver_minor;
	ctx->sm_cmdline = h->intel_sm;
	ctx->iommufd_present = h->iommufd;
	ctx->vfio_cdev_present = h->vfio_cdev;
	ctx->smmu_canwbs = -1;	/* an IORT flag: not visible in sysfs */
	ctx->cpu_la57 = h->la57;
}

void host_nest_context(struct nest_context *ctx)
{
	struct host_info h;

	host_probe(&h);
	host_nest_context_from(&h, ctx);
}
