#!/usr/bin/env python3
"""Writes a umockdev description of N VMware virtual disks with disk.EnableUUID set (page
0x83 NAA designator and page 0x80 with the same 32 hex digits), all bindable by the [asm]
class of the stress tests, and prints "KNAME SERIAL" for each on stdout.

usage: gen-disks.py N OUT.umockdev"""
import struct
import sys

n = int(sys.argv[1])
PCI = "/devices/pci0000:00/0000:00:15.0/0000:03:00.0/host3"


def kname(i):
    # sda, ..., sdz, sdaa, ... as the kernel names them; sda is left out (the system disk).
    i += 1
    s = ""
    while True:
        s = chr(ord("a") + i % 26) + s
        i = i // 26 - 1
        if i < 0:
            return "sd" + s


out = []
for i in range(n):
    k = kname(i)
    uuid = "6000c29%025x" % (0x5157e55 * 1000 + i)
    sdev = f"{PCI}/target3:0:{i}/3:0:{i}:0"
    out += [f"P: {sdev}/block/{k}", f"N: {k}",
            f"E: DEVNAME=/dev/{k}", "E: DEVTYPE=disk", "E: MAJOR=65", f"E: MINOR={i * 16}",
            "E: SUBSYSTEM=block", f"A: size={20 * 1024 * 1024 * 2}", ""]
    p83 = bytes([1, 3, 0, 16]) + bytes.fromhex(uuid)
    p80 = bytes([0, 0x80, 0, 32]) + uuid.encode()
    out += [f"P: {sdev}", "E: DEVTYPE=scsi_device", "E: DRIVER=sd", "E: SUBSYSTEM=scsi",
            "A: vendor=VMware  ", "A: model=Virtual disk    ", "A: rev=1.0 ", "A: type=0",
            "H: vpd_pg83=" + (bytes([0, 0x83]) + struct.pack(">H", len(p83)) + p83).hex().upper(),
            "H: vpd_pg80=" + p80.hex().upper(), ""]
    print(k, "3" + uuid)
with open(sys.argv[2], "w") as f:
    f.write("\n".join(out) + "\n")
