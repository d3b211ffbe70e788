#!/usr/bin/env bash
# Cross-build the arm64 VM test kernel (arch/arm64/boot/Image) from Debian's
# linux-source-X.Y tarball with Debian 12's gcc-aarch64-linux-gnu, into a
# cache keyed like the x86 one: the source package version and the sha256 of
# config-arm64.fragment (and the recipe number below):
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/iommuctl-vm/arm64-linux-<pkgversion>-<sha12>/
#       Image  config  build.log  OK
#
# usage: build-kernel.sh [--print-dir] [--source /usr/src/linux-source-X.Y.tar.xz]
# env: KERNEL_SOURCE, IOMMUCTL_VM_CACHE, KEEP_SRC=1, JOBS (default 2)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment=$here/config-arm64.fragment
RECIPE=1
cross=aarch64-linux-gnu-

print_dir=0
src=${KERNEL_SOURCE:-}
while [ $# -gt 0 ]; do
	case $1 in
	--print-dir) print_dir=1 ;;
	--source) src=$2; shift ;;
	-h|--help) sed -n '2,13p' "$0"; exit 0 ;;
	*) echo "build-kernel-arm64: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

log() { [ "$print_dir" -eq 1 ] || printf 'build-kernel-arm64: %s\n' "$*"; }
die() { printf 'build-kernel-arm64: error: %s\n' "$*" >&2; exit 1; }

# The newest linux-source-X.Y (the one tests/vm/setup.sh installed).
if [ -z "$src" ]; then
	src=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' 2>/dev/null | sort -V | tail -n1)
fi
[ -n "$src" ] && [ -f "$src" ] || die "no /usr/src/linux-source-X.Y.tar.xz; run tests/vm/setup.sh as root"
xy=${src##*/linux-source-}; xy=${xy%.tar.xz}
pkgver=$(dpkg-query -W -f='${Version}' "linux-source-$xy" 2>/dev/null || true)
[ -n "$pkgver" ] || pkgver=$xy-$(sha256sum "$src" | cut -c1-8)
hash=$( { cat "$fragment"; echo "recipe=$RECIPE"; } | sha256sum | cut -c1-12)
cache_root=${IOMMUCTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommuctl-vm}
out=$cache_root/arm64-linux-${pkgver//[^A-Za-z0-9.+-]/_}-$hash

is_built() { [ -f "$out/OK" ] && [ -f "$out/Image" ]; }

if [ "$print_dir" -eq 1 ]; then
	is_built || { echo "build-kernel-arm64: $out is not built" >&2; exit 1; }
	printf '%s\n' "$out"
	exit 0
fi

command -v "${cross}gcc" >/dev/null || die "${cross}gcc missing; run tests/vm/arm64/setup.sh as root"
mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-arm64"
flock 9

if is_built; then
	log "cached: $out (linux-source-$xy $pkgver, fragment $hash): skipping the build"
	exit 0
fi

t0=$(date +%s)
log "building linux-source-$xy $pkgver (arm64) with fragment $hash into $out"
rm -rf "$out"
tree=$out/src
mkdir -p "$tree"
blog=$out/build.log
: > "$blog"
run() {
	if ! "$@" >>"$blog" 2>&1; then
		echo "build-kernel-arm64: FAILED: $*" >&2
		tail -n 40 "$blog" >&2
		exit 1
	fi
}

log "extracting $src"
run tar -xJf "$src" -C "$tree" --strip-components=1
cd "$tree"
mk=(make ARCH=arm64 CROSS_COMPILE=$cross)
log "configuring: tinyconfig + $(basename "$fragment"), olddefconfig"
run "${mk[@]}" tinyconfig
cat "$fragment" >> .config
run "${mk[@]}" olddefconfig
lost=()
while IFS= read -r line; do
	case $line in
	CONFIG_*=y) grep -qx -- "$line" .config || lost+=("$line") ;;
	'# CONFIG_'*' is not set')
		sym=${line#\# }; sym=${sym%% *}
		if grep -q "^$sym=[ym]" .config; then lost+=("$line"); fi ;;
	esac
done < "$fragment"
if [ ${#lost[@]} -gt 0 ]; then
	echo "build-kernel-arm64: these fragment lines did not survive olddefconfig:" >&2
	printf '  %s\n' "${lost[@]}" >&2
	exit 1
fi
cp .config "$out/config"

jobs=${JOBS:-2}
log "make -j$jobs Image"
t1=$(date +%s)
run "${mk[@]}" -j"$jobs" Image
cp arch/arm64/boot/Image "$out/Image"
log "Image built in $(( $(date +%s) - t1 ))s"
cd "$out"
[ "${KEEP_SRC:-0}" = 1 ] || rm -rf "$tree"
echo "recipe=$RECIPE" > "$out/OK"
log "done in $(( $(date +%s) - t0 ))s: $out/Image"
