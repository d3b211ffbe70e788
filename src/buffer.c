// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "error.h"

static struct buffer *tracked;

const char *buf_backing_name(enum buf_backing b)
{
	switch (b) {
	case BUF_ANON: return "anon";
	case BUF_HUGETLB: return "hugetlb";
	case BUF_MEMFD: return "memfd";
	case BUF_FILE: return "file";
	}
	return "?";
}

/* A pattern that says which buffer and offset a byte came from. */
static void fill_pattern(void *va, size_t len)
{
	uint64_t *p = va;

	for (size_t i = 0; i < len / sizeof(*p); i++)
		p[i] = 0x10c7100000000000ULL | (uint64_t)i;
}

int buffer_new(enum buf_backing backing, size_t len, const char *path, uint64_t offset,
	       struct buffer **out)
{
	struct buffer *b = calloc(1, sizeof(*b));
	int prot = PROT_READ | PROT_WRITE;

	if (!b)
		return err_fail("out of memory");
	b->backing = backing;
	b->len = len;
	b->fd = -1;
	b->file_offset = offset;

	switch (backing) {
	case BUF_ANON:
		b->va = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b->va == MAP_FAILED)
			goto mmap_failed;
		break;
	case BUF_HUGETLB:
		b->va = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		if (b->va == MAP_FAILED) {
			int e = errno;

			free(b);
			return err_errno(EXIT_UNSUPPORTED, "mmap", e,
					 "no 2 MiB hugetlb pages for %zu bytes: reserve them with "
					 "'echo N > /proc/sys/vm/nr_hugepages' or boot with hugepages=N", len);
		}
		break;
	case BUF_MEMFD:
		b->fd = memfd_create("iommuctl", MFD_CLOEXEC);
		if (b->fd < 0 || ftruncate(b->fd, (off_t)len) < 0)
			goto fd_failed;
		b->va = mmap(NULL, len, prot, MAP_SHARED, b->fd, 0);
		if (b->va == MAP_FAILED)
			goto mmap_failed;
		break;
	case BUF_FILE: {
		struct stat st;

		b->fd = open(path, O_RDWR | O_CLOEXEC);
		if (b->fd < 0 && (errno == EACCES || errno == EROFS)) {
			b->fd = open(path, O_RDONLY | O_CLOEXEC);
			prot = PROT_READ;
		}
		if (b->fd < 0 || fstat(b->fd, &st) < 0) {
			int e = errno;

			if (b->fd >= 0)
				close(b->fd);
			free(b);
			return err_errno(EXIT_FAILED, "open", e, "file '%s'", err_arg(path));
		}
		if ((uint64_t)st.st_size < offset + len) {
			close(b->fd);
			free(b);
			return err_usage("file '%s' has %lld bytes, fewer than offset + length = %llu",
					 err_arg(path), (long long)st.st_size,
					 (unsigned long long)(offset + len));
		}
		b->va = mmap(NULL, len, prot, MAP_SHARED, b->fd, (off_t)offset);
		if (b->va == MAP_FAILED)
			goto mmap_failed;
		*out = b;
		return 0;	/* a user's file is never overwritten */
	}
	}
	fill_pattern(b->va, len);
	*out = b;
	return 0;

fd_failed: {
		int e = errno;

		if (b->fd >= 0)
			close(b->fd);
		free(b);
		return err_errno(EXIT_FAILED, "memfd_create", e, "cannot create %zu bytes of memfd", len);
	}
mmap_failed: {
		int e = errno;

		if (b->fd >= 0)
			close(b->fd);
		free(b);
		return err_errno(EXIT_FAILED, "mmap", e, "cannot allocate %zu bytes of %s memory",
				 len, buf_backing_name(backing));
	}
}

void buffer_free(struct buffer *b)
{
	if (!b)
		return;
	if (b->va && b->va != MAP_FAILED)
		munmap(b->va, b->len);
	if (b->fd >= 0)
		close(b->fd);
	free(b);
}

void buffer_track(struct buffer *b)
{
	b->next = tracked;
	tracked = b;
}

struct buffer *buffer_find(uint32_t ioas_id, uint64_t iova, uint64_t len)
{
	for (struct buffer *b = tracked; b; b = b->next)
		if ((!ioas_id || b->ioas_id == ioas_id) && iova >= b->iova && len <= b->len &&
		    iova - b->iova <= b->len - len)
			return b;
	return NULL;
}

/* Forget buffers wholly inside an unmapped range (the kernel let them go). */
void buffer_untrack_range(uint32_t ioas_id, uint64_t iova, uint64_t len)
{
	for (struct buffer **p = &tracked; *p;) {
		struct buffer *b = *p;

		if (b->ioas_id == ioas_id && b->iova >= iova &&
		    b->iova - iova <= len && b->len <= len - (b->iova - iova)) {
			*p = b->next;
			buffer_free(b);
		} else {
			p = &b->next;
		}
	}
}

void buffers_free_all(void)
{
	while (tracked) {
		struct buffer *b = tracked;

		tracked = b->next;
		buffer_free(b);
	}
}
