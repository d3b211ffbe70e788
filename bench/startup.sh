#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Startup: whole-process wall time of `iommuctl --version` and `iommuctl -j
# decode vtd CAP ECAP` against /bin/true, round-robin in the same run, and
# their instruction counts under valgrind's callgrind (dynamic loader
# included), which do not move with the machine's load. Target: < 3x true.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need "$SPAWN" "$IOMMUCTL"
runs=${STARTUP_RUNS:-500}
# the test VM's VT-d registers (tests/vm/expected-vtd-registers.txt)
cap=0xd2008c222f0606 ecap=0x490080f00f4a
true_bin=$(command -v true)
[ "$true_bin" = true ] && true_bin=/bin/true

names=("iommuctl --version" "iommuctl -j decode vtd CAP ECAP")
cmds=(-- "$true_bin" -- "$IOMMUCTL" --version -- "$IOMMUCTL" -j decode vtd "$cap" "$ecap")
mapfile -t res < <("$SPAWN" -n "$runs" -w 20 "${cmds[@]}")

icount() {	# instructions of one run, under callgrind
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		awk '/Collected :/ { print $NF }'
}

table_head "startup ($runs runs each, round-robin; wall time median, instructions)"
read -r t_med t_min _ _ <<<"${res[0]}"
for i in 0 1; do
	read -r med min _ _ <<<"${res[$((i + 1))]}"
	row "${names[$i]}: wall median" "$(fmt "$med" 1 0) us" "$(fmt "$t_med" 1 0) us" \
		"$(ratio "$med" "$t_med")"
	row "${names[$i]}: wall minimum" "$(fmt "$min" 1 0) us" "$(fmt "$t_min" 1 0) us" \
		"$(ratio "$min" "$t_min")"
done
if command -v valgrind >/dev/null; then
	t_ir=$(icount "$true_bin")
	v_ir=$(icount "$IOMMUCTL" --version)
	d_ir=$(icount "$IOMMUCTL" -j decode vtd "$cap" "$ecap")
	row "${names[0]}: instructions" "$v_ir" "$t_ir" "$(ratio "$v_ir" "$t_ir")"
	row "${names[1]}: instructions" "$d_ir" "$t_ir" "$(ratio "$d_ir" "$t_ir")"
else
	echo "(valgrind not installed: no instruction counts)"
fi
echo "baseline: $true_bin; target: iommuctl under 3x"
