#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# In the test VM: the mock sessions (mock-session.bats) on the ASan+UBSan
# build (make SANITIZE=1), LeakSanitizer on, so that the sanitizers see the
# kernel paths too (real ioctls, fds, mmaps). Fails on a failed test or on any
# sanitizer report; reports go to files in the guest's /tmp (tmpfs) and are
# printed. vmcheck.sh runs it with run-vm.sh.
#
# env: IOMMUCTL_SAN, the sanitizer build (default build-san/iommuctl here)
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${IOMMUCTL_SAN:-$repo/build-san/iommuctl}
if [ ! -x "$bin" ]; then
	echo "sanitizer-session: no sanitizer build at $bin (make SANITIZE=1)" >&2
	exit 1
fi
logs=$(mktemp -d "${TMPDIR:-/tmp}/iommuctl-san.XXXXXX")

export IOMMUCTL=$bin
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=86:log_path=$logs/asan
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87:log_path=$logs/ubsan
bats --tap "$here/mock-session.bats"
rc=$?
"$repo/tests/sanitizer-reports.sh" "$logs" "mock sessions in the VM" || rc=1
rm -rf "$logs"
exit "$rc"
