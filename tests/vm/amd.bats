#!/usr/bin/env bats
# The AMD-Vi target (run-vm.sh --iommu amd): QEMU's emulated AMD IOMMU in
# front of the edu device, with the AMD driver and CONFIG_AMD_IOMMU_IOMMUFD.
# The inventory from the AMD sysfs files, IOMMU_GET_HW_INFO returning the
# AMD type with EFR/EFR2, and why this unit cannot nest: QEMU offers no
# GIoSup and no EFR2 at all, and Linux 7.2 does not wire AMD nested
# allocation. Runs inside the test VM (tests/vm/vmcheck.sh, target x86-amd).
bats_require_minimum_version 1.5.0
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	[ "${IOMMUCTL_VM_IOMMU:-}" = amd ] || skip "not the AMD-Vi VM (run-vm.sh --iommu amd)"
	EXPECTED=$BATS_TEST_DIRNAME/expected-amd-registers.txt
	AMD=/sys/class/iommu/ivhd0/amd-iommu
	BDF=${IOMMUCTL_VM_EDU_BDF:?guest-init found no edu device}
}

expect() {	# expect KEY: the value recorded in expected-amd-registers.txt
	sed -n "s/^$1=//p" "$EXPECTED"
}

same_qemu_setup() {
	[ "${IOMMUCTL_VM_QEMU%.*}" = "$(expect qemu_release)" ] &&
	[ "${IOMMUCTL_VM_AMDVI:-}" = "$(expect amd_options)" ]
}

sysfs_efr() {	# sysfs_efr 1|2: EFR or EFR2 from the features file, as a number
	printf '%d' "0x$(cut -d: -f"$1" "$AMD/features")"
}

@test "sysfs: ivhd0 features (EFR:EFR2) and cap, the recorded values" {
	[[ "$(cat "$AMD/features")" =~ ^[0-9a-f]+:[0-9a-f]+$ ]]
	[[ "$(cat "$AMD/cap")" =~ ^[0-9a-f]+$ ]]
	same_qemu_setup || skip "QEMU ${IOMMUCTL_VM_QEMU:-?} with ${IOMMUCTL_VM_AMDVI:-?} is not the recorded setup"
	[ "$(cat "$AMD/features")" = "$(expect sysfs_features)" ]
	[ "$(cat "$AMD/cap")" = "$(expect sysfs_cap)" ]
	d=/sys/bus/pci/devices/$(expect iommu_bdf)
	[ "$(cat "$d/vendor")" = "$(expect iommu_vendor)" ]
	[ "$(cat "$d/device")" = "$(expect iommu_device)" ]
	[ "$(basename "$(readlink /sys/class/iommu/ivhd0)")" = ivhd0 ]
	[[ "$(readlink /sys/class/iommu/ivhd0)" == *"/$(expect iommu_bdf)/iommu/ivhd0" ]]
}

@test "kernel: the AMD driver logged the EFR it uses and enabled interrupt remapping" {
	run dmesg
	[ "$status" -eq 0 ]
	efr=$(cut -d: -f1 "$AMD/features") efr2=$(cut -d: -f2 "$AMD/features")
	[[ "$output" == *"AMD-Vi: Extended features (0x$efr, 0x$efr2):"*" GT "* ]]
	[[ "$output" == *"AMD-Vi: Interrupt remapping enabled"* ]]
}

@test "edu: behind ivhd0, bound to vfio-pci, with a vfio cdev" {
	d=/sys/bus/pci/devices/$BDF
	[ "$BDF" = "$(expect edu_bdf)" ]
	[ "$(basename "$(readlink "$d/iommu")")" = ivhd0 ]
	[ "$(basename "$(readlink "$d/driver")")" = vfio-pci ]
	[ -c "/dev/vfio/devices/$(expect edu_cdev)" ]
}

@test "iommu list: ivhd0 is an AMD unit that cannot be a nest parent" {
	run --separate-stderr "$IOMMUCTL" iommu list
	[ "$status" -eq 0 ]
	[[ "$output" =~ (^|$'\n')ivhd0\ +amd\ .*no:\ efr\.gio_sup:\ no\ guest\ I/O\ protection\ \(EFR\.GIoSup=0\) ]]
	run --separate-stderr "$IOMMUCTL" -j iommu list
	[ "$status" -eq 0 ]
	jqe '[.. | objects | select(.name? == "ivhd0")] | length == 1'
}

@test "iommu show ivhd0: EFR/EFR2 and the PCI capability header decoded from sysfs" {
	run --separate-stderr "$IOMMUCTL" -j iommu show ivhd0
	[ "$status" -eq 0 ]
	output=$(jq '.iommu' <<<"$output")
	jqe ".vendor == \"amd\" and .parent == \"$(expect iommu_bdf)\""
	jqe ".features | .raw == \"$(cat "$AMD/features")\" and .form == \"efr:efr2\" and .certain"
	[ "$(( $(jq -r .registers.efr.value <<<"$output") ))" = "$(sysfs_efr 1)" ]
	[ "$(( $(jq -r .registers.efr2.value <<<"$output") ))" = "$(sysfs_efr 2)" ]
	[ "$(( $(jq -r .pci_cap.value <<<"$output") ))" = "$(( 0x$(cat "$AMD/cap") ))" ]
	# QEMU's EFR: guest translation (GT) but no guest I/O protection, no PASIDs
	jqe '.registers.efr.fields | .gt_sup and .ppr_sup and .ia_sup and .ga_sup and .he_sup'
	jqe '.registers.efr.fields | (.gio_sup | not) and (.hd_sup | not) and (.eph_sup | not) and (.xt_sup | not)'
	jqe '.registers.efr.fields | .hats == 2 and .gats == 2 and .pas_max == 0'
	jqe '.registers.efr2.fields.gcr3_trp_mode == false'
	jqe '.pci_cap.fields | .cap_id == "0xf" and .cap_type == 3 and .efr_sup and .iotlb_sup and .np_cache'
	jqe '.nesting | .nest_parent == "fail" and .nested == "fail" and .viommu == "fail"'
	same_qemu_setup || return 0
	[ "$(jq -r .registers.efr.value <<<"$output")" = "$(expect efr)" ]
	[ "$(jq -r .registers.efr2.value <<<"$output")" = "$(expect efr2)" ]
}

@test "device hwinfo: the AMD type with EFR/EFR2 equal to sysfs, decoded" {
	batch "device open $BDF name e
device hwinfo e"
	[ "$status" -eq 0 ]
	output=$(jq '.[1].output' <<<"$output")
	jqe ".type == \"amd\" and .type_value == \"0x$(expect hw_info_type)\" and .data_len == $(expect hw_info_data_len)"
	jqe ".max_pasid_log2 == $(expect hw_info_max_pasid_log2)"
	jqe ".capabilities | .value == \"$(expect hw_info_capabilities)\" and .pci_ats == false and .dirty_tracking == false"
	[ "$(( $(jq -r .data.registers.efr.value <<<"$output") ))" = "$(sysfs_efr 1)" ]
	[ "$(( $(jq -r .data.registers.efr2.value <<<"$output") ))" = "$(sysfs_efr 2)" ]
	jqe '.data.registers.efr.fields | .gt_sup and (.gio_sup | not) and .pas_max == 0'
	jqe '.data.registers.efr.derived | .host_levels == 6 and .pasid_bits == 1'
	jqe '.data.registers.efr2.fields | (.gcr3_trp_mode | not) and (.sev_snp_io_sup | not)'
	# the text form says the same (-v: zero fields too)
	run --separate-stderr "$IOMMUCTL" -v batch "$BATS_TEST_TMPDIR/batch"
	[ "$status" -eq 0 ]
	[[ "$output" == *"type amd (0x4) data 16 bytes max_pasid_log2 0 (no PASID)"* ]]
	[[ "$output" =~ GIoSup\ +48\ +0 ]]
	[[ "$output" =~ GCR3TRPMode\ +3\ +0 ]]
}

@test "device hwinfo: the verdict names the missing EFR/EFR2 bits and the unwired nesting" {
	batch "device open $BDF name e
device hwinfo e"
	[ "$status" -eq 0 ]
	output=$(jq '.[1].output.nesting' <<<"$output")
	chk() { jqe ".checks[] | select(.check == \"$1\") | .result == \"$2\" and (.reason | test(\"$3\"))"; }
	jqe '.nest_parent == "fail" and .nested == "fail" and .viommu == "fail"'
	jqe '.summary == "no: efr.gio_sup: no guest I/O protection (EFR.GIoSup=0)"'
	chk efr.gt_sup pass 'EFR.GTSup=1'
	chk efr.gio_sup fail 'EFR.GIoSup=0'
	chk efr2.gcr3_trp_mode fail 'EFR2.GCR3TRPMode=0'
	chk amd.nested fail 'not wired in Linux 7.2 .*EOPNOTSUPP'
	chk amd.viommu fail 'no AMD vIOMMU type'
	chk kernel.hw_info pass 'type AMD'
	chk kernel.iommufd pass '/dev/iommu'
	chk efr.hd_sup fail 'EFR.HDSup=0'
	chk amd.pasid fail 'EFR.GIoSup=0, EFR.EPHSup=0'
}

@test "hwpt alloc: nest-parent, dirty and pasid are refused, each explained from EFR/EFR2" {
	batch --force "device open $BDF name e
ioas alloc name a
hwpt alloc e ioas a nest-parent
hwpt alloc e ioas a dirty
hwpt alloc e ioas a pasid"
	[ "$status" -eq 3 ]
	jqe '[.[2,3,4].error | .op == "IOMMU_HWPT_ALLOC" and .name == "EOPNOTSUPP" and .kind == "unsupported"] == [true,true,true]'
	jqe '.[2].error.message | test("cannot be a nesting parent: no guest I/O protection \\(EFR.GIoSup=0\\) \\(efr.gio_sup\\); the DTE GCR3 root cannot be a guest-physical address \\(EFR2.GCR3TRPMode=0\\)")'
	jqe '.[3].error.message | test("dirty tracking is refused .*EFR.HDSup=0")'
	jqe '.[4].error.message | test("cannot make a PASID-capable domain: .*EFR.GIoSup=0")'
}

@test "paging: an HWPT, attach and detach work; no vIOMMU and no nested HWPT on it" {
	batch --force "device open $BDF name e
ioas alloc name a
ioas map a length 64k iova 0x100000
hwpt alloc e ioas a name p
device attach e a
device attach e p
viommu alloc e p type selftest
hwpt alloc e parent p nested selftest
device detach e"
	[ "$status" -eq 1 ]	# --force: the first failure's code (the vIOMMU's EINVAL)
	p=$(jq -r '.[3].output.hwpt_id' <<<"$output")
	jqe '.[2].output.iova == "0x100000"'
	jqe '.[4].output | .attached_hwpt_id != .ioas_id'
	[ "$(jq -r '.[5].output.attached_hwpt_id' <<<"$output")" = "$p" ]
	jqe '.[6].error | .op == "IOMMU_VIOMMU_ALLOC" and .name == "EINVAL" and (.message | test("not a NEST_PARENT"))'
	jqe '.[7].error | .op == "IOMMU_HWPT_ALLOC" and .name == "EOPNOTSUPP"'
	jqe '.[7].error.message | test("this IOMMU cannot nest: .*EFR.GIoSup=0.*EFR2.GCR3TRPMode=0.*not wired in Linux 7.2")'
	jqe '.[8].output.detached == true'
}
