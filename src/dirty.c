// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dirty tracking on paging HWPTs allocated with `dirty`: switch it on or off,
 * read (and by default clear) the dirty bitmap of a range, printed as dirty
 * ranges; and, with the mock, mark pages dirty to have something to read.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dirty.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "output.h"
#include "session.h"

int hwpt_dirty(int argc, char **argv)
{
	const char *ctx = "hwpt dirty";
	uint32_t id;
	bool on;
	int fd, rc, err;

	if (argc != 2)
		return err_usage("%s: expected HWPT on|off", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_HWPT, "hwpt dirty: HWPT", &id, NULL)))
		return rc;
	if (!strcmp(argv[1], "on"))
		on = true;
	else if (!strcmp(argv[1], "off"))
		on = false;
	else
		return err_unknown(ctx, "state", argv[1], (const char *const[]){ "on", "off", NULL });
	if ((rc = session_iommufd(&fd)))
		return rc;
	err = ifd_hwpt_set_dirty_tracking(fd, id, on);
	if (err)
		return err_ioctl("IOMMU_HWPT_SET_DIRTY_TRACKING", err,
				 err == -EOPNOTSUPP ? "the HWPT was not allocated with 'dirty'" : NULL);
	print_u64(PRINT_ANY, "hwpt_id", "hwpt %" PRIu64, id);
	print_bool(PRINT_ANY, "dirty_tracking", " dirty tracking %s\n", on);
	return 0;
}

/* Dirty ranges of a bitmap: consecutive set bits merged. */
size_t dirty_ranges(const uint64_t *bitmap, uint64_t npages, uint64_t iova, uint64_t page_size,
		    void (*cb)(void *ctx, uint64_t iova, uint64_t length), void *ctx)
{
	size_t n = 0;

	for (uint64_t i = 0; i < npages;) {
		if (!(bitmap[i / 64] >> (i % 64) & 1)) {
			i++;
			continue;
		}
		uint64_t j = i;

		while (j < npages && (bitmap[j / 64] >> (j % 64) & 1))
			j++;
		cb(ctx, iova + i * page_size, (j - i) * page_size);
		n++;
		i = j;
	}
	return n;
}

static void print_range(void *ctx, uint64_t iova, uint64_t length)
{
	(void)ctx;
	open_object(NULL);
	print_hex(PRINT_ANY, "iova", "  %#" PRIx64, iova);
	print_u64(PRINT_ANY, "length", " +%" PRIu64 "\n", length);
	close_object();
}

/* iova, length and page size shared by dirty-bitmap and mock dirty. */
static int range_args(const char *ctx, uint64_t iova, uint64_t length, uint64_t page_size,
		      uint64_t *npages)
{
	if (!page_size || (page_size & (page_size - 1)))
		return err_usage("%s: page-size %" PRIu64 " is not a power of two", ctx, page_size);
	if (!length || length % page_size || iova % page_size)
		return err_usage("%s: iova %#" PRIx64 " and length %" PRIu64 " must be non-zero "
				 "multiples of page-size %" PRIu64, ctx, iova, length, page_size);
	if (iova + length < iova)
		return err_usage("%s: iova + length passes 2^64", ctx);
	*npages = length / page_size;
	if (*npages > (1ULL << 32))
		return err_usage("%s: %" PRIu64 " pages is more than one bitmap read should hold "
				 "(at most 2^32)", ctx, *npages);
	return 0;
}

int hwpt_dirty_bitmap(int argc, char **argv)
{
	const char *ctx = "hwpt dirty-bitmap";
	uint64_t iova = 0, length = 0, page_size = 4096, npages, dirty = 0;
	bool no_clear = false;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW("length", KW_SIZE, &length),
		KW("page-size", KW_SIZE, &page_size),
		KW("no-clear", KW_FLAG, &no_clear),
	};
	uint64_t *bitmap;
	uint32_t id;
	int fd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing HWPT", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_HWPT, "hwpt dirty-bitmap: HWPT", &id, NULL)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "iova")) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")) ||
	    (rc = range_args(ctx, iova, length, page_size, &npages)))
		return rc;
	bitmap = calloc((npages + 63) / 64, sizeof(uint64_t));
	if (!bitmap)
		return err_fail("%s: out of memory for a %" PRIu64 "-page bitmap", ctx, npages);
	if ((rc = session_iommufd(&fd))) {
		free(bitmap);
		return rc;
	}
	err = ifd_hwpt_get_dirty_bitmap(fd, id, no_clear ? ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR : 0,
					iova, length, page_size, bitmap);
	if (err) {
		free(bitmap);
		return err_ioctl("IOMMU_HWPT_GET_DIRTY_BITMAP", err,
				 err == -EINVAL ? "dirty tracking is off ('hwpt dirty HWPT on'), or the "
				 "range or page size does not fit the HWPT" : NULL);
	}
	for (uint64_t i = 0; i < (npages + 63) / 64; i++)
		dirty += (uint64_t)__builtin_popcountll(bitmap[i]);
	print_u64(PRINT_ANY, "hwpt_id", "hwpt %" PRIu64, id);
	print_hex(PRINT_ANY, "iova", " iova %#" PRIx64, iova);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, length);
	print_u64(PRINT_ANY, "page_size", " page-size %" PRIu64, page_size);
	print_u64(PRINT_ANY, "dirty_pages", ": %" PRIu64, dirty);
	print_u64(PRINT_ANY, "pages", " of %" PRIu64 " pages dirty", npages);
	print_bool(PRINT_ANY, "cleared", no_clear ? " (not cleared)\n" : " (cleared)\n", !no_clear);
	open_array("ranges");
	dirty_ranges(bitmap, npages, iova, page_size, print_range, NULL);
	close_array();
	free(bitmap);
	return 0;
}

int mock_dirty(int argc, char **argv)
{
	const char *ctx = "mock dirty";
	uint64_t iova = 0, length = 0, page_size = 4096, stride = 1, npages;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW("length", KW_SIZE, &length),
		KW("page-size", KW_SIZE, &page_size),
		KW_MAX("stride", KW_U64, &stride, 1u << 20),
	};
	struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .op = ICTL_IOMMU_TEST_OP_DIRTY };
	uint64_t *bitmap;
	uint32_t id;
	int fd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing HWPT (a mock paging HWPT with dirty tracking on)", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_HWPT, "mock dirty: HWPT", &id, NULL)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "iova")) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")) ||
	    (rc = range_args(ctx, iova, length, page_size, &npages)))
		return rc;
	if (!stride)
		return err_usage("%s: stride 0: mark every Nth page, N >= 1", ctx);
	bitmap = calloc((npages + 63) / 64, sizeof(uint64_t));
	if (!bitmap)
		return err_fail("%s: out of memory", ctx);
	for (uint64_t i = 0; i < npages; i += stride)
		bitmap[i / 64] |= 1ULL << (i % 64);
	if ((rc = session_iommufd(&fd))) {
		free(bitmap);
		return rc;
	}
	cmd.id = id;
	cmd.dirty.iova = iova;
	cmd.dirty.length = length;
	cmd.dirty.page_size = page_size;
	cmd.dirty.uptr = (uintptr_t)bitmap;
	err = ifd_test_cmd(fd, &cmd);
	free(bitmap);
	if (err)
		return err_ioctl("IOMMU_TEST_CMD", err, err == -EINVAL ? "dirty tracking is not "
				 "enabled on the HWPT, or the range is not mapped" : NULL);
	print_u64(PRINT_ANY, "hwpt_id", "hwpt %" PRIu64, id);
	print_u64(PRINT_ANY, "marked", ": %" PRIu64 " page(s) marked dirty", cmd.dirty.out_nr_dirty);
	print_u64(PRINT_ANY, "stride", " (every %" PRIu64 ")\n", stride);
	return 0;
}
