#!/usr/bin/env bats
# Commands that need a kernel newer than iommufd itself, on the running
# kernel: on a kernel that has the feature they work (or fail for their own
# reasons); on an older one (x86-6.12) iommuctl must find out at run time and
# say "not supported by this kernel (needs X.Y or later)" with exit 3. Both
# answers are checked values; neither is a skip. Runs inside the test VM.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	BDF=${IOMMUCTL_VM_EDU_BDF:-0000:00:10.0}
}

MOCK='ioas alloc name a
mock add a name m'

@test "IOMMU_IOAS_MAP_FILE (6.13): ioas map backing memfd" {
	batch "ioas alloc name a
ioas map a length 64k backing memfd"
	if kernel_older 6.13; then
		expect_needs 1 6.13 IOMMU_IOAS_MAP_FILE ENOTTY
		return
	fi
	[ "$status" -eq 0 ]
	jqe '.[1].output | .backing == "memfd" and .length == 65536'
}

@test "IOMMU_VIOMMU_ALLOC (6.13): viommu alloc on a mock nest parent" {
	batch "$MOCK
hwpt alloc m ioas a nest-parent name p
viommu alloc m p type selftest"
	if kernel_older 6.13; then
		expect_needs 3 6.13 IOMMU_VIOMMU_ALLOC ENOTTY
		jqe '.[2].output.flags == ["nest-parent"]'	# the parent itself is 6.7
		return
	fi
	[ "$status" -eq 0 ]
	jqe '.[3].output | .type == "selftest" and .viommu_id >= 1'
}

@test "IOMMU_VDEVICE_ALLOC (6.13): vdevice alloc, answered ENOENT or ENOTTY" {
	batch "$MOCK
vdevice alloc 4000 m virt-id 1"
	if kernel_older 6.13; then
		expect_needs 2 6.13 IOMMU_VDEVICE_ALLOC ENOTTY
		return
	fi
	[ "$status" -eq 1 ]
	jqe '.[2].error | .op == "IOMMU_VDEVICE_ALLOC" and .name == "ENOENT"'
}

@test "IOMMU_VEVENTQ_ALLOC (6.15): veventq alloc, answered ENOENT or ENOTTY" {
	batch "veventq alloc 4000 type selftest"
	if kernel_older 6.15; then
		expect_needs 0 6.15 IOMMU_VEVENTQ_ALLOC ENOTTY
		return
	fi
	[ "$status" -eq 1 ]
	jqe '.[0].error | .op == "IOMMU_VEVENTQ_ALLOC" and .name == "ENOENT"'
}

@test "mock device cache (6.13): mock check-cache" {
	batch "$MOCK
mock check-cache m value 0xbaddad"
	if kernel_older 6.13; then
		expect_needs 2 6.13 IOMMU_TEST_CMD EOPNOTSUPP
		jqe '.[2].error.message | test("IOMMU_TEST_OP_DEV_CHECK_CACHE")'
		return
	fi
	[ "$status" -eq 0 ]
	jqe '.[2].output | .matched == 4 and .checked == 4'
}

@test "mock vEVENTs (6.15): mock trigger-vevent without a vIOMMU" {
	batch "$MOCK
mock trigger-vevent m"
	if kernel_older 6.15; then
		expect_needs 2 6.15 IOMMU_TEST_CMD EOPNOTSUPP
		return
	fi
	[ "$status" -eq 1 ]
	jqe '.[2].error | .name == "ENOENT" and (.message | test("vIOMMU-nested HWPT"))'
}

@test "PASID (6.15): hwpt alloc pasid on a mock device" {
	batch "$MOCK
hwpt alloc m ioas a pasid"
	if kernel_older 6.15; then
		expect_needs 2 6.15 IOMMU_HWPT_ALLOC EOPNOTSUPP
		jqe '.[2].error.message | test("IOMMU_HWPT_ALLOC_PASID")'
		return
	fi
	[ "$status" -eq 0 ]
	jqe '.[2].output.flags == ["pasid"]'
}

@test "PASID (6.15): mock add pasid" {
	batch "ioas alloc name a
mock add a pasid name m"
	if kernel_older 6.15; then
		expect_needs 1 6.15 IOMMU_TEST_CMD EINVAL
		return
	fi
	[ "$status" -eq 0 ]
	jqe '.[1].output.pasid == true'
}

@test "PASID (6.15): pasid alloc on a plain mock: no PASID, or no PASID support at all" {
	batch "$MOCK
pasid alloc m"
	[ "$status" -eq 3 ]
	if kernel_older 6.15; then
		jqe '.[2].error | .kind == "unsupported" and (.message | test("^pasid alloc: not supported by this kernel \\(needs 6.15 or later\\)"))'
		return
	fi
	jqe '.[2].error.message | test("has no PASID support") and (test("not supported by this kernel") | not)'
}

@test "PASID (6.15): device attach/detach pasid on the edu VFIO device" {
	batch --force "device open $BDF name e
device attach e 99 pasid 1
device detach e pasid 1"
	[ "$status" -eq 3 ]
	if kernel_older 6.15; then
		jqe '[.[1,2].error.message | test("^device (attach|detach): not supported by this kernel \\(needs 6.15 or later\\)")] == [true,true]'
		return
	fi
	jqe '[.[1,2].error.message | test("has no PASID support")] == [true,true]'
}

@test "IOMMU_HW_INFO_FLAG_INPUT_TYPE (6.17): device hwinfo with an explicit type" {
	batch "device open $BDF name e
device hwinfo e type vtd"
	if kernel_older 6.17; then
		expect_needs 1 6.17 IOMMU_GET_HW_INFO EOPNOTSUPP
		jqe '.[1].error.message | test("IOMMU_HW_INFO_FLAG_INPUT_TYPE")'
		return
	fi
	[ "$status" -eq 0 ]
	jqe '.[1].output | .type == "vtd" and .data_len == 24'
}
