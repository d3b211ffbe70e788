#!/usr/bin/env bats
# Bad input that needs a kernel (tests/vm/badinput.table, run by the same
# runner as tests/cli/badinput.bats), and "nothing lost": what a failed batch
# reports it made, what unmap and a partial invalidation report. Runs inside
# the test VM on the selftest mock IOMMU.
bats_require_minimum_version 1.5.0
load helpers

: "${IOMMUCTL:?set IOMMUCTL to the binary}"
load ../cli/badinput
bi_load "$BATS_TEST_DIRNAME/badinput.table"

setup() {
	TMP=$(mktemp -d)
	BI_OPTS=()
}

teardown() {
	rm -rf "$TMP"
}

@test "bad input in kernel sessions (${#BI_CMD[@]} cases)" {
	need_mock
	bi_run batch ioas device hwpt vdevice mock
	echo "# badinput (VM): ${#BI_CMD[@]} cases" >&3
}

@test "every case of the VM table was run" {
	[ "$(bi_count batch ioas device hwpt vdevice mock)" -eq "${#BI_CMD[@]}" ]
}

STOPS='ioas alloc name a
mock add a name m
ioas map a length 64k iova 0x1000000
hwpt alloc m ioas a name h
hwpt destroy h
ioas map a length 4k iova 0x1000001
help'

@test "a failed batch stops at the line and lists what each earlier line made (JSON)" {
	batch "$STOPS"
	[ "$status" -eq 1 ]
	[ "$(jq length <<<"$output")" -eq 7 ]	# 6 lines run, the summary
	jqe '.[5].line == 6 and .[5].error.name == "EINVAL" and .[5].error.line == 6'
	jqe '.[6].summary | .stopped_at_line == 6 and .commands == 6 and .failed == 1 and .failed_lines == [6]'
	m=$(jq '.[1].output.dev_id' <<<"$output")
	h=$(jq '.[3].output.hwpt_id' <<<"$output")
	jq -e --argjson m "$m" --argjson h "$h" '.[6].summary.created == [
		{"line": 1, "kind": "ioas", "id": 1, "name": "a", "destroyed_on_line": null, "what": "ioas"},
		{"line": 2, "kind": "mock", "id": $m, "name": "m", "destroyed_on_line": null,
		 "what": .[6].summary.created[1].what},
		{"line": 3, "kind": "mapping", "ioas_id": 1, "iova": "0x1000000", "length": 65536, "what": "anon"},
		{"line": 4, "kind": "hwpt", "id": $h, "name": "h", "destroyed_on_line": 5,
		 "what": "paging hwpt on ioas 1"}]' <<<"$output"
	jqe '.[6].summary.created[1].what | test("^mock device \\(selftest object [0-9]+\\)$")'
}

@test "a failed batch stops at the line and lists what each earlier line made (text)" {
	need_mock
	printf '%s\n' "$STOPS" > "$TMP/b"
	run --separate-stderr "$IOMMUCTL" batch "$TMP/b"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"$TMP/b:6: IOMMU_IOAS_MAP: EINVAL:"*"iova 0x1000001 is not a multiple of the IOAS's alignment 2048"* ]]
	[[ "$stderr" == *"batch stopped at $TMP/b line 6 after 6 command(s); what the lines before it made"* ]]
	grep -qx '  line 1: ioas 1 a: ioas' <<<"$stderr"
	grep -qE '^  line 2: mock [0-9]+ m: mock device \(selftest object [0-9]+\)$' <<<"$stderr"
	grep -qx '  line 3: mapping in ioas 1: iova 0x1000000 length 65536 (anon)' <<<"$stderr"
	grep -qE '^  line 4: hwpt [0-9]+ h: paging hwpt on ioas 1 \(destroyed on line 5\)$' <<<"$stderr"
	[ "$(grep -c '^  line ' <<<"$stderr")" -eq 4 ]
	# the lines that ran printed their results; line 7 never ran
	[[ "$output" == *"ioas 1 name a"* ]]
	[[ "$output" != *"Usage:"* ]]
}

@test "batch --force runs every line, reports every failure and what was made" {
	batch --force 'ioas alloc name a
ioas alloc name a
ioas map a length 0
ioas map a length 8k iova 0x4000
ioas map 77 length 4k
fault alloc name f
ioas unmap a iova 0x4000 length 4k'
	[ "$status" -eq 2 ]	# the first failure's exit code
	jqe '[.[] | select(.error) | [.line, .error.exit_code]] == [[2,2],[3,2],[5,1],[7,1]]'
	jqe '.[-1].summary | .stopped_at_line == null and .commands == 7 and .failed == 4
		and .failed_lines == [2,3,5,7]'
	jqe '[.[-1].summary.created[] | [.line, .kind]] == [[1,"ioas"],[4,"mapping"],[6,"fault"]]'
	jqe '.[-1].summary.created[1] | .iova == "0x4000" and .length == 8192'
	jqe '.[4].error.message | test("ioas map: IOAS 77 not made in this session")'
}

@test "unmap reports the bytes the kernel unmapped and each mapping that went" {
	batch 'ioas alloc name a
mock add a name m
ioas map a length 64k iova 0x1000000
ioas map a length 128k iova 0x1100000 backing memfd
ioas map a length 4k iova 0x1200000
ioas unmap a iova 0x1000000 length 0x200000
ioas unmap a all'
	[ "$status" -eq 0 ]
	jqe '.[5].output | .unmapped == 196608 and .iova == "0x1000000"'
	jqe '.[5].output.mappings == [
		{"iova": "0x1000000", "length": 65536, "what": "anon", "line": 3},
		{"iova": "0x1100000", "length": 131072, "what": "memfd", "line": 4}]'
	jqe '.[6].output | .unmapped == 4096 and .mappings == [{"iova": "0x1200000", "length": 4096, "what": "anon", "line": 5}]'
	printf 'ioas alloc name a\nioas map a length 8k iova 0x10000\nioas unmap a all\n' > "$TMP/u"
	run --separate-stderr "$IOMMUCTL" batch "$TMP/u"
	[ "$status" -eq 0 ]
	[[ "$output" == *"ioas 1 iova 0x0 unmapped 8192 bytes"*"iova 0x10000 length 8192 anon (mapped on line 2)"* ]]
}

@test "a partial invalidation says exactly which entries the kernel handled (text)" {
	need_mock
	printf '%s\n' 'ioas alloc name a' 'mock add a name m' 'hwpt alloc m ioas a nest-parent name p' \
		'hwpt alloc m parent p nested selftest iotlb 0x1234 name n' 'hwpt replace n m' \
		'hwpt invalidate n iotlb-id 0 iotlb-id 1 iotlb-id 9 iotlb-id 2' > "$TMP/b"
	run --separate-stderr "$IOMMUCTL" batch "$TMP/b"
	[ "$status" -eq 1 ]
	[[ "$output" == *"invalidate selftest: 2 of 4 entries handled"* ]]
	grep -qE '^ *\[0\] iotlb-id 0 +handled$' <<<"$output"
	grep -qE '^ *\[1\] iotlb-id 1 +handled$' <<<"$output"
	grep -qE '^ *\[2\] iotlb-id 9 +failed$' <<<"$output"
	grep -qE '^ *\[3\] iotlb-id 2 +not_reached$' <<<"$output"
	[[ "$stderr" == *"$TMP/b:6: IOMMU_HWPT_INVALIDATE: EINVAL: "*"(entry 2 of 4 failed, 2 handled before it; an iotlb-id above 3"* ]]
}

@test "trigger-vevent reports how many it raised before a failure" {
	batch 'ioas alloc name a
mock add a name m
mock trigger-vevent m count 3'
	[ "$status" -eq 1 ]
	jqe '.[2].output | .count == 0 and .requested == 3'
	jqe '.[2].error.message | test("vEVENT 1 of 3 failed, 0 raised before it")'
}

@test "a destroyed id the kernel hands out again, and a name used again, are valid" {
	batch 'ioas alloc name a
ioas destroy a
ioas alloc name a
ioas map 1 length 4k
ioas ranges a'
	[ "$status" -eq 0 ]
	jqe '.[0].output.ioas_id == 1 and .[2].output.ioas_id == 1 and .[3].output.ioas_id == 1'
	jqe '.[4].output.ioas_id == 1'
}
