// SPDX-License-Identifier: GPL-2.0-only
/*
 * The privilege decisions: the set-uid refusal, what each command needs, the
 * sets one step leaves, and the batch scan that decides what later lines
 * need. Every command of the tables must have a row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include <cmocka.h>

#include "cmd.h"
#include "privs.h"

#define B(c)	PRIV_BIT(c)
#define OPEN	(B(CAP_DAC_OVERRIDE) | B(CAP_DAC_READ_SEARCH))
#define LOCK	B(CAP_IPC_LOCK)
#define RES	B(CAP_SYS_RESOURCE)
#define ADMIN	B(CAP_SYS_ADMIN)

static void test_refusal(void **state)
{
	(void)state;
	assert_null(privs_refusal(0, 0, 0, 0, false));
	assert_null(privs_refusal(1000, 1000, 100, 100, false));
	/* set-uid root run by a user, and the reverse */
	assert_non_null(strstr(privs_refusal(1000, 0, 100, 100, false), "set-uid"));
	assert_non_null(strstr(privs_refusal(0, 65534, 0, 0, false), "set-uid"));
	assert_non_null(strstr(privs_refusal(1000, 1000, 100, 0, false), "set-gid"));
	/* file capabilities or an LSM transition: same ids, AT_SECURE */
	assert_non_null(strstr(privs_refusal(1000, 1000, 100, 100, true), "AT_SECURE"));
}

static void test_used(void **state)
{
	(void)state;
	assert_true(privs_used() == (OPEN | LOCK | RES | ADMIN));
	assert_true(privs_open_caps() == OPEN);
	assert_false(privs_used() & B(CAP_SYS_RAWIO));
	assert_false(privs_used() & B(CAP_NET_ADMIN));
}

static uint64_t needs(bool open, int argc, ...)
{
	char *argv[16];
	va_list ap;

	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	return privs_line_needs(argc, argv, open);
}

static void test_line_needs(void **state)
{
	(void)state;
	/* a map: CAP_IPC_LOCK, and the open caps (file PATH) even with the iommufd open */
	assert_true(needs(false, 5, "ioas", "map", "a", "length", "2M") == (LOCK | OPEN));
	assert_true(needs(true, 5, "ioas", "map", "a", "length", "2M") == (LOCK | OPEN));
	assert_true(needs(true, 7, "s1", "alloc", "a", "iova", "0", "name", "t") == LOCK);
	/* session commands: the open caps only until /dev/iommu is open */
	assert_true(needs(false, 2, "ioas", "alloc") == OPEN);
	assert_true(needs(true, 2, "ioas", "alloc") == 0);
	assert_true(needs(true, 4, "hwpt", "invalidate", "n", "iotlb-id") == 0);
	assert_true(needs(false, 3, "device", "open", "00:10.0") == OPEN);
	assert_true(needs(true, 3, "device", "open", "00:10.0") == OPEN);
	assert_true(needs(true, 2, "monitor", "3") == 0);
	/* rlimit-mode only, not huge-pages */
	assert_true(needs(true, 4, "option", "set", "rlimit-mode", "1") == RES);
	assert_true(needs(true, 5, "option", "set", "huge-pages", "a", "0") == 0);
	assert_true(needs(true, 3, "option", "get", "rlimit-mode") == 0);
	/* config space; "device" alone is "device list" */
	assert_true(needs(true, 3, "device", "show", "00:10.0") == ADMIN);
	assert_true(needs(false, 1, "device") == ADMIN);
	assert_true(needs(false, 1, "iommu") == 0);
	assert_true(needs(false, 3, "decode", "vtd-cap", "0x1") == 0);
	assert_true(needs(false, 3, "decode", "dmesg", "/var/log/kern.log") == OPEN);
	assert_true(needs(true, 1, "doctor") == OPEN);
	assert_true(needs(false, 2, "batch", "f") == OPEN);
	assert_true(needs(false, 1, "shell") == 0);
	/* usage errors need nothing */
	assert_true(needs(false, 1, "nosuch") == 0);
	assert_true(needs(false, 2, "ioas", "nosuch") == 0);
	assert_true(needs(false, 2, "ioas", "help") == 0);
	assert_true(needs(false, 1, "ioas") == 0);	/* no default command */
	assert_true(needs(false, 0) == 0);
}

/* A command added to a table without a privileges row keeps the open caps
 * until the iommufd is open, which is safe but not a decision: insist. */
static void test_every_command_has_a_row(void **state)
{
	int rows = 0;

	(void)state;
	for (const struct object *o = objects; o->name; o++) {
		if (!o->cmds) {
			if (!privs_has_row(o->name, NULL))
				fail_msg("src/privs.c: no row for '%s'", o->name);
			rows++;
			continue;
		}
		for (const struct cmd *c = o->cmds; c->name; c++) {
			if (!privs_has_row(o->name, c->name))
				fail_msg("src/privs.c: no row for '%s %s'", o->name, c->name);
			rows++;
		}
	}
	assert_true(rows > 60);
	assert_false(privs_has_row("ioas", "nosuch"));
	assert_false(privs_has_row("doctor", "x"));
}

static void test_step(void **state)
{
	struct privs_sets s;

	(void)state;
	/* permitted keeps what later lines need, effective only this one's */
	s = privs_step(~0ULL, LOCK, RES | OPEN);
	assert_true(s.perm == (LOCK | RES | OPEN));
	assert_true(s.eff == LOCK);
	/* never raises: a capability dropped before stays dropped */
	s = privs_step(OPEN, LOCK | OPEN, RES);
	assert_true(s.perm == OPEN);
	assert_true(s.eff == OPEN);
	/* nothing needed: everything goes */
	s = privs_step(privs_used(), 0, 0);
	assert_true(s.perm == 0 && s.eff == 0);
}

/* privs_scan() of a text: its lines */
static int scan_text(const char *text, uint64_t **closed, uint64_t **open)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int lines;

	assert_non_null(f);
	assert_int_equal(privs_scan(f, closed, open, &lines), 0);
	fclose(f);
	return lines;
}

static void test_scan(void **state)
{
	static const char text[] =
		"# a comment: nothing\n"			/* 1 */
		"option set rlimit-mode 1\n"			/* 2 */
		"ioas alloc name a\n"				/* 3 */
		"ioas map a length 2M \\\n"			/* 4 */
		"   file /x\n"					/* 5: not a command */
		"\"ioas\" map a length 4k\n"			/* 6: quoted: anything */
		"device \\\n"					/* 7: command unknown: anything */
		"  open 00:10.0\n"				/* 8 */
		"nosuch thing\n"				/* 9 */
		"\n"						/* 10 */
		"device show 00:10.0\n"			/* 11 */
		"  decode vtd 1 2   # comment\n"		/* 12 */
		"option set huge-pages a 0\n";			/* 13: any option set row */
	uint64_t *closed, *open;
	int lines = scan_text(text, &closed, &open);

	(void)state;
	assert_int_equal(lines, 13);
	assert_true(closed[1] == 0 && open[1] == 0);
	assert_true(closed[2] == (RES | OPEN) && open[2] == RES);
	assert_true(closed[3] == OPEN && open[3] == 0);
	assert_true(closed[4] == (LOCK | OPEN) && open[4] == (LOCK | OPEN));
	assert_true(closed[5] == 0 && open[5] == 0);
	assert_true(closed[6] == privs_used() && open[6] == privs_used());
	assert_true(closed[7] == privs_used() && open[7] == privs_used());
	assert_true(closed[8] == 0);
	assert_true(closed[9] == 0);
	assert_true(closed[10] == 0);
	assert_true(closed[11] == ADMIN && open[11] == ADMIN);
	assert_true(closed[12] == 0);
	assert_true(closed[13] == (RES | OPEN) && open[13] == RES);
	assert_true(closed[14] == 0);	/* the end marker */
	free(closed);
	free(open);
}

/* Repeated command words are answered from the last line scanned: only
 * when the line starts with exactly those words. */
static void test_scan_repeat(void **state)
{
	static const char text[] =
		"ioas map a length 4k\n"		/* 1 */
		"ioas map b length 4k\n"		/* 2: the same head */
		"ioas mapx a\n"			/* 3: a longer word: no command */
		"ioas map\n"				/* 4: the head alone */
		"ioas map\tc\n"			/* 5: a tab after it */
		"ioas alloc\n"			/* 6 */
		" ioas map a\n"			/* 7: a blank before it */
		"ioas ma\n";				/* 8: shorter: no command */
	uint64_t *closed, *open;
	int lines = scan_text(text, &closed, &open);

	(void)state;
	assert_int_equal(lines, 8);
	for (int i = 1; i <= 7; i += (i == 2 ? 2 : i == 5 ? 2 : 1)) {
		assert_true(closed[i] == (LOCK | OPEN));
		assert_true(open[i] == (LOCK | OPEN));
	}
	assert_true(closed[3] == 0 && open[3] == 0);
	assert_true(closed[6] == OPEN && open[6] == 0);
	assert_true(closed[8] == 0 && open[8] == 0);
	free(closed);
	free(open);
}

/* Read in small blocks, the scan is the same: lines split across blocks,
 * and lines longer than a block (judged by their head, the words that
 * decide). */
static void test_scan_blocks(void **state)
{
	char text[2048];
	uint64_t *c0, *o0, *c, *o;
	int n0, n;
	FILE *f;

	(void)state;
	snprintf(text, sizeof(text),
		 "option set rlimit-mode 1\n"
		 "device show 00:10.0 %0200d\n"
		 "ioas alloc name a\n"
		 "hwpt invalidate n%0300d iotlb-id 1\n"
		 "\n"
		 "decode vtd 1 2\n"
		 "ioas map a length 4k", 0, 0);
	f = fmemopen(text, strlen(text), "r");
	assert_non_null(f);
	assert_int_equal(privs_scan(f, &c0, &o0, &n0), 0);
	fclose(f);
	assert_int_equal(n0, 7);
	assert_true(c0[2] == ADMIN && o0[2] == ADMIN);	/* the long line's head decided */
	for (size_t blk = 32; blk <= 80; blk++) {
		f = fmemopen(text, strlen(text), "r");
		assert_non_null(f);
		assert_int_equal(privs_scan_blocks(f, &c, &o, &n, blk), 0);
		fclose(f);
		assert_int_equal(n, n0);
		for (int i = 0; i <= n + 1; i++) {
			assert_true(c[i] == c0[i]);
			assert_true(o[i] == o0[i]);
		}
		free(c);
		free(o);
	}
	free(c0);
	free(o0);
}

static void test_names(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(privs_names(0, buf, sizeof(buf)), "none");
	assert_string_equal(privs_names(LOCK | RES, buf, sizeof(buf)),
			    "cap_ipc_lock,cap_sys_resource");
	/* beyond what iommuctl uses: a mask */
	assert_string_equal(privs_names(B(CAP_CHOWN) | B(CAP_KILL), buf, sizeof(buf)),
			    "0x21 (2 capabilities)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_used),
		cmocka_unit_test(test_line_needs),
		cmocka_unit_test(test_every_command_has_a_row),
		cmocka_unit_test(test_step),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_scan_blocks),
		cmocka_unit_test(test_scan_repeat),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
