# SPDX-License-Identifier: GPL-2.0-only
# Shared by the bench/*.sh scripts: where things are, and the result table.
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
: "${IOMMUCTL:=$REPO/build/iommuctl}"
: "${BENCH_BIN:=$REPO/build/bench}"
: "${BENCH_OUT:=$REPO/build/bench}"
SPAWN=$BENCH_BIN/spawn

# ratio A B: A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# fmt N DIVISOR DECIMALS: N/DIVISOR
fmt() { awk -v a="$1" -v d="$2" -v p="$3" 'BEGIN { printf "%.*f", p, a / d }'; }

table_head() {	# table_head TITLE
	printf '\n%s\n' "$1"
	printf '%-50s %16s %16s %8s\n' "measured" "figure" "baseline" "ratio"
	printf '%-50s %16s %16s %8s\n' "--------" "------" "--------" "-----"
}

row() {	# row WHAT FIGURE BASELINE RATIO
	printf '%-50s %16s %16s %8s\n' "$1" "$2" "$3" "$4"
}

need() {	# need FILE...: the helpers `make bench` builds
	local f
	for f; do
		[ -x "$f" ] || { echo "bench: $f missing; run 'make bench'" >&2; exit 1; }
	done
}
