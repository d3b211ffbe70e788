#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: every benchmark (or BENCH=startup,inventory,invalidate), one
# table each, all kept in build/bench/results.txt with the machine they ran on.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
mkdir -p "$BENCH_OUT"
out=$BENCH_OUT/results.txt
IFS=, read -r -a which <<<"${BENCH:-startup,inventory,invalidate}"
{
	echo "iommuctl benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')"
	echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
		"$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	for b in "${which[@]}"; do
		case $b in
		startup|inventory|invalidate) "$BENCH_DIR/$b.sh" ;;
		*) echo "bench: unknown benchmark '$b' (startup, inventory, invalidate)" >&2; exit 2 ;;
		esac
	done
} 2>&1 | tee "$out"
exit "${PIPESTATUS[0]}"
