#!/usr/bin/env bash
# Build the VM test kernel (bzImage) and the kernel's iommufd selftests from
# Debian's linux-source-X.Y tarball, into a cache keyed by the source package
# version and the sha256 of config-x86_64.fragment:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/iommuctl-vm/linux-<pkgversion>-<sha12>/
#       bzImage  config  selftests/iommufd  selftests/iommufd_fail_nth
#       build.log  OK
#
# A second run with the same source and fragment skips the build.
#
# usage: build-kernel.sh [--print-dir] [--kver X.Y] [--source /usr/src/linux-source-X.Y.tar.xz]
#   --print-dir  print the cache directory of the current key and exit
#                (exit 1 if that kernel is not built yet)
#   --kver X.Y   build /usr/src/linux-source-X.Y.tar.xz (same as KVER=X.Y),
#                e.g. 6.12 for the older-kernel target; default: the newest
#                installed linux-source tarball
# env: KVER, KERNEL_SOURCE (tarball), IOMMUCTL_VM_CACHE (cache root),
#      KEEP_SRC=1 (keep the build tree), JOBS (make -j, default nproc)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment=$here/config-x86_64.fragment
# Bump when the build recipe below changes in a way that changes the output.
RECIPE=1
MIN_VIOMMU_KERNEL=6.13	# as in setup.sh

ver_ge() {	# ver_ge A B: A >= B (dotted numeric)
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" = "$1" ]
}

print_dir=0
src=${KERNEL_SOURCE:-}
while [ $# -gt 0 ]; do
	case $1 in
	--print-dir) print_dir=1 ;;
	--source) src=$2; shift ;;
	--kver) KVER=$2; shift ;;
	-h|--help) sed -n '2,24p' "$0"; exit 0 ;;
	*) echo "build-kernel: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

log() { [ "$print_dir" -eq 1 ] || printf 'build-kernel: %s\n' "$*"; }
die() { printf 'build-kernel: error: %s\n' "$*" >&2; exit 1; }

# --- which source -------------------------------------------------------------
if [ -z "$src" ] && [ -n "${KVER:-}" ]; then
	[[ $KVER =~ ^[0-9]+\.[0-9]+$ ]] || die "KVER must be X.Y, got '$KVER'"
	src=/usr/src/linux-source-$KVER.tar.xz
	[ -f "$src" ] || die "no $src; run tests/vm/setup.sh as root (it installs linux-source-$KVER)"
fi
if [ -z "$src" ]; then
	src=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' 2>/dev/null |
		sort -V | tail -n1)
fi
if [ -z "$src" ] || [ ! -f "$src" ]; then
	die "no /usr/src/linux-source-X.Y.tar.xz; run tests/vm/setup.sh as root"
fi
xy=${src##*/linux-source-}; xy=${xy%.tar.xz}
pkgver=$(dpkg-query -W -f='${Version}' "linux-source-$xy" 2>/dev/null || true)
[ -n "$pkgver" ] || pkgver=$xy-$(sha256sum "$src" | cut -c1-8)
hash=$(sha256sum "$fragment" | cut -c1-12)
cache_root=${IOMMUCTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommuctl-vm}
key="linux-${pkgver//[^A-Za-z0-9.+-]/_}-$hash"
out=$cache_root/$key

is_built() {
	[ -f "$out/OK" ] && [ "$(cat "$out/OK")" = "recipe=$RECIPE" ] &&
	[ -f "$out/bzImage" ] && { [ -f "$out/selftests/UNAVAILABLE" ] || {
	[ -x "$out/selftests/iommufd" ] && [ -x "$out/selftests/iommufd_fail_nth" ]; }; }
}

if [ "$print_dir" -eq 1 ]; then
	is_built || { echo "build-kernel: $out is not built" >&2; exit 1; }
	printf '%s\n' "$out"
	exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
flock 9	# one build at a time per cache

if is_built; then
	log "cached: $out (linux-source-$xy $pkgver, fragment $hash): skipping the build"
	exit 0
fi

t0=$(date +%s)
log "building linux-source-$xy $pkgver with fragment $hash into $out"
rm -rf "$out"
mkdir -p "$out/selftests"
tree=$out/src
mkdir -p "$tree"
blog=$out/build.log
: > "$blog"

run() {	# run CMD...: log to build.log; on failure show its tail
	if ! "$@" >>"$blog" 2>&1; then
		echo "build-kernel: FAILED: $*" >&2
		tail -n 40 "$blog" >&2
		exit 1
	fi
}

log "extracting $src"
run tar -xJf "$src" -C "$tree" --strip-components=1

jobs=${JOBS:-$(nproc)}
cd "$tree"
log "configuring: tinyconfig + $(basename "$fragment"), olddefconfig"
run make tinyconfig
cat "$fragment" >> .config
run make olddefconfig

# Every option the fragment sets must have survived olddefconfig. A symbol
# that no Kconfig file of this tree defines (an older kernel, e.g. the 6.12
# fallback) is reported, not fatal; one that exists but was dropped is fatal.
lost=() absent=()
defined() { grep -rqsE --include='Kconfig*' "^[[:space:]]*(menu)?config $1\$" .; }
while IFS= read -r line; do
	sym=
	case $line in
	CONFIG_*=y)
		grep -qx -- "$line" .config || sym=${line%%=*} ;;
	'# CONFIG_'*' is not set')
		sym=${line#\# }; sym=${sym%% *}
		grep -q "^$sym=[ym]" .config || sym= ;;
	esac
	[ -n "$sym" ] || continue
	if defined "${sym#CONFIG_}"; then lost+=("$line"); else absent+=("$line"); fi
done < "$fragment"
if [ ${#absent[@]} -gt 0 ]; then
	log "note: not in linux $xy (ignored): ${absent[*]}"
fi
if [ ${#lost[@]} -gt 0 ]; then
	echo "build-kernel: these fragment lines did not survive olddefconfig" \
	     "(a dependency is missing):" >&2
	printf '  %s\n' "${lost[@]}" >&2
	exit 1
fi
cp .config "$out/config"

log "make -j$jobs bzImage"
t1=$(date +%s)
run make -j"$jobs" bzImage
cp arch/x86/boot/bzImage "$out/bzImage"
log "bzImage built in $(( $(date +%s) - t1 ))s"

log "iommufd selftests (headers, then tools/testing/selftests TARGETS=iommu, static)"
run make -j"$jobs" headers
st() { make -C tools/testing/selftests TARGETS=iommu "$@" >>"$blog" 2>&1; }
if ! st LDFLAGS=-static; then
	log "static link failed; linking dynamically (the guest uses the host's libc)"
	st clean || true
	if ! st; then
		# Debian's 6.12 stable tree carries selftest backports that need newer
		# UAPI headers than its own. On such a fallback kernel the selftests
		# are reported unavailable; on a current one it is a failure.
		if ver_ge "$xy" "$MIN_VIOMMU_KERNEL"; then
			echo "build-kernel: FAILED: the iommufd selftests do not build" >&2
			grep -m5 'error:' "$blog" >&2 || tail -n 20 "$blog" >&2
			exit 1
		fi
		reason=$(grep -m1 'error:' "$blog" || echo "see build.log")
		log "WARNING: the iommufd selftests do not build on linux $xy: $reason"
		printf 'the iommufd selftests do not build on linux %s: %s\n' "$xy" "$reason" \
			> "$out/selftests/UNAVAILABLE"
	fi
fi
if [ ! -f "$out/selftests/UNAVAILABLE" ]; then
	for t in iommufd iommufd_fail_nth; do
		cp "tools/testing/selftests/iommu/$t" "$out/selftests/$t"
	done
fi

cd "$out"
if [ "${KEEP_SRC:-0}" != 1 ]; then
	rm -rf "$tree"
fi
echo "recipe=$RECIPE" > "$out/OK"
log "done in $(( $(date +%s) - t0 ))s: $out/bzImage"
