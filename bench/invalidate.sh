#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Invalidation throughput, in the test VM (tests/vm/run-vm.sh, one boot):
# IOMMU_HWPT_INVALIDATE on the selftest mock's nested HWPT, issued by the
# raw-ioctl loop bench/hwpt_inval.c (the limit) and by `iommuctl batch` over
# a file with the same number of invalidations, 1 entry per call and 64
# entries per call; see invalidate-guest.sh. Needs the kernel of
# tests/vm/build-kernel.sh (make vmcheck builds it); without it this is
# skipped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need "$SPAWN" "$IOMMUCTL" "$BENCH_BIN/hwpt_inval"
# Counts: INV_CALLS1 calls of 1 entry, INV_CALLS64 of 64 entries. The rates
# leave out process start, the set-up and the exit (under TCG a process start
# alone is ~0.15 s, worth 60k raw invalidations): the raw loop times itself,
# iommuctl's is t(batch) - t(the same batch without the invalidations).
calls1=${INV_CALLS1:-100000} calls64=${INV_CALLS64:-5000} runs=${INV_RUNS:-5}

kdir=$("$REPO/tests/vm/build-kernel.sh" --print-dir 2>/dev/null) || kdir=
if [ -z "$kdir" ] || [ ! -e "$kdir/OK" ]; then
	echo
	echo "invalidation: skipped: no test kernel built (tests/vm/build-kernel.sh or make vmcheck)"
	exit 0
fi

# the batch files: nesting.bats' NESTED set-up, then one invalidation a line
dir=$BENCH_OUT/inval
mkdir -p "$dir"
nested='ioas alloc name a
mock add a name m
hwpt alloc m ioas a nest-parent name p
hwpt alloc m parent p nested selftest iotlb 0x1234 name n
hwpt replace n m'
line64="hwpt invalidate n"
for ((i = 0; i < 64; i++)); do line64+=" iotlb-id $((i % 4))"; done
batchfile() {	# batchfile ENTRIES CALLS: $dir/e-ENTRIES-CALLS.batch
	{
		printf '%s\n' "$nested"
		awk -v n="$2" -v l="$([ "$1" = 1 ] && echo "hwpt invalidate n iotlb-id 1" || echo "$line64")" \
			'BEGIN { for (i = 0; i < n; i++) print l }'
	} > "$dir/e-$1-$2.batch"
}
batchfile 0 0; batchfile 1 "$calls1"; batchfile 64 "$calls64"
# small ones for the instruction counts (callgrind is ~50x slower)
batchfile 1 2000; batchfile 64 200

cd "$REPO"
"$REPO/tests/vm/run-vm.sh" --timeout "${INV_TIMEOUT:-1800}" --results "$BENCH_OUT/vm" \
	--share "$(dirname "$IOMMUCTL")" --share "$BENCH_BIN" \
	--env "SPAWN=$SPAWN" --env "HWPT_INVAL=$BENCH_BIN/hwpt_inval" --env "INV_DIR=$dir" \
	-- bash "$BENCH_DIR/invalidate-guest.sh" "$calls1" "$calls64" "$runs"
