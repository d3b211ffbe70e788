#!/usr/bin/env bats
# iommufd sessions on the real kernel, through the selftest mock IOMMU
# (CONFIG_IOMMUFD_TEST). Runs inside the test VM (tests/vm/vmcheck.sh).
bats_require_minimum_version 1.5.0
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}


@test "mock: IOVA ranges of a mock domain are the mock aperture" {
	batch 'ioas alloc name a
mock add a name m
ioas ranges a'
	[ "$status" -eq 0 ]
	[ "$(jq -r '.[0].output.ioas_id' <<<"$output")" -ge 1 ]
	[ "$(jq -r '.[1].output.dev_id' <<<"$output")" -ge 1 ]
	[ "$(jq -r '.[2].output.iova_alignment' <<<"$output")" = 2048 ]
	[ "$(jq -r '.[2].output.num_ranges' <<<"$output")" = 1 ]
	[ "$(jq -r '.[2].output.ranges[0].start' <<<"$output")" = 0x1000000 ]
	[ "$(jq -r '.[2].output.ranges[0].last' <<<"$output")" = 0x7fffffff ]
}

@test "mock: map, check-map, unmap round trip at a fixed and a kernel-chosen IOVA" {
	batch 'ioas alloc name a
mock add a name m
ioas map a length 64k iova 0x1000000
mock check-map m iova 0x1000000 length 64k
ioas map a length 1M backing memfd
ioas unmap a iova 0x1000000 length 64k
ioas unmap a all'
	kernel_lacks 4 && skip "$SKIP_REASON"	# memfd: IOMMU_IOAS_MAP_FILE
	[ "$status" -eq 0 ]
	[ "$(jq -r '.[2].output.iova' <<<"$output")" = 0x1000000 ]
	[ "$(jq -r '.[3].output.mapped' <<<"$output")" = true ]
	iova=$(jq -r '.[4].output.iova' <<<"$output")
	[ "$((iova >= 0x1000000 && iova + 0x100000 - 1 <= 0x7fffffff))" = 1 ]
	[ "$(jq -r '.[4].output.backing' <<<"$output")" = memfd ]
	[ "$(jq -r '.[5].output.unmapped' <<<"$output")" = 65536 ]
	[ "$(jq -r '.[6].output.unmapped' <<<"$output")" = 1048576 ]
}

@test "mock: check-map fails after the range is unmapped and mapped elsewhere" {
	batch 'ioas alloc name a
mock add a name m
ioas map a length 64k iova 0x1000000
ioas map a length 64k iova 0x2000000
mock check-map m iova 0x2000000 length 64k
ioas unmap a iova 0x1000000 length 64k
mock check-map m iova 0x1000000 length 64k'
	[ "$status" -eq 2 ]
	[[ "$(jq -r '.[6].error.message' <<<"$output")" == *"nothing this session mapped covers"* ]]
}

@test "errors: EBUSY destroying a used IOAS names the ioctl and the cause" {
	batch 'ioas alloc name a
mock add a name m
ioas destroy a'
	[ "$status" -eq 1 ]
	[ "$(jq -r '.[2].error.op' <<<"$output")" = IOMMU_DESTROY ]
	[ "$(jq -r '.[2].error.name' <<<"$output")" = EBUSY ]
	[ "$(jq -r '.[2].error.exit_code' <<<"$output")" = 1 ]
}

@test "errors: a destroyed id is refused by the session; one it never made, ENOENT from the kernel" {
	batch 'ioas alloc name a
ioas destroy a
ioas ranges 1'
	[ "$status" -eq 2 ]
	[ "$(jq -r '.[1].output.destroyed' <<<"$output")" = 1 ]
	[ "$(jq -r '.[2].error.kind' <<<"$output")" = usage ]
	[[ "$(jq -r '.[2].error.message' <<<"$output")" == *"ioas 1 (a) was destroyed (line 2)"* ]]
	batch 'ioas alloc name a
ioas ranges 77'
	[ "$status" -eq 1 ]
	[ "$(jq -r '.[1].error.name' <<<"$output")" = ENOENT ]
	[ "$(jq -r '.[1].error.op' <<<"$output")" = IOMMU_IOAS_IOVA_RANGES ]
}

@test "errors: EINVAL for an IOVA that is not aligned to the mock's 2 KiB pages" {
	batch 'ioas alloc name a
mock add a name m
ioas map a length 64k iova 0x1000100'
	[ "$status" -eq 1 ]
	[ "$(jq -r '.[2].error.op' <<<"$output")" = IOMMU_IOAS_MAP ]
	[ "$(jq -r '.[2].error.name' <<<"$output")" = EINVAL ]
}

@test "names: reuse is an error, names resolve wherever ids do" {
	batch 'ioas alloc name a
ioas alloc name a'
	[ "$status" -eq 2 ]
	[[ "$(jq -r '.[1].error.message' <<<"$output")" == *"name 'a' is already used by ioas"* ]]
	batch 'ioas alloc name a
hwpt alloc a ioas a'
	[ "$status" -eq 2 ]
	[[ "$(jq -r '.[1].error.message' <<<"$output")" == *"'a' is a ioas, expected a device or mock"* ]]
}

@test "hwpt: paging HWPT with flags, attach by replace, destroy order" {
	batch 'ioas alloc name a
mock add a name m
hwpt alloc m ioas a nest-parent name p
hwpt replace p m
hwpt destroy p
ioas alloc name b
hwpt replace b m
hwpt destroy p'
	[ "$status" -eq 1 ]
	[ "$(jq -c '.[2].output.flags' <<<"$output")" = '["nest-parent"]' ]
	p=$(jq -r '.[2].output.hwpt_id' <<<"$output")
	[ "$(jq -r '.[3].output.attached_hwpt_id' <<<"$output")" = "$p" ]
	[ "$(jq -r '.[4].error.name' <<<"$output")" = EBUSY ]
	batch 'ioas alloc name a
mock add a name m
hwpt alloc m ioas a nest-parent name p
hwpt replace p m
ioas alloc name b
hwpt replace b m
hwpt destroy p'
	[ "$status" -eq 0 ]
	[ "$(jq -r '.[6].output.destroyed' <<<"$output")" = "$p" ]
}

@test "mock: a mock device cannot be detached, only replaced or destroyed" {
	batch 'ioas alloc name a
mock add a name m
hwpt detach m'
	[ "$status" -eq 3 ]
	[[ "$(jq -r '.[2].error.message' <<<"$output")" == *"cannot be detached"* ]]
	batch 'ioas alloc name a
mock add a name m
mock destroy m
ioas destroy a'
	[ "$status" -eq 0 ]
}

@test "debug: -d traces each ioctl with decoded fields on stderr" {
	run --separate-stderr "$IOMMUCTL" -d ioas alloc
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"IOMMU_IOAS_ALLOC(0x3b81)"* ]]
	[[ "$stderr" == *"out_ioas_id=1"* ]]
}

@test "option: huge-pages per IOAS round trip, rlimit-mode readable" {
	batch 'ioas alloc name a
option get huge-pages a
option set huge-pages a 0
option get huge-pages a
option get rlimit-mode'
	[ "$status" -eq 0 ]
	[ "$(jq -r '.[1].output.value' <<<"$output")" = 1 ]
	[ "$(jq -r '.[3].output.value' <<<"$output")" = 0 ]
	[ "$(jq -r '.[3].output.meaning' <<<"$output")" = "PAGE_SIZE mappings only" ]
	[[ "$(jq -r '.[4].output.value' <<<"$output")" =~ ^[01]$ ]]
}
