#!/usr/bin/env bash
# Build what runs in the arm64 guest, from this checkout:
#   build-arm64/iommuctl            iommuctl cross-compiled for arm64, static
#                                   (json-c, libcap from the arm64 sysroot)
#   build-arm64/initramfs.cpio.gz   busybox-static, guest/init as /init, the
#                                   stripped iommuctl as /usr/sbin/iommuctl, and
#                                   guest/* (the scenario and its batch files) in /test
# Prints the initramfs path on the last line. Needs setup.sh to have run.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log() { printf 'build-guest: %s\n' "$*"; }
die() { printf 'build-guest: error: %s\n' "$*" >&2; exit 1; }

sysroot=$(arm64_sysroot)
[ -f "$sysroot/OK" ] || die "no arm64 sysroot ($sysroot); run tests/vm/arm64/setup.sh as root"
command -v aarch64-linux-gnu-gcc >/dev/null || die "no aarch64-linux-gnu-gcc; run tests/vm/arm64/setup.sh as root"

out=$ARM64_REPO/build-arm64
pc="env PKG_CONFIG_SYSROOT_DIR=$sysroot PKG_CONFIG_LIBDIR=$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig pkg-config --static"
t0=$(date +%s)
mkdir -p "$out"
# glibc warns that dlopen() in a static binary needs the shared libraries
# of its own version at run time: only `iommuctl shell` on a terminal loads
# one (libedit), and the guest runs no such shell; without it the shell
# would read plain lines.
rc=0
make -C "$ARM64_REPO" --no-print-directory -j"${JOBS:-2}" B=build-arm64 \
	CC=aarch64-linux-gnu-gcc "PKG_CONFIG=$pc" LDFLAGS=-static build-arm64/iommuctl \
	> "$out/make.log" 2>&1 || rc=$?
grep -v -e 'statically linked applications requires at runtime' -e 'lineedit.o: in function' \
	"$out/make.log" || true
[ "$rc" -eq 0 ] || die "the arm64 build of iommuctl failed (status $rc)"
# ELF e_machine (offset 18) 0xb7 = EM_AARCH64
[ "$(od -An -tx1 -j18 -N2 "$out/iommuctl" | tr -d ' ')" = b700 ] ||
	die "build-arm64/iommuctl is not an arm64 binary"

stage=$out/initramfs
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,test}
cp "$sysroot/bin/busybox" "$stage/bin/busybox"
cp "$ARM64_HERE/guest/init" "$stage/init"
aarch64-linux-gnu-strip -o "$stage/usr/sbin/iommuctl" "$out/iommuctl"
cp "$ARM64_HERE"/guest/*.sh "$ARM64_HERE"/guest/*.batch "$stage/test/" 2>/dev/null || true
chmod 755 "$stage/init" "$stage/bin/busybox"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -n -9 > "$out/initramfs.cpio.gz"
log "iommuctl (arm64, static) and initramfs ($(du -k "$out/initramfs.cpio.gz" | cut -f1) KiB) in $(( $(date +%s) - t0 ))s"
echo "$out/initramfs.cpio.gz"
