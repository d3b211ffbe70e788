#!/usr/bin/env python3
"""Make an IORT override that declares the PCI root complexes CANWBS.

usage: iort-canwbs.py IN OUT

IN is the IORT the guest itself reported (/sys/firmware/acpi/tables/IORT).
In every root complex node (type 2) the memory access flags byte gets bit 2,
CANWBS (ACPI_IORT_MF_CANWBS: the root complex and its devices are fully
coherent, write-back snooping); the OEM revision goes up by one, because
the kernel's ACPI table upgrade only takes a table with a higher revision
than the firmware's; the checksum is fixed. Prints one line per change.

Layout (ACPI IORT, DEN0049): 36-byte ACPI header (length @4, revision @8,
checksum @9, OEM revision @24), then node count @36, node array offset @40.
Every node starts with type u8, length u16, revision u8, identifier u32,
mapping count u32, mapping offset u32 (16 bytes). A root complex node's
data begins with its memory access properties: cache coherency u32 (@16),
allocation hints u8 (@20), reserved u16, memory access flags u8 (@23).
"""
import struct
import sys

RC_NODE = 2
CANWBS = 1 << 2


def fail(msg):
    sys.exit("iort-canwbs: error: " + msg)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    t = bytearray(open(sys.argv[1], "rb").read())
    if len(t) < 48 or t[0:4] != b"IORT":
        fail("%s is not an IORT" % sys.argv[1])
    length, revision = struct.unpack_from("<IB", t, 4)
    if length != len(t):
        fail("header length %d, file %d bytes" % (length, len(t)))
    if sum(t) % 256:
        fail("the input checksum is wrong")
    count, offset = struct.unpack_from("<II", t, 36)
    print("IORT revision %d, %d bytes, %d nodes, OEM %s/%s" % (
        revision, length, count, t[10:16].decode(errors="replace").strip(),
        t[16:24].decode(errors="replace").strip()))
    rc = 0
    for _ in range(count):
        ntype, nlen = struct.unpack_from("<BH", t, offset)
        if nlen < 16 or offset + nlen > length:
            fail("node at %#x has length %d" % (offset, nlen))
        if ntype == RC_NODE:
            cca, hints = struct.unpack_from("<IB", t, offset + 16)
            seg = struct.unpack_from("<I", t, offset + 28)[0]
            old = t[offset + 23]
            t[offset + 23] = old | CANWBS
            print("root complex node at %#x: segment %d, cache coherency %d, "
                  "memory access flags %#04x -> %#04x (CANWBS)" % (
                      offset, seg, cca, old, t[offset + 23]))
            rc += 1
        offset += nlen
    if not rc:
        fail("no root complex node")
    oem_rev = struct.unpack_from("<I", t, 24)[0]
    struct.pack_into("<I", t, 24, oem_rev + 1)
    old_sum = t[9]
    t[9] = 0
    t[9] = (-sum(t)) % 256
    print("OEM revision %d -> %d, checksum %#04x -> %#04x" % (oem_rev, oem_rev + 1, old_sum, t[9]))
    open(sys.argv[2], "wb").write(t)


main()
