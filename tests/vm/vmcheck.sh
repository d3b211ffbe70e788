#!/usr/bin/env bash
# The VM test entry point (`make vmcheck`, and so `make check`). One target
# after the other, each with its own kernel (cached) and VM boots:
#
#   x86-vtd       x86, the newest kernel source (7.x), emulated VT-d + the
#                 selftest mock: the kernel's iommufd selftests, then every
#                 tests/vm/*.bats except the other targets' own files
#   x86-6.12      the same on Debian 12's linux-source-6.12: commands that
#                 need a newer kernel must say so (exit 3, "needs X.Y")
#   x86-amd       x86, the newest kernel, emulated AMD-Vi: amd.bats
#                 (x86-vtd also runs sanitizer-session.sh: the mock sessions
#                 on the ASan+UBSan build, one more boot; and the fail-nth
#                 walk of tests/vm/failnth, one more)
#   arm64-smmuv3  tests/vm/arm64/check.sh, when it exists (its own set-up,
#                 kernel and VM), called with the results directory
#
# Each target writes RESULTS/<target>.tap: one TAP stream whose test names
# start with their group ("vfio-session: ...", "selftest: ...", for arm64
# the prefix its script gives), skips as "# skip unsupported: REASON" when
# the kernel or the emulated hardware lacks something. At the end: a matrix
# (rows: groups, columns: targets, cells: passed/failed/unsupported) in
# RESULTS/matrix.txt and on stdout, and the closing line
#   vmcheck: N passed, N failed, N skipped
#
# env: IOMMUCTL (the binary the .bats files test; default build/iommuctl),
#      IOMMUCTL_SAN (the sanitizer build; default build-san/iommuctl),
#      VMCHECK_TARGETS (default: all four), VMCHECK_SKIP_SELFTEST=1,
#      VMCHECK_TIMEOUT (s, per VM run), VMCHECK_RESULTS (results directory)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
t_all=$(date +%s)
all_targets=(x86-vtd x86-6.12 x86-amd arm64-smmuv3)
read -r -a targets <<< "${VMCHECK_TARGETS:-${all_targets[*]}}"
timeout_s=${VMCHECK_TIMEOUT:-1200}
OLD_KVER=6.12

step() { printf '\nvmcheck: == %s ==\n' "$*"; }
since() { echo $(( $(date +%s) - $1 ))s; }
timings=()
took() { timings+=("$(printf '%-28s %s' "$1" "$(since "$2")")"); }

results_root=${VMCHECK_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/iommuctl-vmcheck.XXXXXX")}
mkdir -p "$results_root"
results_root=$(realpath "$results_root")
for t in "${all_targets[@]}"; do rm -f "$results_root/$t.tap"; done	# this run's only

if [ -z "${IOMMUCTL:-}" ] && [ -x "$repo/build/iommuctl" ]; then
	export IOMMUCTL=$repo/build/iommuctl
fi
share=()
if [ -n "${IOMMUCTL:-}" ]; then
	echo "vmcheck: IOMMUCTL=$IOMMUCTL"
	share=(--share "$(dirname "$IOMMUCTL")")
fi

# --- packages ---------------------------------------------------------------------
step "setup"
t=$(date +%s)
"$here/setup.sh"
took "setup" "$t"

# --- helpers ----------------------------------------------------------------------
# The bats files of a target: amd.bats is the AMD target's; the others run on
# the VT-d targets (x86-vtd, x86-6.12).
bats_files() {
	local f
	shopt -s nullglob
	for f in "$here"/*.bats; do
		case $1:${f##*/} in
		x86-amd:amd.bats) echo "$f" ;;
		x86-amd:*|*:amd.bats) ;;
		*) echo "$f" ;;
		esac
	done
}

# tap_lines GROUP < kselftest TAP: its top-level results as GROUP lines
# (nested "# ..." lines and plans dropped; numbers are redone later).
tap_lines() {
	awk -v g="$1" '/^(not )?ok [0-9]+ / {
		bad = ($1 == "not"); sub(/^(not )?ok [0-9]+ /, "")
		sub(/# SKIP/, "# skip")
		printf "%sok 0 %s: %s\n", bad ? "not " : "", g, $0 }'
}

# renumber FILE: number the result lines 1..N and end with the plan.
renumber() {
	awk '/^(not )?ok [0-9]+ / { n++; sub(/ok [0-9]+ /, "ok " n " ") }
	     /^1\.\.[0-9]+$/ { next }
	     { print } END { print "1.." n + 0 }' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

# boot_bats TARGET KVER IOMMU NAME GROUP FILE...: the bats FILEs in one boot
# (results in TARGET-NAME, its TAP in TARGET-NAME.tap), their lines added to
# TARGET.tap; a VM that failed (timeout, panic) is a failure of GROUP.
boot_bats() {
	local target=$1 kver=$2 iommu=$3 out=$results_root/$1-$4 group=$5 rc=0
	shift 5
	"$here/run-vm.sh" --kver "$kver" --iommu "$iommu" --results "$out" \
		--timeout "$timeout_s" "${share[@]}" -- "$here/bats-groups.sh" "$@" |
		tee "$out.tap" || rc=$?
	grep -vE '^1\.\.[0-9]+$' "$out.tap" >> "$results_root/$target.tap" || true
	if [ "$rc" -ge 124 ]; then
		echo "not ok 0 $group: the $target VM failed (run-vm.sh status $rc; see $out)" \
			>> "$results_root/$target.tap"
	fi
}

# run_x86 TARGET KVER IOMMU: kernel, selftests (VT-d targets), bats -> TARGET.tap
run_x86() {
	local target=$1 kver=$2 iommu=$3 tap=$results_root/$1.tap t0 t rc line files
	local kenv=()
	[ -z "$kver" ] || kenv=(env "KVER=$kver")
	t0=$(date +%s)
	: > "$tap"
	step "$target: kernel${kver:+ $kver}"
	t=$(date +%s)
	if ! "${kenv[@]}" "$here/build-kernel.sh"; then
		echo "not ok 0 kernel: build-kernel.sh${kver:+ (KVER=$kver)} failed" >> "$tap"
		renumber "$tap"; took "$target: kernel (failed)" "$t"
		return
	fi
	took "$target: kernel" "$t"

	if [ "$iommu" = intel ] && [ "${VMCHECK_SKIP_SELFTEST:-0}" != 1 ]; then
		step "$target: kernel iommufd selftests"
		t=$(date +%s)
		rc=0
		"${kenv[@]}" "$here/selftest.sh" --results "$results_root/$target-selftest" \
			--timeout "$timeout_s" | tee "$results_root/$target-selftest.out" || rc=$?
		line=$(sed -n 's/^selftest: skipped: //p' "$results_root/$target-selftest.out")
		if [ -n "$line" ]; then
			for p in iommufd iommufd_fail_nth; do
				echo "ok 0 selftest: $p # skip unsupported: $line" >> "$tap"
			done
		else
			for p in iommufd iommufd_fail_nth; do
				if [ -s "$results_root/$target-selftest/$p.tap" ]; then
					tap_lines selftest < "$results_root/$target-selftest/$p.tap" >> "$tap"
				else
					echo "not ok 0 selftest: $p did not run (see $results_root/$target-selftest)" >> "$tap"
				fi
			done
			[ "$rc" -eq 0 ] || grep -q '^not ok' "$tap" ||
				echo "not ok 0 selftest: selftest.sh failed with status $rc" >> "$tap"
		fi
		took "$target: selftests" "$t"
	fi

	mapfile -t files < <(bats_files "$target")
	step "$target: bats in the VM: ${files[*]##*/}"
	t=$(date +%s)
	boot_bats "$target" "$kver" "$iommu" bats vm "${files[@]}"
	took "$target: bats" "$t"
	if [ "$target" = x86-vtd ]; then	# the mock sessions on the sanitizer build
		step "$target: mock sessions on the ASan+UBSan build"
		t=$(date +%s)
		if "$here/run-vm.sh" --iommu "$iommu" --results "$results_root/$target-san" \
			--timeout "$timeout_s" \
			--share "$(dirname "${IOMMUCTL_SAN:-$repo/build-san/iommuctl}")" \
			-- "$here/sanitizer-session.sh"; then
			echo "ok 0 sanitizer: mock-session.bats on the ASan+UBSan build, no report" >> "$tap"
		else
			echo "not ok 0 sanitizer: mock-session.bats on the ASan+UBSan build (see $results_root/$target-san)" >> "$tap"
		fi
		took "$target: sanitizer session" "$t"
		# kernel fault injection: every fail-nth point of four sessions
		# (about 600 runs; 7 minutes on 2 idle cores)
		step "$target: fail-nth walk (tests/vm/failnth)"
		t=$(date +%s)
		boot_bats "$target" "$kver" "$iommu" failnth failnth "$here/failnth/failnth.bats"
		took "$target: fail-nth walk" "$t"
	fi
	renumber "$tap"
	took "$target: all" "$t0"
}

# The arm64 target is another script's: it writes RESULTS/arm64-smmuv3.tap.
run_arm64() {
	local tap=$results_root/arm64-smmuv3.tap t rc=0
	[ -x "$here/arm64/check.sh" ] || { echo "vmcheck: no tests/vm/arm64/check.sh: arm64 not run"; return; }
	step "arm64-smmuv3: tests/vm/arm64/check.sh"
	t=$(date +%s)
	"$here/arm64/check.sh" --results-root "$results_root" --timeout "$timeout_s" || rc=$?
	if [ ! -s "$tap" ]; then
		echo "not ok 1 arm64: check.sh exited $rc without writing $tap" > "$tap"
	elif [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$tap"; then
		echo "not ok 0 arm64: check.sh exited $rc" >> "$tap"
		renumber "$tap"
	fi
	took "arm64-smmuv3: all" "$t"
}

for target in "${targets[@]}"; do
	case $target in
	x86-vtd) run_x86 x86-vtd "" intel ;;
	x86-6.12) run_x86 x86-6.12 "$OLD_KVER" intel ;;
	x86-amd) run_x86 x86-amd "" amd ;;
	arm64-smmuv3) run_arm64 ;;
	*) echo "vmcheck: unknown target '$target' (known: ${all_targets[*]})" >&2; exit 2 ;;
	esac
done

# --- the matrix -------------------------------------------------------------------
# Column titles: the x86 kernels' X.Y from their cache keys.
kxy() { basename "$(KVER=$1 "$here/build-kernel.sh" --print-dir 2>/dev/null)" |
	sed -n 's/^linux-\([0-9]*\.[0-9]*\).*/\1/p'; }
new=$(kxy "" || true)
"$here/matrix.sh" "$results_root" \
	"x86-vtd=x86 ${new:-7.x} VT-d+mock" "x86-6.12=x86 $OLD_KVER VT-d+mock" \
	"x86-amd=x86 ${new:-7.x} AMD-Vi" "arm64-smmuv3=arm64 SMMUv3" > "$results_root/matrix.txt"

step "matrix"
cat "$results_root/matrix.txt"

tp=0 tf=0 ts=0
for target in "${all_targets[@]}"; do
	tap=$results_root/$target.tap
	[ -f "$tap" ] || continue
	p=$(grep -cE '^ok [0-9]+ ' "$tap" || true)
	s=$(grep -ciE '^ok [0-9]+ .*# skip' "$tap" || true)
	f=$(grep -cE '^not ok [0-9]+ ' "$tap" || true)
	tp=$((tp + p - s)) tf=$((tf + f)) ts=$((ts + s))
done

echo
echo "vmcheck: timings"
printf '  %s\n' "${timings[@]}" "total                        $(since "$t_all")"
echo "vmcheck: results in $results_root"
echo "vmcheck: $tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
