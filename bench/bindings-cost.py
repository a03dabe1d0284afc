#!/usr/bin/env python3
"""How the cost of udev's entry point (the event binary, run on every disk and partition
event) grows with the number of lines in the bindings file: the curve from 8 to 16,384
bindings, and each point's ratio to 8 (the goal, issue 18 item 7: at most 1.5x at 4,096).

Instructions counted by callgrind, which repeats exactly run to run whatever the load, for
one export on a fake 8-disk VMware guest (umockdev), with a bindings file of N lines where
the disk's own line is the last one (the worst place for a scan). Three files per N:

  vmware   names asm/data00002..., serials as VMware gives them ("36000c29" and 25 hex
           digits of the disk's UUID); the disk sda and its partition sda1
  padded   the same names, serials "36000c29" + 8 hex digits + "f" * 17, and a disk whose
           serial is "36000c29" and 25 zeros: shared runs of one byte, the hard case for a
           substring search (this file was the benchmark's only one before 2026-12-07)

The binary is BUILD/udev-helper/udev-helper-export-dynamic (the event binary linked
dynamically, as the device tests run it: umockdev reaches it through LD_PRELOAD), else
BUILD/udev-helper/udev-helper-export. --scan adds `udev-helper scan` (an admin command, which
parses the whole file on purpose and grows linearly).

usage: bench/bindings-cost.py [--sizes 8,64,512,4096,16384] [--scan] BUILD [BUILD...]
       (needs valgrind and umockdev; several BUILDs print one table each, e.g. before/after)"""
import argparse
import hashlib
import importlib.util
import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen", os.path.join(HERE, "..", "tests", "devices", "gen-umockdev.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

CONF = "[asm]\nmatch-vendor = VMware\nname = asm/data%05d\nowner = grid\ngroup = asmadmin\nmode = 0660\n"


def hexdigits(seed, n):
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def uuid(layout, i):
    # The disk's UUID (its serial is "3" + this): random-looking digits, or the padded
    # pattern of the first version of this benchmark.
    return "6000c29" + (hexdigits(f"disk{i}", 25) if layout == "vmware" else f"{i:025x}")


def guest(layout, disks=8):
    out = []
    for i in range(disks):
        kname = "sd" + chr(ord("a") + i)
        parts = [(None, ())] if i == 0 else ()
        gen.scsi_disk(out, 3, i, 0, kname, 16 * i, 20, "VMware", "Virtual disk",
                      gen.pg83(gen.naa_vmware(uuid(layout, i))), gen.pg80(uuid(layout, i)), parts=parts)
    return "\n".join(out) + "\n"


def bindings(layout, n):
    # n - 1 lines for disks that are not present, then sda's.
    if layout == "vmware":
        lines = [f"asm/data{i + 2:05d} 36000c29{hexdigits(f'absent{i}', 25)} asm" for i in range(n - 1)]
    else:
        lines = [f"asm/data{i + 2:05d} 36000c29{i + 1:08x}{'f' * 17} asm" for i in range(n - 1)]
    lines.append(f"asm/data00001 3{uuid(layout, 0)} asm")
    return "\n".join(lines) + "\n"


def instructions(desc, argv, want, timeout=1800):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        p = subprocess.run(["umockdev-run", "-d", desc, "--", "valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + out] + argv, capture_output=True, timeout=timeout)
        if want.encode() not in p.stdout:
            raise SystemExit(f"{' '.join(argv)}: expected {want!r}, got: "
                             + p.stdout.decode(errors="replace").strip().replace("\n", " "))
        with open(out) as f:
            return int(re.search(r"^summary: (\d+)", f.read(), re.M).group(1))


def table(build, sizes, scan):
    export = os.path.join(build, "udev-helper", "udev-helper-export-dynamic")
    if not os.path.exists(export):
        export = os.path.join(build, "udev-helper", "udev-helper-export")
    uh = os.path.join(build, "udev-helper", "udev-helper")
    runs = [("vmware", "sda", "export sda"), ("vmware", "sda1", "export sda1"), ("padded", "sda", "sda, padded")]
    if scan:
        runs.append(("vmware", None, "scan"))
    print(f"\n{build}: {os.path.basename(export)}\n")
    print("| bindings | " + " | ".join(f"{title} | ratio" for _, _, title in runs) + " |")
    print("| ---: |" + " ---: | ---: |" * len(runs))
    base = {}
    with tempfile.TemporaryDirectory() as d:
        conf = os.path.join(d, "conf")
        with open(conf, "w") as f:
            f.write(CONF)
        descs = {}
        for layout in ("vmware", "padded"):
            descs[layout] = os.path.join(d, f"{layout}.umockdev")
            with open(descs[layout], "w") as f:
                f.write(guest(layout))
        for n in sizes:
            cells = []
            for layout, dev, title in runs:
                b = os.path.join(d, f"bindings-{layout}-{n}")
                if not os.path.exists(b):
                    with open(b, "w") as f:
                        f.write(bindings(layout, n))
                if dev:
                    argv, want = [export, "-c", conf, "-b", b, dev], "UH_NAME=asm/data00001" + ("-part1" if dev != "sda" else "")
                else:
                    argv, want = [uh, "-c", conf, "-b", b, "scan"], "asm/data00001"
                count = instructions(descs[layout], argv, want)
                base.setdefault(title, count)
                cells.append(f"{count:,} | {count / base[title]:.2f}x")
            print(f"| {n:,} | " + " | ".join(cells) + " |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="8,64,512,4096,16384")
    ap.add_argument("--scan", action="store_true", help="also `udev-helper scan` (slow under callgrind)")
    ap.add_argument("builds", nargs="+", metavar="BUILD")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for build in args.builds:
        table(os.path.abspath(build), sizes, args.scan)


if __name__ == "__main__":
    main()
