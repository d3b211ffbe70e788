#!/usr/bin/env bats
# Kernel fault injection under representative sessions (nested setup and
# invalidation, PASIDs, vIOMMU, events), the way the kernel's own
# iommufd_fail_nth test does it: fail the 1st, 2nd, ... Nth fault-injection
# point (slab and page allocations, user copies, iommufd object lookups)
# that the iommuctl process reaches in the kernel, until a run completes
# untouched. Every run must end in success or a clear error with exit 1:
# no crash, no hang, no sanitizer report, a valid JSON document.
# IOMMUCTL_FAIL_NTH (src/failnth.c) arms the per-task counter; the binary is
# $IOMMUCTL_SAN (the ASan+UBSan build) when given, else $IOMMUCTL.
# Runs inside the test VM (tests/vm/vmcheck.sh).
bats_require_minimum_version 1.5.0

setup_file() {
	local d=/sys/kernel/debug
	[ -d "$d/failslab" ] || return 0
	# allow every allocation to fail, and keep the log quiet: the splats
	# that matter are the tool's, not the injected failures'
	echo N > "$d/failslab/ignore-gfp-wait"
	echo N > "$d/fail_page_alloc/ignore-gfp-wait"
	echo N > "$d/fail_page_alloc/ignore-gfp-highmem"
	for f in "$d"/fail*/verbose; do echo 0 > "$f"; done
}

setup() {
	BIN=${IOMMUCTL_SAN:-${IOMMUCTL:?set IOMMUCTL to the binary}}
	TMP=$(mktemp -d)
	export ASAN_OPTIONS=halt_on_error=1:exitcode=99:detect_leaks=1
	export UBSAN_OPTIONS=halt_on_error=1:exitcode=99:print_stacktrace=1
}

teardown() {
	rm -rf "$TMP"
}

# failnth NAME: run tests/vm/failnth/NAME.batch with N = 1, 2, ... until the
# fault is not reached; check every run; print the counts.
failnth() {
	local batch=$BATS_TEST_DIRNAME/failnth/$1.batch n rc injected=0 clean=0 failed=0 report
	[ -d /sys/kernel/debug/failslab ] || { echo "no fault injection in this kernel"; return 1; }
	# the session must pass untouched first
	run --separate-stderr "$BIN" -j batch "$batch"
	[ "$status" -eq 0 ] || { echo "untouched run failed: $stderr"; return 1; }
	jq -e 'length > 0 and all(.[]; has("output"))' <<<"$output" >/dev/null
	for ((n = 1; n <= 20000; n++)); do
		rc=0
		IOMMUCTL_FAIL_NTH=$n timeout 30 "$BIN" -j batch "$batch" \
			>"$TMP/out" 2>"$TMP/err" || rc=$?
		report=$(grep '^fail-nth: ' "$TMP/err" || true)
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			echo "n=$n: exit $rc (crash, hang or sanitizer report)"; cat "$TMP/err"; return 1
		fi
		if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$TMP/err"; then
			echo "n=$n: sanitizer report"; cat "$TMP/err"; return 1
		fi
		if ! jq -e 'type == "array"' "$TMP/out" >/dev/null 2>&1; then
			echo "n=$n: not one JSON document"; head -c 2000 "$TMP/out"; return 1
		fi
		if [ "$rc" -eq 1 ]; then
			# a clear error: a failed entry with an ioctl or call, errno name
			# and sentence, and the text on stderr
			jq -e '[.[] | select(.error)] | length >= 1 and
				all(.[]; (.error.name | test("^E[A-Z0-9]+$")) and (.error.message | length > 10))' \
				"$TMP/out" >/dev/null || { echo "n=$n: exit 1 without a clear error"; cat "$TMP/out" "$TMP/err"; return 1; }
			failed=$((failed + 1))
		fi
		case $report in
		"fail-nth: $n injected") injected=$((injected + 1)) ;;
		"fail-nth: $n not reached"*)
			[ "$rc" -eq 0 ] || { echo "n=$n: not reached but exit $rc"; cat "$TMP/err"; return 1; }
			clean=1; break ;;
		*) echo "n=$n: no fail-nth report: $report"; cat "$TMP/err"; return 1 ;;
		esac
	done
	[ "$clean" -eq 1 ] || { echo "still injecting after $n runs"; return 1; }
	echo "# failnth $1: $injected injection points, $failed runs ended in a clear error (exit 1)," \
		"$((injected - failed)) absorbed (exit 0), then untouched at n=$n" >&3
	[ "$injected" -ge 10 ]
}

@test "fail-nth: nested setup and targeted invalidation" {
	failnth nested-invalidate
}

@test "fail-nth: PASID attach, replace, detach" {
	failnth pasid
}

@test "fail-nth: vIOMMU, vDEVICE, device-cache invalidation" {
	failnth viommu
}

@test "fail-nth: page requests and vEVENTs" {
	failnth events
}
