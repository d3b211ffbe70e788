#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# doctor on the synthetic hosts of tests/fixtures/sysfs, with the process's
# capabilities and memlock limit set by setpriv and prlimit, the set-uid
# refusal, and capabilities really dropped during a batch (read from
# /proc/PID/status while a line blocks on a FIFO). Tests that change user or
# capabilities need root and say so when skipped.

load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	FIX=$TOP/tests/fixtures/sysfs
	TMP=$(mktemp -d)
	chmod 755 "$TMP"
}

teardown() {
	[ -n "${BG:-}" ] && kill "$BG" 2>/dev/null
	rm -rf "$TMP"
}

# on TREE ARGS...: iommuctl with the three roots in TREE (a directory)
on() {
	local t=$1
	shift
	"$IOMMUCTL" --sysfs "$t/sys" --proc "$t/proc" --dev "$t/dev" "$@"
}

# live FIXTURE: a copy whose device nodes are character devices (/dev/null,
# which answers every ioctl with ENOTTY), so that the node checks can pass.
live() {
	cp -a "$FIX/$1" "$TMP/$1"
	for n in "$TMP/$1/dev/iommu" "$TMP/$1"/dev/vfio/devices/*; do
		[ -e "$n" ] && ln -sf /dev/null "$n"
	done
	echo "$TMP/$1"
}

needs_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (setpriv, chown)"
}

# A known start: root with exactly these capabilities.
as_caps() {
	local caps=$1
	shift
	setpriv --bounding-set "-all,$caps" --inh-caps -all "$@"
}

@test "doctor: usage errors name the argument" {
	expect_error 2 usage "map-size: 0 maps nothing" doctor map-size 0
	expect_error 2 usage "doctor: keyword 'map-size' needs a value" doctor map-size
	expect_error 2 usage "map-size: 'lots' is not a size (a number with an optional k, M or G suffix)" doctor map-size lots
	expect_error 2 usage "neither a PCI address" doctor nonsense
	expect_error 2 usage "neither a PCI address" doctor /dev/sda
	expect_error 2 usage "unknown keyword 'extra'" doctor 00:10.0 map-size 2M extra
	run "$IOMMUCTL" doctor help
	[ "$status" -eq 0 ]
	[[ "$output" == *"doctor [DEVICE] [map-size SIZE]"* ]]
}

@test "doctor: qemu-vtd, edu bound to vfio-pci: every device check, values" {
	t=$(live qemu-vtd)
	run --separate-stderr on "$t" -j doctor 00:10.0 map-size 2M
	# /dev/null is no iommufd: the scope fails on that, and on that only
	[ "$status" -eq 1 ]
	jqt '.scope.device == "0000:00:10.0"' '.scope.map_size == 2097152' \
	    '.scope.kernel == "7.2.13"' '.summary.scope_ok == false' \
	    '.summary.failed == ["iommufd"]'
	chk /dev/iommu '.status == "ok"' '.required' '.char_device' '.access' '.proc_misc'
	chk iommufd '.status == "unsupported"' '.required' \
	    '(.message | contains("ENOTTY"))' '.ioctls[0].name == "IOMMU_DESTROY"' \
	    '.ioctls[0].cmd == "0x3b80"' '.ioctls[0].present == false'
	# only the core row when the descriptor is no iommufd
	jqt '[.checks[] | select(.name == "viommu" or .name == "mock")] | length == 0'
	chk vfio-cdev '.status == "ok"' '.required' '.proc_devices'
	chk allow_unsafe_interrupts '.status == "ok"' '.value == "N"'
	chk intel_iommu=on '.status == "ok"' '.group == "command line"'
	chk intel_iommu=sm_on '.status == "ok"'
	chk device '.status == "ok"' '.bdf == "0000:00:10.0"'
	chk driver '.status == "ok"' '.driver == "vfio-pci"'
	chk group '.status == "ok"' '.group == "2"' '.type == "DMA"'
	chk "group members" '.status == "ok"' '.members == 1'
	# QEMU 7.2's VT-d has no ECAP.NEST: a warning, not a failure
	chk unit '.status == "warn"' '.unit == "dmar0"' '.vendor == "vtd"' \
	    '.nest_parent == "fail"' '.required == false'
	chk cdev '.status == "ok"' '.cdev == "vfio0"' '.char_device' '.access'
	chk /dev/vfio/devices '.status == "ok"' '.cdevs | length == 1' '.cdevs[0].name == "vfio0"'
	chk /dev/vfio/vfio '.status == "ok"' '.present == false'
	# the same by cdev path and by cdev name
	run --separate-stderr on "$t" -j doctor /dev/vfio/devices/vfio0
	jqt '.scope.device == "0000:00:10.0"'
	chk driver '.driver == "vfio-pci"'
	run --separate-stderr on "$t" -j doctor vfio0
	jqt '.scope.device == "0000:00:10.0"'
}

@test "doctor: text and JSON say the same, from one output path" {
	t=$(live qemu-vtd)
	run --separate-stderr on "$t" -j doctor 00:10.0
	json=$output
	run --separate-stderr on "$t" doctor 00:10.0
	[ "$status" -eq 1 ]
	# one text line per JSON check, with its status and name
	[ "$(grep -cE '^  (ok|warn|missing|unsupported) ' <<<"$output")" -eq \
	  "$(jq '.checks | length' <<<"$json")" ]
	grep -qE '^  ok +driver +bound to vfio-pci$' <<<"$output"
	grep -qE '^  unsupported +iommufd ' <<<"$output"
	grep -q '^summary: .* the scope (iommufd session, device 00:10.0) lacks: iommufd$' <<<"$output"
}

@test "doctor: a device that is not usable: driver, group peers, cdev" {
	# intel-server: the second port is still bound to mlx5_core
	run --separate-stderr on "$FIX/intel-server" -j doctor 0000:17:00.1
	[ "$status" -eq 1 ]
	chk driver '.status == "missing"' '.driver == "mlx5_core"' \
	    '(.message | contains("driverctl set-override 0000:17:00.1 vfio-pci"))'
	chk cdev '.status == "missing"' '(.message | contains("until the device is bound"))'
	chk allow_unsafe_interrupts '.status == "warn"' '.value == "Y"'
	chk intel_iommu=on '.status == "ok"'
	chk iommu.passthrough=0 '.status == "ok"'
	jqt '.summary.failed | index("driver") != null and index("cdev") != null'
	# intel-client: an unbound LPC bridge sharing its group with two bound devices
	run --separate-stderr on "$FIX/intel-client" -j doctor 00:1f.0
	chk driver '.status == "missing"' '.driver == null' \
	    '(.message | contains("driverctl set-override 0000:00:1f.0 vfio-pci"))'
	chk "group members" '.status == "missing"' '.members == 3' \
	    '(.message | contains("0000:00:1f.3 (snd_hda_intel), 0000:00:1f.4 (i801_smbus)"))' \
	    '(.message | contains("EBUSY"))'
	# a cdev that no device has, and a PCI address that is not there
	run --separate-stderr on "$FIX/intel-server" -j doctor /dev/vfio/devices/vfio7
	chk device '.status == "missing"' '(.message | contains("no vfio7 in"))'
	jqt '[.checks[] | select(.group == "device")] | length == 1'
	run --separate-stderr on "$FIX/intel-server" -j doctor 0000:99:00.0
	chk device '.status == "missing"' '(.message | contains("no PCI device 0000:99:00.0"))'
}

@test "doctor: no-iommu host: no iommufd at all, intel_iommu=off explained" {
	run --separate-stderr on "$FIX/no-iommu" -j doctor
	[ "$status" -eq 1 ]
	chk /dev/iommu '.status == "unsupported"' '.present == false' '.proc_misc == false' \
	    '(.message | contains("CONFIG_IOMMUFD"))'
	chk iommufd '.status == "missing"' '(.message | contains("not probed"))'
	chk vfio-cdev '.status == "unsupported"' '.required == false' '.proc_devices == false'
	# an Intel CPU: VT-d off is what is missing (not required for a session)
	chk intel_iommu=off '.status == "missing"' '.required == false'
	jqt '.summary.failed == ["/dev/iommu", "iommufd"]' '.scope.device == null' \
	    '.scope.map_size == null'
	# /dev/iommu present in the tree but a plain file
	run --separate-stderr on "$FIX/qemu-vtd" -j doctor
	chk /dev/iommu '.status == "missing"' '.char_device == false' \
	    '(.message | contains("not a character device"))'
}

@test "doctor: with --iommufd-fd the inherited descriptor is what is probed" {
	exec 7</dev/null
	run --separate-stderr "$IOMMUCTL" --dev "$TMP" --iommufd-fd 7 -j doctor
	exec 7<&-
	[ "$status" -eq 1 ]
	# no node under the dev root, but the session has its descriptor
	chk /dev/iommu '.status == "warn"' '.present == false' \
	    '(.message | contains("but the inherited iommufd (--iommufd-fd) is open"))'
	chk iommufd '.status == "unsupported"' \
	    '(.message | startswith("the inherited iommufd (--iommufd-fd) does not answer"))'
	chk rlimit-mode '.status == "warn"' '(.message | contains("ENOTTY"))'
	jqt '.summary.failed == ["iommufd"]'
}

@test "doctor: the command line after -- is not the kernel's; sm_off warns" {
	run --separate-stderr on "$FIX/odd" -j doctor
	chk intel_iommu=sm_off '.status == "warn"' '(.message | contains("no PASID attach"))'
	chk iommu.strict=1 '.status == "ok"'
	jqt '[.checks[] | select(.name == "intel_iommu=off")] | length == 0'
	# no option that matters
	run --separate-stderr on "$FIX/intel-client" -j doctor
	chk cmdline '.status == "ok"' '(.message | contains("defaults apply"))'
}

@test "doctor: memlock against the pages a map pins (prlimit, no CAP_IPC_LOCK)" {
	needs_root
	t=$(live qemu-vtd)
	pages=$(( 2097152 / $(getconf PAGESIZE) ))
	# 1 MiB of memlock, no CAP_IPC_LOCK: a 2 MiB map does not fit
	run --separate-stderr prlimit --memlock=1048576:1048576 \
		setpriv --bounding-set -all,+dac_override --inh-caps -all \
		"$IOMMUCTL" --sysfs "$t/sys" --proc "$t/proc" --dev "$t/dev" -j doctor map-size 2M
	[ "$status" -eq 1 ]
	chk memlock '.status == "missing"' '.required' '.charged' '.limit_bytes == 1048576' \
	    ".map_pages == $pages" '.map_bytes == 2097152' '(.message | contains("ENOMEM"))'
	chk CAP_IPC_LOCK '.status == "missing"' '.permitted == false'
	chk rlimit-mode '.status == "warn"' '.value == null'
	jqt '.summary.failed == ["memlock", "iommufd"]'
	# 1 MiB fits
	run --separate-stderr prlimit --memlock=1048576:1048576 \
		setpriv --bounding-set -all,+dac_override --inh-caps -all \
		"$IOMMUCTL" --sysfs "$t/sys" --proc "$t/proc" --dev "$t/dev" -j doctor map-size 1M
	chk memlock '.status == "ok"' '.charged' ".map_pages == $((pages / 2))"
	# CAP_IPC_LOCK: not charged at all
	run --separate-stderr prlimit --memlock=1048576:1048576 \
		setpriv --bounding-set -all,+ipc_lock,+dac_override --inh-caps -all "$IOMMUCTL" --sysfs "$t/sys" --proc "$t/proc" --dev "$t/dev" -j doctor map-size 2M
	chk memlock '.status == "ok"' '.charged == false' '(.message | contains("CAP_IPC_LOCK"))'
	chk CAP_IPC_LOCK '.status == "ok"' '.effective' '.permitted'
	# without map-size memlock is not part of the scope
	run --separate-stderr prlimit --memlock=0:0 \
		setpriv --bounding-set -all --inh-caps -all "$IOMMUCTL" -j doctor
	chk memlock '.status == "warn"' '.required == false' '.limit_pages == 0'
}

@test "doctor: capabilities at start, as given, and the ones used" {
	needs_root
	run --separate-stderr as_caps +ipc_lock,+sys_admin,+chown "$IOMMUCTL" -j doctor
	jqt '.process.uid == 0' '.process.capabilities.start.effective == "0x204001"' \
	    '.process.capabilities.start.permitted == "0x204001"' \
	    '.process.capabilities.start.inheritable == "0x0"'
	# while doctor runs: only the open capabilities, which this start lacks
	jqt '.process.capabilities.now.effective == "0x0"' \
	    '.process.capabilities.now.permitted == "0x0"'
	chk CAP_IPC_LOCK '.status == "ok"' '.effective'
	chk CAP_SYS_ADMIN '.status == "ok"'
	chk CAP_DAC_OVERRIDE '.status == "missing"'
	chk CAP_SYS_RAWIO '.status == "ok"' '.permitted == false'
	# ambient capabilities of an ordinary user count; "permitted only" too
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=+ipc_lock --ambient-caps=+ipc_lock "$IOMMUCTL" -j doctor
	jqt '.process.uid == 65534' '.process.capabilities.start.ambient == "0x4000"'
	chk CAP_IPC_LOCK '.status == "ok"'
	chk memlock '.charged == false'
}

@test "set-uid, set-gid and file capabilities: refused with exit 2" {
	needs_root
	cp "$IOMMUCTL" "$TMP/suid"
	chown nobody "$TMP/suid"
	chmod 4755 "$TMP/suid"
	run --separate-stderr "$TMP/suid" decode vtd-cap 0x1
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"refusing to run set-uid (real and effective user ids differ)"* ]]
	run --separate-stderr "$TMP/suid" -j -V
	[ "$status" -eq 2 ]
	jqt '.error.kind == "usage"' '.error.exit_code == 2' '(.error.message | contains("set-uid"))'
	cp "$IOMMUCTL" "$TMP/sgid"
	chgrp nogroup "$TMP/sgid"
	chmod 2755 "$TMP/sgid"
	run --separate-stderr "$TMP/sgid" help
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"set-gid"* ]]
}

@test "a file capability gained at exec (AT_SECURE): refused with exit 2" {
	needs_root
	command -v setcap >/dev/null || skip "setcap missing (tests/deps.sh installs libcap2-bin)"
	cp "$IOMMUCTL" "$TMP/fcap"
	setcap cap_ipc_lock+ep "$TMP/fcap"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/fcap" -V
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"AT_SECURE"* ]]
	# the same binary run by root gains nothing: not refused
	run --separate-stderr "$TMP/fcap" -V
	[ "$status" -eq 0 ]
}

# capeff PID: "CapEff CapPrm" of a process
caps_of() {
	awk '/^CapEff/ {e=$2} /^CapPrm/ {p=$2} END {print e, p}' "/proc/$1/status"
}

# wait_caps PID WANT: until the process's sets are WANT (at most 10 s)
wait_caps() {
	for _ in $(seq 100); do
		[ "$(caps_of "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	echo "caps of $1: $(caps_of "$1"), want $2"
	return 1
}

@test "a batch file keeps only what the running and the later lines need" {
	needs_root
	mkfifo "$TMP/f1" "$TMP/f2"
	cat > "$TMP/b" <<-EOF
	decode vtd-cap 0x1
	decode dmesg $TMP/f1
	device list
	decode dmesg $TMP/f2
	EOF
	# setpriv execs iommuctl: $! is its pid
	setpriv --bounding-set -all,+dac_override,+dac_read_search,+ipc_lock,+sys_admin,+chown \
		--inh-caps -all "$IOMMUCTL" -d batch "$TMP/b" > "$TMP/out" 2> "$TMP/err" &
	BG=$!
	# line 2 blocks opening f1: it may open (DAC); device list comes later
	wait_caps "$BG" "0000000000000006 0000000000200006"
	grep -q '^CapInh:\s*0000000000000000$' "/proc/$BG/status"
	grep -q '^CapAmb:\s*0000000000000000$' "/proc/$BG/status"
	grep -q '^CapBnd:\s*0000000000204007$' "/proc/$BG/status"
	cat "$TOP/tests/fixtures/dmesg/intel-client.log" > "$TMP/f1"
	# line 4: device list is done, CAP_SYS_ADMIN is gone for good
	wait_caps "$BG" "0000000000000006 0000000000000006"
	cat "$TOP/tests/fixtures/dmesg/intel-client.log" > "$TMP/f2"
	wait "$BG"
	BG=
	run cat "$TMP/err"
	[[ "$output" == *"caps at start: effective 0x204007 (5 capabilities)"* ]]
	[[ "$output" == *"caps after dropping unused: effective cap_dac_override,cap_dac_read_search,cap_ipc_lock,cap_sys_admin;"* ]]
	[[ "$output" == *"caps line 1: decode vtd-cap: effective none; permitted cap_dac_override,cap_dac_read_search,cap_sys_admin"* ]]
	[[ "$output" == *"caps line 3: device list: effective cap_sys_admin; permitted cap_dac_override,cap_dac_read_search,cap_sys_admin"* ]]
	[[ "$output" == *"caps line 4: decode dmesg: effective cap_dac_override,cap_dac_read_search; permitted cap_dac_override,cap_dac_read_search"* ]]
	[[ "$output" == *"batch: 4 command(s) ok"* ]]
}

@test "a batch on a pipe and one-shot commands: what may come, what is needed" {
	needs_root
	# a pipe: later lines are unknown, every used capability stays permitted
	run --separate-stderr as_caps +dac_override,+ipc_lock,+sys_admin,+net_admin \
		"$IOMMUCTL" -d batch - <<<"decode vtd-cap 0x1"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"caps line 1: decode vtd-cap: effective none; permitted cap_dac_override,cap_ipc_lock,cap_sys_admin"* ]]
	[[ "$stderr" != *"net_admin"* ]]
	# one command: exactly its needs
	run --separate-stderr as_caps +dac_override,+ipc_lock,+sys_admin \
		"$IOMMUCTL" -d device list
	[[ "$stderr" == *"caps device list: effective cap_sys_admin; permitted cap_sys_admin"* ]]
	run --separate-stderr as_caps +dac_override,+ipc_lock,+sys_admin \
		"$IOMMUCTL" -d decode vtd-cap 0x1
	[[ "$stderr" == *"caps decode vtd-cap: effective none; permitted none"* ]]
	# --sysfs names a tree to read: the open capabilities stay for it
	run --separate-stderr as_caps +dac_override,+ipc_lock \
		"$IOMMUCTL" -d --sysfs "$FIX/qemu-vtd/sys" iommu list
	[[ "$stderr" == *"caps iommu list: effective cap_dac_override; permitted cap_dac_override"* ]]
}
