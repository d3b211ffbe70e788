#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Generate a sysfs-like host tree for the inventory benchmark (bench/README).

usage: gen-sysfs.py OUT DEVICES [UNITS]

OUT/{sys,proc,dev} as tests/fixtures/sysfs/NAME has it (iommuctl --sysfs
OUT/sys --proc OUT/proc --dev OUT/dev): UNITS VT-d units (default 8,
dmar0..), DEVICES PCI functions spread over them in order, one IOMMU group per
4 functions (a slot's functions 0-3 or 4-7), with the layout of the kernel:
class/iommu and bus/pci/devices are links into devices/, a device links to its
group, unit and driver, a group's devices/ links back. Every 256th function is
bound to vfio-pci with a cdev. proc/ is copied from the intel-server fixture.
Only what `show` and `group list` consult is made, so that reading the whole
tree (bench/readtree) is the plain-read baseline of those commands.
"""
import os
import shutil
import sys

CAP, ECAP = "f9d2078c40780c66", "3bef9ea6f050df"	# the intel-server fixture's dmar0


def put(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text + "\n")


def link(path, target_abs):
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    os.symlink(os.path.relpath(target_abs, d), path)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[2])
    out, ndev = sys.argv[1], int(sys.argv[2])
    units = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.exists(out):
        shutil.rmtree(out)
    sysd = os.path.join(out, "sys")
    shutil.copytree(os.path.join(here, "..", "tests", "fixtures", "sysfs", "intel-server", "proc"),
                    os.path.join(out, "proc"))
    os.makedirs(os.path.join(out, "dev", "vfio", "devices"))
    open(os.path.join(out, "dev", "iommu"), "w").close()

    for u in range(units):
        real = os.path.join(sysd, "devices", "virtual", "iommu", "dmar%d" % u)
        reg = os.path.join(real, "intel-iommu")
        put(os.path.join(reg, "cap"), CAP)
        put(os.path.join(reg, "ecap"), ECAP)
        put(os.path.join(reg, "version"), "7:0")
        put(os.path.join(reg, "address"), "%x" % (0x9d7fc000 - u * 0x2000))
        put(os.path.join(reg, "domains_supported"), "65536")
        put(os.path.join(reg, "domains_used"), "4")
        link(os.path.join(sysd, "class", "iommu", "dmar%d" % u), real)
    for drv in ("nvme", "vfio-pci"):
        os.makedirs(os.path.join(sysd, "bus", "pci", "drivers", drv), exist_ok=True)

    cdevs = 0
    for i in range(ndev):
        bus, dev, fn = i >> 8, (i >> 3) & 31, i & 7
        bdf = "0000:%02x:%02x.%d" % (bus, dev, fn)
        group = str(i // 4)
        unit = i * units // ndev
        real = os.path.join(sysd, "devices", "pci0000:%02x" % bus, bdf)
        put(os.path.join(real, "vendor"), "0x144d")
        put(os.path.join(real, "device"), "0xa80a")
        put(os.path.join(real, "class"), "0x010802")
        vfio = i % 256 == 255
        link(os.path.join(real, "driver"),
             os.path.join(sysd, "bus", "pci", "drivers", "vfio-pci" if vfio else "nvme"))
        link(os.path.join(real, "iommu_group"), os.path.join(sysd, "kernel", "iommu_groups", group))
        link(os.path.join(real, "iommu"), os.path.join(sysd, "devices", "virtual", "iommu",
                                                       "dmar%d" % unit))
        if vfio:
            put(os.path.join(real, "vfio-dev", "vfio%d" % cdevs, "dev"), "510:%d" % cdevs)
            open(os.path.join(out, "dev", "vfio", "devices", "vfio%d" % cdevs), "w").close()
            cdevs += 1
        link(os.path.join(sysd, "bus", "pci", "devices", bdf), real)
        gdir = os.path.join(sysd, "kernel", "iommu_groups", group)
        if i % 4 == 0:
            put(os.path.join(gdir, "type"), "DMA-FQ")
            put(os.path.join(gdir, "reserved_regions"), "0x00000000fee00000 0x00000000feefffff msi")
        link(os.path.join(gdir, "devices", bdf), real)


main()
