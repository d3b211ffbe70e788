#!/usr/bin/env bats
# Malformed input for every command and keyword: the cases are the lines of
# tests/cli/badinput.table (format and checks: tests/cli/badinput.bash). No
# case can reach a kernel: --dev points at an empty directory, so a value
# that slipped past the argument checks would end as "unsupported: no
# iommufd" (exit 3), not with the exit code and message the case wants.
# Cases that need a kernel (destroyed ids, names reused, PASID widths, what
# the kernel says about alignment) are in tests/vm/badinput.table.
bats_require_minimum_version 1.5.0

: "${IOMMUCTL:?set IOMMUCTL to the binary}"
load badinput
bi_load "$BATS_TEST_DIRNAME/badinput.table"

# One test per group of objects; "@other" holds what 'help' does not list
# (unknown objects, global options). The last test checks that the groups
# cover every object.
GROUPS_ALL=("@other help" "show iommu group device" "ioas" "hwpt" "viommu vdevice" "s1"
	    "pasid" "fault veventq monitor" "option" "mock" "decode" "batch shell" "doctor")

setup() {
	FIX=$BATS_TEST_DIRNAME/../fixtures/sysfs/intel-server
	NODEV=$BATS_TEST_TMPDIR/nodev
	mkdir -p "$NODEV"
	BI_OPTS=(--sysfs "$FIX/sys" --proc "$FIX/proc" --dev "$NODEV")
}

@test "bad input: options, unknown objects, help ($(bi_count @other help) cases)" {
	bi_run @other help
}

@test "bad input: show, iommu, group, device ($(bi_count show iommu group device) cases)" {
	bi_run show iommu group device
}

@test "bad input: ioas ($(bi_count ioas) cases)" {
	bi_run ioas
}

@test "bad input: hwpt ($(bi_count hwpt) cases)" {
	bi_run hwpt
}

@test "bad input: viommu, vdevice ($(bi_count viommu vdevice) cases)" {
	bi_run viommu vdevice
}

@test "bad input: s1 ($(bi_count s1) cases)" {
	bi_run s1
}

@test "bad input: pasid ($(bi_count pasid) cases)" {
	bi_run pasid
}

@test "bad input: fault, veventq, monitor ($(bi_count fault veventq monitor) cases)" {
	bi_run fault veventq monitor
}

@test "bad input: option ($(bi_count option) cases)" {
	bi_run option
}

@test "bad input: mock ($(bi_count mock) cases)" {
	bi_run mock
}

@test "bad input: doctor ($(bi_count doctor) cases)" {
	bi_run doctor
}

@test "bad input: decode ($(bi_count decode) cases)" {
	bi_run decode
}

@test "bad input: batch and shell input ($(bi_count batch shell) cases)" {
	bi_run batch shell
}

@test "bad input: every command and keyword of the command table has a case (${#BI_CMD[@]} cases)" {
	local lines missing=0 o c kw g all=" "
	lines=$(bi_command_lines)
	for g in "${GROUPS_ALL[@]}"; do all+="$g "; done
	while IFS=$'\t' read -r o c args; do
		[ "$c" = - ] && c=
		[[ "$all" == *" $o "* ]] || { echo "object '$o' is in no test group"; missing=1; }
		local mine
		mine=$(grep -E "^$o${c:+ $c}( |$)" <<<"$lines") ||
			{ echo "no case for '$o${c:+ $c}'"; missing=1; continue; }
		# every lower-case word of the synopsis (keywords, enum values)
		for kw in $(tr '[]{}|' '     ' <<<"$args"); do
			[[ "$kw" =~ ^[a-z0-9][a-z0-9-]*$ && "$kw" =~ [a-z] ]] || continue
			grep -qE "(^| )$kw( |$)" <<<"$mine" ||
				{ echo "no case of '$o${c:+ $c}' uses '$kw'"; missing=1; }
		done
	done < <("$IOMMUCTL" -j help | jq -r '.objects[] |
		if .commands then .name as $o | .commands[] | [$o, .name, .args] | @tsv
		else [.name, "-", .args] | @tsv end')
	echo "# badinput: ${#BI_CMD[@]} cases" >&3
	[ "$missing" -eq 0 ]
}
