#!/usr/bin/env bats
# The command tables are the truth: --help, the man page and both completions
# must list exactly the objects and commands the tables have.
bats_require_minimum_version 1.5.0

setup() {
	: "${IOMMUCTL:?set IOMMUCTL to the binary}"
	TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	TMP=$(mktemp -d)
	"$IOMMUCTL" -j help > "$TMP/help.json"
	# "object command" pairs, and command-less objects alone
	jq -r '.objects[] | if .commands then "\(.name) \(.commands[].name)" else .name end' \
		"$TMP/help.json" | sort > "$TMP/table"
}

teardown() {
	rm -rf "$TMP"
}

@test "the table is not empty and every object answers 'help'" {
	[ "$(wc -l < "$TMP/table")" -ge 10 ]
	for o in $(jq -r '.objects[] | select(.commands) | .name' "$TMP/help.json"); do
		run "$IOMMUCTL" -j "$o" help
		[ "$status" -eq 0 ]
		[ "$(jq -r .object <<<"$output")" = "$o" ]
		# and the text help lists every command of the table
		run "$IOMMUCTL" "$o" help
		for c in $(jq -r --arg o "$o" '.objects[] | select(.name == $o) | .commands[].name' "$TMP/help.json"); do
			grep -qE "^  $o $c( |$)" <<<"$output"
		done
	done
}

@test "completions are generated from the tables and up to date" {
	"$TOP/completions/generate.sh" "$IOMMUCTL" "$TMP"
	diff -u "$TOP/completions/iommuctl.bash" "$TMP/iommuctl.bash"
	diff -u "$TOP/completions/_iommuctl" "$TMP/_iommuctl"
	bash -n "$TOP/completions/iommuctl.bash"
	zsh -n "$TOP/completions/_iommuctl"
}

@test "bash completion offers every object and every command" {
	source "$TOP/completions/iommuctl.bash"
	complete_words() {
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
		_iommuctl
		printf '%s\n' "${COMPREPLY[@]}" | sort
	}
	diff <(complete_words iommuctl "" | grep -v '^-') \
	     <(jq -r '.objects[].name' "$TMP/help.json" | sort)
	for o in $(jq -r '.objects[] | select(.commands) | .name' "$TMP/help.json"); do
		diff <(complete_words iommuctl "$o" "") \
		     <( (jq -r --arg o "$o" '.objects[] | select(.name == $o) | .commands[].name' "$TMP/help.json"; echo help) | sort)
	done
}

@test "the man page documents exactly the commands of the tables" {
	# In the ronn source every command is a definition-list term:
	#   * `iommuctl` `OBJECT` `COMMAND` ...
	grep -oE '^ *\* `iommuctl` `[a-z0-9-]+`( `[a-z0-9-]+`)?' "$TOP/man/iommuctl.8.ronn" |
		sed -E 's/^ *\* `iommuctl` `([a-z0-9-]+)`( `([a-z0-9-]+)`)?/\1 \3/; s/ $//' |
		grep -v ' help$' | sort -u > "$TMP/man"
	diff -u "$TMP/table" "$TMP/man"
	# and the committed roff is the ronn source's output (same commands)
	for pair in $(sed 's/ /:/' "$TMP/table"); do
		o=${pair%%:*}; c=${pair#*:}
		[ "$o" = "$c" ] && c=
		# roff spells '-' as '\-'
		want="iommuctl\\fR \\fB${o//-/\\-}\\fR${c:+ \\fB${c//-/\\-}\\fR}"
		grep -qF -- "$want" "$TOP/man/iommuctl.8" ||
			{ echo "roff lacks: $o $c"; false; }
	done
}
