# Shared helpers for the bats CLI tests: `load helpers` in a .bats file.
# They work on the last `run` ($output, $stderr, $status).

# jqt EXPR...: the JSON in $output satisfies every jq expression.
jqt() {
	local e
	# jq -e is true on empty input: insist on a document
	[ -n "$output" ] || { echo "jqt: no output to check" >&2; return 1; }
	for e in "$@"; do
		if ! jq -e "$e" >/dev/null <<<"$output"; then
			echo "jq expression is not true: $e" >&2
			head -c 3000 <<<"$output" >&2
			return 1
		fi
	done
}

# chk NAME EXPR...: $output (a doctor document) has exactly one check named
# NAME, and it satisfies every jq EXPR
chk() {
	local name=$1 e all=true
	shift
	[ -n "$output" ] || { echo "check $name: no output" >&2; return 1; }
	for e in "$@"; do all+=" and ($e)"; done
	# one jq for all (jq is slow to start in the VM); one by one to say which failed
	jq -e --arg n "$name" "[.checks[] | select(.name == \$n)] | length == 1 and (.[0] | $all)" \
		>/dev/null <<<"$output" && return 0
	for e in "$@"; do
		jq -e --arg n "$name" "[.checks[] | select(.name == \$n)] | length == 1 and (.[0] | $e)" \
			>/dev/null <<<"$output" || {
			echo "check $name: not true: $e" >&2
			jq -c --arg n "$name" '.checks[] | select(.name == $n)' <<<"$output" >&2
			return 1
		}
	done
	echo "check $name: not exactly one such check" >&2
	return 1
}

# expect_error CODE KIND MESSAGE ARGS...: iommuctl ARGS exits CODE with
# MESSAGE on stderr and nothing on stdout, and with -j gives the same as
# an {"error": {"kind": KIND, ...}} object.
expect_error() {
	local code=$1 kind=$2 msg=$3
	shift 3
	run --separate-stderr "$IOMMUCTL" "$@"
	if [ "$status" -ne "$code" ] || [[ "$stderr" != *"$msg"* ]] || [ -n "$output" ]; then
		echo "iommuctl $*: exit $status (want $code), stderr: $stderr" >&2
		echo "want on stderr: $msg; stdout: ${output:0:300}" >&2
		return 1
	fi
	run --separate-stderr "$IOMMUCTL" -j "$@"
	[ "$status" -eq "$code" ] || { echo "-j: exit $status (want $code)" >&2; return 1; }
	jqt ".error.kind == \"$kind\"" ".error.exit_code == $code" \
	    ".error.message | contains($(jq -Rn --arg m "$msg" '$m'))"
}

# same_as FILE: $output equals FILE (diff shown when it does not).
same_as() {
	diff -u "$1" - <<<"$output"
}
