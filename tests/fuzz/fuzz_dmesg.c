// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot-log parser: dmesg_parse() on the input as a log, then the whole
 * `decode dmesg FILE` command on it (text and JSON) through a memfd.
 * Checks: every physical line counted; entries in line order, at most
 * DMESG_MAX_ENTRIES, strings terminated, a reason for each undecodable one,
 * no decodable duplicates; the command's JSON lists exactly the decodable
 * entries as units and the others as skipped, and exits 0 only with a unit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <json.h>

#include "dmesg.h"
#include "fuzz.h"

static size_t count_lines(const uint8_t *d, size_t n)
{
	size_t lines = 0;

	for (size_t i = 0; i < n; i++)
		lines += d[i] == '\n';
	return lines + (n && d[n - 1] != '\n');
}

static bool same(const struct dmesg_entry *a, const struct dmesg_entry *b)
{
	return a->vendor == b->vendor && !strcmp(a->name, b->name) &&
	       a->regs[0] == b->regs[0] && a->regs[1] == b->regs[1] &&
	       a->efr2_known == b->efr2_known && a->has_reg_base == b->has_reg_base &&
	       a->reg_base == b->reg_base && !strcmp(a->version, b->version);
}

static size_t check_log(const struct dmesg_log *log, size_t lines)
{
	size_t decodable = 0;

	FUZZ_CHECK(log->lines == lines);
	FUZZ_CHECK(log->n <= DMESG_MAX_ENTRIES);
	FUZZ_CHECK(log->dropped == 0 || log->n == DMESG_MAX_ENTRIES);
	for (size_t i = 0; i < log->n; i++) {
		const struct dmesg_entry *e = &log->entries[i];

		FUZZ_CHECK(e->line >= 1 && e->line <= lines);
		FUZZ_CHECK(i == 0 || e->line > log->entries[i - 1].line);
		FUZZ_CHECK(memchr(e->name, 0, sizeof(e->name)) && e->name[0]);
		FUZZ_CHECK(memchr(e->version, 0, sizeof(e->version)));
		FUZZ_CHECK(memchr(e->reason, 0, sizeof(e->reason)));
		FUZZ_CHECK(e->form && *e->form);
		FUZZ_CHECK(e->vendor == DMESG_VTD || e->vendor == DMESG_AMD ||
			   e->vendor == DMESG_SMMUV3);
		if (!e->decodable) {
			FUZZ_CHECK(e->reason[0]);
			continue;
		}
		decodable++;
		FUZZ_CHECK(e->vendor != DMESG_SMMUV3);
		if (e->vendor == DMESG_VTD)
			FUZZ_CHECK(e->has_reg_base && e->version[0]);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(!log->entries[j].decodable || !same(&log->entries[j], e));
	}
	return decodable;
}

static size_t array_len(struct json_object *doc, const char *key)
{
	struct json_object *a;

	if (!json_object_object_get_ex(doc, key, &a))
		return 0;
	FUZZ_CHECK(json_object_is_type(a, json_type_array));
	return json_object_array_length(a);
}

void fuzz_dmesg(const uint8_t *data, size_t size)
{
	struct dmesg_log log;
	struct fuzz_run r;
	char path[64], *argv[3] = { "decode", "dmesg", path };
	size_t decodable;
	int fd;

	FUZZ_CHECK(dmesg_parse((const char *)data, size, &log) == 0);
	decodable = check_log(&log, count_lines(data, size));

	fd = memfd_create("fuzz-dmesg", MFD_CLOEXEC);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	fuzz_command(false, 3, argv, &r);
	FUZZ_CHECK(r.rc == (decodable ? 0 : 1));
	fuzz_run_free(&r);

	fuzz_command(true, 3, argv, &r);
	FUZZ_CHECK(r.rc == (decodable ? 0 : 1));
	if (log.n) {
		struct json_object *doc = json_tokener_parse(r.out);

		FUZZ_CHECK(array_len(doc, "units") == decodable);
		FUZZ_CHECK(array_len(doc, "skipped") == log.n - decodable);
		json_object_put(doc);
	}
	fuzz_run_free(&r);
	close(fd);
	dmesg_free(&log);
}
