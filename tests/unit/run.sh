#!/usr/bin/env bash
# Run every cmocka test program given; print one closing line with the totals.
set -u
passed=0 failed=0 progs_failed=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		progs_failed=$((progs_failed + 1))
		[ -z "$f" ] && failed=$((failed + 1))   # crashed before its summary
	fi
done
echo "unit: $passed passed, $failed failed"
[ "$progs_failed" -eq 0 ] && [ "$failed" -eq 0 ]
