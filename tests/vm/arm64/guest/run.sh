# The arm64 guest's scenario (busybox sh): run.sh MODE RESULTS
#   MODE stock     the firmware's own IORT (no CANWBS)
#   MODE override  the IORT upgraded from the initrd (CANWBS set)
# Every step leaves RESULTS/NAME.json (stdout), NAME.err (stderr) and
# NAME.rc (exit status); the host's smmuv3.bats checks them. Nothing here
# judges a result: a failing step is data for the checks, not a reason to stop.
mode=$1 R=$2
T=/test
dev=/dev/vfio/devices/vfio0

run() {	# run NAME COMMAND...
	n=$1
	shift
	"$@" > "$R/$n.json" 2> "$R/$n.err"
	echo $? > "$R/$n.rc"
}

# What the guest sees, for the checks and for whoever reads a failure.
uname -r > "$R/uname.txt"
cat /proc/cmdline > "$R/cmdline.txt"
echo "$IOMMUCTL_VM_EDU_BDF" > "$R/edu-bdf.txt"
ls /sys/class/iommu > "$R/sys-class-iommu.txt" 2>&1
ls /dev/vfio/devices > "$R/vfio-devices.txt" 2>&1
cat /sys/bus/pci/devices/$IOMMUCTL_VM_EDU_BDF/iommu_group/type > "$R/edu-group-type.txt" 2>&1
cp /sys/firmware/acpi/tables/IORT "$R/IORT.bin" 2>/dev/null

run iommu-list iommuctl -j iommu list
run device-list iommuctl -j device list
run hwinfo iommuctl -j batch "$T/hwinfo.batch"
run hwinfo-text iommuctl -v batch "$T/hwinfo.batch"

case $mode in
stock)
	run viommu-refused iommuctl -j batch "$T/stock.batch"
	;;
override)
	run nested iommuctl -j batch --force "$T/nested.batch"
	run invalidate iommuctl -j batch --force "$T/invalidate.batch"
	# The refused commands once more with the ioctl trace: none may reach the kernel.
	run refused-trace iommuctl -j -d batch --force "$T/refused.batch"
	run dma iommuctl -j batch --force "$T/dma.batch"
	run dma-text iommuctl batch --force "$T/dma.batch"
	;;
esac
exit 0
