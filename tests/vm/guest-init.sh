#!/bin/bash
# PID 1 of the iommuctl test VM (the kernel runs it through init=).
#
# The root filesystem is the host's / over virtio-9p, read-only. This script
# mounts the pseudo filesystems and tmpfs where the guest must write, mounts
# the extra 9p shares at the same paths they have on the host, binds the QEMU
# `edu` device (1234:11e8) to vfio-pci, runs the test command and powers off.
#
# Kernel command line parameters it reads (set by run-vm.sh):
#   iommuctl.test=PATH   the script to run (bash PATH); its exit status is
#                        written to $IOMMUCTL_VM_RESULTS/status
#   iommuctl.rw=PATH     host directory shared read-write as 9p tag iommuctl-rw,
#                        mounted at PATH; it is $IOMMUCTL_VM_RESULTS
#   iommuctl.ro=P1,P2..  host directories shared read-only as tags
#                        iommuctl-ro0, iommuctl-ro1...; each mounted at its path
#                        (needed when a path is hidden by a tmpfs, e.g. /tmp)
#
# Console markers (run-vm.sh looks for them):
#   ==== iommuctl-vm: BEGIN ====
#   ==== iommuctl-vm: END status=N ====
#
# No `set -e` here on purpose: PID 1 must reach the power-off whatever fails.
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

say() { echo "iommuctl-vm: $*"; }

poweroff_now() {
	sync
	echo o > /proc/sysrq-trigger 2>/dev/null
	sleep 10
	# Still here: force a reboot, which -no-reboot turns into a QEMU exit.
	echo b > /proc/sysrq-trigger 2>/dev/null
	sleep 1000
}

mnt() {	# mnt TYPE SOURCE DIR [OPTIONS]: mount unless something already is there
	local type=$1 src=$2 dir=$3 opts=${4:-}
	if mountpoint -q "$dir" 2>/dev/null; then return 0; fi
	mkdir -p "$dir" 2>/dev/null
	if [ -n "$opts" ]; then
		mount -t "$type" -o "$opts" "$src" "$dir"
	else
		mount -t "$type" "$src" "$dir"
	fi || say "warning: mounting $type on $dir failed"
}

mnt proc proc /proc
mnt sysfs sysfs /sys
mnt devtmpfs devtmpfs /dev
grep -qw devpts /proc/filesystems && mnt devpts devpts /dev/pts
mnt tmpfs tmpfs /dev/shm mode=1777
mnt debugfs debugfs /sys/kernel/debug
mnt tmpfs tmpfs /tmp mode=1777
mnt tmpfs tmpfs /run mode=755
mnt tmpfs tmpfs /var/tmp mode=1777
mnt hugetlbfs hugetlbfs /dev/hugepages mode=1770
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd

# Kernel messages stay in the ring buffer (saved to dmesg.txt at the end);
# on the serial console they would interleave with the test output.
dmesg -n 1 2>/dev/null || echo 1 > /proc/sys/kernel/printk

arg() {	# arg NAME: value of NAME= on the kernel command line
	local w words
	read -r -a words < /proc/cmdline
	for w in "${words[@]}"; do
		case $w in "$1="*) printf '%s' "${w#"$1"=}"; return 0 ;; esac
	done
	return 1
}

test_script=$(arg iommuctl.test || true)
results=$(arg iommuctl.rw || true)
ro_paths=$(arg iommuctl.ro || true)

nine_p=trans=virtio,version=9p2000.L,msize=512000
if [ -n "$results" ]; then
	mnt 9p iommuctl-rw "$results" "$nine_p,cache=none"
fi
i=0
IFS=, read -r -a ro_list <<< "$ro_paths"
for p in "${ro_list[@]}"; do
	[ -n "$p" ] || continue
	mnt 9p "iommuctl-ro$i" "$p" "$nine_p,cache=loose,ro"
	i=$((i + 1))
done

# --- the edu device to vfio-pci ---------------------------------------------
edu_bdf=
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ]; then
		edu_bdf=${d##*/}
		break
	fi
done
if [ -n "$edu_bdf" ]; then
	d=/sys/bus/pci/devices/$edu_bdf
	echo vfio-pci > "$d/driver_override"
	if [ -e "$d/driver" ]; then echo "$edu_bdf" > "$d/driver/unbind"; fi
	echo "$edu_bdf" > /sys/bus/pci/drivers_probe
	for _ in $(seq 50); do
		[ -d "$d/vfio-dev" ] && break
		sleep 0.1
	done
	vfio_dev=
	for v in "$d"/vfio-dev/vfio*; do [ -e "$v" ] && vfio_dev=${v##*/}; done
	say "edu $edu_bdf driver=$(basename "$(readlink "$d/driver" 2>/dev/null || echo none)") cdev=/dev/vfio/devices/${vfio_dev:-MISSING}"
else
	say "warning: no edu device (1234:11e8) found"
fi
export IOMMUCTL_VM=1 IOMMUCTL_VM_EDU_BDF=$edu_bdf IOMMUCTL_VM_RESULTS=$results

# --- the test ------------------------------------------------------------------
status=125
if [ -z "$test_script" ]; then
	say "no iommuctl.test= on the kernel command line; nothing to run"
	status=0
elif [ ! -r "$test_script" ]; then
	say "error: test script $test_script is not readable"
else
	echo "==== iommuctl-vm: BEGIN ===="
	bash "$test_script" < /dev/null
	status=$?
	echo "==== iommuctl-vm: END status=$status ===="
fi
if [ -n "$results" ] && [ -w "$results" ]; then
	dmesg > "$results/dmesg.txt" 2>&1
	echo "$status" > "$results/status"
fi
poweroff_now
