#!/usr/bin/env bash
# Install what the VM test bed needs on a Debian 12 host (run as root).
#
#  - Debian 12 packages: QEMU, a kernel build toolchain, what the kernel's
#    iommufd selftests need, and the in-guest test tools (bats, jq).
#  - Debian sid as an extra apt source, pinned at priority 100 so that
#    nothing is ever taken from it unless asked for by name.
#  - The newest linux-source-X.Y (X.Y >= 6.13) that apt can find, taken
#    from sid by name only; if there is none, Debian 12's linux-source-6.12.
#  - Debian 12's linux-source-6.12 (bookworm-security) as well: the
#    older-kernel target of vmcheck.sh (KVER=6.12) proves that commands
#    needing a newer kernel are detected at run time and reported
#    unsupported. SETUP_OLD_KERNEL=0 leaves it out.
#
# Idempotent: a second run with everything in place changes nothing.
# Not root: prints what is missing and exits 1 (0 if nothing is).
# Prints the kernel source version in use on the last line:
#   setup: kernel source linux-source-X.Y (/usr/src/linux-source-X.Y.tar.xz)
set -euo pipefail

MIN_VIOMMU_KERNEL=6.13
FALLBACK_KERNEL=6.12
SID_LIST=/etc/apt/sources.list.d/iommuctl-vm-sid.sources
SID_PIN=/etc/apt/preferences.d/iommuctl-vm-sid

pkgs=(
	# the VM
	qemu-system-x86 qemu-system-data seabios ipxe-qemu
	# a kernel build (bzImage)
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils
	kmod rsync python3 pkg-config
	# the kernel's iommufd selftests (tools/testing/selftests/iommu)
	libcap-dev libc6-dev
	# in-guest test runner and its helpers (the guest uses the host's /)
	bats jq coreutils util-linux procps kbd
)

log() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed'
}

# Highest installed linux-source-X.Y (version string X.Y), or nothing.
installed_source() {
	local v best=
	for f in /usr/src/linux-source-*.tar.xz; do
		[ -e "$f" ] || continue
		v=${f#/usr/src/linux-source-}; v=${v%.tar.xz}
		[[ $v =~ ^[0-9]+\.[0-9]+$ ]] || continue
		installed "linux-source-$v" || continue
		if [ -z "$best" ] || ver_ge "$v" "$best"; then best=$v; fi
	done
	printf '%s' "$best"
}

ver_ge() {	# ver_ge A B: A >= B (dotted numeric)
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" = "$1" ]
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done
have=$(installed_source)

if [ "$(id -u)" -ne 0 ]; then
	rc=0
	if [ ${#missing[@]} -gt 0 ]; then
		echo "setup: missing Debian packages: ${missing[*]}" >&2
		echo "setup: run as root: apt-get install ${missing[*]}" >&2
		rc=1
	fi
	if [ -z "$have" ]; then
		echo "setup: missing a kernel source: linux-source-X.Y (>= $MIN_VIOMMU_KERNEL from sid, pinned at 100, or linux-source-$FALLBACK_KERNEL)" >&2
		echo "setup: run this script as root to install it" >&2
		rc=1
	fi
	if [ "${SETUP_OLD_KERNEL:-1}" = 1 ] && ! installed "linux-source-$FALLBACK_KERNEL"; then
		echo "setup: missing the older-kernel source: linux-source-$FALLBACK_KERNEL (Debian 12)" >&2
		echo "setup: run as root: apt-get install linux-source-$FALLBACK_KERNEL" >&2
		rc=1
	fi
	if [ "$rc" -eq 0 ]; then
		log "nothing to do (not root; all packages present)"
		log "kernel source linux-source-$have (/usr/src/linux-source-$have.tar.xz)"
	fi
	exit "$rc"
fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q -o Dpkg::Options::=--force-confold --no-install-recommends)

# --- 1. Debian 12 packages ----------------------------------------------
need_update=0
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	apt-get update -q >/dev/null || log "warning: apt-get update reported errors"
	apt-get install "${APT_OPTS[@]}" "${missing[@]}" >/dev/null
fi

# --- 2. sid, pinned at 100 ----------------------------------------------
want_list='Types: deb
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'
want_pin='# iommuctl VM test bed: take nothing from sid unless named explicitly
Package: *
Pin: release n=sid
Pin-Priority: 100'
if [ "$(cat "$SID_LIST" 2>/dev/null)" != "$want_list" ]; then
	printf '%s\n' "$want_list" > "$SID_LIST"; need_update=1
fi
if [ "$(cat "$SID_PIN" 2>/dev/null)" != "$want_pin" ]; then
	printf '%s\n' "$want_pin" > "$SID_PIN"; need_update=1
fi
# The sid index is fetched when the source is new, or older than a day.
sid_index=$(find /var/lib/apt/lists -maxdepth 1 -name '*_debian_dists_sid_*Packages*' -mmin -1440 2>/dev/null | head -n1)
if [ "$need_update" -eq 1 ] || [ -z "$sid_index" ]; then
	log "apt-get update (with sid pinned at 100)"
	apt-get update -q >/dev/null || log "warning: apt-get update reported errors"
fi
# The pin must hold: sid's version of a system library is never the candidate.
sid_libc=$(apt-cache madison libc6 | awk -F' [|] ' '$3 ~ / sid\// {print $2; exit}')
cand_libc=$(apt-cache policy libc6 | sed -n 's/^  Candidate: //p')
if [ -n "$sid_libc" ] && [ "$cand_libc" = "$sid_libc" ] &&
   ! apt-cache madison libc6 | grep -v ' sid/' | grep -qF "| $sid_libc |"; then
	die "the sid pin is not effective (libc6 $sid_libc from sid is the candidate); check $SID_PIN"
fi

# --- 3. the newest linux-source-X.Y -------------------------------------
newest=
while read -r name; do
	v=${name#linux-source-}
	[[ $v =~ ^[0-9]+\.[0-9]+$ ]] || continue
	ver_ge "$v" "$MIN_VIOMMU_KERNEL" || continue
	if [ -z "$newest" ] || ver_ge "$v" "$newest"; then newest=$v; fi
done < <(apt-cache search --names-only '^linux-source-[0-9]+\.[0-9]+$' | awk '{print $1}')

# Which suite offers it: prefer the default candidate (no suite name), else sid.
has_candidate() { local p; p=$(apt-cache policy "$1"); grep -q '^  Candidate: [0-9]' <<<"$p"; }
install_source() {	# install_source X.Y -> 0 when installed
	local v=$1 spec sim bad
	installed "linux-source-$v" && return 0
	spec="linux-source-$v"
	# (the policy is read whole first: with pipefail, grep -q quitting
	# early made apt-cache's SIGPIPE a "no candidate")
	if ! has_candidate "$spec"; then
		apt-cache policy "$spec" >&2
		spec="linux-source-$v/sid"
	fi
	sim=$(apt-get -s install --no-install-recommends "$spec" 2>&1) || {
		printf '%s\n' "$sim" | tail -n 5 >&2; return 1; }
	# Refuse anything but new installs, and anything from sid but the source.
	bad=$(printf '%s\n' "$sim" | awk '/^Inst / {
		if ($3 ~ /^\[/) { print; next }		# an upgrade of an installed package
		if ($2 != "linux-source-'"$v"'" && $0 ~ /unstable|sid/) print
	}')
	if [ -n "$bad" ]; then
		printf '%s\n' "$bad" >&2
		log "refusing: installing $spec would upgrade or pull these from sid"
		return 1
	fi
	log "installing $spec: $(printf '%s\n' "$sim" | grep -c '^Inst ') new package(s)"
	apt-get install "${APT_OPTS[@]}" "$spec" >/dev/null
}

used=
if [ -n "$newest" ] && [ -n "$have" ] && ver_ge "$have" "$newest"; then
	used=$have
elif [ -n "$newest" ] && install_source "$newest"; then
	used=$newest
elif [ -n "$have" ]; then
	used=$have
elif install_source "$FALLBACK_KERNEL"; then
	used=$FALLBACK_KERNEL
else
	die "no linux-source package could be installed"
fi

# The older-kernel target: Debian 12's own kernel source (not from sid).
old=
if [ "${SETUP_OLD_KERNEL:-1}" = 1 ] && [ "$used" != "$FALLBACK_KERNEL" ]; then
	if install_source "$FALLBACK_KERNEL"; then
		old=$FALLBACK_KERNEL
	else
		log "WARNING: linux-source-$FALLBACK_KERNEL could not be installed: no older-kernel target"
	fi
fi

if ! ver_ge "$used" "$MIN_VIOMMU_KERNEL"; then
	log "WARNING: only linux-source-$used is available (< $MIN_VIOMMU_KERNEL):"
	log "         tests that need vIOMMU objects will be reported unsupported"
fi
[ -f "/usr/src/linux-source-$used.tar.xz" ] || die "/usr/src/linux-source-$used.tar.xz is missing"
[ -z "$old" ] || log "older kernel source linux-source-$old (/usr/src/linux-source-$old.tar.xz)"
log "qemu $(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
log "kernel source linux-source-$used (/usr/src/linux-source-$used.tar.xz)"
