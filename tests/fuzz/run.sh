#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run libFuzzer binaries one after the other for SECONDS each and summarise.
# Each starts from the committed inputs (tests/fuzz/seeds/NAME and
# tests/fuzz/regressions/NAME) and its working corpus build-fuzz/corpus/NAME,
# where new interesting inputs go. A crash, a leak, a sanitizer report, a
# failed invariant or a timeout saves the input as build-fuzz/crashes/NAME-*
# and fails the run: replay it with build-fuzz/fuzz_NAME FILE, then commit it
# to tests/fuzz/regressions/NAME with the fix.
#
# Usage: tests/fuzz/run.sh SECONDS build-fuzz/fuzz_NAME...
set -u

secs=$1
shift
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build-fuzz
mkdir -p "$out/crashes" "$out/logs"

targets=0 total=0 crashes=0 start=$SECONDS
for bin in "$@"; do
	name=${bin##*/fuzz_}
	log=$out/logs/$name.log
	dirs=("$out/corpus/$name" "$top/tests/fuzz/seeds/$name")
	[ -d "$top/tests/fuzz/regressions/$name" ] && dirs+=("$top/tests/fuzz/regressions/$name")
	extra=()
	[ -f "$top/tests/fuzz/dict/$name.dict" ] && extra+=(-dict="$top/tests/fuzz/dict/$name.dict")
	mkdir -p "$out/corpus/$name"

	t0=$SECONDS
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/crashes/$name-" "${extra[@]}" "${dirs[@]}" >"$log" 2>&1
	rc=$?
	took=$((SECONDS - t0))

	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	[ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
	cov=$(sed -n 's/^#[0-9]*.*cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
	corp=$(sed -n 's/^#[0-9]*.*corp: \([0-9]*\).*/\1/p' "$log" | tail -1)
	targets=$((targets + 1))
	total=$((total + ${runs:-0}))
	if [ "$rc" -eq 0 ]; then
		printf 'fuzz: %-8s %4ss %9s runs %6s/s  coverage %5s  corpus %5s  crashes 0\n' \
			"$name" "$took" "${runs:-0}" "$(( ${runs:-0} / (took > 0 ? took : 1) ))" \
			"${cov:-?}" "${corp:-?}"
	else
		crashes=$((crashes + 1))
		printf 'fuzz: %-8s %4ss %9s runs: FAILED (exit %s)\n' "$name" "$took" "${runs:-0}" "$rc"
		grep -a -m1 -A40 -E '^==[0-9]+==ERROR|invariant failed|runtime error|ERROR: libFuzzer' \
			"$log" | sed 's/^/    /' | grep . || tail -n 5 "$log" | sed 's/^/    /'
		grep -a -E "Test unit written to" "$log" | sed 's/^/    /'
	fi
done
echo "fuzz: $targets targets, $total executions in $((SECONDS - start)) s, crashes $crashes"
[ "$crashes" -eq 0 ]
