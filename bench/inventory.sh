#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Inventory scaling: `iommuctl -j show` and `iommuctl -j group list` over
# generated trees of 1k, 4k and 16k PCI functions (8 VT-d units, one group per
# 4 functions; gen-sysfs.py). Wall time (median, round-robin) and peak RSS
# per size, against two plain reads (bench/readtree):
#   same files   the file operations the command made (strace of one run:
#                every open, directory listing, readlink and stat under the
#                tree, failed ones too) replayed with no parsing and no
#                output: the command's own cost over its I/O
#   whole tree   every directory listed, file read and link read once, the
#                same for every command and every version of iommuctl
# The cost per device at each size shows whether it grows linearly.
# Targets: linear, and within 2x of the plain read of the same files.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need "$SPAWN" "$IOMMUCTL" "$BENCH_BIN/readtree"
command -v strace >/dev/null || { echo "bench: inventory needs strace (apt-get install strace)" >&2; exit 1; }
sizes=(${INV_SIZES:-1024 4096 16384})
rt=$BENCH_BIN/readtree

# oplist ROOT OUT CMD...: the command's file operations under ROOT, as readtree -l takes them
oplist() {
	local root=$1 out=$2
	shift 2
	strace -qq -e trace=openat,readlink,newfstatat -o "$out.strace" "$@" >/dev/null
	awk -v root="$root/" '
		{ p = $0; sub(/^[^"]*"/, "", p); q = p; sub(/".*/, "", p) }
		index(p, root) != 1 { next }
		/^openat\(/ { print (q ~ /O_DIRECTORY/ ? "d " : "f ") p; next }
		/^readlink\(/ { print "l " p; next }
		/^newfstatat\(AT_FDCWD/ { print "s " p }' "$out.strace" > "$out"
	rm -f "$out.strace"
}

declare -A per_dev
table_head "inventory scaling (wall time median, round-robin; peak RSS)"
for n in "${sizes[@]}"; do
	root=$BENCH_OUT/sysfs-$n
	if [ ! -e "$root/.done" ] || [ "$BENCH_DIR/gen-sysfs.py" -nt "$root/.done" ]; then
		"$BENCH_DIR/gen-sysfs.py" "$root" "$n"
		: > "$root/.done"
	fi
	runs=$((20 * 1024 / n)); [ "$runs" -lt 5 ] && runs=5
	ic=("$IOMMUCTL" --sysfs "$root/sys" --proc "$root/proc" --dev "$root/dev" -j)
	oplist "$root" "$BENCH_OUT/ops-show-$n" "${ic[@]}" show
	oplist "$root" "$BENCH_OUT/ops-group-$n" "${ic[@]}" group list
	mapfile -t res < <("$SPAWN" -n "$runs" -w 2 -- "${ic[@]}" show -- "${ic[@]}" group list \
		-- "$rt" -l "$BENCH_OUT/ops-show-$n" -- "$rt" -l "$BENCH_OUT/ops-group-$n" -- "$rt" "$root")
	read -r w_med _ _ w_rss <<<"${res[4]}"
	i=0
	for what in "show" "group list"; do
		read -r med _ _ rss <<<"${res[$i]}"
		read -r b_med _ _ b_rss <<<"${res[$((i + 2))]}"
		ops=$(wc -l < "$BENCH_OUT/ops-${what% *}-$n")
		row "-j $what, $n: time / same files ($ops ops)" "$(fmt "$med" 1000 1) ms" \
			"$(fmt "$b_med" 1000 1) ms" "$(ratio "$med" "$b_med")"
		row "-j $what, $n: time / whole tree" "$(fmt "$med" 1000 1) ms" \
			"$(fmt "$w_med" 1000 1) ms" "$(ratio "$med" "$w_med")"
		row "-j $what, $n: peak RSS / same files" "$rss KiB" "$b_rss KiB" "$(ratio "$rss" "$b_rss")"
		per_dev["$what,$n"]=$med
		i=$((i + 1))
	done
	per_dev["whole tree,$n"]=$w_med
done
first=${sizes[0]} last=${sizes[-1]}
echo
echo "growth: time per device at $last devices against $first (1.00 = linear)"
for what in "show" "group list" "whole tree"; do
	a=$(awk -v t="${per_dev[$what,$first]}" -v n="$first" 'BEGIN { print t / n }')
	b=$(awk -v t="${per_dev[$what,$last]}" -v n="$last" 'BEGIN { print t / n }')
	row "$what: per device, $last vs $first" "$(fmt "$b" 1 2) us" "$(fmt "$a" 1 2) us" \
		"$(ratio "$b" "$a")"
done
echo "targets: linear growth; within 2x of the plain read of the same files"
