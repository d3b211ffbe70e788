#!/usr/bin/env bats
# iommuctl on the real arm-smmu-v3 driver: an arm64 Linux 7.2 guest on QEMU's
# emulated two-stage SMMUv3 (tests/vm/arm64/check.sh boots it twice). These
# checks run on the host over what the guest sent back:
#   $ARM64_RESULTS/stock/out/     the boot with the firmware's own IORT
#   $ARM64_RESULTS/override/out/  the boot with the IORT upgraded to CANWBS
#   $ARM64_RESULTS/iort-canwbs.log, IORT.aml  the override and how it was made
# Each guest step left NAME.json (iommuctl -j), NAME.err and NAME.rc; batch
# files are in guest/, and a batch line is found by its command text.
# Test names start with their group (boot:, iort:, inventory:, hwinfo:,
# nesting:, invalidate:, dma:, events:) for the VM test matrix.
bats_require_minimum_version 1.5.0

setup() {
	: "${ARM64_RESULTS:?set ARM64_RESULTS (tests/vm/arm64/check.sh does)}"
	S=$ARM64_RESULTS/stock/out
	O=$ARM64_RESULTS/override/out
}

# lj FILE COMMAND [N]: the batch line of FILE whose command is COMMAND (the
# only one, or its Nth occurrence counting from 0), into $output.
lj() {
	[ -f "$1" ] || { echo "missing $1 (did the guest run?)" >&2; return 1; }
	output=$(jq -ce --arg c "$2" --arg n "${3:-}" '[.[] | select(.command == $c)] |
		if $n != "" then .[$n | tonumber] // error("no occurrence \($n)")
		elif length == 1 then .[0] else error("\(length) lines") end' "$1") ||
		{ echo "no line '$2' ${3:+(occurrence $3) }in $1" >&2; return 1; }
}

# jqt EXPR...: every jq expression holds on $output.
jqt() {
	local e
	for e in "$@"; do
		jq -e "$e" >/dev/null <<<"$output" || {
			echo "not true: $e" >&2
			head -c 2500 <<<"$output" >&2
			echo >&2
			return 1
		}
	done
}

rc_is() {	# rc_is DIR NAME CODE
	local got
	got=$(cat "$1/$2.rc" 2>/dev/null) || { echo "missing $1/$2.rc" >&2; return 1; }
	[ "$got" = "$3" ] || { echo "$2: exit $got, want $3; stderr:" >&2; head -c 1500 "$1/$2.err" >&2; return 1; }
}

@test "boot: both guests ran Linux 7.2 on arm64 with edu bound to vfio-pci" {
	for d in "$S" "$O"; do
		[ "$(cat "$d/status")" = 0 ]
		[[ $(cat "$d/uname.txt") == 7.2.* ]]
		[ "$(cat "$d/edu-bdf.txt")" = 0000:00:01.0 ]
		[ "$(cat "$d/vfio-devices.txt")" = vfio0 ]
		[ "$(cat "$d/sys-class-iommu.txt")" = smmu3.0x0000000009050000 ]
		grep -q 'acpi=force' "$d/cmdline.txt"
	done
	grep -q 'arm-smmu-v3 arm-smmu-v3.0.auto: oas 44-bit' "$S/dmesg.txt"
}

@test "iort: the firmware's IORT: one root complex, memory access flags 0x3 (CPM, DACS, no CANWBS)" {
	rc_is "$S" hwinfo 0
	output=$(jq -c '.[1].output.data.iort' "$S/hwinfo.json")
	jqt '.revision >= 3 and .oem_id == "BOCHS " and .oem_table_id == "BXPC    "' \
	    '.root_complexes == 1 and .root_complex.segment == 0' \
	    '.root_complex.cache_coherency == 1 and .root_complex.ats == false' \
	    '.root_complex.memory_access_flags.value == "0x3"' \
	    '.root_complex.memory_access_flags.fields == {"cpm": true, "dacs": true, "canwbs": false}'
}

@test "iort: the override changes exactly the flags, the OEM revision and the checksum" {
	log=$ARM64_RESULTS/iort-canwbs.log
	grep -qE '^root complex node at 0x[0-9a-f]+: segment 0, cache coherency 1, memory access flags 0x03 -> 0x07 \(CANWBS\)$' "$log"
	rev=$(jq '.[1].output.data.iort.oem_revision' "$S/hwinfo.json")
	grep -qx "OEM revision $rev -> $((rev + 1)), checksum 0x[0-9a-f]* -> 0x[0-9a-f]*" "$log"
	node=$(jq -r '.[1].output.data.iort.root_complex.node_offset' "$S/hwinfo.json")
	# cmp -l: 1-based offsets, octal bytes; the checksum (9), the OEM
	# revision's low byte (24) and the root complex's flags (node + 23)
	run cmp -l "$S/IORT.bin" "$ARM64_RESULTS/IORT.aml"
	offs=$(awk '{print $1 - 1}' <<<"$output" | tr '\n' ' ')
	[ "$offs" = "9 24 $((node + 23)) " ]
	[ "$(awk -v o=$((node + 24)) '$1 == o {print $2 "->" $3}' <<<"$output")" = "3->7" ]
	sum=$(od -An -v -tu1 "$ARM64_RESULTS/IORT.aml" | tr -s ' ' '\n' | awk '{s += $1} END {print s % 256}')
	[ "$sum" = 0 ]
}

@test "iort: the kernel logged the table upgrade, and the guest reports the new table" {
	grep -q 'ACPI: IORT ACPI table found in initrd \[kernel/firmware/acpi/IORT.aml\]' "$O/dmesg.txt"
	grep -qF 'ACPI: Table Upgrade: override [IORT-BOCHS -BXPC    ]' "$O/dmesg.txt"
	grep -q 'ACPI: IORT 0x[0-9A-F]* Physical table override, new table' "$O/dmesg.txt"
	! grep -q 'Table Upgrade' "$S/dmesg.txt"
	cmp "$O/IORT.bin" "$ARM64_RESULTS/IORT.aml"
	rc_is "$O" hwinfo 0
	rev=$(jq '.[1].output.data.iort.oem_revision' "$S/hwinfo.json")
	output=$(jq -c '.[1].output.data.iort' "$O/hwinfo.json")
	jqt ".oem_revision == $((rev + 1))" '.root_complex.memory_access_flags.value == "0x7"' \
	    '.root_complex.memory_access_flags.fields.canwbs == true'
}

@test "inventory: iommu list shows the SMMUv3 unit, whose registers only hw info has" {
	rc_is "$S" iommu-list 0
	output=$(cat "$S/iommu-list.json")
	jqt '.iommus | length == 1' '.iommus[0].name == "smmu3.0x0000000009050000"' \
	    '.iommus[0].vendor == "smmuv3" and .iommus[0].address == "0x9050000"' \
	    '.iommus[0].registers == null and (.iommus[0].note | test("IOMMU_GET_HW_INFO"))' \
	    '.iommus[0].devices | index("0000:00:01.0") != null' \
	    '.iommus[0].nesting.nest_parent == "unknown"'
}

@test "inventory: device list shows edu 1234:11e8 on vfio-pci behind the SMMU" {
	rc_is "$S" device-list 0
	output=$(jq -c '.devices[] | select(.bdf == "0000:00:01.0")' "$S/device-list.json")
	jqt '.vendor == "0x1234" and .device == "0x11e8" and .driver == "vfio-pci"' \
	    '.iommu == "smmu3.0x0000000009050000"' \
	    '.vfio.cdev == "/dev/vfio/devices/vfio0" and .vfio.bound' \
	    '.pasid.present == false and .ats.present == false'
}

@test "hwinfo: type smmuv3, 40 bytes of data, no PASID, no ATS, no dirty tracking" {
	output=$(jq -c '.[1].output' "$S/hwinfo.json")
	jqt '.type == "smmuv3" and .type_value == "0x2" and .data_len == 40' \
	    '.max_pasid_log2 == 0 and .capabilities.value == "0x8"' \
	    '.capabilities | .pci_ats == false and .dirty_tracking == false and .pci_pasid_exec == false' \
	    '.data.flags == "0x0"'
}

@test "hwinfo: IDR0 0x0d44101b decoded field by field (S1P, S2P, AArch64, 16-bit ASID/VMID, 2-level ST)" {
	output=$(jq -c '.[1].output.data.registers.idr0' "$S/hwinfo.json")
	jqt '.value == "0xd44101b"' \
	    '.fields | .s2p and .s1p and .ttf == 2 and .cohacc and (.btm | not) and .httu == 0' \
	    '.fields | (.ats | not) and .asid16 and (.msi | not) and (.pri | not) and .vmid16' \
	    '.fields | (.cd2l | not) and .ttendian == 2 and .stall_model == 1 and .term_model and .st_level == 1' \
	    '.derived == {"asid_bits": 16, "vmid_bits": 16}'
}

@test "hwinfo: IDR1 0x02730010: 16 StreamID bits, no SubstreamIDs, 2^19 queues" {
	output=$(jq -c '.[1].output.data.registers.idr1' "$S/hwinfo.json")
	jqt '.value == "0x2730010"' \
	    '.fields | .sidsize == 16 and .ssidsize == 0 and .priqs == 0 and .eventqs == 19 and .cmdqs == 19' \
	    '.fields | (.rel or .queues_preset or .tables_preset or .ecmdq) | not' \
	    '.derived == {"sid_bits": 16, "ssid_bits": 0, "max_pasids": 1}'
}

@test "hwinfo: IDR3 0x1414: no FWB; HAD, XNX, RIL, BBML 2" {
	output=$(jq -c '.[1].output.data.registers.idr3' "$S/hwinfo.json")
	jqt '.value == "0x1414"' '.fields.fwb == false' \
	    '.fields | .had and .xnx and .ril and .bbml == 2' \
	    '.fields | (.pbha or .pps or .mpam or .stt or .e0pd or .ptwnnc or .dpt) | not'
}

@test "hwinfo: IDR5 0x74 (44-bit OAS, 4K/16K/64K), IIDR 0, AIDR 1 (SMMUv3.1)" {
	output=$(jq -c '.[1].output.data.registers' "$S/hwinfo.json")
	jqt '.idr5.value == "0x74" and .idr5.fields.oas == 4 and .idr5.derived.oas_bits == 44' \
	    '.idr5.fields | .gran4k and .gran16k and .gran64k and .vax == 0' \
	    '.iidr.value == "0x0" and .iidr.fields.implementer == "0x0" and (.iidr.derived | has("product_name") | not)' \
	    '.aidr.value == "0x1" and .aidr.derived.arch_version == "3.1"'
	# the same words as the raw data in the ioctl trace of the guest
	grep -q 'idr={0xd44101b,0x2730010,0x0,0x1414,0x0,0x74} iidr=0x0 aidr=0x1' "$O/refused-trace.err"
}

@test "hwinfo: the text output lists every field with its bits (-v)" {
	rc_is "$S" hwinfo-text 0
	t=$S/hwinfo-text.json
	grep -q '^idr0 SMMU_IDR0 0x0d44101b  (ID Register 0)$' "$t"
	grep -qE '^  FWB +8 +0 +stage-2 forced write-back$' "$t"
	grep -qE '^  TTF +3:2 +2 \(AArch64\) ' "$t"
	grep -qE '^  OAS +2:0 +4 \(44-bit\) ' "$t"
	grep -qE '^    CANWBS +2 +0 +write-back snooping' "$t"
	grep -q '^  FAIL coherency.canwbs_or_fwb ' "$t"
}

@test "hwinfo: without CANWBS the verdict is nest parent only, naming both missing pieces" {
	output=$(jq -c '.[1].output.nesting' "$S/hwinfo.json")
	jqt '.nest_parent == "pass" and .viommu == "fail" and .nested == "fail"' \
	    '.summary | startswith("nest parent only: missing both: IDR3.FWB=0 and the root complex is not CANWBS")' \
	    '.checks[] | select(.check == "coherency.canwbs_or_fwb") | .result == "fail" and .stage == "viommu" and (.reason | contains("IORT root complex of segment 0: memory access flags 0x03"))' \
	    '[.checks[] | select(.result == "fail") | .check] == ["coherency.canwbs_or_fwb", "idr1.ssidsize", "idr0.ats"]' \
	    '.checks[] | select(.check == "idr0.s2p") | .result == "pass"'
}

@test "hwinfo: with CANWBS in the IORT every nesting gate passes" {
	output=$(jq -c '.[1].output.nesting' "$O/hwinfo.json")
	jqt '.nest_parent == "pass" and .nested == "pass" and .viommu == "pass"' \
	    '.checks[] | select(.check == "coherency.canwbs_or_fwb") | .result == "pass" and (.reason == "IDR3.FWB=0, but the root complex is CANWBS (IORT root complex of segment 0: memory access flags 0x07)")'
}

@test "nesting: without CANWBS: nest parent allocated, vIOMMU refused (EOPNOTSUPP, exit 3) with the cause" {
	rc_is "$S" viommu-refused 3
	f=$S/viommu-refused.json
	lj "$f" "hwpt alloc d ioas a nest-parent name parent"
	jqt '.output.flags == ["nest-parent"] and .output.hwpt_id > 0'
	lj "$f" "viommu alloc d parent type smmuv3 name v"
	jqt '.error.op == "IOMMU_VIOMMU_ALLOC" and .error.name == "EOPNOTSUPP" and .error.exit_code == 3' \
	    '.error.kind == "unsupported"' \
	    '.error.message | contains("the SMMUv3 cannot host a vIOMMU for this device: missing both: IDR3.FWB=0 and the root complex is not CANWBS (IORT root complex of segment 0: memory access flags 0x03)")' \
	    '.error.message | contains("(coherency.canwbs_or_fwb)")'
}

@test "nesting: a vIOMMU needs a nest parent: EINVAL on a plain HWPT, then allocated on the parent" {
	f=$O/nested.json
	lj "$f" "viommu alloc d plain type smmuv3"
	jqt '.error.name == "EINVAL" and (.error.message | contains("not a nest-parent paging HWPT"))'
	lj "$f" "viommu alloc d parent type smmuv3 name v"
	jqt '.output.type == "smmuv3" and .output.viommu_id > 0 and .output.name == "v"'
}

@test "nesting: a translate STE before the vDEVICE is allocated, its attach is ENOENT and explained" {
	f=$O/nested.json
	lj "$f" "hwpt alloc d parent v nested smmuv3 cfg translate s1ctxptr 0x1000000 name early"
	jqt '.output.parent_kind == "viommu" and .output.ste.raw == ["0x100000b", "0x0"]'
	lj "$f" "hwpt attach early d"
	jqt '.error.name == "ENOENT" and (.error.message | contains("needs a vDEVICE for this device first"))'
}

@test "nesting: vDEVICE with vSID 0x42; a second one for the same device is EEXIST" {
	f=$O/nested.json
	lj "$f" "vdevice alloc v d virt-id 0x42 name vd"
	jqt '.output.virt_id == "0x42" and .output.vdevice_id > 0'
	lj "$f" "vdevice alloc v d virt-id 0x43"
	jqt '.error.name == "EEXIST" and (.error.message | contains("already has a vDEVICE"))'
}

@test "nesting: nested HWPTs from V=0, abort, bypass and translate STEs, each decoded" {
	f=$O/nested.json
	lj "$f" "hwpt alloc d parent v nested smmuv3 raw 0 0 name n_off"
	jqt '.output.type == "smmuv3" and .output.ste.raw == ["0x0", "0x0"] and .output.ste.fields.v == false'
	lj "$f" "hwpt alloc d parent v nested smmuv3 cfg abort name n_abort"
	jqt '.output.ste.raw == ["0x1", "0x0"] and .output.ste.fields.cfg == 0 and .output.ste.accepted'
	lj "$f" "hwpt alloc d parent v nested smmuv3 cfg bypass name n_bypass"
	jqt '.output.ste.raw == ["0x9", "0x0"] and .output.ste.fields.cfg == 4'
	lj "$f" "hwpt alloc d parent v nested smmuv3 cfg translate s1ctxptr 0x1000000 s1cir wbra s1cor wbra s1csh ish name n_s1"
	jqt '.output.ste.raw == ["0x100000b", "0xd4"]' \
	    '.output.ste.fields | .cfg == 5 and .s1ctxptr == "0x1000000" and .s1cir == 1 and .s1cor == 1 and .s1csh == 3'
}

@test "nesting: refused before the kernel: a stage-2 STE (usage, exit 2); the PASID flag: EOPNOTSUPP explained" {
	f=$O/nested.json
	lj "$f" "hwpt alloc d parent v nested smmuv3 raw 0xd 0"
	jqt '.error.kind == "usage" and .error.exit_code == 2 and (.error | has("op") | not)' \
	    '.error.message | contains("the kernel would refuse this STE with EIO: Config 6 (s2-translate)")'
	lj "$f" "hwpt alloc d parent v nested smmuv3 cfg abort pasid"
	jqt '.error.name == "EOPNOTSUPP" and (.error.message | contains("without the PASID flag"))'
}

@test "nesting: attach and replace through every STE, the early translate one, then the parent" {
	f=$O/nested.json
	for c in "hwpt attach n_abort d" "hwpt replace n_bypass d" "hwpt replace n_off d" \
		 "hwpt replace n_s1 d" "hwpt replace early d" "hwpt replace parent d"; do
		lj "$f" "$c"
		jqt '.output.dev_id == 1 and .output.attached_hwpt_id > 0 and (has("error") | not)'
	done
	lj "$f" "hwpt replace parent d"
	parent=$(jq '.[] | select(.command == "hwpt alloc d ioas a nest-parent name parent") | .output.hwpt_id' "$f")
	jqt ".output.attached_hwpt_id == $parent"
}

@test "nesting: EBUSY while in use, then everything torn down in order" {
	f=$O/nested.json
	lj "$f" "viommu destroy v" 0
	jqt '.error.name == "EBUSY" and (.error.message | contains("destroy dependants first"))'
	lj "$f" "viommu destroy v" 1
	jqt '.output.destroyed > 0 and (has("error") | not)' '.output.name == "v"'
	lj "$f" "veventq alloc v type smmuv3 depth 16 name q"
	jqt '.output.type == "smmuv3" and .output.depth == 16'
	for c in "vdevice destroy vd" "veventq destroy q" "hwpt destroy n_off" "hwpt destroy n_abort" \
		 "hwpt destroy n_bypass" "hwpt destroy n_s1"; do
		lj "$f" "$c"
		jqt '.output.destroyed > 0 and (has("error") | not)'
	done
	[ "$(jq -c '[.[] | select(.command == "hwpt destroy early") | .error.name // "ok"]' "$f")" = '["EBUSY","ok"]' ]
	# every line but the seven that must fail succeeded
	[ "$(jq '[.[] | select(has("error"))] | length' "$f")" = 7 ]
	rc_is "$O" nested 1
}

@test "invalidate: every command kind a vIOMMU takes, one IOMMU_HWPT_INVALIDATE each, handled" {
	f=$O/invalidate.json
	for c in "tlbi-nh-all" "tlbi-nsnh-all" "tlbi-nh-asid asid 5" "tlbi-nh-va va 0x200000 asid 5 leaf" \
		 "tlbi-nh-vaa va 0x200000" "tlbi-nh-va va 0x200000 asid 5 num 3 scale 0 tg 4k ttl 3" \
		 "atc-inv sid 0x42 addr 0 size 52" "cfgi-cd sid 0x42 leaf" "cfgi-cd-all sid 0x42"; do
		lj "$f" "viommu invalidate v $c"
		jqt '.output.type == "smmuv3" and .output.handled == 1 and .output.requested == 1' \
		    '.output.entries[0].state == "handled" and .output.entries[0].accepted' \
		    "(has(\"error\") | not) and .output.entries[0].kind == \"${c%% *}\""
	done
	lj "$f" "viommu invalidate v tlbi-nh-va va 0x200000 asid 5 leaf"
	jqt '.output.entries[0].raw == ["0x5000000000012", "0x200001"]' \
	    '.output.entries[0].fields | .asid == 5 and .va == "0x200000" and .leaf'
	lj "$f" "viommu invalidate v cfgi-cd sid 0x42 leaf"
	jqt '.output.entries[0].raw == ["0x4200000005", "0x1"]' \
	    '.output.entries[0].kernel_rewrite | contains("vSID")'
	lj "$f" "viommu invalidate v tlbi-nsnh-all"
	jqt '.output.entries[0].kernel_rewrite | contains("becomes TLBI_NH_ALL")'
}

@test "invalidate: three commands in one call, and raw words, handled in order" {
	f=$O/invalidate.json
	lj "$f" "viommu invalidate v tlbi-nh-va va 0x201000 asid 5 leaf tlbi-nh-asid asid 5 cfgi-cd sid 0x42"
	jqt '.output.handled == 3 and .output.requested == 3' \
	    '[.output.entries[] | .kind] == ["tlbi-nh-va", "tlbi-nh-asid", "cfgi-cd"]' \
	    '[.output.entries[] | .state] == ["handled", "handled", "handled"]'
	lj "$f" "viommu invalidate v raw 0x0005000000000011 0"
	jqt '.output.handled == 1 and .output.entries[0].kind == "tlbi-nh-asid" and .output.entries[0].fields.asid == 5'
}

@test "invalidate: a vSID without a vDEVICE: EIO at entry 0, explained" {
	lj "$O/invalidate.json" "viommu invalidate v cfgi-cd sid 0x99"
	jqt '.error.name == "EIO" and .error.exit_code == 1' \
	    '.output.handled == 0 and .output.failed_index == 0 and .output.entries[0].state == "failed"' \
	    '.error.message | contains("unknown vSID")'
}

@test "invalidate: a failed batch: the kernel counts entry 0, iommuctl reports it not issued" {
	lj "$O/invalidate.json" "viommu invalidate v tlbi-nh-asid asid 7 cfgi-cd sid 0x99 tlbi-nh-all"
	jqt '.error.name == "EIO"' \
	    '.output.handled == 1 and .output.issued == 0 and .output.failed_index == 1' \
	    '[.output.entries[] | .state] == ["not_issued", "failed", "not_reached"]' \
	    '.error.message | contains("issues commands in batches of 63 and dropped the batch it was converting, so entries 0-0 never reached the SMMU (repeat them)")'
}

@test "invalidate: commands the kernel refuses are refused by iommuctl (exit 2) and never reach the kernel" {
	f=$O/refused-trace.json
	rc_is "$O" refused-trace 2
	n=0
	for c in "prefetch-cfg sid 0x42" "cfgi-ste sid 0x42 leaf" "cfgi-all sid 0x42 range 31" \
		 "tlbi-el2-all" "tlbi-el2-asid asid 1" "tlbi-el2-va va 0x1000 asid 1" "tlbi-s12-vmall" \
		 "tlbi-s2-ipa ipa 0x1000" "pri-resp sid 0x42 grpid 1 resp success" "resume sid 0x42 stag 1" \
		 "cmd-sync" "raw 0x3 0" "raw 0x7f 0" "tlbi-nh-all cfgi-ste sid 0x42"; do
		lj "$f" "viommu invalidate v $c"
		jqt '.error.kind == "usage" and .error.exit_code == 2 and (has("output") | not)' \
		    '.error.message | test("the kernel refuses it with EIO \\(.+\\); not sent$")'
		n=$((n + 1))
	done
	[ "$n" = 14 ]
	lj "$f" "viommu invalidate v cfgi-ste sid 0x42 leaf"
	jqt '.error.message | contains("the host owns the stream table")'
	# the ioctl trace: the set-up ioctls, and no IOMMU_HWPT_INVALIDATE at all
	grep -q '^ioctl IOMMU_VDEVICE_ALLOC' "$O/refused-trace.err"
	! grep -q 'IOMMU_HWPT_INVALIDATE' "$O/refused-trace.err"
}

@test "dma: AArch64 stage-1 tables and a context descriptor built in the parent IOAS, decoded" {
	f=$O/dma.json
	lj "$f" "s1 alloc a iova 0x2000000 pages 16 format smmuv3 asid 5 name t"
	jqt '.output.format == "smmuv3" and .output.levels == 4 and .output.addr_width == 48 and .output.root_gpa == "0x2000000"' \
	    '.output.cd.gpa == "0x2010000" and .output.cd.ttb0 == "0x2000000" and .output.cd.mair == "0xff"' \
	    '.output.cd.cd0.value == "0x56205c0003510"' \
	    '.output.cd.cd0.fields | .t0sz == 16 and .tg0 == 0 and .ir0 == 1 and .or0 == 1 and .sh0 == 3 and .epd1 and .v' \
	    '.output.cd.cd0.fields | .ips == 5 and .aa64 and .r and .a and (.s | not) and (.ha | not) and (.hd | not) and .asid == 5' \
	    '.output.cd.cd0.derived.va_bits == 48'
	lj "$f" "s1 show t"
	jqt '.output.format == "aarch64" and .output.table_pages_used == 4' \
	    '.output.mappings == [{"iova": "0x200000", "gpa": "0x1000000", "length": 4096, "page_size": "4K", "writable": true}, {"iova": "0x201000", "gpa": "0x1001000", "length": 4096, "page_size": "4K", "writable": true}]'
}

@test "dma: the guest STE points at the CD: translate, S1ContextPtr 0x2010000, walked WBRA inner shareable" {
	lj "$O/dma.json" "hwpt alloc d parent v nested smmuv3 s1 t name n"
	jqt '.output.ste.raw == ["0x201000b", "0xd4"] and .output.ste.accepted' \
	    '.output.ste.fields | .v and .cfg == 5 and .s1ctxptr == "0x2010000" and .s1cdmax == 0'
	lj "$O/dma.json" "hwpt attach n d"
	jqt '(has("error") | not) and .output.attached_hwpt_id > 0'
}

@test "dma: edu's DMA to stage-1 IOVA 0x201000 lands at GPA 0x1001000, through both stages" {
	f=$O/dma.json
	lj "$f" "device dma d copy src 0x200000 dst 0x201000 length 64" 0
	jqt '.output.device == "edu" and .output.version_major == 1' \
	    '.output.read.iova == "0x200000" and .output.read.length == 64' \
	    '.output.write.iova == "0x201000" and .output.write.length == 64'
	[ "$(jq -c '[.[] | select(.command == "device dma d copy src 0x200000 dst 0x201000 length 64") | .output.bus_master_enabled_now]' "$f")" = '[true,false,false,false]' ]
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1001000 length 64") | .output.uniform_byte]' "$f")" = '["0xa5","0x5a","0x66","0x66"]' ]
	lj "$f" "ioas write a iova 0x1000000 byte 0xa5 length 4k"
	jqt '.output.length == 4096'
}

@test "dma: after the entry moved to GPA 0x1002000, without a TLBI the DMA still lands in the old page (stale IOTLB)" {
	f=$O/dma.json
	lj "$f" "s1 unmap t 0x201000 4k"
	jqt '.output.unmapped == 4096' \
	    '.output.invalidate_with == "viommu invalidate VIOMMU tlbi-nh-va va 0x201000 asid 5 leaf"'
	lj "$f" "s1 map t 0x201000 0x1002000 4k"
	jqt '.output.gpa == "0x1002000" and .output.table_pages_used == 4'
	# the second DMA (0x5a): in the old page, the new page still zero
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1001000 length 64") | .output.uniform_byte][1]' "$f")" = '"0x5a"' ]
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1002000 length 64") | .output.uniform_byte][0]' "$f")" = '"0x0"' ]
}

@test "dma: an invalidation counted but reported not issued indeed changed nothing" {
	f=$O/dma.json
	lj "$f" "viommu invalidate v tlbi-nh-va va 0x201000 asid 5 leaf cfgi-cd sid 0x99"
	jqt '.error.name == "EIO" and .output.handled == 1 and .output.issued == 0' \
	    '[.output.entries[] | .state] == ["not_issued", "failed"]'
	# the DMA after it (0x66) still went to the old page
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1001000 length 64") | .output.uniform_byte][2]' "$f")" = '"0x66"' ]
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1002000 length 64") | .output.uniform_byte][1]' "$f")" = '"0x0"' ]
}

@test "dma: after a targeted TLBI_NH_VA the DMA follows the new entry to GPA 0x1002000" {
	f=$O/dma.json
	lj "$f" "viommu invalidate v tlbi-nh-va va 0x201000 asid 5 leaf"
	jqt '.output.handled == 1 and (has("error") | not)'
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1002000 length 64") | .output.uniform_byte][2]' "$f")" = '"0x3c"' ]
	# and the old page kept what it had
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1001000 length 64") | .output.uniform_byte][3]' "$f")" = '"0x66"' ]
	[ "$(jq -r '[.[] | select(.command == "ioas read a iova 0x1002000 length 64") | .output.data][2]' "$f")" = "$(printf '3c%.0s' $(seq 64))" ]
}

@test "events: a DMA to an unmapped stage-1 IOVA arrives on the vEVENTQ, F_TRANSLATION for vSID 0x42" {
	f=$O/dma.json
	lj "$f" "device dma d write iova 0x300000 length 4"
	jqt '(has("error") | not) and .output.write.iova == "0x300000"'
	lj "$f" "monitor q count 1 timeout 10"
	jqt '.output.event_count == 1 and .output.lost == 0 and .output.timed_out == false' \
	    '.output.events[0] | .event == "vevent" and .queue_type == "smmuv3" and .sequence == 0' \
	    '.output.events[0] | .name == "F_TRANSLATION" and .id == "0x10" and .vsid == 66' \
	    '.output.events[0] | .access == "write" and .s2 == false and .input_addr == "0x300000"' \
	    '.output.events[0].raw[0] == "0x4200000010" and .output.events[0].raw[2] == "0x300000"'
	# only the two lines of the batch that had to fail did
	[ "$(jq -c '[.[] | select(has("error")) | .command]' "$f")" = '["viommu invalidate v tlbi-nh-va va 0x201000 asid 5 leaf cfgi-cd sid 0x99","monitor q count 1 timeout 2"]' ]
}

@test "dma: a bypass STE leaves stage 2 only (IOVA = GPA); an abort STE lets nothing through" {
	f=$O/dma.json
	lj "$f" "hwpt replace nb d"
	jqt '(has("error") | not) and .output.attached_hwpt_id > 0'
	lj "$f" "device dma d copy src 0x1000000 dst 0x1003000 length 64" 0
	jqt '(has("error") | not) and .output.write.iova == "0x1003000"'
	[ "$(jq -c '[.[] | select(.command == "ioas read a iova 0x1003000 length 64") | .output.uniform_byte]' "$f")" = '["0x77","0x77"]' ]
	lj "$f" "hwpt replace na d"
	jqt '(has("error") | not)'
	# the aborted DMA still completes for the device: only the data is missing
	lj "$f" "device dma d copy src 0x1000000 dst 0x1003000 length 64" 1
	jqt '(has("error") | not) and .output.read.length == 64'
}

@test "dma: the same session in text: the due invalidation, the not-issued entry, the event" {
	t=$O/dma-text.json
	rc_is "$O" dma-text 1
	grep -qx '  until invalidated, the IOMMU may still use the old translation: viommu invalidate VIOMMU tlbi-nh-va va 0x201000 asid 5 leaf' "$t"
	grep -qx 'viommu 4 invalidate smmuv3: 1 of 2 entries handled (0 issued)' "$t"
	grep -qE '^  \[0\] tlbi-nh-va \(0x12\) asid 5 va 0x201000 leaf .* not_issued$' "$t"
	grep -qx 'ioas 2 iova 0x1002000 length 64: every byte 0x3c' "$t"
	grep -qx 'ioas 2 iova 0x1002000 length 64: every byte 0x00' "$t"
	grep -qE '^veventq 6: vevent seq 0 F_TRANSLATION \(0x10\) vsid 66 write addr 0x300000' "$t"
	grep -qx 'dev_id 1 edu 1.0 (bus mastering enabled)' "$t"
	grep -q 'batch: 54 command(s), 2 failed (lines 33, 66)' "$O/dma-text.err"
}

@test "events: a stage-2 fault is the host's: logged by the kernel, not on the vEVENTQ" {
	f=$O/dma.json
	lj "$f" "s1 map t 0x400000 0x4000000 4k"
	jqt '.output.gpa == "0x4000000"'
	lj "$f" "monitor q count 1 timeout 2"
	jqt '.output.event_count == 0 and .output.timed_out == true' \
	    '.error.message == "monitor: 0 of 1 event(s) arrived within 2 s"'
	# the guest kernel is the host here: its SMMUv3 driver logs the event
	# with the physical StreamID 0x8 and the stage-2 flag
	grep -q 'arm-smmu-v3 arm-smmu-v3.0.auto: event: F_TRANSLATION client: 0000:00:01.0 sid: 0x8 ssid: 0x0 iova: 0x400000 ipa: 0x4000000' "$O/dmesg.txt"
	grep -q 'unpriv data write s2 "Input address caused fault"' "$O/dmesg.txt"
}

@test "events: more faults than the vEVENTQ holds: 4 delivered, then the lost-events record" {
	f=$O/dma.json
	lj "$f" "veventq destroy q"
	jqt '.output.name == "q" and (has("error") | not)'
	lj "$f" "device dma d write iova 0x300000 length 64"
	lj "$f" "monitor small count 5 timeout 3"
	# edu writes 4 bytes at a time: 16 faults for 64 bytes, a queue of 4
	jqt '.output.event_count == 5 and .output.lost == 12 and .output.timed_out == false' \
	    '[.output.events[0:4][] | .input_addr] == ["0x300000", "0x300004", "0x300008", "0x30000c"]' \
	    '[.output.events[0:4][] | .sequence] == [0, 1, 2, 3]' \
	    '.output.events[4] | .event == "lost_events" and .sequence == 15 and .lost_before == 11'
	grep -qx 'veventq 6: lost_events seq 15 (11 lost before it): the queue was full, events were dropped' "$O/dma-text.json"
}
