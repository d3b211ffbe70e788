#!/usr/bin/env bash
# Run .bats files one after the other (in the guest, in one boot) and print
# ONE TAP stream on stdout: tests numbered across files, each test's name
# prefixed with its group, the file name without .bats:
#
#   ok 7 vfio-session: device open: by cdev path and by PCI address
#   ok 9 nesting: vIOMMU: ... # skip unsupported: IOMMU_VIOMMU_ALLOC needs 6.13
#   1..42
#
# vmcheck.sh counts these lines per group and target. A file that stops
# early, or does not run at all, adds one `not ok` line saying so: a missing
# test is a failure, never a silent gap.
#
# usage: bats-groups.sh FILE.bats...   exit: 0 when nothing failed
set -uo pipefail

n=0 rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
	group=$(basename "$f" .bats)
	bats --tap "$f" > "$tmp/out" 2>&1
	brc=$?
	# renumber and prefix the result lines; keep diagnostics as they are
	awk -v g="$group" -v n="$n" -v counts="$tmp/counts" '
		/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
		/^(not )?ok [0-9]+ / {
			bad = ($1 == "not")
			sub(/^(not )?ok [0-9]+ /, "")
			n++; seen++; nbad += bad
			printf "%sok %d %s: %s\n", bad ? "not " : "", n, g, $0
			next
		}
		{ print }
		END { printf "%d %d %d %d\n", n, seen + 0, plan + 0, nbad + 0 > counts }
	' "$tmp/out"
	read -r n seen plan nbad < "$tmp/counts"
	if [ "$seen" -lt "$plan" ] || { [ "$brc" -ne 0 ] && [ "$nbad" -eq 0 ]; }; then
		n=$((n + 1))
		echo "not ok $n $group: the file reported $seen of $plan tests (bats exited $brc)"
		nbad=$((nbad + 1))
	fi
	[ "$nbad" -eq 0 ] || rc=1
done
echo "1..$n"
exit "$rc"
