#!/usr/bin/env bats
# doctor against the real guest (root, /dev/iommu, edu bound to vfio-pci,
# the selftest mock, intel_iommu=on), its memlock prediction against what the
# kernel does when the map is tried, and capabilities really dropped during a
# batch (read from /proc/PID/status while a line blocks). Runs inside the
# test VM (tests/vm/vmcheck.sh, or tests/vm/run-vm.sh -- bats tests/vm/doctor.bats).
bats_require_minimum_version 1.5.0

load ../cli/helpers
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TMP=$(mktemp -d)
	chmod 755 "$TMP"
	BDF=${IOMMUCTL_VM_EDU_BDF:-0000:00:10.0}
}

teardown() {
	[ -n "${BG:-}" ] && kill "$BG" 2>/dev/null
	rm -rf "$TMP"
}

# hexcap NAME: a set of this shell's /proc/self/status as doctor prints it
hexcap() {
	printf '%#x' "$((16#$(awk -v k="$1:" '$1 == k {print $2}' /proc/$$/status)))"
}

@test "doctor on the guest: every value from the kernel, exit 0" {
	run --separate-stderr "$IOMMUCTL" -j doctor "$BDF" map-size 2M
	[ "$status" -eq 0 ]
	jqt '.summary.scope_ok and .summary.failed == [] and .summary.missing == 0'
	jq -e --arg v "$(uname -r)" '.scope.kernel == $v' <<<"$output"
	# the capabilities it started with are this shell's
	jq -e --arg e "$(hexcap CapEff)" --arg p "$(hexcap CapPrm)" --arg b "$(hexcap CapBnd)" \
		'.process.capabilities.start | .effective == $e and .permitted == $p and .bounding == $b' \
		<<<"$output"
	jqt '.process.uid == 0 and .process.secure == false'
	# /dev/iommu as stat sees it, and listed in /proc/misc
	mode=$((8#$(stat -c %a /dev/iommu)))
	chk /dev/iommu '.status == "ok"' '.char_device' '.access' '.proc_misc' ".mode == $mode" \
	    ".uid == $(stat -c %u /dev/iommu)" ".gid == $(stat -c %g /dev/iommu)"
	grep -qw iommu /proc/misc
	maj=$((16#$(stat -c %t /dev/iommu))) min=$((16#$(stat -c %T /dev/iommu)))
	chk /dev/iommu "(.message | contains(\"character device $maj:$min,\"))"
	# every feature 7.2 has, probed; the mock because CONFIG_IOMMUFD_TEST=y;
	# on an older kernel (the 6.12 target) the newer ones unsupported, with
	# the version that brought them
	local -A since=([map-file]=6.13 [viommu]=6.13 [veventq]=6.15)
	for f in iommufd hwpt dirty-tracking invalidation fault-queues map-file viommu veventq mock; do
		if [ -n "${since[$f]:-}" ] && kernel_older "${since[$f]}"; then
			chk "$f" '.status == "unsupported"' "(.message | contains(\"(Linux ${since[$f]})\"))" \
			    '[.ioctls[].present] | any | not'
		else
			chk "$f" '.status == "ok"' '[.ioctls[].present] | all'
		fi
	done
	chk iommufd '.required' '.ioctls[0].name == "IOMMU_DESTROY"'
	chk mock '.ioctls[0].name == "IOMMU_TEST_CMD"' '.required == false'
	# VFIO cdevs: /proc/devices has vfio-dev
	grep -q ' vfio-dev$' /proc/devices
	chk vfio-cdev '.status == "ok"' '.required' '.proc_devices'
	val=$(cat /sys/module/iommufd/parameters/allow_unsafe_interrupts)
	chk allow_unsafe_interrupts ".value == \"$val\""
	# the command line the VM was booted with
	grep -qw intel_iommu=on /proc/cmdline
	chk intel_iommu=on '.status == "ok"' '.group == "command line"'
	# a new iommufd: accounting per user; root has CAP_IPC_LOCK: nothing charged
	chk rlimit-mode '.status == "ok"' '.value == 0' '.charged_to == "user"'
	lim=$(ulimit -l)
	if [ "$lim" = unlimited ]; then
		chk memlock '.limit_bytes == null'
	else
		chk memlock ".limit_bytes == $((lim * 1024))"
	fi
	chk memlock '.status == "ok"' '.required' '.charged == false' \
	    ".map_pages == $((2097152 / $(getconf PAGESIZE)))" ".page_size == $(getconf PAGESIZE)"
	# the edu device, as sysfs links it
	grp=$(basename "$(readlink /sys/bus/pci/devices/$BDF/iommu_group)")
	unit=$(basename "$(readlink /sys/bus/pci/devices/$BDF/iommu)")
	cdev=$(ls /sys/bus/pci/devices/$BDF/vfio-dev)
	chk device '.status == "ok"' ".bdf == \"$BDF\""
	chk driver '.status == "ok"' '.driver == "vfio-pci"'
	chk group '.status == "ok"' ".group == \"$grp\"" \
	    ".type == \"$(cat /sys/kernel/iommu_groups/$grp/type)\""
	chk "group members" '.status == "ok"' \
	    ".members == $(ls /sys/kernel/iommu_groups/$grp/devices | wc -l)"
	# QEMU's VT-d has no ECAP.NEST: the unit cannot be a nest parent
	chk unit '.status == "warn"' ".unit == \"$unit\"" '.vendor == "vtd"' '.nest_parent == "fail"'
	chk cdev '.status == "ok"' ".cdev == \"$cdev\"" '.char_device' '.access' \
	    ".path == \"/dev/vfio/devices/$cdev\""
	# and by the cdev path
	run --separate-stderr "$IOMMUCTL" -j doctor "/dev/vfio/devices/$cdev"
	[ "$status" -eq 0 ]
	jqt ".scope.device == \"$BDF\""
}

@test "doctor as nobody: no access to /dev/iommu or the cdev, exit 1" {
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$IOMMUCTL" -j doctor "$BDF"
	[ "$status" -eq 1 ]
	jqt '.process.uid == 65534 and .process.capabilities.start.permitted == "0x0"'
	chk /dev/iommu '.status == "missing"' '.access == false' '(.message | contains("EACCES"))'
	chk iommufd '.status == "missing"'
	chk cdev '.status == "missing"' '.access == false'
	chk CAP_IPC_LOCK '.status == "missing"'
	chk memlock '.charged == (.limit_bytes != null)'
	jqt '.summary.failed == ["/dev/iommu", "iommufd", "cdev"]'
}

# mapped LIMIT CAPS SIZE: a mock session that maps SIZE under RLIMIT_MEMLOCK
# LIMIT with the bounding set CAPS; doctor's answer in $doc, the map's in $output
mapped() {
	printf 'ioas alloc name a\nmock add a name m\nioas map a length %s\n' "$3" > "$TMP/b"
	doc=$(prlimit --memlock="$1:$1" setpriv --bounding-set "-all,$2" --inh-caps -all \
		"$IOMMUCTL" -j doctor map-size "$3") || true	# exit 1 when it does not fit
	run --separate-stderr prlimit --memlock="$1:$1" setpriv --bounding-set "-all,$2" \
		--inh-caps -all "$IOMMUCTL" -j batch "$TMP/b"
}

@test "memlock: doctor's prediction is what the kernel does with the map" {
	need_mock
	# 1 MiB, no CAP_IPC_LOCK: 2 MiB cannot be pinned; the kernel says ENOMEM
	mapped 1048576 +dac_override 2M
	jq -e '.checks[] | select(.name == "memlock") | .status == "missing" and .charged' <<<"$doc"
	jq -e '.summary.failed == ["memlock"]' <<<"$doc"
	[ "$status" -eq 1 ]
	jqt '.[2].error.op == "IOMMU_IOAS_MAP" and .[2].error.name == "ENOMEM"'
	# 1 MiB fits in 1 MiB
	mapped 1048576 +dac_override 1M
	jq -e '.checks[] | select(.name == "memlock") | .status == "ok" and .charged' <<<"$doc"
	[ "$status" -eq 0 ]
	# CAP_IPC_LOCK: not charged, 16 MiB under a 1 MiB limit
	mapped 1048576 +dac_override,+ipc_lock 16M
	jq -e '.checks[] | select(.name == "memlock") | .status == "ok" and .charged == false' <<<"$doc"
	jq -e '.summary.scope_ok' <<<"$doc"
	[ "$status" -eq 0 ]
}

@test "doctor inside a batch reads the session's rlimit mode" {
	printf 'option set rlimit-mode 1\ndoctor\n' > "$TMP/b"
	run --separate-stderr "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 0 ]
	output=$(jq '.[1].output' <<<"$output")
	chk rlimit-mode '.value == 1' '.charged_to == "process"' \
	    '(.message | contains("the session'"'"'s iommufd"))'
}

caps_of() {
	awk '/^CapEff/ {e=$2} /^CapPrm/ {p=$2} END {print e, p}' "/proc/$1/status"
}

wait_caps() {	# PID "EFF PRM": until the process has these sets (at most 20 s)
	for _ in $(seq 200); do
		[ "$(caps_of "$1")" = "$2" ] && return 0
		kill -0 "$1" 2>/dev/null || { echo "process $1 is gone"; return 1; }
		sleep 0.1
	done
	echo "caps of $1: $(caps_of "$1"), want $2"
	return 1
}

@test "a batch drops each capability after the last line that needs it" {
	need_mock
	mkfifo "$TMP/f1"
	cat > "$TMP/b" <<-EOF
	option set rlimit-mode 0
	ioas alloc name a
	mock add a name m
	ioas map a length 64k
	device open $BDF name e
	decode dmesg $TMP/f1
	ioas map a length 64k
	fault alloc name f
	monitor f timeout 4
	EOF
	"$IOMMUCTL" -d batch "$TMP/b" > "$TMP/out" 2> "$TMP/err" &
	BG=$!
	# line 6 blocks opening the FIFO: it may open files (DAC); line 7 still
	# maps (CAP_IPC_LOCK permitted, not effective); CAP_SYS_RESOURCE went
	# after line 1, CAP_SYS_ADMIN and every other capability at the start
	wait_caps "$BG" "0000000000000006 0000000000004006"
	grep -q '^CapInh:\s*0000000000000000$' "/proc/$BG/status"
	grep -q '^CapAmb:\s*0000000000000000$' "/proc/$BG/status"
	[ "$(awk '/^CapBnd/ {print $2}' "/proc/$BG/status")" = "$(awk '/^CapBnd/ {print $2}' /proc/$$/status)" ]
	cat "$BATS_TEST_DIRNAME/../fixtures/dmesg/intel-client.log" > "$TMP/f1"
	# line 9 waits in poll(): no capability left at all
	wait_caps "$BG" "0000000000000000 0000000000000000"
	wait "$BG" || true
	BG=
	run cat "$TMP/err"
	[[ $output == *"caps line 1: option set: effective cap_dac_override,cap_dac_read_search,cap_sys_resource; permitted cap_dac_override,cap_dac_read_search,cap_ipc_lock,cap_sys_resource"* ]]
	[[ $output == *"caps after opening the iommufd: effective cap_sys_resource; permitted cap_dac_override,cap_dac_read_search,cap_ipc_lock,cap_sys_resource"* ]]
	[[ $output == *"caps line 4: ioas map: effective cap_dac_override,cap_dac_read_search,cap_ipc_lock; permitted cap_dac_override,cap_dac_read_search,cap_ipc_lock"* ]]
	[[ $output == *"caps after the open: effective none; permitted cap_dac_override,cap_dac_read_search,cap_ipc_lock"* ]]
	[[ $output == *"caps line 8: fault alloc: effective none; permitted none"* ]]
	[[ $output != *"caps line 9"* ]]	# nothing left to change
	run cat "$TMP/out"
	[[ $output == *"monitor: 0 event(s)"* ]]
}

@test "one command: the open capabilities go once the cdev is open" {
	run --separate-stderr "$IOMMUCTL" -d device open "$BDF"
	[ "$status" -eq 0 ]
	[[ $stderr == *"caps device open: effective cap_dac_override,cap_dac_read_search; permitted cap_dac_override,cap_dac_read_search"* ]]
	[[ $stderr == *"caps after the open: effective none; permitted none"* ]]
	# and the ioctls after it ran without any
	[[ $stderr == *"VFIO_DEVICE_BIND_IOMMUFD"* ]]
	awk '/caps after the open/ {seen=1} seen && /VFIO_DEVICE_BIND_IOMMUFD/ {ok=1} END {exit !ok}' <<<"$stderr"
}
