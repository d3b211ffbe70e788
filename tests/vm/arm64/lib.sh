# Shared by the arm64 VM scripts (sourced, not run): where things live.
#
# Everything the arm64 test bed fetches or builds lives in the VM cache,
# ${IOMMUCTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommuctl-vm}:
#   qemu-aarch64-<version>/   qemu-system-aarch64 from bookworm-backports, unpacked
#   arm64-sysroot-<sha12>/    arm64 static libraries and busybox-static, unpacked
#   arm64-linux-<pkg>-<sha12>/ the kernel Image (build-kernel.sh)

ARM64_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ARM64_REPO=$(cd "$ARM64_HERE/../../.." && pwd)
ARM64_CACHE=${IOMMUCTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommuctl-vm}

# QEMU from bookworm-backports (>= 9.2 gives a two-stage SMMUv3 on -M virt).
ARM64_QEMU_MIN=9.2
ARM64_QEMU_SUITE=bookworm-backports
# Firmware (qemu-efi-aarch64): ACPI, hence the IORT, needs a UEFI boot.
ARM64_FW_CODE=/usr/share/AAVMF/AAVMF_CODE.fd
ARM64_FW_VARS=/usr/share/AAVMF/AAVMF_VARS.fd

# Static arm64 libraries iommuctl links with (json-c, libcap; libedit is
# loaded by the interactive shell, which the guest does not run) and the
# guest's shell, from Debian 12 (arm64 .debs, unpacked into a private
# sysroot: nothing arm64 is installed on the host).
ARM64_SYSROOT_DEBS=(libjson-c-dev libcap-dev busybox-static)

arm64_sysroot() {	# the sysroot directory for the package list above
	local h
	h=$(printf '%s\n' "${ARM64_SYSROOT_DEBS[@]}" | sha256sum | cut -c1-12)
	printf '%s/arm64-sysroot-%s' "$ARM64_CACHE" "$h"
}

arm64_qemu() {	# the unpacked qemu-system-aarch64 (newest), or nothing
	local d
	d=$(find "$ARM64_CACHE" -maxdepth 1 -name 'qemu-aarch64-*' -type d 2>/dev/null | sort -V | tail -n1)
	[ -n "$d" ] && [ -f "$d/OK" ] && [ -x "$d/root/usr/bin/qemu-system-aarch64" ] || return 1
	printf '%s' "$d"
}
