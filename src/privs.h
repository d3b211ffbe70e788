/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Privileges: iommuctl refuses to run set-uid or set-gid, and keeps only the
 * capabilities that the command running now, or a later line of its session,
 * can use.
 *
 * Which capabilities iommuctl uses at all (everything else is dropped from
 * the permitted set at start):
 *   CAP_IPC_LOCK        IOMMU_IOAS_MAP(_FILE) (ioas map, s1 alloc): the kernel
 *                       decides at map time that the pages are not charged to
 *                       RLIMIT_MEMLOCK (iopt_alloc_pages: capable(CAP_IPC_LOCK)).
 *   CAP_SYS_RESOURCE    IOMMU_OPTION SET rlimit-mode (option set rlimit-mode).
 *   CAP_SYS_ADMIN       reading a PCI device's whole config space from sysfs
 *                       (device show, device list -j: PASID/ATS/PRI); without
 *                       it the kernel returns the first 64 bytes.
 *   CAP_DAC_OVERRIDE,   opening what the user names or the session needs:
 *   CAP_DAC_READ_SEARCH /dev/iommu, VFIO cdevs, batch and boot-log files,
 *                       `ioas map file PATH`. Only until the open is done.
 * Not used: CAP_SYS_RAWIO (VFIO no-IOMMU mode and writing an IOMMU group's
 * type), anything for the selftest mock (IOMMU_TEST_CMD checks no capability).
 *
 * When: permitted = what this command and the lines after it may need,
 * effective = what this command needs; a permitted capability is raised into
 * the effective set only for the command that uses it, so a capability that
 * was permitted but not effective at start works too. The open capabilities
 * leave as soon as the command's last open is done (/dev/iommu, or the cdev
 * for `device open`; `ioas map` keeps them to its end for `file PATH`), and
 * stay throughout with --sysfs/--proc/--dev, for reading the named trees.
 * A batch FILE is scanned first,
 * so each line keeps only what it and the lines after it need; a batch on a
 * pipe and the shell cannot know their future lines and keep every
 * capability above (permitted) while the session lasts.
 */
#ifndef IOMMUCTL_PRIVS_H
#define IOMMUCTL_PRIVS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Capability sets as bit masks: bit n is capability n. */
#define PRIV_BIT(cap)	(1ULL << (cap))

/* The process as it started, before iommuctl changed anything. */
struct privs_start {
	uid_t ruid, euid;
	gid_t rgid, egid;
	bool secure;		/* AT_SECURE */
	bool caps_known;	/* capget worked */
	uint64_t eff, perm, inh, amb, bnd;
};

/*
 * Called once in main(), before anything else is read: records the start
 * state, refuses set-uid/set-gid/AT_SECURE (reported, EXIT_USAGE), clears the
 * inheritable (and so the ambient) set and drops every capability iommuctl
 * never uses from the permitted set.
 */
int privs_init(void);
const struct privs_start *privs_start_state(void);
/* The reason to refuse a process with these ids, or NULL (pure, tested). */
const char *privs_refusal(uid_t ruid, uid_t euid, gid_t rgid, gid_t egid, bool secure);

/* Every capability iommuctl may use, and those needed only to open files. */
uint64_t privs_used(void);
uint64_t privs_open_caps(void);

/*
 * What a command line needs (argv[0] is the object): its capabilities, plus
 * the open capabilities when it opens a named path, or uses the session's
 * iommufd and that is not open yet. Commands missing from the table need
 * the open capabilities only (tests/unit/test_privs.c insists on a row).
 */
uint64_t privs_line_needs(int argc, char *const *argv, bool iommufd_open);
/* Whether the table has a row for OBJECT COMMAND (command NULL: an object
 * without commands). */
bool privs_has_row(const char *object, const char *command);

/* The sets a step leaves (pure, tested): current permitted perm, this
 * command's need, what later lines need. */
struct privs_sets {
	uint64_t eff, perm;
};
struct privs_sets privs_step(uint64_t perm, uint64_t need, uint64_t later);

/* run_command(): before each command line, whose object argv[0] is obj and
 * command c (NULL: it names none of obj's commands). */
struct object;
struct cmd;
void privs_command(const struct object *obj, const struct cmd *c, int argc, char *const *argv);
/* session.c: the session's iommufd is open (or inherited); device open: its
 * cdev is open. Drops the open capabilities the command no longer needs. */
void privs_opened_iommufd(void);
void privs_opened_path(void);

/*
 * Batch planning. privs_plan_file() scans a seekable batch file (and seeks
 * back); without a plan (pipes, the shell) later lines may need anything.
 * privs_batch_line() tells which line (its first physical line) runs next.
 */
void privs_plan_file(FILE *f);
void privs_batch_line(int line);

/* Scanning, pure: the needs of each physical line of text (1-based, [0]
 * unused), with the iommufd closed (*closed) and open (*open). */
int privs_scan(FILE *f, uint64_t **closed, uint64_t **open, int *lines);
/* The same, reading blk bytes at a time (privs_scan: 64 KiB); for tests. */
int privs_scan_blocks(FILE *f, uint64_t **closed, uint64_t **open, int *lines, size_t blk);

/* The process's capability sets now (capget); false if unknown. */
bool privs_now(uint64_t *eff, uint64_t *perm);
/* "cap_ipc_lock,cap_sys_resource" (or "none") into buf. */
const char *privs_names(uint64_t set, char *buf, size_t n);

#endif
