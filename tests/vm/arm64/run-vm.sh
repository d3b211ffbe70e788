#!/usr/bin/env bash
# Boot the arm64 test VM once: qemu-system-aarch64 (TCG) -M virt with the
# machine's two-stage SMMUv3, GICv3 + ITS, UEFI (AAVMF) so that the guest
# gets ACPI tables, and an `edu` device. The guest runs guest/run.sh MODE
# and sends its results directory back over the serial console.
#
# usage: run-vm.sh --results DIR [--mode MODE] [--override CPIO] [--timeout S]
#                  [--initrd INITRAMFS] [--kernel IMAGE] [-v]
#   --results DIR   where the guest's results are unpacked (DIR/out/), with
#                   console.log, qemu-cmdline and qemu.out beside them
#   --mode MODE     passed to the guest as iommuctl.mode= (default stock)
#   --override CPIO an uncompressed cpio (the ACPI table upgrade) put in
#                   front of the initramfs
#   -v              stream the whole console while the VM runs
# Exit status: the guest scenario's; 124 on timeout; 125 when the VM failed
# (no end marker, panic, QEMU error; the console tail is printed).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

results='' mode=stock override='' timeout_s=600 initrd='' kernel='' verbose=0
while [ $# -gt 0 ]; do
	case $1 in
	--results) results=$2; shift ;;
	--mode) mode=$2; shift ;;
	--override) override=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	-v) verbose=1 ;;
	-h|--help) sed -n '2,17p' "$0"; exit 0 ;;
	*) echo "run-vm-arm64: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
die() { printf 'run-vm-arm64: error: %s\n' "$*" >&2; exit 125; }
[ -n "$results" ] || die "--results DIR is required"
[[ $mode =~ ^[a-z0-9-]+$ ]] || die "bad --mode '$mode'"

qdir=$(arm64_qemu) || die "no qemu-system-aarch64; run tests/vm/arm64/setup.sh as root"
qemu=$qdir/root/usr/bin/qemu-system-aarch64
[ -f "$ARM64_FW_CODE" ] || die "no $ARM64_FW_CODE; run tests/vm/arm64/setup.sh as root"
if [ -z "$kernel" ]; then
	kdir=$("$ARM64_HERE/build-kernel.sh" --print-dir) || die "no arm64 kernel; run tests/vm/arm64/build-kernel.sh"
	kernel=$kdir/Image
fi
[ -n "$initrd" ] || initrd=$ARM64_REPO/build-arm64/initramfs.cpio.gz
[ -f "$initrd" ] || die "no initramfs $initrd; run tests/vm/arm64/build-guest.sh"

mkdir -p "$results"
results=$(realpath "$results")
rm -rf "$results/out" "$results/console.log" "$results/initrd.img"
cp "$ARM64_FW_VARS" "$results/vars.fd"
if [ -n "$override" ]; then
	# The kernel looks for kernel/firmware/acpi/*.aml in an uncompressed cpio
	# at the start of the initrd; the gzip'd initramfs follows it.
	cat "$override" "$initrd" > "$results/initrd.img"
	initrd=$results/initrd.img
fi

cmdline="console=ttyAMA0 acpi=force panic=-1 loglevel=6 log_buf_len=4M iommuctl.mode=$mode"
args=(
	-M virt,iommu=smmuv3,gic-version=3 -accel tcg -cpu max -smp 2 -m 1G
	-nodefaults -no-user-config -display none -no-reboot
	-drive "if=pflash,format=raw,readonly=on,file=$ARM64_FW_CODE"
	-drive "if=pflash,format=raw,file=$results/vars.fd"
	-chardev "file,id=con,path=$results/console.log" -serial chardev:con
	-device "edu,dma_mask=0xffffffffffffffff"
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline"
)
printf '%q ' "$qemu" "${args[@]}" > "$results/qemu-cmdline"
echo >> "$results/qemu-cmdline"

: > "$results/console.log"
t0=$(date +%s)
# QEMU_MODULE_DIR: the unpacked QEMU must not load the system QEMU's modules.
QEMU_MODULE_DIR=$qdir/root/usr/lib/x86_64-linux-gnu/qemu \
	timeout -k 10 "$timeout_s" "$qemu" -L "$qdir/root/usr/share/qemu" "${args[@]}" \
	</dev/null >"$results/qemu.out" 2>&1 &
qpid=$!
if [ "$verbose" = 1 ]; then
	tail -n +1 -s 0.3 -f --pid="$qpid" "$results/console.log" | sed -u 's/\r$//' &
	tpid=$!
fi
qrc=0
wait "$qpid" || qrc=$?
[ "$verbose" = 0 ] || wait "$tpid" || true
elapsed=$(( $(date +%s) - t0 ))

con() { tr -d '\r' < "$results/console.log"; }
fail() {
	echo "run-vm-arm64: FAILED: $2 (after ${elapsed}s; results in $results)" >&2
	[ ! -s "$results/qemu.out" ] || sed 's/^/qemu: /' "$results/qemu.out" >&2
	echo "run-vm-arm64: ---- last 40 lines of the console ----" >&2
	con | grep -v '^[A-Za-z0-9+/=]*$' | tail -n 40 >&2
	exit "$1"
}
[ "$qrc" -ne 124 ] && [ "$qrc" -ne 137 ] || fail 124 "timeout: the VM ran longer than ${timeout_s}s"
grep -qE '^(\[ *[0-9.]+\] )?Kernel panic' < <(con) && fail 125 "kernel panic"	# (not a pipe: with pipefail, grep -q quitting early fails the pipe)
[ "$qrc" -eq 0 ] || fail 125 "QEMU exited with status $qrc"
status=$(con | sed -n 's/^==== iommuctl-arm64: END status=\([0-9]*\) ====$/\1/p' | tail -n1)
[ -n "$status" ] || fail 125 "no end marker on the console"
mkdir -p "$results/out"
con | sed -n '/^==== iommuctl-arm64: RESULTS ====$/,/^==== iommuctl-arm64: END/p' |
	sed '1d;$d' | base64 -d | tar -xzf - -C "$results/out" ||
	fail 125 "the results on the console do not unpack"
echo "run-vm-arm64: mode $mode: guest status $status (VM ran ${elapsed}s; results in $results/out)" >&2
exit "$status"
