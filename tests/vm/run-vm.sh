#!/usr/bin/env bash
# Boot the iommuctl test VM and run one command inside it.
#
# usage: run-vm.sh [options] -- COMMAND [ARG...]
#   --mem SIZE        guest memory (default 2G)
#   --smp N           guest CPUs (default 2)
#   --timeout S       hard limit for the whole VM run in seconds (default 900)
#   --iommu intel|amd|none  emulated IOMMU (default intel: VT-d, scalable
#                     mode; amd: AMD-Vi with interrupt remapping)
#   --kver X.Y        the cached build of linux-source-X.Y (as KVER=X.Y;
#                     default: the newest source installed)
#   --kernel PATH     bzImage (default: the cached build of build-kernel.sh)
#   --results DIR     writable directory shared with the guest at the same path
#                     (default: a new directory under ${TMPDIR:-/tmp})
#   --share DIR       also share DIR read-only at the same path (repeatable;
#                     the current directory and the kernel cache always are)
#   --env NAME=VALUE  set a variable for COMMAND (repeatable); variables
#                     named IOMMUCTL* are passed through from this environment
#   --append ARGS     extra kernel command line
#   -v, --verbose     show the whole serial console, not only COMMAND's output
#
# COMMAND runs in the guest as root with bash, in the current directory, with
# the host's / as a read-only root, tmpfs on /tmp /run /var/tmp, and
# IOMMUCTL_VM=1, IOMMUCTL_VM_RESULTS (the results dir), IOMMUCTL_VM_EDU_BDF,
# IOMMUCTL_VM_IOMMU (intel, amd or none), IOMMUCTL_VM_QEMU (its version),
# IOMMUCTL_VM_VTD / IOMMUCTL_VM_AMDVI (the IOMMU device's option string).
# Its stdout and stderr are shown here (through the serial console).
# Exit status: COMMAND's; 124 on timeout; 125 when the VM failed (panic,
# hang, no end marker) - then the tail of the console log is printed.
# Files left in the results dir: console.log, dmesg.txt, status, cmd.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mem=2G smp=2 timeout_s=900 iommu=intel kernel='' results='' verbose=0 append=''
shares=() envs=()

usage() { sed -n '2,31p' "$0"; exit "${1:-2}"; }
die() { printf 'run-vm: error: %s\n' "$*" >&2; exit 125; }

while [ $# -gt 0 ]; do
	case $1 in
	--mem) mem=$2; shift ;;
	--smp) smp=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--iommu) iommu=$2; shift ;;
	--kver) export KVER=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--results) results=$2; shift ;;
	--share) shares+=("$2"); shift ;;
	--env) envs+=("$2"); shift ;;
	--append) append=$2; shift ;;
	-v|--verbose) verbose=1 ;;
	-h|--help) usage 0 ;;
	--) shift; break ;;
	*) echo "run-vm: unknown option $1" >&2; usage ;;
	esac
	shift
done
[ $# -gt 0 ] || { echo "run-vm: no COMMAND given" >&2; usage; }
case $iommu in intel|amd|none) ;; *) die "--iommu must be intel, amd or none" ;; esac

qemu=${QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null || die "$qemu not found; run tests/vm/setup.sh as root"

if [ -z "$kernel" ]; then
	kdir=$("$here/build-kernel.sh" --print-dir) ||
		die "no kernel built; run tests/vm/build-kernel.sh"
	kernel=$kdir/bzImage
fi
[ -f "$kernel" ] || die "no kernel at $kernel"
kernel=$(realpath "$kernel")

if [ -z "$results" ]; then
	results=$(mktemp -d "${TMPDIR:-/tmp}/iommuctl-vm.XXXXXX")
else
	mkdir -p "$results"
	rm -f "$results/status" "$results/console.log" "$results/dmesg.txt" "$results/cmd.sh"
fi
results=$(realpath "$results")
cwd=$(pwd -P)

# Paths travel on the kernel command line: no blanks, commas or quotes.
check_path() {
	[[ $1 =~ ^/[A-Za-z0-9._/+@:-]*$ ]] ||
		die "path '$1' has characters the guest command line cannot carry"
}
# The guest sees the host's / as its root, so most paths need no share of
# their own; those under a directory the guest covers with a tmpfs do.
ro=()
add_ro() {	# add_ro DIR: share DIR read-only if the guest would not see it
	local p q
	p=$(realpath "$1")
	check_path "$p"
	case $p/ in /tmp/*|/run/*|/var/tmp/*|/dev/*|/proc/*|/sys/*) ;; *) return 0 ;; esac
	for q in "${ro[@]}"; do
		case $p/ in "$q"/*) return 0 ;; esac
	done
	ro+=("$p")
}
add_ro "$cwd"
add_ro "$(dirname "$kernel")"
add_ro "$here"
for s in "${shares[@]}"; do add_ro "$s"; done
check_path "$results"

# --- QEMU ------------------------------------------------------------------------
# Option names differ between QEMU versions (7.2: x-scalable-mode, x-pasid-mode;
# 11.x: scalable-mode, pasid-bits): ask the binary.
vtd_opts=
qemu_version=$("$qemu" --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
if [ "$iommu" = intel ]; then
	vtd_help=$("$qemu" -device intel-iommu,help 2>&1)
	has() { grep -q "^  $1=" <<<"$vtd_help"; }
	vtd_opts="intel-iommu,intremap=on,aw-bits=48"
	if has scalable-mode; then vtd_opts+=",scalable-mode=on"
	elif has x-scalable-mode; then vtd_opts+=",x-scalable-mode=on"
	else die "this QEMU has no scalable mode for intel-iommu"; fi
	if has pasid-bits; then vtd_opts+=",pasid-bits=20"
	elif has x-pasid-mode; then vtd_opts+=",x-pasid-mode=on"; fi
fi
# AMD-Vi (QEMU 7.2 options: device-iotlb, intremap, pt). intremap=on gives
# isolated MSIs, which VFIO_DEVICE_BIND_IOMMUFD needs. QEMU builds the IVRS
# table; the guest's AMD driver needs nothing on the command line.
amd_opts=
if [ "$iommu" = amd ]; then
	"$qemu" -device amd-iommu,help 2>&1 | grep -q '^  intremap=' ||
		die "this QEMU's amd-iommu has no intremap option"
	amd_opts="amd-iommu,intremap=on"
fi

# --- the command, as a script in the results dir -------------------------------
{
	echo '#!/bin/bash'
	echo "# written by run-vm.sh on the host; run by guest-init.sh in the guest"
	printf 'cd %q || exit 125\n' "$cwd"
	while IFS= read -r name; do
		printf 'export %s=%q\n' "$name" "${!name}"
	done < <(compgen -e | grep '^IOMMUCTL' | grep -v '^IOMMUCTL_VM' || true)
	for e in "${envs[@]}"; do
		[[ $e == *=* ]] || die "--env wants NAME=VALUE, got '$e'"
		printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
	done
	printf 'export IOMMUCTL_VM_QEMU=%q IOMMUCTL_VM_IOMMU=%q IOMMUCTL_VM_VTD=%q IOMMUCTL_VM_AMDVI=%q\n' \
		"$qemu_version" "$iommu" "$vtd_opts" "$amd_opts"
	printf 'exec 2>&1\n'
	printf '%q ' "$@"
	echo
} > "$results/cmd.sh"

ninep="trans=virtio,version=9p2000.L,msize=512000"
# no_timer_check: under TCG on a loaded host the IO-APIC timer check can miss
# its ticks and panic ("timer doesn't work through Interrupt-remapped IO-APIC").
cmdline="console=ttyS0 earlyprintk=serial,ttyS0 panic=-1 oops=panic loglevel=6 log_buf_len=8M no_timer_check"
cmdline+=" root=/dev/root rootfstype=9p rootflags=$ninep,cache=loose ro"
cmdline+=" init=$here/guest-init.sh hugepages=160"
cmdline+=" iommuctl.test=$results/cmd.sh iommuctl.rw=$results"
[ ${#ro[@]} -eq 0 ] || cmdline+=" iommuctl.ro=$(IFS=,; echo "${ro[*]}")"
if [ "$iommu" = intel ]; then
	cmdline+=" intel_iommu=on"
fi
# AMD-Vi: the driver finds the IOMMU in QEMU's IVRS table by itself. Its
# interrupt remapping routes the timer through the IO-APIC, and on a loaded
# host the boot-time timer check of a TCG guest can miss its window ("timer
# doesn't work through Interrupt-remapped IO-APIC", a panic): skip that check.
if [ "$iommu" = amd ]; then
	cmdline+=" no_timer_check"
fi
[ -z "$append" ] || cmdline+=" $append"

args=(
	-machine q35 -accel tcg -cpu max -smp "$smp" -m "$mem"
	-nodefaults -no-user-config -display none -no-reboot
	-chardev "file,id=con,path=$results/console.log" -serial chardev:con
	-kernel "$kernel" -append "$cmdline"
)
[ -z "$vtd_opts" ] || args+=(-device "$vtd_opts")
[ -z "$amd_opts" ] || args+=(-device "$amd_opts")
args+=(
	-device "edu,addr=0x10,dma_mask=0xffffffffffffffff"
	-fsdev "local,id=root,path=/,security_model=none,readonly=on,multidevs=remap"
	-device "virtio-9p-pci,fsdev=root,mount_tag=/dev/root,addr=0x3"
	-fsdev "local,id=rw,path=$results,security_model=none,multidevs=remap"
	-device "virtio-9p-pci,fsdev=rw,mount_tag=iommuctl-rw,addr=0x4"
)
i=0
for p in "${ro[@]}"; do
	args+=(
		-fsdev "local,id=ro$i,path=$p,security_model=none,readonly=on,multidevs=remap"
		-device "virtio-9p-pci,fsdev=ro$i,mount_tag=iommuctl-ro$i,addr=$(printf '0x%x' $((0x5 + i)))"
	)
	i=$((i + 1))
done
printf '%q ' "$qemu" "${args[@]}" > "$results/qemu-cmdline"
echo >> "$results/qemu-cmdline"

console=$results/console.log
: > "$console"
t0=$(date +%s)
timeout -k 10 "$timeout_s" "$qemu" "${args[@]}" </dev/null >"$results/qemu.out" 2>&1 &
qpid=$!

# Stream the console while QEMU runs: only COMMAND's output unless -v.
show() {
	tail -n +1 -s 0.3 -f --pid="$qpid" "$console" 2>/dev/null |
	if [ "$verbose" -eq 1 ]; then sed -u 's/\r$//'; else
		awk '{ sub(/\r$/, "") }
		     /^==== iommuctl-vm: END/ { on = 0 }
		     on { print; fflush() }
		     /^==== iommuctl-vm: BEGIN/ { on = 1 }'
	fi
}
show &
spid=$!
qrc=0
wait "$qpid" || qrc=$?
wait "$spid" || true
elapsed=$(( $(date +%s) - t0 ))

fail() {	# fail RC MESSAGE: explain, show the console tail, exit RC
	echo "run-vm: FAILED: $2 (after ${elapsed}s; results in $results)" >&2
	if [ -s "$results/qemu.out" ]; then sed 's/^/qemu: /' "$results/qemu.out" >&2; fi
	echo "run-vm: ---- last 40 lines of $console ----" >&2
	tr -d '\r' < "$console" | tail -n 40 >&2
	exit "$1"
}

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	fail 124 "timeout: the VM ran longer than ${timeout_s}s"
fi
if grep -q -E '^\[ *[0-9.]+\] Kernel panic|^Kernel panic' < <(tr -d '\r' < "$console"); then	# (no pipe: pipefail and grep -q)
	fail 125 "kernel panic"
fi
[ "$qrc" -eq 0 ] || fail 125 "QEMU exited with status $qrc"
end=$(tr -d '\r' < "$console" | sed -n 's/^==== iommuctl-vm: END status=\([0-9]*\) ====$/\1/p' | tail -n1)
[ -n "$end" ] || fail 125 "no end marker on the console (the guest did not finish its command)"
status=$(cat "$results/status" 2>/dev/null || echo "$end")
warns=$(grep -cE '\] (WARNING|BUG|UBSAN|kernel BUG)[: ]' "$results/dmesg.txt" 2>/dev/null || true)
if [ "${warns:-0}" -gt 0 ]; then
	echo "run-vm: note: the guest kernel logged $warns WARNING/BUG line(s); see $results/dmesg.txt:" >&2
	grep -E '\] (WARNING|BUG|UBSAN|kernel BUG)[: ]' "$results/dmesg.txt" | head -n 5 >&2
fi
echo "run-vm: guest command exited with status $status (VM ran ${elapsed}s; results in $results)" >&2
exit "$status"
