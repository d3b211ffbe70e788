#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# After a run of the ASan+UBSan build with ASAN_OPTIONS/UBSAN_OPTIONS
# log_path=DIR/…: print every report found in DIR and fail if there is one.
# Usage: tests/sanitizer-reports.sh DIR WHAT
set -u
dir=$1 what=$2
shopt -s nullglob
reports=("$dir"/asan.* "$dir"/ubsan.*)
if [ ${#reports[@]} -eq 0 ]; then
	echo "sanitizers: 0 reports ($what: ASan, UBSan, LeakSanitizer)"
	exit 0
fi
for r in "${reports[@]}"; do
	echo "=== $r"
	cat "$r"
done
echo "sanitizers: ${#reports[@]} report(s) in $what"
exit 1
