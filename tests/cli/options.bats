#!/usr/bin/env bats
# Global options, dispatch and the exit-code contract (no kernel needed).
bats_require_minimum_version 1.5.0
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

@test "version: text and JSON with the schema version" {
	run "$IOMMUCTL" -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^iommuctl\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	run "$IOMMUCTL" -j -V
	[ "$(jq -r .schema_version <<<"$output")" = 1 ]
	[[ "$(jq -r .version <<<"$output")" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "usage errors exit 2 and name what was wrong" {
	run --separate-stderr "$IOMMUCTL"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"no object given"* ]]
	run --separate-stderr "$IOMMUCTL" -x
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown option '-x'"* ]]
	run --separate-stderr "$IOMMUCTL" --frobnicate
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown option '--frobnicate'"* ]]
	run --separate-stderr "$IOMMUCTL" --sysfs
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"'--sysfs' needs a directory"* ]]
	run --separate-stderr "$IOMMUCTL" nosuch
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown object 'nosuch'; expected show, iommu,"* ]]
	run --separate-stderr "$IOMMUCTL" ioas frob
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"ioas: unknown command 'frob'; expected alloc, map,"* ]]
	run --separate-stderr "$IOMMUCTL" ioas
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"ioas: missing command"* ]]
}

@test "no prefix guessing: abbreviations are unknown" {
	run "$IOMMUCTL" -j io alloc
	[ "$status" -eq 2 ]
	[ "$(jq -r .error.kind <<<"$output")" = usage ]
	run "$IOMMUCTL" -j ioas al
	[ "$status" -eq 2 ]
}

@test "--iommufd-fd: numbers only, and a closed descriptor is refused" {
	run "$IOMMUCTL" -j --iommufd-fd -1 ioas alloc
	[ "$status" -eq 2 ]
	[[ "$(jq -r .error.message <<<"$output")" == *"--iommufd-fd"* ]]
	run "$IOMMUCTL" -j --iommufd-fd 3x ioas alloc
	[ "$status" -eq 2 ]
	run "$IOMMUCTL" -j --iommufd-fd 4294967296 ioas alloc
	[ "$status" -eq 2 ]
	run "$IOMMUCTL" -j --iommufd-fd 97 ioas alloc
	[ "$status" -eq 1 ]
	[ "$(jq -r .error.name <<<"$output")" = EBADF ]
	[[ "$(jq -r .error.message <<<"$output")" == *"--iommufd-fd 97 is not an open descriptor"* ]]
}

@test "no /dev/iommu: unsupported (exit 3) with the reason" {
	run "$IOMMUCTL" -j --dev "$TMP" ioas alloc
	[ "$status" -eq 3 ]
	[ "$(jq -r .error.kind <<<"$output")" = unsupported ]
	[ "$(jq -r .error.name <<<"$output")" = ENOENT ]
	[[ "$(jq -r .error.message <<<"$output")" == *"this kernel has no iommufd"* ]]
}

@test "argument errors of the session commands name the argument" {
	run --separate-stderr "$IOMMUCTL" ioas map 1 length 0
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"ioas map: length: 0 maps nothing"* ]]
	run --separate-stderr "$IOMMUCTL" ioas map 1 length 4k iova -5
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"ioas map: iova: '-5' is not an unsigned number"* ]]
	run --separate-stderr "$IOMMUCTL" ioas map 1 length 99999999999999999999
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"out of range"* ]]
	run --separate-stderr "$IOMMUCTL" ioas map 0 length 4k
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"0 is never a valid iommufd object id"* ]]
	run --separate-stderr "$IOMMUCTL" ioas map 1 length 4k length 8k
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"keyword 'length' given twice"* ]]
	run --separate-stderr "$IOMMUCTL" ioas unmap 1 all iova 0
	[ "$status" -eq 2 ]
	run --separate-stderr "$IOMMUCTL" ioas allow 1 0x2000-0x1000
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"ends before it starts"* ]]
	run --separate-stderr "$IOMMUCTL" hwpt alloc 1 ioas 2 nest-parent frob
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"unknown keyword 'frob'"* ]]
	run --separate-stderr "$IOMMUCTL" hwpt attach 1 2 pasid 0
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"pasid 0 is the device's RID"* ]]
	run --separate-stderr "$IOMMUCTL" option set rlimit-mode 2
	[ "$status" -eq 2 ]
	run --separate-stderr "$IOMMUCTL" ioas alloc name 9lives
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"names start with a letter"* ]]
}

@test "IOMMUCTL_FAIL_NTH: a count from 1, and exit 3 where the kernel has no fail-nth" {
	load helpers
	local FIXTURES=$BATS_TEST_DIRNAME/../fixtures/sysfs
	IOMMUCTL_FAIL_NTH=0 expect_error 2 usage "IOMMUCTL_FAIL_NTH: 0: expected 1 to" \
		decode vtd 0 0
	IOMMUCTL_FAIL_NTH=-1 expect_error 2 usage "IOMMUCTL_FAIL_NTH: '-1' is not an unsigned number" \
		decode vtd 0 0
	IOMMUCTL_FAIL_NTH=x expect_error 2 usage "IOMMUCTL_FAIL_NTH: 'x' is not a number" \
		--sysfs "$FIXTURES/qemu-vtd/sys" iommu list
	if [ -e /proc/thread-self/fail-nth ]; then
		# armed far beyond what a listing reaches: it completes untouched
		IOMMUCTL_FAIL_NTH=1000000 run --separate-stderr "$IOMMUCTL" --sysfs "$FIXTURES/qemu-vtd/sys" iommu list
		[ "$status" -eq 0 ]
		[[ "$stderr" == "fail-nth: 1000000 not reached"* ]]
	else
		IOMMUCTL_FAIL_NTH=5 expect_error 3 unsupported "no per-task fault injection" \
			--sysfs "$FIXTURES/qemu-vtd/sys" iommu list
	fi
}

@test "argument errors of device dma, ioas read/write and SMMUv3 stage-1 tables" {
	expect_error 2 usage "device dma: expected DEV read|write iova ADDR length SIZE" device dma
	expect_error 2 usage "device dma: DEV must be a device opened in this session" \
		device dma 1 read iova 0 length 4k
	expect_error 2 usage "ioas read: length 0 reads nothing" ioas read 1 iova 0 length 0
	expect_error 2 usage "ioas read: missing keyword 'iova'" ioas read 1 length 4
	expect_error 2 usage "is not inside one mapping this session made" ioas read 1 iova 0x1000 length 64
	expect_error 2 usage "hex 'abc' is not an even number of hex digits" ioas write 1 iova 0 hex abc
	expect_error 2 usage "give either 'byte B length SIZE' or 'hex BYTES'" \
		ioas write 1 iova 0 byte 1 hex aa
	expect_error 2 usage "unknown format 'arm'; expected vtd or smmuv3" \
		s1 alloc 1 iova 0 format arm name t
	expect_error 2 usage "addr-width 57: 39 (3-level) or 48 (4-level) for AArch64" \
		s1 alloc 1 iova 0 format smmuv3 addr-width 57 name t
	expect_error 2 usage "asid and ips belong to an SMMUv3 context descriptor" \
		s1 alloc 1 iova 0 asid 3 name t
	expect_error 2 usage "ips 47: the CD's IPS takes 32, 36, 40, 42, 44, 48 or 52 bits" \
		s1 alloc 1 iova 0 format smmuv3 ips 47 name t
	expect_error 2 usage "s1: no object named 't' in this session" \
		hwpt alloc 1 parent 2 nested smmuv3 s1 t
}
