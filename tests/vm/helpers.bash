# Shared helpers for the VM .bats files: `load helpers`. They need $TMP.

# batch [--force] CONTENT: CONTENT as one batch session (-j); the JSON array
# in $output, stderr in $stderr, the exit code in $status.
batch() {
	local o=()
	[ "$1" = --force ] && { o=(--force); shift; }
	printf '%s\n' "$1" > "$TMP/b"
	run --separate-stderr "$IOMMUCTL" -j batch "${o[@]}" "$TMP/b"
}

# jqe EXPR: the JSON in $output satisfies EXPR (shown when it does not).
jqe() {
	jq -e "$1" <<<"$output" >/dev/null || { echo "jq failed: $1"; echo "$output" | head -c 4000; false; }
}
