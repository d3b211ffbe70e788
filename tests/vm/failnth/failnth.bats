#!/usr/bin/env bats
# Kernel fault injection under representative sessions (nested setup and
# invalidation, PASIDs, vIOMMU, events), the way the kernel's own
# iommufd_fail_nth test does it: fail the 1st, 2nd, ... Nth fault-injection
# point (slab and page allocations, user copies, iommufd object lookups)
# that the iommuctl process reaches in the kernel, until a run completes
# untouched. Every run must end in success or a clear error with exit 1:
# no crash, no hang, no sanitizer report, a valid JSON document.
# IOMMUCTL_FAIL_NTH (src/failnth.c) arms the per-task counter.
# The binary is the plain build, what users run: glibc's malloc retries a
# failed brk with mmap, so one injected failure never reaches the tool as a
# NULL. ASan's allocator does not retry: under fail-nth it aborts "out of
# memory", or with allocator_may_return_null hands NULL to json-c, whose
# strdup of a key then crashes; the sanitizer build runs the mock sessions
# without injection instead (sanitizer-session.sh).
# Runs inside the test VM: vmcheck's x86-vtd target (so make check), or alone
# with make failnth. About 600 points in all, 7 minutes on 2 idle cores.
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
	load ../helpers
	BIN=${IOMMUCTL:?set IOMMUCTL to the binary}
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

# failnth NAME: run tests/vm/failnth/NAME.batch with N = 1, 2, ... until the
# fault is not reached; check every run; print the counts.
failnth() {
	local batch=$TMP/$1.batch n rc injected=0 clean=0 failed=0 report
	[ -d /sys/kernel/debug/failslab ] || { echo "no fault injection in this kernel"; return 1; }
	need_mock
	# the batch file read from tmpfs: the armed process touches no 9p file
	# (an injected failure in Linux 7.2's 9p client breaks every later
	# open on the guest's root; failnth_report disarms before exit too)
	cp "$BATS_TEST_DIRNAME/$1.batch" "$batch"
	local warns0 warns
	warns0=$(dmesg | grep -c 'WARNING:' || true)
	# the session must pass untouched first
	run --separate-stderr "$BIN" -j batch "$batch"
	if [ "$status" -eq 3 ]; then	# an older kernel: skip only after iommuctl said so
		local i
		i=$(jq '[.[] | has("error")] | index(true)' <<<"$output")
		kernel_lacks "$i" && skip "$SKIP_REASON"
	fi
	[ "$status" -eq 0 ] || { echo "untouched run failed: $output"; return 1; }
	jq -e 'length > 0 and all(.[]; has("output"))' <<<"$output" >/dev/null
	for ((n = 1; n <= 20000; n++)); do
		rc=0
		IOMMUCTL_FAIL_NTH=$n timeout 30 "$BIN" -j batch "$batch" \
			>"$TMP/out" 2>"$TMP/err" || rc=$?
		# (not anchored: json-c's "error from getrandom(): Bad address",
		# an injected copy_to_user in its hash seeding, has no newline)
		report=
		[[ $(<"$TMP/err") =~ fail-nth:\ [^$'\n']* ]] && report=${BASH_REMATCH[0]}
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			echo "n=$n: exit $rc (crash, hang or sanitizer report)"; cat "$TMP/err"; return 1
		fi
		# one JSON document; after exit 1 a clear error: the batch's
		# entries, or the error before the batch could start (opening the
		# file), as error objects with a sentence and, for a system error,
		# the errno's name (one jq per run: every exec is slow under TCG)
		jq -se --argjson rc "$rc" 'length == 1 and (.[0] | (type == "array" or type == "object") and
			($rc == 0 or ((if type == "array" then [.[] | select(.error) | .error] else [.error // empty] end)
			  | length >= 1 and all(.[]; .kind == "failed" and (.message | length > 0) and
						  ((has("errno") | not) or (.name | test("^E[A-Z0-9]+$")))))))' \
			"$TMP/out" >/dev/null 2>&1 ||
			{ echo "n=$n: exit $rc without one JSON document or without a clear error"
			  head -c 2000 "$TMP/out"; cat "$TMP/err"; return 1; }
		[ "$rc" -eq 0 ] || failed=$((failed + 1))
		case $report in
		"fail-nth: $n injected") injected=$((injected + 1)) ;;
		"fail-nth: $n not reached"*)
			[ "$rc" -eq 0 ] || { echo "n=$n: not reached but exit $rc"; cat "$TMP/err"; return 1; }
			clean=1; break ;;
		*) echo "n=$n: no fail-nth report: $report"; cat "$TMP/err"; return 1 ;;
		esac
	done
	[ "$clean" -eq 1 ] || { echo "still injecting after $n runs"; return 1; }
	warns=$(( $(dmesg | grep -c 'WARNING:' || true) - warns0 ))
	echo "# failnth $1: $injected injection points, $failed runs ended in a clear error (exit 1)," \
		"$((injected - failed)) absorbed (exit 0), then untouched at n=$n; kernel warnings: $warns" >&3
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
