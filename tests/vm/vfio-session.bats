#!/usr/bin/env bats
# The VFIO cdev of the edu device and the emulated VT-d unit behind it, on the
# real kernel: device open/hwinfo/attach/detach, and why this unit cannot be
# a nesting parent. Runs inside the test VM (tests/vm/vmcheck.sh).
bats_require_minimum_version 1.5.0
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TMP=$(mktemp -d)
	EXPECTED="$BATS_TEST_DIRNAME/expected-vtd-registers.txt"
	BDF=${IOMMUCTL_VM_EDU_BDF:-0000:00:10.0}
}

teardown() {
	rm -rf "$TMP"
}

@test "device open: by cdev path and by PCI address, with the dev_id the kernel gave" {
	run --separate-stderr "$IOMMUCTL" -j device open /dev/vfio/devices/vfio0
	[ "$status" -eq 0 ]
	jqe '.path == "/dev/vfio/devices/vfio0" and .bdf == null and .dev_id >= 1'
	jqe '.max_pasid_log2 == 0'
	run --separate-stderr "$IOMMUCTL" -j device open "${BDF#0000:}" name e
	[ "$status" -eq 0 ]
	jq -e --arg b "$BDF" '.bdf == $b and .path == "/dev/vfio/devices/vfio0" and .name == "e"' <<<"$output"
	run --separate-stderr "$IOMMUCTL" device open "$BDF"
	[ "$status" -eq 0 ]
	[[ $output == "/dev/vfio/devices/vfio0 ($BDF) dev_id "[0-9]*" (no PASID: max_pasid_log2 0)" ]]
}

@test "device open: a device without a cdev, a missing device, a missing file" {
	run --separate-stderr "$IOMMUCTL" device open 00:00.0
	[ "$status" -eq 3 ]
	[[ $stderr == *"0000:00:00.0 has no VFIO device cdev"*"vfio-pci"* ]]
	run --separate-stderr "$IOMMUCTL" device open 00:1f.7
	[ "$status" -eq 1 ]
	[[ $stderr == *"no PCI device 0000:00:1f.7"* ]]
	run --separate-stderr "$IOMMUCTL" -j device open /dev/vfio/devices/vfio9
	[ "$status" -eq 3 ]
	jqe '.error.name == "ENOENT" and (.error.message | test("not bound to vfio-pci"))'
	run --separate-stderr "$IOMMUCTL" device open 00:10
	[ "$status" -eq 2 ]
	[[ $stderr == *"'00:10' is neither a path nor a PCI address"* ]]
}

@test "device hwinfo: VT-d data equal to the guest's sysfs registers, decoded" {
	batch "device open $BDF name e
device hwinfo e"
	[ "$status" -eq 0 ]
	output=$(jq '.[1].output' <<<"$output")
	cap=$(cat /sys/class/iommu/dmar0/intel-iommu/cap)
	ecap=$(cat /sys/class/iommu/dmar0/intel-iommu/ecap)
	jqe '.type == "vtd" and .type_value == "0x1" and .data_len == 24'
	jqe '.max_pasid_log2 == 0'
	# IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED is reported from Linux 7.1 on; an older
	# kernel leaves the bit clear, which the uAPI reads as "ATS may be used"
	if kernel_older 7.1; then
		jqe '.capabilities | .value == "0x0" and .pci_ats == true and .dirty_tracking == false'
	else
		jqe '.capabilities | .value == "0x8" and .pci_ats == false and .dirty_tracking == false'
	fi
	jqe '.capabilities | .pci_pasid_exec == false and .pci_pasid_priv == false'
	jqe '.data.flags == "0x1" and .data.errata_772415_spr17 == true'
	[ "$(( $(jq -r .data.registers.cap.value <<<"$output") ))" = "$(( 0x$cap ))" ]
	[ "$(( $(jq -r .data.registers.ecap.value <<<"$output") ))" = "$(( 0x$ecap ))" ]
	# and the recorded values of this QEMU (skipped only with another QEMU)
	if [ "${IOMMUCTL_VM_QEMU%.*}" = "$(sed -n 's/^qemu_release=//p' "$EXPECTED")" ]; then
		[ "$(( $(jq -r .data.registers.cap.value <<<"$output") ))" = "$(( $(sed -n 's/^cap=//p' "$EXPECTED") ))" ]
		kernel_older 7.1 ||
			[ "$(jq -r .capabilities.value <<<"$output")" = "$(sed -n 's/^hw_info_capabilities=//p' "$EXPECTED")" ]
	fi
	jqe '.data.registers.ecap.fields | .smts and .ssts and .pasid and (.nest | not) and (.fsts | not)'
	jqe '.data.registers.cap.derived.mgaw_bits == 48'
}

@test "device hwinfo: the live verdict says why this unit cannot nest" {
	batch "device open $BDF name e
device hwinfo e"
	[ "$status" -eq 0 ]
	output=$(jq '.[1].output.nesting' <<<"$output")
	jqe '.nest_parent == "fail" and .nested == "fail" and .viommu == "fail"'
	jqe '.checks[] | select(.check == "ecap.nest") | .result == "fail" and (.reason | test("ECAP.NEST=0"))'
	jqe '.checks[] | select(.check == "ecap.smts") | .result == "pass"'
	jqe '.checks[] | select(.check == "kernel.iommufd") | .result == "pass"'
	jqe '.checks[] | select(.check == "kernel.version.nest_parent") | .result == "pass"'
	jqe '.summary | test("ECAP.NEST=0")'
}

@test "hwpt alloc: the kernel's EOPNOTSUPP is explained from the registers" {
	batch "device open $BDF name e
ioas alloc name a
hwpt alloc e ioas a nest-parent"
	[ "$status" -eq 3 ]
	jqe '.[2].error | .name == "EOPNOTSUPP" and .op == "IOMMU_HWPT_ALLOC" and .kind == "unsupported"'
	jqe '.[2].error.message | test("cannot be a nesting parent: no nested translation \\(ECAP.NEST=0\\)")'
	batch "device open $BDF name e
ioas alloc name a
hwpt alloc e ioas a dirty"
	[ "$status" -eq 3 ]
	jqe '.[2].error.message | test("dirty tracking is refused.*ECAP.SSADS=0")'
}

@test "device attach/detach: IOAS (automatic domain), an HWPT, detach" {
	batch "device open $BDF name e
ioas alloc name a
device attach e a
hwpt alloc e ioas a name p
device attach e p
device detach e
hwpt destroy p"
	[ "$status" -eq 0 ]
	a=$(jq -r '.[1].output.ioas_id' <<<"$output")
	p=$(jq -r '.[3].output.hwpt_id' <<<"$output")
	[ "$(jq -r '.[2].output.ioas_id' <<<"$output")" = "$a" ]
	[ "$(jq -r '.[2].output.attached_hwpt_id' <<<"$output")" != "$a" ]
	[ "$(jq -r '.[4].output.attached_hwpt_id' <<<"$output")" = "$p" ]
	jqe '.[5].output.detached == true'
	[ "$(jq -r '.[6].output.destroyed' <<<"$output")" = "$p" ]
}

@test "device attach/detach: a pasid HWPT on the RID" {
	batch "device open $BDF name e
ioas alloc name a
device attach e a
hwpt alloc e ioas a pasid name p
device attach e p
device detach e
hwpt destroy p"
	kernel_lacks 3 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	a=$(jq -r '.[1].output.ioas_id' <<<"$output")
	p=$(jq -r '.[3].output.hwpt_id' <<<"$output")
	[ "$(jq -r '.[2].output.ioas_id' <<<"$output")" = "$a" ]
	[ "$(jq -r '.[2].output.attached_hwpt_id' <<<"$output")" != "$a" ]
	[ "$(jq -r '.[4].output.attached_hwpt_id' <<<"$output")" = "$p" ]
	jqe '.[5].output.detached == true'
	[ "$(jq -r '.[6].output.destroyed' <<<"$output")" = "$p" ]
}

@test "device attach: PASIDs on a device without PASID support, and PASID 0" {
	batch --force "device open $BDF name e
ioas alloc name a
hwpt alloc e ioas a pasid name p
device attach e p pasid 1
device attach e p pasid 0"
	kernel_lacks 2 && skip "$SKIP_REASON"
	[ "$status" -eq 3 ]	# --force: the first failure's code
	jqe '.[3].error.kind == "unsupported" and (.[3].error.message | test("no PASID support"))'
	jqe '.[4].error.kind == "usage" and (.[4].error.message | test("pasid 0 is the device.s RID"))'
}

@test "device hwinfo on mock devices: selftest data, capabilities" {
	batch "ioas alloc name a
mock add a name m
mock add a no-dirty name n
device hwinfo m
device hwinfo n"
	[ "$status" -eq 0 ]
	jqe '.[3].output | .type == "selftest" and .type_value == "0xfeedbeef" and .data_len == 8'
	jqe '.[3].output.data | .test_reg == "0xdeadbeef" and .test_reg_ok'
	jqe '.[3].output | .max_pasid_log2 == 0 and .capabilities.dirty_tracking'
	jqe '.[3].output.nesting == null'
	jqe '.[4].output | .max_pasid_log2 == 0 and (.capabilities.dirty_tracking | not)'
}

@test "device hwinfo on mock devices: PASID width, an explicit type" {
	batch "ioas alloc name a
mock add a pasid name m
mock add a no-dirty name n
device hwinfo m
device hwinfo n
device hwinfo m type selftest"
	kernel_lacks 1 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	jqe '.[3].output | .type == "selftest" and .type_value == "0xfeedbeef" and .data_len == 8'
	jqe '.[3].output.data | .test_reg == "0xdeadbeef" and .test_reg_ok'
	jqe '.[3].output | .max_pasid_log2 == 20 and .capabilities.dirty_tracking and (.capabilities.pci_ats | not)'
	jqe '.[3].output.nesting == null'
	jqe '.[4].output | .max_pasid_log2 == 0 and (.capabilities.dirty_tracking | not)'
	jqe '.[5].output.type == "selftest"'
	batch "ioas alloc name a
mock add a name m
device hwinfo m type vtd"
	[ "$status" -eq 3 ]
	jqe '.[2].error.name == "EOPNOTSUPP"'
}
