/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory that the session maps into an IOAS. It stays allocated (and mapped
 * in this process) for the whole session, so that checks such as the mock's
 * MD_CHECK_MAP can compare the IOMMU's view with the process's.
 */
#ifndef IOMMUCTL_BUFFER_H
#define IOMMUCTL_BUFFER_H

#include <stddef.h>
#include <stdint.h>

enum buf_backing {
	BUF_ANON,	/* anonymous memory: IOMMU_IOAS_MAP of a user VA */
	BUF_HUGETLB,	/* 2 MiB hugetlb pages: IOMMU_IOAS_MAP */
	BUF_MEMFD,	/* memfd: IOMMU_IOAS_MAP_FILE */
	BUF_FILE,	/* an existing file: IOMMU_IOAS_MAP_FILE */
};

struct buffer {
	enum buf_backing backing;
	void *va;		/* mapped in this process (MAP_SHARED for files) */
	size_t len;
	int fd;			/* memfd or file, -1 for anonymous memory */
	uint64_t file_offset;
	uint32_t ioas_id;	/* where it is mapped */
	uint64_t iova;
	struct buffer *next;
};

const char *buf_backing_name(enum buf_backing b);

/* Allocate (or open, for BUF_FILE with path) len bytes; reports errors and
 * returns the exit code. The buffer is filled with a recognisable pattern.
 * The caller has checked the arguments: BUF_HUGETLB lengths are multiples of
 * 2 MiB, BUF_FILE offsets multiples of the page size. */
int buffer_new(enum buf_backing b, size_t len, const char *path, uint64_t offset,
	       struct buffer **out);
void buffer_free(struct buffer *b);

/* The session's buffers (session.c frees them at the end). */
void buffer_track(struct buffer *b);
/* The buffer mapped at [iova, iova+len) in ioas_id (0: any IOAS). */
struct buffer *buffer_find(uint32_t ioas_id, uint64_t iova, uint64_t len);
void buffer_untrack_range(uint32_t ioas_id, uint64_t iova, uint64_t len);
void buffers_free_all(void);

#endif
