#!/usr/bin/env bash
# The arm64 SMMUv3 VM tests, from a bare Debian 12 host to a TAP file:
#   1. setup        tests/vm/setup.sh if no kernel source is there yet (it is
#                   shared with the x86 VM), then arm64/setup.sh (root)
#   2. kernel       arm64/build-kernel.sh (cached)
#   3. guest        arm64/build-guest.sh: iommuctl for arm64 and the initramfs
#   4. boot 1       the firmware's own IORT (guest mode stock); the guest
#                   reports its IORT
#   5. override     iort-canwbs.py makes CANWBS the root complex's flags in
#                   that very table; it goes into an uncompressed cpio at
#                   kernel/firmware/acpi/IORT.aml, put before the initramfs
#   6. boot 2       with the override (guest mode override): nested session,
#                   invalidations, the stage-1 DMA test
#   7. smmuv3.bats  on the host, over what both guests sent back
# The TAP output is RESULTS_ROOT/arm64-smmuv3.tap; the closing line is
#   arm64: N passed, N failed, N skipped
# A step that fails before the tests is one failure (and the TAP file says
# which). Exit status 0 only when nothing failed.
#
# usage: check.sh [--results-root DIR] [--timeout S]
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

root='' timeout_s=900
while [ $# -gt 0 ]; do
	case $1 in
	--results-root) root=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	-h|--help) sed -n '2,21p' "$0"; exit 0 ;;
	*) echo "arm64: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$root" ] || root=$(mktemp -d "${TMPDIR:-/tmp}/iommuctl-arm64.XXXXXX")
mkdir -p "$root"
root=$(realpath "$root")
R=$root/arm64
tap=$root/arm64-smmuv3.tap
rm -rf "$R"
mkdir -p "$R"
t_all=$(date +%s)

step() { printf '\narm64: == %s ==\n' "$*"; }
since() { echo $(( $(date +%s) - $1 ))s; }
# A step that cannot go on: one failing TAP line, the summary, exit 1.
abort() {
	printf '1..1\nnot ok 1 setup: %s\n' "$1" > "$tap"
	echo "arm64: FAILED: $1 (see above; results in $R)" >&2
	echo "arm64: total time $(since "$t_all")"
	echo "arm64: 0 passed, 1 failed, 0 skipped"
	exit 1
}

step setup
t=$(date +%s)
if ! ls /usr/src/linux-source-*.tar.xz >/dev/null 2>&1; then
	"$here/../setup.sh" || abort "tests/vm/setup.sh (the kernel source) failed"
fi
"$here/setup.sh" || abort "tests/vm/arm64/setup.sh failed"
echo "arm64: setup took $(since "$t")"

step kernel
t=$(date +%s)
"$here/build-kernel.sh" || abort "the arm64 kernel did not build"
echo "arm64: kernel step took $(since "$t")"

step guest
t=$(date +%s)
"$here/build-guest.sh" || abort "iommuctl for arm64 or the initramfs did not build"
echo "arm64: guest step took $(since "$t")"

step "boot 1: the firmware's IORT"
t=$(date +%s)
"$here/run-vm.sh" --results "$R/stock" --mode stock --timeout "$timeout_s" ||
	echo "arm64: the stock boot failed (status $?): its checks will fail" >&2
echo "arm64: boot 1 took $(since "$t")"

step "the IORT override"
override=
if [ -s "$R/stock/out/IORT.bin" ] &&
   python3 "$here/iort-canwbs.py" "$R/stock/out/IORT.bin" "$R/IORT.aml" | tee "$R/iort-canwbs.log"; then
	mkdir -p "$R/cpio/kernel/firmware/acpi"
	cp "$R/IORT.aml" "$R/cpio/kernel/firmware/acpi/IORT.aml"
	(cd "$R/cpio" && find kernel | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$R/override.cpio"
	override=$R/override.cpio
else
	echo "arm64: no IORT from the first boot, so no override: the second boot's checks will fail" >&2
fi

step "boot 2: the IORT with CANWBS"
t=$(date +%s)
if [ -n "$override" ]; then
	"$here/run-vm.sh" --results "$R/override" --mode override --override "$override" \
		--timeout "$timeout_s" || echo "arm64: the override boot failed (status $?): its checks will fail" >&2
fi
echo "arm64: boot 2 took $(since "$t")"

step "smmuv3.bats"
ARM64_RESULTS=$R bats --tap "$here/smmuv3.bats" > "$tap"
brc=$?
cat "$tap"
p=$(grep -cE '^ok [0-9]+' "$tap")
s=$(grep -cE '^ok [0-9]+ .*# skip' "$tap")
f=$(grep -cE '^not ok [0-9]+' "$tap")
p=$((p - s))
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" | head -n1)
if [ -n "$planned" ] && [ $((p + f + s)) -lt "$planned" ]; then
	f=$((planned - p - s))
fi
[ "$brc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
echo
echo "arm64: total time $(since "$t_all"); results in $R, TAP in $tap"
echo "arm64: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
