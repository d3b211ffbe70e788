#!/usr/bin/env bash
# make demo: boot the test VM and show iommuctl doing its job on a real
# kernel: inventory, the edu device's hw info decoded, then demo.batch.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
: "${IOMMUCTL:=$repo/build/iommuctl}"
export IOMMUCTL
"$here/setup.sh"
"$here/build-kernel.sh"
"$here/run-vm.sh" --share "$(dirname "$IOMMUCTL")" -- bash -c '
	set -x
	"$IOMMUCTL" show
	"$IOMMUCTL" iommu show dmar0
	"$IOMMUCTL" batch tests/vm/demo.batch
'
