#!/usr/bin/env bash
# Run the kernel's own iommufd selftests (iommufd, iommufd_fail_nth, built by
# build-kernel.sh from the same source as the kernel) in the test VM: the
# yardstick that the VM and its kernel are sound.
#
# usage: selftest.sh [--results DIR] [--timeout S] [-v]
#   -v  show the full TAP output (otherwise only failures and totals)
# Prints one totals line per program and a closing
#   selftest: N passed, N failed, N skipped
# Exit 0 only if both programs reported totals with 0 failures and 0 errors.
#
# (selftest.sh --in-guest DIR is what runs inside the VM.)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
progs=(iommufd iommufd_fail_nth)

if [ "${1:-}" = --in-guest ]; then
	dir=$2 verbose=${3:-0}
	out=${IOMMUCTL_VM_RESULTS:?not in the test VM}
	rc=0
	for p in "${progs[@]}"; do
		echo "selftest: running $p"
		t0=$(date +%s)
		prc=0
		"$dir/$p" > "$out/$p.tap" 2>&1 || prc=$?
		if [ "$verbose" = 1 ]; then cat "$out/$p.tap"; else
			grep -E '^(not ok|# Totals|# FAIL|Bail out)' "$out/$p.tap" || true
		fi
		echo "selftest: $p exited $prc after $(( $(date +%s) - t0 ))s"
		[ "$prc" -eq 0 ] || rc=1
	done
	exit "$rc"
fi

results='' timeout_s=1200 verbose=0
while [ $# -gt 0 ]; do
	case $1 in
	--results) results=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	-v|--verbose) verbose=1 ;;
	*) echo "selftest: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
kdir=$("$here/build-kernel.sh" --print-dir) ||
	{ echo "selftest: no kernel built; run tests/vm/build-kernel.sh" >&2; exit 1; }
if [ -f "$kdir/selftests/UNAVAILABLE" ]; then
	echo "selftest: skipped: $(cat "$kdir/selftests/UNAVAILABLE")"
	echo "selftest: 0 passed, 0 failed, ${#progs[@]} skipped"
	exit 0
fi
[ -n "$results" ] || results=$(mktemp -d "${TMPDIR:-/tmp}/iommuctl-selftest.XXXXXX")
mkdir -p "$results"
rm -f "$results"/*.tap

t0=$(date +%s)
vmrc=0
"$here/run-vm.sh" --results "$results" --timeout "$timeout_s" \
	-- "$here/selftest.sh" --in-guest "$kdir/selftests" "$verbose" || vmrc=$?
elapsed=$(( $(date +%s) - t0 ))

tp=0 tf=0 ts=0 bad=0
for p in "${progs[@]}"; do
	line=$(grep -E '^# Totals: ' "$results/$p.tap" 2>/dev/null | tail -n1 || true)
	if [ -z "$line" ]; then
		echo "selftest: $p: no totals (did it run? see $results)" >&2
		bad=1
		continue
	fi
	get() { sed -n "s/.* $1:\([0-9]*\).*/\1/p" <<<"$line"; }
	pass=$(get pass) fail=$(get fail) skip=$(get skip) err=$(get error)
	xfail=$(get xfail) xpass=$(get xpass)
	echo "selftest: $p: $pass passed, $fail failed, $skip skipped" \
	     "(xfail $xfail, xpass $xpass, error $err)"
	tp=$((tp + pass)) tf=$((tf + fail + err + xpass)) ts=$((ts + skip))
done
echo "selftest: VM run took ${elapsed}s (results in $results)"
echo "selftest: $tp passed, $tf failed, $ts skipped"
if [ "$bad" -ne 0 ] || [ "$tf" -ne 0 ] || [ "$vmrc" -ne 0 ]; then
	echo "selftest: FAILED (VM status $vmrc)" >&2
	exit 1
fi
