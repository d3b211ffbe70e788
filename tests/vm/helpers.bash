# Shared by the VM .bats files (load helpers): a batch session with JSON
# output, jq checks, and how a test tells "this kernel is too old" apart from
# a failure.

batch() {	# batch [--force] CONTENT: one session, JSON array in $output
	local o=()
	[ "$1" = --force ] && { o=(--force); shift; }
	printf '%s\n' "$1" > "$BATS_TEST_TMPDIR/batch"
	run --separate-stderr "$IOMMUCTL" -j batch "${o[@]}" "$BATS_TEST_TMPDIR/batch"
	mock_unusable && skip "$SKIP_REASON"
	return 0
}

# mock_unusable: the batch in $output stopped at iommuctl's "the selftest
# mock device could not be bound" (exit 3: an older kernel probed the mock
# with the hardware IOMMU's driver, e.g. 6.12 next to the emulated VT-d),
# on a kernel older than 6.13: SKIP_REASON is set, returns 0. On a newer
# kernel the answer is a failure the test's own checks catch.
mock_unusable() {
	local msg
	[ "$status" -eq 3 ] && kernel_older 6.13 || return 1
	msg=$(jq -r '[.[]? | .error? // empty | select(.kind == "unsupported") | .message
		| select(test("selftest mock device could not be bound"))] | first // empty' \
		<<<"$output" 2>/dev/null)
	[ -n "$msg" ] || return 1
	SKIP_REASON="unsupported: Linux $(kernel_xy): $msg"
}

# need_mock: skip the test when the selftest mock cannot be used here (see
# mock_unusable); otherwise nothing.
need_mock() {
	local output status
	batch 'ioas alloc
mock add 1'
}

jqe() {	# jqe FILTER: true on $output, or show it and fail
	jq -e "$1" <<<"$output" >/dev/null ||
		{ echo "jq failed: $1"; echo "$output" | head -c 4000; false; }
}

kernel_xy() {	# the running kernel's X.Y
	uname -r | grep -oE '^[0-9]+\.[0-9]+'
}

kernel_older() {	# kernel_older X.Y: the running kernel predates X.Y
	local k
	k=$(kernel_xy)
	[ "$k" != "$1" ] && [ "$(printf '%s\n%s\n' "$k" "$1" | sort -V | head -n1)" = "$k" ]
}

# expect_needs I X.Y OP ERRNO: batch entry I is iommuctl's answer for a
# kernel without the feature: exit 3, kind "unsupported", the ioctl OP and
# ERRNO that told it, and the sentence "not supported by this kernel (needs
# X.Y or later)".
expect_needs() {
	local i=$1 xy=$2 op=$3 errno=$4
	[ "$status" -eq 3 ] || { echo "status $status, not 3"; echo "$output"; false; }
	jqe ".[$i].error | .kind == \"unsupported\" and .exit_code == 3 and .op == \"$op\" and .name == \"$errno\""
	jqe ".[$i].error.message | startswith(\"not supported by this kernel (needs $xy or later)\")"
}

# kernel_lacks I: batch entry I failed with iommuctl's "not supported by
# this kernel (needs X.Y or later)" (exit 3), and the running kernel is
# indeed older than X.Y: SKIP_REASON is set and it returns 0, so that
# `kernel_lacks I && skip "$SKIP_REASON"` skips only after checking the
# answer. Anything else (a kernel that has X.Y, another error) returns 1 and
# the test's own checks go on and fail.
kernel_lacks() {
	local i=$1 msg
	[ "$status" -eq 3 ] || return 1
	msg=$(jq -r ".[$i].error | select(.kind == \"unsupported\" and .exit_code == 3) | .message" \
		<<<"$output" 2>/dev/null) || return 1
	[[ $msg =~ ^not\ supported\ by\ this\ kernel\ \(needs\ ([0-9]+\.[0-9]+)\ or\ later\) ]] ||
		return 1
	kernel_older "${BASH_REMATCH[1]}" || return 1
	SKIP_REASON="unsupported: Linux $(kernel_xy): $(jq -r ".[$i].error.op" <<<"$output"): $msg"
}
