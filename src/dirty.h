/* SPDX-License-Identifier: GPL-2.0-only */
/* Dirty tracking commands (dirty.c), in hwpt.c's and mock.c's tables. */
#ifndef IOMMUCTL_DIRTY_H
#define IOMMUCTL_DIRTY_H

#include <stddef.h>
#include <stdint.h>

int hwpt_dirty(int argc, char **argv);
int hwpt_dirty_bitmap(int argc, char **argv);
int mock_dirty(int argc, char **argv);
/* The runs of set bits of a bitmap of npages pages from iova; their count. */
size_t dirty_ranges(const uint64_t *bitmap, uint64_t npages, uint64_t iova, uint64_t page_size,
		    void (*cb)(void *ctx, uint64_t iova, uint64_t length), void *ctx);

#endif
