#!/usr/bin/env bash
# The VM test entry point (`make vmcheck`, and so `make check`):
#   1. setup.sh          Debian packages and the kernel source (root; skipped
#                        when everything is in place)
#   2. build-kernel.sh   kernel + iommufd selftests (cached)
#   3. selftest.sh       the kernel's iommufd selftests in the VM (yardstick)
#   4. every tests/vm/*.bats inside the VM with bats (one boot)
#   5. sanitizer-session.sh: the mock sessions on the ASan+UBSan build (one boot)
#   6. arm64/check.sh    the arm64 SMMUv3 VM (own kernel, guest and checks)
# Closing line: `vmcheck: N passed, N failed, N skipped` (selftests + bats).
#
# env: IOMMUCTL (the binary the .bats files test; default build/iommuctl of
#      this checkout), IOMMUCTL_SAN (the sanitizer build; default
#      build-san/iommuctl), VMCHECK_SKIP_SELFTEST=1, VMCHECK_TIMEOUT (s, per VM run)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
t_all=$(date +%s)

step() { printf '\nvmcheck: == %s ==\n' "$*"; }
since() { echo $(( $(date +%s) - $1 ))s; }

# --- 1. packages ----------------------------------------------------------------
step "setup"
t=$(date +%s)
"$here/setup.sh"
echo "vmcheck: setup took $(since "$t")"

# --- 2. kernel --------------------------------------------------------------------
step "kernel"
t=$(date +%s)
"$here/build-kernel.sh"
echo "vmcheck: kernel step took $(since "$t")"

results_root=$(mktemp -d "${TMPDIR:-/tmp}/iommuctl-vmcheck.XXXXXX")
tp=0 tf=0 ts=0

# --- 3. the kernel's selftests ----------------------------------------------------
if [ "${VMCHECK_SKIP_SELFTEST:-0}" != 1 ]; then
	step "kernel iommufd selftests"
	t=$(date +%s)
	src=0
	"$here/selftest.sh" --results "$results_root/selftest" \
		--timeout "${VMCHECK_TIMEOUT:-1200}" | tee "$results_root/selftest.out" || src=$?
	line=$(grep -E '^selftest: [0-9]+ passed, [0-9]+ failed' "$results_root/selftest.out" | tail -n1 || true)
	if [[ $line =~ ^selftest:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
		tp=$((tp + BASH_REMATCH[1])) tf=$((tf + BASH_REMATCH[2])) ts=$((ts + BASH_REMATCH[3]))
	fi
	[ "$src" -eq 0 ] || tf=$((tf + 1))	# a VM failure counts as a failure
	echo "vmcheck: selftest step took $(since "$t")"
fi

# --- 4. the .bats files in the VM ----------------------------------------------------
shopt -s nullglob
bats_files=("$here"/*.bats)
if [ ${#bats_files[@]} -gt 0 ]; then
	step "bats in the VM: ${bats_files[*]##*/}"
	t=$(date +%s)
	if [ -z "${IOMMUCTL:-}" ] && [ -x "$repo/build/iommuctl" ]; then
		export IOMMUCTL=$repo/build/iommuctl
	fi
	share=()
	if [ -n "${IOMMUCTL:-}" ]; then
		echo "vmcheck: IOMMUCTL=$IOMMUCTL"
		share=(--share "$(dirname "$IOMMUCTL")")
	fi
	brc=0
	"$here/run-vm.sh" --results "$results_root/bats" --timeout "${VMCHECK_TIMEOUT:-1200}" "${share[@]}" \
		-- bats --tap "${bats_files[@]}" | tee "$results_root/bats.tap" || brc=$?
	p=$(grep -cE '^ok [0-9]+' "$results_root/bats.tap" | tr -d ' ' || true)
	s=$(grep -cE '^ok [0-9]+ .*# skip' "$results_root/bats.tap" || true)
	f=$(grep -cE '^not ok [0-9]+' "$results_root/bats.tap" || true)
	p=$((p - s))
	planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$results_root/bats.tap" | head -n1)
	echo "vmcheck: bats: $p passed, $f failed, $s skipped (planned ${planned:-?})"
	if [ "$brc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1; echo "vmcheck: bats run failed with status $brc" >&2
	fi
	if [ -n "$planned" ] && [ $((p + f + s)) -lt "$planned" ]; then
		echo "vmcheck: only $((p + f + s)) of $planned bats tests reported" >&2
		f=$((f + planned - p - f - s))
	fi
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
	echo "vmcheck: bats step took $(since "$t")"
fi

# --- 5. the mock sessions on the sanitizer build: any report fails ------------------
step "mock sessions on the sanitizer build"
"$here/run-vm.sh" --results "$results_root/san" --timeout "${VMCHECK_TIMEOUT:-1200}" \
	--share "$(dirname "${IOMMUCTL_SAN:-$repo/build-san/iommuctl}")" -- "$here/sanitizer-session.sh" &&
	tp=$((tp + 1)) || tf=$((tf + 1))

# --- 6. the arm64 SMMUv3 VM: its own kernel, guest and checks (tests/vm/arm64) ---
step "arm64 SMMUv3 VM"
"$here/arm64/check.sh" --results-root "$results_root" | tee "$results_root/arm64.out" || true
line=$(grep -E '^arm64: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$results_root/arm64.out" | tail -n1 || true)
if [[ $line =~ ^arm64:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
	tp=$((tp + BASH_REMATCH[1])) tf=$((tf + BASH_REMATCH[2])) ts=$((ts + BASH_REMATCH[3]))
else
	tf=$((tf + 1))
fi

echo
echo "vmcheck: total time $(since "$t_all"); results in $results_root"
echo "vmcheck: $tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
