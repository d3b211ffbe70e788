#!/usr/bin/env bats
# Nesting end to end on the real kernel through the selftest mock IOMMU:
# nested HWPTs, targeted invalidation read back from the mock's IOTLB,
# vIOMMU/vDEVICE and device-cache invalidation, PASIDs, events, dirty
# tracking; and the emulated VT-d refusing nesting. Runs inside the test VM.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TMP=$(mktemp -d)
	BDF=${IOMMUCTL_VM_EDU_BDF:-0000:00:10.0}
}

teardown() {
	rm -rf "$TMP"
}

NESTED='ioas alloc name a
mock add a name m
hwpt alloc m ioas a nest-parent name p
hwpt alloc m parent p nested selftest iotlb 0x1234 name n
hwpt replace n m'

@test "nested mock HWPT: allocated on the nest parent, attached, IOTLB seeded" {
	batch "$NESTED
mock check-iotlb n value 0x1234"
	[ "$status" -eq 0 ]
	jqe '.[3].output | .type == "selftest" and .parent_kind == "hwpt" and .data.iotlb == "0x1234"'
	p=$(jq -r '.[2].output.hwpt_id' <<<"$output")
	[ "$(jq -r '.[3].output.parent_id' <<<"$output")" = "$p" ]
	[ "$(jq -r '.[4].output.attached_hwpt_id' <<<"$output")" = "$(jq -r '.[3].output.hwpt_id' <<<"$output")" ]
	jqe '.[5].output | .matched == 4 and .checked == 4 and ([.slots[].match] == [true,true,true,true])'
}

@test "invalidate: targeted ids reset exactly those IOTLB slots, 'all' resets the rest" {
	batch "$NESTED
hwpt invalidate n iotlb-id 1 iotlb-id 3
mock check-iotlb n slot 0 value 0x1234
mock check-iotlb n slot 1 value 0
mock check-iotlb n slot 2 value 0x1234
mock check-iotlb n slot 3 value 0
hwpt invalidate n all
mock check-iotlb n value 0"
	[ "$status" -eq 0 ]
	jqe '.[5].output | .handled == 2 and .requested == 2 and .type == "selftest"'
	jqe '[.[5].output.entries[].iotlb_id] == [1,3] and all(.[5].output.entries[]; .state == "handled")'
	jqe '[.[6,7,8,9].output.matched] == [1,1,1,1]'
	jqe '.[10].output.entries[0].all == true and .[11].output.matched == 4'
}

@test "invalidate: -q prints the summary line alone, unless an entry failed" {
	need_mock
	printf '%s\n' "$NESTED" 'hwpt invalidate n iotlb-id 1 iotlb-id 3' \
		'hwpt invalidate n iotlb-id 0 iotlb-id 7' > "$TMP/q"
	run --separate-stderr "$IOMMUCTL" -q batch --force "$TMP/q"
	[ "$status" -eq 1 ]
	[ "$(grep -c 'invalidate selftest:' <<<"$output")" -eq 2 ]
	grep -qx 'hwpt [0-9]* invalidate selftest: 2 of 2 entries handled' <<<"$output"
	grep -qx 'hwpt [0-9]* invalidate selftest: 1 of 2 entries handled' <<<"$output"
	# the entries: only those of the failed call
	[ "$(grep -c '^  \[' <<<"$output")" -eq 2 ]
	grep -qE '^  \[1\] iotlb-id 7 +failed$' <<<"$output"
}

@test "invalidate: a failing entry in the middle reports its index and the count handled" {
	batch --force "$NESTED
hwpt invalidate n iotlb-id 0 iotlb-id 7 iotlb-id 2
mock check-iotlb n slot 0 value 0
mock check-iotlb n slot 2 value 0x1234"
	[ "$status" -eq 1 ]
	jqe '.[5].output | .handled == 1 and .requested == 3 and .failed_index == 1'
	jqe '[.[5].output.entries[].state] == ["handled","failed","not_reached"]'
	jqe '.[5].error | .name == "EINVAL" and .op == "IOMMU_HWPT_INVALIDATE"'
	jqe '.[5].error.message | test("entry 1 of 3 failed, 1 handled before it")'
	# the first entry did its work; the last was never reached
	jqe '.[6].output.matched == 1 and .[7].output.matched == 1'
	jqe '(.[6] | has("error") | not) and (.[7] | has("error") | not)'
}

@test "invalidate: bad entries are refused before the kernel, with the entry named" {
	batch "$NESTED
hwpt invalidate n"
	[ "$status" -eq 2 ]
	jqe '.[5].error.message | test("no entries")'
	batch "$NESTED
hwpt invalidate n iotlb-id"
	[ "$status" -eq 2 ]
	jqe '.[5].error.message | test("entry 0: .iotlb-id. needs a value")'
	batch "$NESTED
hwpt invalidate p all"
	[ "$status" -eq 2 ]
	jqe '.[5].error.message | test("paging HWPT")'
	batch "$NESTED
hwpt invalidate n type vtd-s1 addr 0x1001 npages 1"
	[ "$status" -eq 2 ]
	jqe '.[5].error.message | test("not 4 KiB aligned")'
}

@test "nested HWPT errors: wrong data type and a nested parent are explained" {
	batch --force "$NESTED
hwpt alloc m parent p nested vtd-s1 pgtbl 0x1000
hwpt alloc m parent n nested selftest
hwpt alloc m parent p nested nonsense"
	[ "$status" -eq 3 ]
	jqe '.[5].error | .name == "EOPNOTSUPP" and (.message | test("data type"))'
	jqe '.[6].error.kind == "usage" and (.[6].error.message | test("nested HWPT; the parent must be"))'
	jqe '.[7].error.kind == "usage" and (.[7].error.message | test("vtd-s1, smmuv3 or selftest"))'
}

VIOMMU='ioas alloc name a
mock add a name m
hwpt alloc m ioas a nest-parent name p
viommu alloc m p type selftest data 0xabcd name v
vdevice alloc v m virt-id 0x99 name vd
hwpt alloc m parent v nested selftest name n
hwpt replace n m'

@test "vIOMMU: selftest data loopback, vDEVICE virt-id, nested HWPT on the vIOMMU" {
	batch "$VIOMMU"
	kernel_lacks 3 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	jqe '.[3].output | .type == "selftest" and .data.in_data == "0xabcd" and .data.out_data == "0xabcd"'
	jqe '.[3].output.data.mmap_length == 8192'
	jqe '.[4].output | .virt_id == "0x99" and .vdevice_id >= 1'
	[ "$(jq -r '.[4].output.viommu_id' <<<"$output")" = "$(jq -r '.[3].output.viommu_id' <<<"$output")" ]
	jqe '.[5].output.parent_kind == "viommu"'
}

@test "vIOMMU: device-cache invalidation read back through the mock" {
	batch "$VIOMMU
mock check-cache m value 0xbaddad
viommu invalidate v vdev 0x99 cache-id 2
mock check-cache m slot 2 value 0
mock check-cache m slot 1 value 0xbaddad
viommu invalidate v vdev 0x99 all
mock check-cache m value 0"
	kernel_lacks 3 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	jqe '.[7].output.matched == 4'
	jqe '.[8].output | .handled == 1 and .entries[0].vdev == 153 and .entries[0].cache_id == 2'
	jqe '.[9].output.matched == 1 and .[10].output.matched == 1 and .[12].output.matched == 4'
	batch "$VIOMMU
viommu invalidate v vdev 0x99 cache-id 1 vdev 0x55 cache-id 1"
	[ "$status" -eq 1 ]
	jqe '.[7].output | .handled == 1 and .failed_index == 1'
}

@test "vIOMMU: without a vDEVICE the nested attach is ENOENT, explained" {
	batch 'ioas alloc name a
mock add a name m
hwpt alloc m ioas a nest-parent name p
viommu alloc m p type selftest name v
hwpt alloc m parent v nested selftest name n
hwpt replace n m'
	kernel_lacks 3 && skip "$SKIP_REASON"
	[ "$status" -eq 1 ]
	jqe '.[5].error.name == "ENOENT" and (.[5].error.message | test("vDEVICE"))'
}

@test "SMMUv3 commands the kernel refuses are refused by the tool first" {
	batch "$VIOMMU
viommu invalidate v type smmuv3 cfgi-ste sid 1"
	kernel_lacks 3 && skip "$SKIP_REASON"
	[ "$status" -eq 2 ]
	jqe '.[7].error.message | test("cfgi-ste: the kernel refuses it with EIO")'
}

PASIDS='ioas alloc name a
mock add a pasid name m
hwpt alloc m ioas a pasid name pp
hwpt replace pp m'

@test "PASID: lowest free, ranges, free then reuse, list" {
	batch "$PASIDS
pasid alloc m
pasid alloc m
pasid alloc m min 100 max 101
pasid alloc m min 100 max 101
pasid free m 1
pasid alloc m
pasid list m"
	kernel_lacks 1 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	jqe '[.[4,5,6,7].output.pasid] == [1,2,100,101]'
	jqe '.[8].output | .pasid == 1 and .freed == true'
	jqe '.[9].output.pasid == 1'
	jqe '.[10].output | .max_pasid_log2 == 20 and .allocated == 4 and ([.pasids[].pasid] == [1,2,100,101])'
}

@test "PASID: exhaustion of a range, 0, beyond the width, a device without PASIDs" {
	batch --force "$PASIDS
pasid alloc m min 5 max 5
pasid alloc m min 5 max 5
pasid alloc m min 0
pasid alloc m min 1048576
pasid attach m 0 pp
mock add a name plain
pasid alloc plain"
	kernel_lacks 1 && skip "$SKIP_REASON"
	[ "$status" -eq 1 ]
	jqe '.[4].output.pasid == 5'
	jqe '.[5].error.kind == "failed" and (.[5].error.message | test("every PASID in 5..5"))'
	jqe '.[6].error.kind == "usage" and (.[6].error.message | test("PASID 0 is the device.s RID"))'
	jqe '.[7].error.message | test("beyond the device.s 20-bit PASID width")'
	jqe '.[8].error.message | test("pasid 0 is the device.s RID")'
	jqe '.[10].error.kind == "unsupported" and (.[10].error.message | test("no PASID support"))'
}

@test "PASID: attach, replace, detach on a PASID-capable mock, checked by the mock" {
	batch "$PASIDS
hwpt alloc m ioas a pasid name q
pasid alloc m attach pp
mock check-pasid m 1 pp
pasid replace m 1 q
mock check-pasid m 1 q
pasid detach m 1
mock check-pasid m 1 none
pasid list m
pasid free m 1"
	kernel_lacks 1 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	pp=$(jq -r '.[2].output.hwpt_id' <<<"$output")
	q=$(jq -r '.[4].output.hwpt_id' <<<"$output")
	[ "$(jq -r '.[5].output.attached_hwpt_id' <<<"$output")" = "$pp" ]
	jqe '.[6].output.match == true and .[8].output.match == true and .[10].output.match == true'
	[ "$(jq -r '.[7].output.attached_hwpt_id' <<<"$output")" = "$q" ]
	[ "$(jq -r '.[9].output.detached_from' <<<"$output")" = "$q" ]
	jqe '.[11].output.pasids == [{"pasid": 1, "attached_hwpt_id": null}]'
	jqe '.[12].output.freed == true'
}

@test "PASID: the kernel's refusals: an IOAS, a non-pasid HWPT, attach twice" {
	batch --force "$PASIDS
hwpt alloc m ioas a name plain
pasid attach m 7 plain
pasid attach m 8 pp
pasid attach m 8 pp"
	kernel_lacks 1 && skip "$SKIP_REASON"
	[ "$status" -eq 1 ]
	jqe '.[5].error.name == "EINVAL" and (.[5].error.message | test("allocated with .pasid."))'
	jqe '.[6].output.pasid == 8'
	jqe '.[7].error.name == "EBUSY"'
}

@test "events: a triggered page request arrives decoded with its fields, and is answered" {
	batch "ioas alloc name a
mock add a pasid name m
hwpt alloc m ioas a nest-parent pasid name p
fault alloc name f
hwpt alloc m parent p nested selftest pasid fault f name n
hwpt replace n m
mock trigger-iopf m addr 0x12345000 pasid 0 grpid 7 write priv
monitor f count 1 timeout 5 respond success"
	kernel_lacks 1 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	jqe '.[4].output.fault_id == .[3].output.fault_id'
	e=$(jq '.[7].output.events[0]' <<<"$output")
	jq -e '.event == "page_request" and .addr == "0x12345000" and .grpid == 7' <<<"$e"
	jq -e '.perm == ["write","priv"] and .last_page == true and .pasid_valid == false' <<<"$e"
	jq -e '.responded == true' <<<"$e"
	jqe '(.[7].output.events | length) == 1 and .[7].output.responses == 1'
}

@test "events: vEVENTs with sequence numbers; overflow of a small queue is reported as lost" {
	batch "$VIOMMU
veventq alloc v type selftest depth 2 name q
mock trigger-vevent m count 3
monitor q timeout 1"
	kernel_lacks 3 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	jqe '[.[9].output.events[] | .event] == ["vevent","vevent","lost_events"]'
	jqe '[.[9].output.events[] | .sequence] == [0,1,2]'
	jqe '.[9].output.events[0].virt_id == "0x99" and .[9].output.lost >= 1'
}

@test "monitor -j streams one JSON object per event per line" {
	batch "$VIOMMU"
	kernel_lacks 3 && skip "$SKIP_REASON"
	[ "$status" -eq 0 ]
	printf '%s\n' "$VIOMMU" 'veventq alloc v type selftest name q' 'mock trigger-vevent m count 2' \
		'monitor q count 2 timeout 5' > "$TMP/s"
	run --separate-stderr "$IOMMUCTL" -j shell < "$TMP/s"
	[ "$status" -eq 0 ]
	[ "$(grep -c '"event":"vevent"' <<<"$output")" -eq 2 ]
	grep '"event":"vevent"' <<<"$output" | tail -n1 | jq -e '.sequence == 1 and .virt_id == "0x99"'
}

@test "the emulated VT-d refuses a nested HWPT and the tool says why from the registers" {
	batch --force "device open $BDF name e
ioas alloc name a
hwpt alloc e ioas a nest-parent name p
hwpt alloc e ioas a name q
hwpt alloc e parent q nested vtd-s1 pgtbl 0x1000"
	[ "$status" -eq 3 ]
	jqe '.[2].error.message | test("ECAP.NEST=0")'
	jqe '.[4].error.op == "IOMMU_HWPT_ALLOC" and (.[4].error.message | test("cannot nest: .*ECAP.NEST=0"))'
}

@test "dirty tracking: on, pages marked by the mock read back as dirty ranges, cleared" {
	batch "ioas alloc name a
mock add a name m
hwpt alloc m ioas a dirty name d
hwpt replace d m
ioas map a length 64k iova 0x1000000
hwpt dirty d on
mock dirty d iova 0x1000000 length 64k page-size 8k stride 3
hwpt dirty-bitmap d iova 0x1000000 length 64k page-size 8k no-clear
hwpt dirty-bitmap d iova 0x1000000 length 64k page-size 8k
hwpt dirty-bitmap d iova 0x1000000 length 64k page-size 8k
hwpt dirty d off"
	[ "$status" -eq 0 ]
	# 8 KiB: the IOPTE size the mock's AMDv1 table uses for this 64 KiB map
	# (with 4 KiB pages, marking one dirties its whole 8 KiB IOPTE)
	jqe '.[5].output.dirty_tracking == true and .[6].output.marked == 3'
	jqe '.[7].output | .dirty_pages == 3 and .pages == 8 and .cleared == false'
	jqe '.[7].output.ranges == [{"iova":"0x1000000","length":8192},{"iova":"0x1006000","length":8192},{"iova":"0x100c000","length":8192}]'
	jqe '.[8].output.dirty_pages == 3 and .[9].output.dirty_pages == 0 and .[9].output.ranges == []'
	batch "ioas alloc name a
mock add a no-dirty name m
hwpt alloc m ioas a dirty"
	[ "$status" -eq 3 ]
	jqe '.[2].error.name == "EOPNOTSUPP" and (.[2].error.message | test("no-dirty"))'
}

@test "stage-1 builder: tables in the parent IOAS, mapped, walked, translated, unmapped" {
	batch "ioas alloc name a
mock add a name m
s1 alloc a iova 0x2000000 pages 16 name t
s1 map t 0x1000 0x10000000 0x3000
s1 map t 0x200000 0x40000000 2M
s1 map t 0x400000 0x50000000 4k ro
s1 show t
s1 translate t 0x2008
s1 translate t 0x3ff000
s1 translate t 0x9000
s1 unmap t 0x1000 0x1000
s1 show t
mock check-map m iova 0x2000000 length 64k
s1 alloc a iova 0x3000000 pages 8 addr-width 57 name five
s1 map five 0x4000000000000 0x1000 4k
s1 show five"
	[ "$status" -eq 0 ]
	jqe '.[2].output | .levels == 4 and .root_gpa == "0x2000000" and .table_pages == 16'
	jqe '.[6].output.mappings == [{"iova":"0x1000","gpa":"0x10000000","length":4096,"page_size":"4K","writable":true},{"iova":"0x2000","gpa":"0x10001000","length":4096,"page_size":"4K","writable":true},{"iova":"0x3000","gpa":"0x10002000","length":4096,"page_size":"4K","writable":true},{"iova":"0x200000","gpa":"0x40000000","length":2097152,"page_size":"2M","writable":true},{"iova":"0x400000","gpa":"0x50000000","length":4096,"page_size":"4K","writable":false}]'
	jqe '.[7].output | .gpa == "0x10001008" and .writable == true'
	jqe '.[8].output.gpa == "0x401ff000"'
	jqe '.[9].output | .gpa == null and .fault == "not present"'
	jqe '.[10].output.unmapped == 4096'
	jqe '[.[11].output.mappings[].iova] == ["0x2000","0x3000","0x200000","0x400000"]'
	jqe '.[12].output.mapped == true'
	jqe '.[13].output.levels == 5 and .[15].output.mappings[0].iova == "0x4000000000000"'
}

@test "stage-1 builder: refusals name the problem" {
	batch --force "ioas alloc name a
s1 alloc a iova 0x2000000 pages 4 name t
s1 map t 0x1000 0x1000 4k
s1 map t 0x1000 0x2000 4k
s1 map t 0x1000000000000 0x1000 4k
s1 map t 0x1001 0x1000 4k
s1 map t 0x40000000 0x1000 4k
s1 translate 5 0x1000"
	[ "$status" -eq 2 ]
	jqe '.[2].output.table_pages_used == 4'
	jqe '.[3].error.kind == "usage" and (.[3].error.message | test("s1 t: map: .*0x1000"))'
	jqe '.[4].error.message | test("width|48")'
	jqe '.[5].error.message | test("align")'
	jqe '.[6].error.kind == "failed" and (.[6].error.message | test("page"))'
	jqe '.[7].error.message | test("named")'
}

@test "hwpt alloc: a paging HWPT may be named 'parent' or 'nested'" {
	batch "ioas alloc name a
mock add a name m
hwpt alloc m ioas a nest-parent name parent
hwpt alloc m parent parent nested selftest name nested"
	[ "$status" -eq 0 ]
	jqe '.[2].output | .type == "paging" and .name == "parent"'
	jqe '.[3].output | .type == "selftest" and .name == "nested"'
}
