#!/usr/bin/env python3
"""How the cost of `udev-helper export` (udev's entry point) and `scan` grows with the
number of disks. Instructions counted by callgrind, which repeats exactly run to run,
on fake VMware guests of N disks described for umockdev. export should stay flat;
scan, which compares all disks on purpose, grows.

usage: bench/export-scaling.py BUILD_DIR   (needs valgrind and umockdev)"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "devices"))
import importlib.util

spec = importlib.util.spec_from_file_location("gen", os.path.join(HERE, "..", "tests", "devices", "gen-umockdev.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def guest(n):
    out = []
    for i in range(n):
        host, target = 3 + i // 64, i % 64
        kname = "sd" + "".join(chr(ord("a") + d) for d in digits(i))
        uuid = f"6000c29{i:025x}"
        gen.scsi_disk(out, host, target, 0, kname, (16 * i) % 4096, 20, "VMware", "Virtual disk",
                      gen.pg83(gen.naa_vmware(uuid)), gen.pg80(uuid))
    return "\n".join(out) + "\n"


def digits(i):
    # sda..sdz, sdaa.. like the kernel
    s = []
    i += 1
    while i:
        i -= 1
        s.append(i % 26)
        i //= 26
    return list(reversed(s))


def instructions(desc, argv):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        subprocess.run(["umockdev-run", "-d", desc, "--", "valgrind", "--tool=callgrind", "--callgrind-out-file=" + out]
                       + argv, capture_output=True, check=True)
        with open(out) as f:
            m = re.search(r"^summary: (\d+)", f.read(), re.M)
        return int(m.group(1))


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    uh = os.path.join(build, "udev-helper", "udev-helper")
    with tempfile.TemporaryDirectory() as d:
        conf = os.path.join(d, "conf")
        with open(conf, "w") as f:
            f.write("[asm]\nmatch-vendor = VMware\nname = asm/data%02d\nowner = grid\ngroup = asmadmin\nmode = 0660\n")
        bindings = os.path.join(d, "bindings")
        with open(bindings, "w") as f:
            f.write("asm/data01 36000c29" + "0" * 25 + " asm\n")
        print(f"{'disks':>6} {'export sda (instructions)':>27} {'scan (instructions)':>21}")
        for n in (8, 64, 512):
            desc = os.path.join(d, f"guest{n}.umockdev")
            with open(desc, "w") as f:
                f.write(guest(n))
            e = instructions(desc, [uh, "-c", conf, "-b", bindings, "export", "sda"])
            s = instructions(desc, [uh, "-c", conf, "-b", bindings, "scan"])
            print(f"{n:>6} {e:>27,} {s:>21,}", flush=True)


if __name__ == "__main__":
    main()
