#!/usr/bin/env bash
# Install what the arm64 (SMMUv3) VM needs on a Debian 12 host (run as root).
# The kernel source comes from tests/vm/setup.sh (shared with the x86 VM).
#
#  - Debian 12 packages: the cross compiler (gcc-aarch64-linux-gnu,
#    libc6-dev-arm64-cross), UEFI firmware (qemu-efi-aarch64), the kernel
#    build tools, python3 (the IORT patch), cpio, bats and jq.
#  - bookworm-backports as an apt source pinned at priority 100, and
#    qemu-system-aarch64 >= 9.2 from it, unpacked into the VM cache rather
#    than installed: its qemu-system-common must equal the version of
#    qemu-system-x86, and the x86 VM keeps Debian 12's QEMU 7.2 (so an
#    install would upgrade or remove it). Its shared libraries are Debian 12
#    packages and are installed normally.
#  - arm64 as a dpkg foreign architecture, only so that apt can download
#    arm64 .debs: the static libraries iommuctl links with and
#    busybox-static, unpacked into a private sysroot in the VM cache. No
#    arm64 package is installed.
#
# Idempotent; a second run with everything in place downloads nothing.
# Not root: prints what is missing and exits 1 (0 if nothing is).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BP_LIST=/etc/apt/sources.list.d/iommuctl-vm-backports.sources
BP_PIN=/etc/apt/preferences.d/iommuctl-vm-backports

pkgs=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-efi-aarch64
	build-essential bc bison flex cpio xz-utils python3 bats jq)

log() { printf 'setup-arm64: %s\n' "$*"; }
die() { printf 'setup-arm64: error: %s\n' "$*" >&2; exit 1; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed'; }
ver_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" = "$1" ]; }

missing=()
for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done
sysroot=$(arm64_sysroot)
have_qemu=$(arm64_qemu || true)
have_sysroot=0; [ -f "$sysroot/OK" ] && have_sysroot=1

if [ "$(id -u)" -ne 0 ]; then
	rc=0
	if [ ${#missing[@]} -gt 0 ]; then
		echo "setup-arm64: missing Debian packages: ${missing[*]}" >&2; rc=1
	fi
	[ -n "$have_qemu" ] || { echo "setup-arm64: missing qemu-system-aarch64 >= $ARM64_QEMU_MIN in $ARM64_CACHE" >&2; rc=1; }
	[ "$have_sysroot" = 1 ] || { echo "setup-arm64: missing the arm64 sysroot $sysroot" >&2; rc=1; }
	[ "$rc" -eq 0 ] && log "nothing to do (not root; all present)" || echo "setup-arm64: run as root: $0" >&2
	exit "$rc"
fi

export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=900)
APT_OPTS=(-y -q -o Dpkg::Options::=--force-confold --no-install-recommends)
apt_update() {
	log "apt-get update"
	"${APT[@]}" update -q >/dev/null || log "warning: apt-get update reported errors"
}

# install_new PKG...: only new packages, never an upgrade or a removal.
install_new() {
	local sim bad
	sim=$("${APT[@]}" -s install --no-install-recommends "$@" 2>&1) || {
		printf '%s\n' "$sim" | tail -n 5 >&2; die "apt-get cannot install: $*"; }
	bad=$(printf '%s\n' "$sim" | awk '/^Inst / && $3 ~ /^\[/ || /^Remv /')
	[ -z "$bad" ] || { printf '%s\n' "$bad" >&2; die "refusing: installing $* would upgrade or remove the packages above"; }
	if printf '%s\n' "$sim" | grep -q '^Inst '; then
		log "installing $(printf '%s\n' "$sim" | awk '/^Inst / {printf "%s ", $2}')"
		"${APT[@]}" install "${APT_OPTS[@]}" "$@" >/dev/null
	fi
}

# --- 1. Debian 12 packages ---------------------------------------------------
if [ ${#missing[@]} -gt 0 ]; then
	apt_update
	install_new "${missing[@]}"
fi

# --- 2. bookworm-backports pinned at 100; arm64 for downloads -----------------
want_list="Types: deb
URIs: http://deb.debian.org/debian
Suites: $ARM64_QEMU_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
want_pin="# iommuctl VM test bed: take nothing from $ARM64_QEMU_SUITE unless named explicitly
Package: *
Pin: release n=$ARM64_QEMU_SUITE
Pin-Priority: 100"
need_update=0
if [ "$(cat "$BP_LIST" 2>/dev/null)" != "$want_list" ]; then printf '%s\n' "$want_list" > "$BP_LIST"; need_update=1; fi
if [ "$(cat "$BP_PIN" 2>/dev/null)" != "$want_pin" ]; then printf '%s\n' "$want_pin" > "$BP_PIN"; need_update=1; fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	log "dpkg --add-architecture arm64 (for apt-get download of arm64 .debs only)"
	dpkg --add-architecture arm64
	need_update=1
fi
if ! ls /var/lib/apt/lists/*"${ARM64_QEMU_SUITE}"_main_binary-amd64_Packages* >/dev/null 2>&1 ||
   ! ls /var/lib/apt/lists/*_dists_bookworm_main_binary-arm64_Packages* >/dev/null 2>&1; then
	need_update=1
fi
[ "$need_update" = 0 ] || apt_update

# --- 3. qemu-system-aarch64 from backports, unpacked ---------------------------
unpack_qemu() {	# unpack_qemu VERSION DIR
	local qver=$1 qdir=$2 libs l need=()
	# Its shared libraries: the Depends that are not QEMU's own packages.
	libs=$(apt-cache show "qemu-system-arm=$qver" | sed -n 's/^Depends: //p' | head -n1 |
		tr ',' '\n' | sed 's/^ *//; s/ .*//; s/|.*//' |
		grep -vE '^(qemu-system-|seabios|ipxe-qemu)' | sort -u)
	for l in $libs; do installed "$l" || need+=("$l"); done
	[ ${#need[@]} -eq 0 ] || install_new "${need[@]}"
	rm -rf "$qdir"; mkdir -p "$qdir/debs"
	log "downloading qemu-system-arm, -common, -data $qver (unpacked into $qdir)"
	(cd "$qdir/debs" && "${APT[@]}" download -q "qemu-system-arm=$qver" \
		"qemu-system-common=$qver" "qemu-system-data=$qver" 2>&1 |
		grep -v '^W: Download is performed unsandboxed' || true)
	for d in "$qdir"/debs/*.deb; do dpkg -x "$d" "$qdir/root"; done
	rm -rf "$qdir/debs"
	nf=$(ldd "$qdir/root/usr/bin/qemu-system-aarch64" | grep 'not found' || true)
	[ -z "$nf" ] || die "qemu-system-aarch64 lacks libraries: $nf"
	echo "$qver" > "$qdir/OK"
}

qdir=$have_qemu
if [ -z "$qdir" ]; then
	qver=$(apt-cache madison qemu-system-arm |
		awk -F' [|] ' -v s="$ARM64_QEMU_SUITE/" 'index($3, s) {print $2; exit}')
	[ -n "$qver" ] || die "no qemu-system-arm in $ARM64_QEMU_SUITE (apt-cache madison qemu-system-arm)"
	upstream=${qver#*:}; upstream=${upstream%%[+~-]*}
	ver_ge "$upstream" "$ARM64_QEMU_MIN" ||
		die "qemu-system-arm $qver in $ARM64_QEMU_SUITE is older than $ARM64_QEMU_MIN"
	qdir=$ARM64_CACHE/qemu-aarch64-${qver//[^A-Za-z0-9.+-]/_}
	unpack_qemu "$qver" "$qdir"
fi

# --- 4. the arm64 sysroot -------------------------------------------------------
if [ ! -f "$sysroot/OK" ]; then
	rm -rf "$sysroot"; mkdir -p "$sysroot/debs"
	log "downloading arm64 ${ARM64_SYSROOT_DEBS[*]} (unpacked into $sysroot)"
	(cd "$sysroot/debs" && "${APT[@]}" download -q "${ARM64_SYSROOT_DEBS[@]/%/:arm64}" 2>&1 |
		grep -v '^W: Download is performed unsandboxed' || true)
	for d in "$sysroot"/debs/*.deb; do dpkg -x "$d" "$sysroot"; done
	(cd "$sysroot/debs" && ls) > "$sysroot/OK"
	rm -rf "$sysroot/debs"
	[ -x "$sysroot/bin/busybox" ] && [ -f "$sysroot/usr/lib/aarch64-linux-gnu/libjson-c.a" ] ||
		die "the arm64 sysroot $sysroot is incomplete"
fi

log "qemu $("$qdir/root/usr/bin/qemu-system-aarch64" --version | sed -n '1s/.*version \([^ ]*\).*/\1/p') ($qdir)"
log "firmware $ARM64_FW_CODE, cross compiler $(aarch64-linux-gnu-gcc -dumpfullversion)"
log "arm64 sysroot $sysroot"
