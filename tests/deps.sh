#!/usr/bin/env bash
# Install the Debian packages the build and the tests need: apt-get when root,
# otherwise print the missing ones and fail. Fast when nothing is missing.
set -euo pipefail

pkgs=(
	gcc make pkg-config	# build
	libjson-c-dev		# JSON output (json-c)
	libcap-dev		# capabilities (doctor, dropping privileges)
	libedit2		# line editing and history in `iommuctl shell` (loaded by the shell)
	libcmocka-dev		# unit tests
	bats jq			# CLI tests: runner, JSON field checks
	libcap2-bin		# setcap: the CLI test of the AT_SECURE refusal
	zsh			# syntax check of the zsh completion
	bsdutils		# script: the CLI test of the shell on a terminal
	clang-14 libclang-rt-14-dev	# make fuzz: clang, and libFuzzer with its ASan/UBSan runtimes
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "iommuctl: missing Debian packages: ${missing[*]}" >&2
	echo "install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || true
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
