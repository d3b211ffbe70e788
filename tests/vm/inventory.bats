#!/usr/bin/env bats
# The test VM itself, checked from inside the guest without iommuctl: the
# emulated VT-d IOMMU, iommufd, the edu device on vfio-pci, the selftest mock
# IOMMU, hugepages. Runs inside the VM (tests/vm/vmcheck.sh); skipped outside.
bats_require_minimum_version 1.5.0

setup() {
	[ "${IOMMUCTL_VM:-}" = 1 ] || skip "not in the test VM (see tests/vm/README)"
	EXPECTED=$BATS_TEST_DIRNAME/expected-vtd-registers.txt
	VTD=/sys/class/iommu/dmar0/intel-iommu
}

expect() {	# expect KEY: the value recorded in expected-vtd-registers.txt
	sed -n "s/^$1=//p" "$EXPECTED"
}

same_qemu_setup() {	# the VM runs with the QEMU release and options recorded
	[ "${IOMMUCTL_VM_QEMU%.*}" = "$(expect qemu_release)" ] &&
	[ "${IOMMUCTL_VM_VTD:-}" = "$(expect vtd_options)" ]
}

@test "vtd: dmar0 exposes cap and ecap as hex" {
	[ -d /sys/class/iommu/dmar0 ]
	[[ "$(cat "$VTD/cap")" =~ ^[0-9a-f]+$ ]]
	[[ "$(cat "$VTD/ecap")" =~ ^[0-9a-f]+$ ]]
	[ "$(cat "$VTD/version")" = "$(expect sysfs_version)" ]
}

@test "vtd: cap and ecap are the recorded values" {
	same_qemu_setup || skip "QEMU ${IOMMUCTL_VM_QEMU:-?} with ${IOMMUCTL_VM_VTD:-?} is not the recorded setup"
	[ "$(cat "$VTD/cap")" = "$(expect sysfs_cap)" ]
	[ "$(cat "$VTD/ecap")" = "$(expect sysfs_ecap)" ]
	[ "$(printf '0x%016x' "0x$(cat "$VTD/cap")")" = "$(expect cap)" ]
	[ "$(printf '0x%016x' "0x$(cat "$VTD/ecap")")" = "$(expect ecap)" ]
	[ "$(cat "$VTD/address")" = "$(expect sysfs_address)" ]
}

@test "vtd: scalable mode and PASID on, no nesting (ECAP.SMTS, .PASID, .NEST)" {
	ecap=$((0x$(cat "$VTD/ecap")))
	[ $(( (ecap >> 43) & 1 )) = 1 ]	# SMTS
	[ $(( (ecap >> 40) & 1 )) = 1 ]	# PASID
	[ $(( (ecap >> 26) & 1 )) = 0 ]	# NEST: QEMU never offers it
	[ $(( (ecap >> 3) & 1 )) = 1 ]	# IR: interrupt remapping
}

@test "vtd: interrupt remapping is enabled (MSIs isolated for iommufd bind)" {
	run dmesg
	[ "$status" -eq 0 ]
	[[ "$output" == *"Enabled IRQ remapping"* ]]
}

@test "iommufd: /dev/iommu is a character device" {
	[ -c /dev/iommu ]
}

@test "iommufd: the selftest mock IOMMU and its fault injection are there" {
	[ -d /sys/class/iommu/iommufd_selftest_iommu.0 ]
	[ -d /sys/kernel/debug/fail_iommufd ]
}

@test "edu: at the recorded BDF, bound to vfio-pci, with a vfio cdev" {
	bdf=${IOMMUCTL_VM_EDU_BDF:?guest-init found no edu device}
	[ "$bdf" = "$(expect edu_bdf)" ]
	d=/sys/bus/pci/devices/$bdf
	[ "$(cat "$d/vendor")" = "$(expect edu_vendor)" ]
	[ "$(cat "$d/device")" = "$(expect edu_device)" ]
	[ "$(basename "$(readlink "$d/driver")")" = vfio-pci ]
	cdev=$(expect edu_cdev)
	[ -d "$d/vfio-dev/$cdev" ]
	[ -c "/dev/vfio/devices/$cdev" ]
	[ "$(basename "$(readlink "$d/iommu")")" = dmar0 ]
	[ -e "$d/iommu_group" ]
}

@test "memory: 160 hugepages of 2 MiB are reserved, hugetlbfs is mounted" {
	[ "$(cat /proc/sys/vm/nr_hugepages)" = 160 ]
	grep -q '^Hugepagesize: *2048 kB' /proc/meminfo
	mountpoint -q /dev/hugepages
}
