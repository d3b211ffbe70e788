#!/usr/bin/env bats
# decode: offline register decoding, nesting verdicts and boot logs.
bats_require_minimum_version 1.5.0
load helpers

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	EXP=$TOP/tests/expected/decode
	LOGS=$TOP/tests/fixtures/dmesg
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

QEMU_CAP=0x81d2008c222f0606
QEMU_ECAP=0x899800f00f4a

@test "vtd: the QEMU unit field by field" {
	run "$IOMMUCTL" -j decode vtd $QEMU_CAP $QEMU_ECAP
	[ "$status" -eq 0 ]
	jqt '.vendor == "vtd"' \
	    '.registers.cap.value == "0x81d2008c222f0606"' \
	    '.registers.cap.fields | length == 23' \
	    '.registers.cap.fields.nd == 6' \
	    '.registers.cap.fields.afl == false' \
	    '.registers.cap.fields.cm == false' \
	    '.registers.cap.fields.sagaw == "0x6"' \
	    '.registers.cap.fields.mgaw == 47' \
	    '.registers.cap.fields.fro == "0x22"' \
	    '.registers.cap.fields.sslps == "0x3"' \
	    '.registers.cap.fields.psi == true' \
	    '.registers.cap.fields.nfr == 0' \
	    '.registers.cap.fields.mamv == 18' \
	    '.registers.cap.fields.dwd == true and .registers.cap.fields.drd == true' \
	    '.registers.cap.fields.fs1gp == true' \
	    '.registers.cap.fields.fs5lp == false' \
	    '.registers.cap.fields.pi == false' \
	    '.registers.cap.fields.esrtps == true' \
	    '.registers.cap.derived.domains == 65536' \
	    '.registers.cap.derived.mgaw_bits == 48' \
	    '.registers.cap.derived.sagaw_levels == "3,4"' \
	    '.registers.cap.derived.fault_reg_offset == "0x220"' \
	    '.registers.cap.derived.num_fault_regs == 1' \
	    '.registers.cap | has("undefined_bits") | not'
	jqt '.registers.ecap.fields | length == 36' \
	    '.registers.ecap.fields.c == false' \
	    '.registers.ecap.fields.qi == true' \
	    '.registers.ecap.fields.dt == false' \
	    '.registers.ecap.fields.ir == true' \
	    '.registers.ecap.fields.pt == true' \
	    '.registers.ecap.fields.sc == false' \
	    '.registers.ecap.fields.iro == "0xf"' \
	    '.registers.ecap.fields.mhmv == 15' \
	    '.registers.ecap.fields.nest == false' \
	    '.registers.ecap.fields.srs == false' \
	    '.registers.ecap.fields.pss == 19' \
	    '.registers.ecap.fields.pasid == true' \
	    '.registers.ecap.fields.smts == true' \
	    '.registers.ecap.fields.ssts == false' \
	    '.registers.ecap.fields.fsts == true' \
	    '.registers.ecap.fields.smpwcs == false' \
	    '.registers.ecap.derived.iotlb_reg_offset == "0xf0"' \
	    '.registers.ecap.derived.pasid_bits == 20' \
	    '.registers.ecap.derived.max_pasids == 1048576'
	jqt '.nesting.nest_parent == "fail"' '.nesting.nested == "fail"' '.nesting.viommu == "fail"' \
	    '.nesting.summary | startswith("no: ecap.nest")' \
	    '[.nesting.checks[] | select(.check == "ecap.nest")][0] | .result == "fail" and .stage == "nest_parent"' \
	    '[.nesting.checks[] | select(.check == "kernel.iommufd")][0].reason == "not checked: decoding offline"' \
	    '[.nesting.checks[] | select(.check == "vtd.viommu")][0].result == "fail"' \
	    '.nesting.checks | all(has("check") and has("stage") and has("result") and has("reason"))'
}

@test "vtd: the graphics-unit trap (NEST=1, SMTS=0) is a failure that says so" {
	run "$IOMMUCTL" -j decode vtd 1c0000c40660462 19e2ff0505e
	[ "$status" -eq 0 ]
	jqt '.registers.ecap.fields.nest == true' '.registers.ecap.fields.smts == false' \
	    '.registers.ecap.fields.pasid == true' '.registers.ecap.fields.ecs == true' \
	    '.nesting.nest_parent == "fail"' \
	    '[.nesting.checks[] | select(.check == "ecap.smts")][0] | .result == "fail" and (.reason | contains("ECAP.NEST=1 but ECAP.SMTS=0"))' \
	    '[.nesting.checks[] | select(.check == "ecap.pasid")][0].result == "fail"'
}

@test "vtd: Sapphire and Granite Rapids pass on the registers, the kernel unknown" {
	run "$IOMMUCTL" -j decode vtd 19ed008c40780c66 3ee9e86f050df
	[ "$status" -eq 0 ]
	jqt '.registers.cap.derived.sagaw_levels == "4,5"' '.registers.cap.derived.mgaw_bits == 57' \
	    '.registers.ecap.fields.nest and .registers.ecap.fields.ssts and .registers.ecap.fields.ssads' \
	    '.nesting.nest_parent == "unknown"' '.nesting.nested == "unknown"' '.nesting.viommu == "fail"' \
	    '[.nesting.checks[] | select(.check == "errata.772415")][0] | .result == "pass" and (.reason | contains("forced writable"))' \
	    '[.nesting.checks[] | select(.check == "ecap.pasid")][0].result == "fail"' \
	    '[.nesting.checks[] | select(.check == "ecap.ssads")][0].result == "pass"'
	run "$IOMMUCTL" -j decode vtd f9ed008cee780c66 3fef9ea6f0efdf
	jqt '.registers.ecap.fields | .pasid and .prs and .pms and .adms and .rprivs and .tdxio' \
	    '[.nesting.checks[] | select(.check == "ecap.pasid")][0].result == "pass"'
}

@test "vtd-cap and vtd-ecap decode one register, without a verdict" {
	run "$IOMMUCTL" -j decode vtd-cap d2008c40660462
	[ "$status" -eq 0 ]
	jqt '.vendor == "vtd"' '.registers | keys == ["cap"]' '.registers.cap.fields.nd == 2' \
	    '.registers.cap.derived.domains == 256' '.registers.cap.fields.zlr == true' 'has("nesting") | not'
	run "$IOMMUCTL" -j decode vtd-ecap 0xf050da
	jqt '.registers | keys == ["ecap"]' '.registers.ecap.fields.sc == true' \
	    '.registers.ecap.fields.smts == false' '.registers.ecap.derived | has("max_pasids") | not'
	# reserved bits are reported, not dropped
	run "$IOMMUCTL" -j decode vtd-cap 0x4000000000
	jqt '.registers.cap.undefined_bits == "0x4000000000"'
}

@test "amd: EPYC with GCR3TRPMode: nest parent by the registers, nested not wired in 7.2" {
	run "$IOMMUCTL" -j decode amd 605f77efa1295aff 1d
	[ "$status" -eq 0 ]
	jqt '.vendor == "amd"' '.assumed_zero == []' \
	    '.registers.efr.fields | .gt_sup and .gio_sup and .hd_sup and .ppr_sup and .eph_sup' \
	    '.registers.efr.fields.pas_max == 15' '.registers.efr.fields.hats == 2' \
	    '.registers.efr.fields.gats == 1' '.registers.efr.fields.snp_sup == false' \
	    '.registers.efr.derived.pasid_bits == 16' '.registers.efr.derived.max_pasids == 65535' \
	    '.registers.efr2.fields.gcr3_trp_mode == true' '.registers.efr2.undefined_bits == "0x5"' \
	    '.nesting.nest_parent == "unknown"' '.nesting.nested == "fail"' '.nesting.viommu == "fail"' \
	    '[.nesting.checks[] | select(.check == "amd.nested")][0].reason | contains("not wired in Linux 7.2 (no alloc_domain_nested)")' \
	    '[.nesting.checks[] | select(.check == "kernel.hw_info")][0].result == "unknown"' \
	    '[.nesting.checks[] | select(.check == "efr.hd_sup")][0].result == "pass"'
}

@test "amd: EFR2 left out is 0 and said so; the SNP host and QEMU fail" {
	run "$IOMMUCTL" -j decode amd 0x29d3
	[ "$status" -eq 0 ]
	jqt '.assumed_zero == ["efr2"]' '.registers.efr2.value == "0x0"' \
	    '.registers.efr.fields.gats == 2' '.registers.efr.fields.gio_sup == false' \
	    '.nesting.nest_parent == "fail"'
	run --separate-stderr "$IOMMUCTL" decode amd 0x29d3
	[[ "$output" == "note: not given, decoded as 0: efr2"* ]]
	run "$IOMMUCTL" -j decode amd 0xa5bf7320a2294aee 0x1d
	jqt '.registers.efr.fields.snp_sup == true' '.registers.efr.fields.gt_sup == false' \
	    '.nesting.summary | startswith("no: efr.gt_sup")'
}

@test "smmuv3: keywords in any order, missing registers 0 and named" {
	run "$IOMMUCTL" -j decode smmuv3 idr0=0x0d44101b idr1=0x02730010 idr3=0x1414 idr5=0x74 aidr=1
	[ "$status" -eq 0 ]
	a=$output
	jqt '.vendor == "smmuv3"' '.assumed_zero == ["iidr"]' \
	    '.registers | keys_unsorted == ["idr0","idr1","idr3","idr5","iidr","aidr"]' \
	    '.registers.idr0.fields | .s1p and .s2p and .cohacc and .asid16 and .vmid16' \
	    '.registers.idr0.fields.ttf == 2' '.registers.idr0.fields.ttendian == 2' \
	    '.registers.idr0.fields.st_level == 1' '.registers.idr0.fields.stall_model == 1' \
	    '.registers.idr1.derived.sid_bits == 16' '.registers.idr1.derived.ssid_bits == 0' \
	    '.registers.idr3.fields.fwb == false' '.registers.idr3.fields.ril == true' \
	    '.registers.idr3.fields.bbml == 2' '.registers.idr5.derived.oas_bits == 44' \
	    '.registers.aidr.derived.arch_version == "3.1"' \
	    '.registers.iidr.derived | has("implementer_name") | not' \
	    '.nesting.nest_parent == "unknown"' '.nesting.viommu == "unknown"' \
	    '[.nesting.checks[] | select(.check == "coherency.canwbs_or_fwb")][0].reason | contains("CANWBS")'
	run "$IOMMUCTL" -j decode smmuv3 aidr=0x1 idr5=74 idr3=1414 idr1=02730010 idr0=d44101b
	[ "$output" = "$a" ]
	run "$IOMMUCTL" -j decode smmuv3 idr0=0x0d44101b
	jqt '.assumed_zero == ["idr1","idr3","idr5","iidr","aidr"]'
	# an MMU-700 r0p1 loses nesting by erratum
	run "$IOMMUCTL" -j decode smmuv3 idr0=0x0d44101b iidr=0x4870143b
	jqt '.registers.iidr.derived.product_name == "MMU-700"' '.registers.iidr.derived.implementer_name == "Arm"' \
	    '.registers.iidr.derived.release == "r0p1"' '.nesting.nest_parent == "fail"' \
	    '[.nesting.checks[] | select(.check == "iidr.force_sync")][0].result == "fail"'
	# IDR3.FWB makes the vIOMMU independent of CANWBS
	run "$IOMMUCTL" -j decode smmuv3 idr0=0x0d44101b idr3=0x1514
	jqt '[.nesting.checks[] | select(.check == "coherency.canwbs_or_fwb")][0].result == "pass"'
}

@test "smmuv3-cmd: fields, verdict and text of accepted and refused commands" {
	# TLBI_NH_VA: ASID 5 in word 0 63:48, VA 0x12345000 in word 1 63:12, Leaf word 1 bit 0
	run "$IOMMUCTL" -j decode smmuv3-cmd 0x0005000000000012 0x12345001
	[ "$status" -eq 0 ]
	jqt '.vendor == "smmuv3"' '.kind == "tlbi-nh-va"' '.opcode == "0x12"' \
	    '.raw == ["0x5000000000012","0x12345001"]' '.accepted == true' \
	    '.kernel_rewrite | contains("VMID")' 'has("reason") | not' \
	    '.fields.asid == 5' '.fields.va == "0x12345000"' '.fields.leaf == true' \
	    '.fields.vmid == 0' '.fields.tg == 0' '.fields | length == 8' \
	    'has("undefined_bits") | not'
	run --separate-stderr "$IOMMUCTL" decode smmuv3-cmd 5000000000012 12345001
	[ "$status" -eq 0 ]
	[ "$output" = "tlbi-nh-va (0x12) asid 5 va 0x12345000 leaf num 0 scale 0 ttl 0 tg 0 vmid 0" ]
	# ATC_INV: Global is word 0 bit 9, the StreamID a vSID
	run "$IOMMUCTL" -j decode smmuv3-cmd 0x0000010000007a40 0x7003
	jqt '.kind == "atc-inv"' '.fields.sid == 256' '.fields.ssv and .fields.global' \
	    '.fields.ssid == 7' '.fields.addr == "0x7000"' '.fields.size == 3' \
	    '.kernel_rewrite | contains("vSID")'
	# CMD_SYNC and CFGI_STE are refused with EIO, and say why
	run "$IOMMUCTL" -j decode smmuv3-cmd 0x0fc02046 0
	[ "$status" -eq 0 ]
	jqt '.kind == "cmd-sync"' '.accepted == false' '.reason | contains("its own CMD_SYNC")' \
	    '.fields.cs == 2' '.fields.msh == 3' '.fields.msiattr == 15' 'has("kernel_rewrite") | not'
	run "$IOMMUCTL" decode smmuv3-cmd 0x0000000200000003 1
	[ "$output" = "cfgi-ste (0x03) sid 2 leaf; refused (EIO): the host owns the stream table: a new guest STE is a new nested HWPT attached to the device" ]
	# an unknown opcode, and stray bits in a known one
	run "$IOMMUCTL" -j decode smmuv3-cmd 0xff 0x10
	jqt '.kind == "unknown"' '.opcode == "0xff"' '.fields == {}' '.accepted == false' \
	    '.undefined_bits == ["0x0","0x10"]'
	run "$IOMMUCTL" decode smmuv3-cmd 0x110 0
	[ "$output" = "tlbi-nh-all (0x10) vmid 0; undefined bits 0x100 0x0" ]
}

@test "smmuv3-ste: fields and the kernel's vSTE validation" {
	# V, Cfg translate (5), S1Fmt 64k-l2, S1ContextPtr 0x1234540, S1CDMax 4; word 1
	# S1DSS bypass, S1CIR wbra, S1COR wb, S1CSH ish, S1STALLD, EATS full
	run "$IOMMUCTL" -j decode smmuv3-ste 0x200000000123456b 0x180000f5
	[ "$status" -eq 0 ]
	jqt '.vendor == "smmuv3"' '.raw == ["0x200000000123456b","0x180000f5"]' '.accepted == true' \
	    '.fields.v == true' '.fields.cfg == 5' '.fields.s1fmt == 2' \
	    '.fields.s1ctxptr == "0x1234540"' '.fields.s1cdmax == 4' '.fields.s1dss == 1' \
	    '.fields.s1cir == 1' '.fields.s1cor == 3' '.fields.s1csh == 3' \
	    '.fields.s1stalld == true' '.fields.eats == 1' '.fields | length == 11' \
	    'has("reason") or has("undefined_bits") | not'
	run "$IOMMUCTL" decode smmuv3-ste 1 0
	[ "$output" = "v cfg abort s1fmt linear s1ctxptr 0x0 s1cdmax 0 s1dss terminate s1cir nc s1cor nc s1csh nsh eats abort" ]
	# refused: a reserved Cfg, EATS 2, a bit outside the masks (STRW)
	run "$IOMMUCTL" -j decode smmuv3-ste 3 0
	jqt '.accepted == false' '.reason | contains("Config 1 (reserved)")'
	run "$IOMMUCTL" -j decode smmuv3-ste 0xb 0x20000000
	jqt '.accepted == false' '.fields.eats == 2' '.reason | contains("EATS 2")'
	run "$IOMMUCTL" -j decode smmuv3-ste 1 0x40000000
	jqt '.accepted == false' '.reason | contains("word 1 bits 0x40000000")' \
	    '.undefined_bits == ["0x0","0x40000000"]'
	run "$IOMMUCTL" decode smmuv3-ste 0xd 0
	[[ "$output" == *"cfg s2-translate"*"; refused (EIO): Config 6 (s2-translate) is not abort (0), bypass (4) or translate (5)" ]]
	# V=0: taken whatever else is set (the kernel installs an abort STE)
	run "$IOMMUCTL" -j decode smmuv3-ste 0xfffffffffffffffe 0xffffffffffffffff
	jqt '.accepted == true' '.fields.v == false'
	run "$IOMMUCTL" decode smmuv3-ste 8 0
	[[ "$output" == "v 0 cfg bypass "* ]]
}

@test "text output matches the expected files" {
	run "$IOMMUCTL" decode vtd $QEMU_CAP $QEMU_ECAP
	[ "$status" -eq 0 ]; same_as "$EXP/vtd-qemu.txt"
	run "$IOMMUCTL" -q decode vtd 1c0000c40660462 19e2ff0505e
	same_as "$EXP/vtd-graphics-quiet.txt"
	run "$IOMMUCTL" -v decode vtd-cap d2008c40660462
	same_as "$EXP/vtd-cap-verbose.txt"
	run "$IOMMUCTL" decode vtd-ecap 3fef9ea6f0efdf
	same_as "$EXP/vtd-ecap-gnr.txt"
	run "$IOMMUCTL" decode amd 605f77efa1295aff 1d
	same_as "$EXP/amd-epyc.txt"
	run "$IOMMUCTL" decode amd 0x29d3
	same_as "$EXP/amd-qemu-no-efr2.txt"
	run "$IOMMUCTL" decode smmuv3 idr0=0x0d44101b idr1=0x02730010 idr3=0x1414 idr5=0x74 aidr=1
	same_as "$EXP/smmuv3-qemu.txt"
	run "$IOMMUCTL" decode dmesg "$LOGS/intel-client.log"
	same_as "$EXP/dmesg-intel-client.txt"
	run "$IOMMUCTL" -q decode dmesg "$LOGS/amd-7x.log"
	same_as "$EXP/dmesg-amd-7x-quiet.txt"
}

@test "text: only non-zero fields by default, all with -v; -q keeps the summary alone" {
	run "$IOMMUCTL" decode vtd-cap d2008c40660462
	[[ "$output" != *"AFL "* ]]
	run "$IOMMUCTL" -v decode vtd-cap d2008c40660462
	[[ "$output" == *"  AFL              3      0 "* ]]
	run "$IOMMUCTL" -q decode vtd $QEMU_CAP $QEMU_ECAP
	[[ "$output" == *"nesting: no: ecap.nest"* ]]
	[[ "$output" != *"PASS "* && "$output" != *"FAIL "* ]]
	# -q does not thin the JSON
	run "$IOMMUCTL" -q -j decode vtd $QEMU_CAP $QEMU_ECAP
	jqt '.nesting.checks | length > 10'
}

@test "dmesg: units with line, name, base, version, registers and verdict" {
	run "$IOMMUCTL" -j decode dmesg "$LOGS/intel-client.log"
	[ "$status" -eq 0 ]
	jqt '.units | length == 2' '.skipped == []' '.dropped == 0' \
	    '.units[0] | .line == 8 and .vendor == "vtd" and .name == "dmar0" and .reg_base == "0xfed90000" and .version == "1:0"' \
	    '.units[0].registers.cap.value == "0x1c0000c40660462"' \
	    '.units[0].registers.ecap.fields.nest == true' \
	    '.units[0].nesting.summary | contains("ECAP.NEST=1 but ECAP.SMTS=0")' \
	    '.units[1] | .line == 10 and .name == "dmar1" and .registers.ecap.value == "0xf050da"'
	# the quoted-printable mail paste
	run "$IOMMUCTL" -j decode dmesg "$LOGS/intel-mail-qp.log"
	jqt '.units | length == 2' '.units[0].registers.cap.value == "0x1c0000c40660462"' \
	    '.units[1].registers.cap.value == "0xd2008c40660462"'
	# the old "dmar: IOMMU 0:" form
	run "$IOMMUCTL" -j decode dmesg "$LOGS/intel-old.log"
	jqt '[.units[].name] == ["dmar0","dmar1","dmar2"]' '.units[2].registers.cap.derived.sagaw_levels == "3"'
	# two boots in one journal: the repeat is skipped
	run "$IOMMUCTL" -j decode dmesg "$LOGS/intel-server.log"
	jqt '.units | length == 3' '.skipped | length == 2' \
	    '.skipped[0].reason == "the same unit and values as line 7"' \
	    '.units[2] | .version == "7:0" and .nesting.nest_parent == "unknown"'
}

@test "dmesg: AMD forms, SMMUv3 lines not decodable, standard input" {
	run "$IOMMUCTL" -j decode dmesg "$LOGS/amd-epyc-5.15.log"
	[ "$status" -eq 0 ]
	jqt '[.units[].name] == ["0001:c0:00.2","0001:40:00.2","0000:00:00.2"]' \
	    '.units[0] | .vendor == "amd" and .reg_base == null and .version == null and .efr2_in_log == false' \
	    '.units[0].registers.efr.value == "0xa5bf732fa2295afe"' '.units[0].registers.efr2.value == "0x0"'
	run "$IOMMUCTL" -j decode dmesg "$LOGS/amd-snp.log"
	jqt '.units[0].registers.efr2.value == "0x1d"' '.units[0].efr2_in_log == true' \
	    '.skipped[0].reason | contains("no EFR copy")'
	run "$IOMMUCTL" -j decode dmesg - < "$LOGS/amd-7x.log"
	[ "$status" -eq 0 ]
	jqt '.units | length == 1' '.units[0].nesting.nest_parent == "fail"'
	run "$IOMMUCTL" -j decode dmesg < "$LOGS/amd-old.log"
	jqt '.units | length == 2'
	# SMMUv3 "features" is recognised but never decoded as IDR0: exit 1
	run --separate-stderr "$IOMMUCTL" -j decode dmesg "$LOGS/arm-smmuv3.log"
	[ "$status" -eq 1 ]
	jqt '.units == []' '.skipped | length == 3' '.skipped[0].features == "0x20b25"' \
	    '.skipped | all(.vendor == "smmuv3" and (.reason | contains("not decodable")))' \
	    '.error.kind == "failed"' '.error.message | contains("no decodable")'
	# binary garbage: the one real line is found
	run "$IOMMUCTL" -j decode dmesg "$LOGS/garbage.bin"
	[ "$status" -eq 0 ]
	jqt '.units[0].name == "dmar7"'
}

@test "dmesg: no unit lines, unreadable files" {
	expect_error 1 failed "$LOGS/no-units.log: no IOMMU unit lines found" \
		decode dmesg "$LOGS/no-units.log"
	expect_error 1 failed "no IOMMU unit lines found" decode dmesg /dev/null
	expect_error 1 failed "cannot open the boot log '$TMP/missing.log'" decode dmesg "$TMP/missing.log"
	jqt '.error.name == "ENOENT"' '.error.op == "open"'
	run --separate-stderr "$IOMMUCTL" decode dmesg "$TMP/missing.log"
	[[ "$stderr" == "iommuctl: error: open: ENOENT: cannot open the boot log '$TMP/missing.log'" ]]
	expect_error 1 failed "cannot read the boot log '$TMP'" decode dmesg "$TMP"
	jqt '.error.name == "EISDIR"'
	if [ "$(id -u)" -ne 0 ]; then
		echo secret > "$TMP/locked"; chmod 000 "$TMP/locked"
		expect_error 1 failed "EACCES" decode dmesg "$TMP/locked"
	fi
	run bash -c '"$IOMMUCTL" decode dmesg < /dev/null'
	[ "$status" -eq 1 ]
	[[ "$output" == *"standard input: no IOMMU unit lines found"* ]]
}

@test "bad input: every decode command, exit 2 naming the argument" {
	# vtd
	expect_error 2 usage "decode vtd: missing CAP" decode vtd
	expect_error 2 usage "decode vtd: missing ECAP" decode vtd d2008c40660462
	expect_error 2 usage "decode vtd: unexpected argument 'x'" decode vtd 1 2 x
	expect_error 2 usage "decode vtd: CAP: 'zz' is not a hexadecimal register value" decode vtd zz 1
	expect_error 2 usage "decode vtd: ECAP: 'f050dx' is not a hexadecimal" decode vtd 1 f050dx
	expect_error 2 usage "decode vtd: CAP: 10000000000000000 does not fit in a 64-bit register" \
		decode vtd 10000000000000000 1
	expect_error 2 usage "decode vtd: ECAP: '-1' is not a hexadecimal" decode vtd 1 -1
	expect_error 2 usage "decode vtd: CAP: empty value" decode vtd "" 1
	expect_error 2 usage "decode vtd: ECAP: '0x' has no hex digits" decode vtd 1 0x
	expect_error 2 usage "decode vtd: CAP: ' 1' is not a hexadecimal" decode vtd " 1" 1
	# vtd-cap, vtd-ecap
	expect_error 2 usage "decode vtd-cap: missing VALUE" decode vtd-cap
	expect_error 2 usage "decode vtd-cap: VALUE: 'cap=1' is not a hexadecimal" decode vtd-cap cap=1
	expect_error 2 usage "decode vtd-cap: unexpected argument '2'" decode vtd-cap 1 2
	expect_error 2 usage "decode vtd-ecap: VALUE: 0x1ffffffffffffffff does not fit" \
		decode vtd-ecap 0x1ffffffffffffffff
	expect_error 2 usage "decode vtd-ecap: VALUE: empty value" decode vtd-ecap ""
	# amd
	expect_error 2 usage "decode amd: missing EFR" decode amd
	expect_error 2 usage "decode amd: EFR: 'x1' is not a hexadecimal" decode amd x1
	expect_error 2 usage "decode amd: EFR2: '-0x1d' is not a hexadecimal" decode amd 1 -0x1d
	expect_error 2 usage "decode amd: EFR2: 11111111111111111 does not fit" decode amd 1 11111111111111111
	expect_error 2 usage "decode amd: unexpected argument '3'" decode amd 1 2 3
	# smmuv3
	expect_error 2 usage "decode smmuv3: missing register; expected idr0=, idr1=" decode smmuv3
	expect_error 2 usage "decode smmuv3: unknown keyword 'idr2=1'; expected idr0=" decode smmuv3 idr2=1
	expect_error 2 usage "decode smmuv3: unknown keyword 'idr0'" decode smmuv3 idr0
	expect_error 2 usage "decode smmuv3: unknown keyword 'IDR0=1'" decode smmuv3 IDR0=1
	expect_error 2 usage "decode smmuv3: unknown keyword '=1'" decode smmuv3 =1
	expect_error 2 usage "decode smmuv3: idr1= given twice" decode smmuv3 idr1=1 idr0=0 idr1=2
	expect_error 2 usage "decode smmuv3: idr0: empty value" decode smmuv3 idr0=
	expect_error 2 usage "decode smmuv3: idr5: 100000000 does not fit in a 32-bit register" \
		decode smmuv3 idr5=100000000
	expect_error 2 usage "decode smmuv3: iidr: '-1' is not a hexadecimal" decode smmuv3 iidr=-1
	expect_error 2 usage "decode smmuv3: aidr: '0x' has no hex digits" decode smmuv3 aidr=0x
	# smmuv3-cmd, smmuv3-ste
	for c in smmuv3-cmd smmuv3-ste; do
		expect_error 2 usage "decode $c: missing W0; usage: decode $c W0 W1" decode $c
		expect_error 2 usage "decode $c: missing W1; usage: decode $c W0 W1" decode $c 0x12
		expect_error 2 usage "decode $c: W0: 'tlbi-nh-va' is not a hexadecimal" \
			decode $c tlbi-nh-va 0
		expect_error 2 usage "decode $c: W1: 'zz' is not a hexadecimal" decode $c 1 zz
		expect_error 2 usage "decode $c: W0: 10000000000000000 does not fit in a 64-bit register" \
			decode $c 10000000000000000 0
		expect_error 2 usage "decode $c: W1: empty value" decode $c 1 ""
		expect_error 2 usage "decode $c: unexpected argument '3'" decode $c 1 2 3
	done
	# dmesg
	expect_error 2 usage "decode dmesg: unexpected argument 'b'" decode dmesg a b
	expect_error 2 usage "decode dmesg: empty file name" decode dmesg ""
	# the object itself
	expect_error 2 usage "decode: unknown command 'vtdcap'" decode vtdcap 1
	expect_error 2 usage "decode: missing command" decode
}

@test "help lists every decode command" {
	run "$IOMMUCTL" -j decode help
	[ "$status" -eq 0 ]
	jqt '[.commands[].name] == ["vtd","vtd-cap","vtd-ecap","amd","smmuv3","smmuv3-cmd","smmuv3-ste","dmesg"]'
}
