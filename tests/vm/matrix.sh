#!/usr/bin/env bash
# The VM test matrix from the TAP files vmcheck.sh leaves in RESULTS:
# rows are test groups (the name prefix before ':'), columns are targets,
# cells are passed/failed/unsupported counts ("-": the group is not part of
# that target; "not run": the target has no TAP file). Skips that do not
# start with "unsupported:" are shown apart ("+N skip").
#
# usage: matrix.sh RESULTS TARGET=TITLE...
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
root=$1; shift
for spec in "$@"; do
	t=${spec%%=*}
	printf '%s\t%s\t%s\n' "$t" "${spec#*=}" "$([ -f "$root/$t.tap" ] && echo run || echo 'not run')"
done | awk -F'\t' -v root="$root" '
	{
		nt++; tg[nt] = $1; ti[nt] = $2; st[nt] = $3
		if ($3 != "run") next
		f = root "/" $1 ".tap"
		while ((getline line < f) > 0) {
			if (line !~ /^(not )?ok [0-9]+ /) continue
			bad = line ~ /^not ok/
			sub(/^(not )?ok [0-9]+ /, "", line)
			g = index(line, ":") ? substr(line, 1, index(line, ":") - 1) : "(no group)"
			if (!(g in seen)) { seen[g] = 1; ng++; gs[ng] = g }
			k = $1 SUBSEP g
			any[k] = 1
			if (bad) fail[k]++
			else if (tolower(line) ~ /# skip unsupported:/) uns[k]++
			else if (tolower(line) ~ /# skip/) skp[k]++
			else pass[k]++
		}
		close(f)
	}
	function cell(j, g,   k, c) {
		k = tg[j] SUBSEP g
		if (st[j] != "run") return st[j]
		if (!(k in any)) return "-"
		c = (pass[k] + 0) "/" (fail[k] + 0) "/" (uns[k] + 0)
		if (skp[k]) c = c " +" skp[k] " skip"
		return c
	}
	END {
		w = 5
		for (i = 1; i <= ng; i++) if (length(gs[i]) > w) w = length(gs[i])
		cw[0] = w
		for (j = 1; j <= nt; j++) {
			cw[j] = length(ti[j])
			for (i = 1; i <= ng; i++) if (length(cell(j, gs[i])) > cw[j]) cw[j] = length(cell(j, gs[i]))
		}
		printf "%-" w "s", "group"
		for (j = 1; j <= nt; j++) printf "  %-" cw[j] "s", ti[j]
		printf "\n"
		for (i = 1; i <= ng; i++) {
			printf "%-" w "s", gs[i]
			for (j = 1; j <= nt; j++) printf "  %-" cw[j] "s", cell(j, gs[i])
			printf "\n"
		}
		print "(cells: passed/failed/unsupported; -: not part of that target)"
	}'
