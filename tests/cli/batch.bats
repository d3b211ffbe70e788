#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# The batch/shell contract: line numbers, --force, the JSON array, errors.
# Commands here need no kernel; the VM tests cover sessions with objects.

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

@test "batch: JSON array with line numbers, commands and outputs" {
	printf '# comment\n\nhelp\niommu help\n' > "$TMP/b"
	run "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 0 ]
	[ "$(jq -r 'length' <<<"$output")" = 2 ]
	[ "$(jq -r '.[0].line' <<<"$output")" = 3 ]
	[ "$(jq -r '.[0].command' <<<"$output")" = help ]
	[ "$(jq -r '.[1].line' <<<"$output")" = 4 ]
	[ "$(jq -r '.[1].command' <<<"$output")" = "iommu help" ]
	[ "$(jq -r '.[1].output.object' <<<"$output")" = iommu ]
	jq -e '.[0].output.objects | map(.name) | index("batch") != null' <<<"$output"
}

@test "batch: stops at the first error, exit code of the failing line" {
	printf 'help\nnosuch thing\nhelp\n' > "$TMP/b"
	run "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 2 ]
	[ "$(jq -r 'length' <<<"$output")" = 3 ]
	[ "$(jq -r '.[1].line' <<<"$output")" = 2 ]
	[ "$(jq -r '.[1].error.kind' <<<"$output")" = usage ]
	[ "$(jq -r '.[1].error.line' <<<"$output")" = 2 ]
	[[ "$(jq -r '.[1].error.message' <<<"$output")" == *"unknown object 'nosuch'"* ]]
	# the summary closes the array: where it stopped, nothing created
	jq -e '.[2].summary | .stopped_at_line == 2 and .commands == 2 and .failed == 1
		and .failed_lines == [2] and .created == []' <<<"$output"
}

@test "batch --force: runs every line and reports each failure with its line" {
	printf 'nosuch\nhelp\niommu frob\nhelp\n' > "$TMP/b"
	run "$IOMMUCTL" -j batch --force "$TMP/b"
	[ "$status" -eq 2 ]
	[ "$(jq -r 'length' <<<"$output")" = 5 ]
	[ "$(jq -c '[.[] | select(.error) | .line]' <<<"$output")" = "[1,3]" ]
	jq -e '.[4].summary | .stopped_at_line == null and .commands == 4 and .failed == 2
		and .failed_lines == [1,3]' <<<"$output"
	[[ "$(jq -r '.[2].error.message' <<<"$output")" == *"unknown command 'frob'"* ]]
}

@test "batch text mode: the failing line is named FILE:LINE on stderr" {
	printf 'help\n\niommu frob\n' > "$TMP/b"
	run --separate-stderr "$IOMMUCTL" batch "$TMP/b"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"$TMP/b:3: iommu: unknown command 'frob'"* ]]
	[[ "$stderr" == *"batch stopped at $TMP/b line 3 after 2 command(s)"* ]]
}

@test "batch --force: every failure is reported, none left out silently" {
	for i in $(seq 1 60); do echo "nosuch$i"; done > "$TMP/b"
	run --separate-stderr "$IOMMUCTL" batch --force "$TMP/b"
	[ "$status" -eq 2 ]
	[ "$(grep -c "unknown object 'nosuch" <<<"$stderr")" -eq 60 ]
	[[ "$stderr" == *"batch: 60 command(s), 60 failed (lines 1, 2, 3,"*", 49, 50 and 10 more; -j lists them all)"* ]]
	run "$IOMMUCTL" -j batch --force "$TMP/b"
	[ "$status" -eq 2 ]
	jq -e '[.[] | select(.error)] | length == 60' <<<"$output"
	jq -e '.[-1].summary | .failed == 60 and .failed_lines == [range(1; 61)]' <<<"$output"
}

@test "batch: a line over 1 MiB stops the batch with its line number, in text and JSON" {
	{ echo help; head -c 1100000 /dev/zero | tr '\0' a; printf '\nhelp\n'; } > "$TMP/b"
	run --separate-stderr "$IOMMUCTL" batch "$TMP/b"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"$TMP/b:2: line 2: command longer than 1048576 bytes; nothing after it was run"* ]]
	run "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 2 ]
	jq -e 'length == 3 and .[1].line == 2 and .[1].error.exit_code == 2
		and .[2].summary.stopped_at_line == 2' <<<"$output"
}

@test "batch: quoting and continuation join words and lines" {
	printf 'iommu \\\n  help\n"iommu" '"'"'help'"'"'\n' > "$TMP/b"
	run "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 0 ]
	[ "$(jq -c 'map([.line, .command])' <<<"$output")" = '[[1,"iommu help"],[3,"iommu help"]]' ]
}

@test "batch: unterminated quote at end of input is a usage error with its line" {
	printf 'help\niommu "help\n' > "$TMP/b"
	run "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 2 ]
	[ "$(jq -r '.[1].line' <<<"$output")" = 2 ]
	[ "$(jq -r '.[1].error.message' <<<"$output")" = "unterminated double quote" ]
}

@test "batch: continuation at end of input" {
	printf 'help \\' > "$TMP/b"
	run "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 2 ]
	[ "$(jq -r '.[0].error.message' <<<"$output")" = "line continuation at end of input" ]
}

@test "batch: binary garbage (NUL bytes) is refused by line, no crash" {
	printf 'help\n\x00\x01\x02garbage\n' > "$TMP/b"
	run "$IOMMUCTL" -j batch --force "$TMP/b"
	[ "$status" -eq 2 ]
	[ "$(jq -r '.[1].line' <<<"$output")" = 2 ]
	[ "$(jq -r '.[1].error.message' <<<"$output")" = "NUL byte in line" ]
	head -c 65536 /dev/urandom > "$TMP/r"
	run "$IOMMUCTL" batch --force "$TMP/r"
	[ "$status" -eq 2 ]
}

@test "batch: nested batch or shell is refused" {
	printf 'batch -\n' > "$TMP/b"
	run "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 2 ]
	[[ "$(jq -r '.[0].error.message' <<<"$output")" == *"cannot be used inside a batch"* ]]
}

@test "batch: reads standard input with -" {
	run bash -c "printf 'help\n' | '$IOMMUCTL' -j batch -"
	[ "$status" -eq 0 ]
	[ "$(jq -r '.[0].command' <<<"$output")" = help ]
}

@test "batch: a file is read in 64 KiB blocks, the same lines as standard input" {
	# lines and continuations across the block boundaries (65536, 131072),
	# a comment longer than a block, no newline at the end
	{
		for i in $(seq 1 700); do
			printf 'decode vtd 0x%x \\\n  0x%x\n' "$i" "$((i * 7))"
			printf '# %0*d\n' "$((i % 97))" 0
			printf '  decode   vtd  %d "%d"\n' "$((i * 3))" "$((i * 5))"
		done
		printf '# %0100000d\n' 0
		printf 'decode vtd 1 2'
	} > "$TMP/b"
	[ "$(stat -c %s "$TMP/b")" -gt 131072 ]
	run --separate-stderr "$IOMMUCTL" -j batch "$TMP/b"
	[ "$status" -eq 0 ]
	file_out=$output
	run --separate-stderr bash -c "'$IOMMUCTL' -j batch - < '$TMP/b'"
	[ "$status" -eq 0 ]
	[ "$output" = "$file_out" ]
	jq -e 'length == 1401 and .[0].line == 1 and .[0].command == "decode vtd 0x1 0x7"
		and .[1].line == 4 and .[1].command == "decode vtd 3 5"
		and .[1400].line == 2802 and .[1400].command == "decode vtd 1 2"' <<<"$file_out"
}

@test "batch: missing and unreadable files" {
	run "$IOMMUCTL" batch
	[ "$status" -eq 2 ]
	[[ "$output" == *"missing FILE"* ]]
	run "$IOMMUCTL" -j batch "$TMP/none"
	[ "$status" -eq 1 ]
	[ "$(jq -r '.error.name' <<<"$output")" = ENOENT ]
	[ "$(jq -r '.error.op' <<<"$output")" = open ]
	run "$IOMMUCTL" batch a b
	[ "$status" -eq 2 ]
	[[ "$output" == *"unexpected argument 'b'"* ]]
}

@test "shell: one JSON document per command when piped" {
	run bash -c "printf 'iommu help\nnosuch\nhelp\n' | '$IOMMUCTL' -j shell"
	[ "$status" -eq 2 ]
	[ "$(wc -l <<<"$output")" = 3 ]
	[ "$(sed -n 1p <<<"$output" | jq -r .object)" = iommu ]
	[ "$(sed -n 2p <<<"$output" | jq -r .error.kind)" = usage ]
	[ "$(sed -n 3p <<<"$output" | jq -r '.objects | length > 3')" = true ]
}

@test "shell: on a terminal, a prompt and libedit, loaded by the shell alone" {
	# script(1) gives the shell a terminal; the ^D after a pause is the end
	run bash -c "(printf 'iommu help\n'; sleep 1; printf '\x04') |
		LD_DEBUG=files timeout 30 script -qec '$IOMMUCTL shell' /dev/null"
	[ "$status" -eq 0 ]
	[[ "$output" == *"iommuctl> "*"Usage: iommuctl [OPTIONS] iommu COMMAND"* ]]
	[[ "$output" != *"no line editing"* ]]
	[[ "$output" == *"file=libedit.so.2"* ]]	# the loader's trace: libedit was loaded
	# ... and only by the shell: a one-shot command or a batch loads none of it
	run --separate-stderr env LD_DEBUG=files "$IOMMUCTL" --version
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"file=libjson-c.so.5"* ]]
	[[ "$stderr" != *libedit* && "$stderr" != *libtinfo* ]]
	printf 'help\n' > "$TMP/b"
	run --separate-stderr env LD_DEBUG=files "$IOMMUCTL" batch "$TMP/b"
	[ "$status" -eq 0 ]
	[[ "$stderr" != *libedit* ]]
}
