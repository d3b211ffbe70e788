#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# In the test VM (invalidate.sh boots it): the raw-ioctl loop (hwpt_inval,
# which times its loop itself) and `iommuctl batch` (text, -j, and -q: the
# summary line per call; stdout to /dev/null) doing the same invalidations,
# round-robin. iommuctl's time for
# the invalidations is t(the batch) - t(the batch with the set-up lines only),
# whole processes, medians of RUNS runs.
# usage: invalidate-guest.sh CALLS1 CALLS64 RUNS
set -euo pipefail
. "$(dirname "$0")/lib.sh"
calls1=$1 calls64=$2 runs=$3

# rate N US: N per second
rate() { awk -v c="$1" -v t="$2" 'BEGIN { printf "%.0f", (t > 0 ? c / (t / 1e6) : 0) }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "invalidation throughput in the VM (Linux $(uname -r), QEMU TCG), medians of $runs runs"
echo "ratio: iommuctl time / raw-ioctl time for the same invalidations"
for e in 1 64; do
	if [ "$e" = 1 ]; then n=$calls1; else n=$calls64; fi
	f0=$INV_DIR/e-0-0.batch f=$INV_DIR/e-$e-$n.batch
	# the limit: the loop's own time (microseconds), RUNS times
	b_us=$(for ((r = 0; r < runs; r++)); do
		"$HWPT_INVAL" "$n" "$e" | awk '{ for (i = 1; i < NF; i++) if ($(i + 1) == "s:") print $i * 1e6 }'
	done | median)
	mapfile -t res < <("$SPAWN" -n "$runs" -w 1 -- "$HWPT_INVAL" "$n" "$e" \
		-- "$IOMMUCTL" batch "$f0" -- "$IOMMUCTL" batch "$f" \
		-- "$IOMMUCTL" -j batch "$f0" -- "$IOMMUCTL" -j batch "$f" \
		-- "$IOMMUCTL" -q batch "$f0" -- "$IOMMUCTL" -q batch "$f")
	read -r b_whole _ _ b_rss <<<"${res[0]}"
	table_head "$e entr$([ "$e" = 1 ] && echo y || echo ies) per call, $n calls"
	row "raw ioctl loop (hwpt_inval)" "$(rate "$n" "$b_us") calls/s" "" ""
	[ "$e" = 1 ] || row "  entries per second" "$(rate $((n * e)) "$b_us")/s" "" ""
	i=1
	for mode in "text" "-j" "-q"; do
		read -r m0 _ _ _ <<<"${res[$i]}"
		read -r m _ _ rss <<<"${res[$((i + 1))]}"
		m_us=$(awk -v a="$m" -v b="$m0" 'BEGIN { print a - b }')
		row "iommuctl batch ($mode)" "$(rate "$n" "$m_us") calls/s" \
			"$(rate "$n" "$b_us") calls/s" "$(ratio "$m_us" "$b_us")"
		[ "$e" = 1 ] || row "  entries per second" "$(rate $((n * e)) "$m_us")/s" \
			"$(rate $((n * e)) "$b_us")/s" ""
		row "  whole process" "$(fmt "$m" 1000 0) ms" "$(fmt "$b_whole" 1000 0) ms" \
			"$(ratio "$m" "$b_whole")"
		row "  peak RSS" "$rss KiB" "$b_rss KiB" "$(ratio "$rss" "$b_rss")"
		i=$((i + 2))
	done
done
# iommuctl's own cost, which does not move with the load of the host: user-
# space instructions per call under callgrind, net of the set-up lines
# (t(batch) - t(set-up only), as above), on 2000 calls of 1 entry and 200
# of 64. The raw loop's are the ioctl wrapper's few; the kernel's are in
# neither (callgrind sees user space only).
instr() {	# instr ARGS...: instructions of one run of iommuctl ARGS
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$IOMMUCTL" "$@" 2>&1 >/dev/null |
		awk '/Collected :/ { print $NF }'
}
if command -v valgrind >/dev/null; then
	table_head "iommuctl's own instructions per call (callgrind, user space, net of set-up)"
	for e in 1 64; do
		n=$([ "$e" = 1 ] && echo 2000 || echo 200)
		for mode in text -j -q; do
			opt=$([ "$mode" = text ] || echo "$mode")
			# shellcheck disable=SC2086  # opt: empty or one option
			i0=$(instr $opt batch "$INV_DIR/e-0-0.batch")
			# shellcheck disable=SC2086
			i1=$(instr $opt batch "$INV_DIR/e-$e-$n.batch")
			per=$(awk -v a="$i1" -v b="$i0" -v n="$n" 'BEGIN { printf "%.0f", (a - b) / n }')
			row "$e entr$([ "$e" = 1 ] && echo y || echo ies) per call ($mode)" "$per" "" ""
			[ "$e" = 1 ] || row "  per entry" "$(awk -v p="$per" 'BEGIN { printf "%.0f", p / 64 }')" "" ""
		done
	done
fi

echo
echo "targets: ratio <= 1.10 at 64 entries per call, <= 2.00 at 1 entry per call"
echo "(TCG: the guest kernel and both programs run emulated; the figures measure the emulated path)"
