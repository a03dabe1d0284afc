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

The static binary (BUILD/udev-helper/udev-helper-export, what meson's default build installs
and udev runs) is out of umockdev's reach, so its column runs it on this machine's real
virtio disk (--static-disk, default vda) the way udev would: DEVPATH, ACTION and the other
properties of the event in the environment, ID_SERIAL among them (the virtio transport takes
the serial udev read, disk-transport.h), nothing faked.  The bindings file is the vmware one
with the virtio disk's line last.  Skipped when there is no such disk.

Each file gets its index (BINDINGS.idx) first, written by `udev-helper check` (under
umockdev, on the fake guest), unless --no-index: then export scans the whole file, as
before the index, and as it does after a hand edit until check runs.

usage: bench/bindings-cost.py [--sizes 8,64,512,4096,16384] [--scan] [--no-index] BUILD [BUILD...]
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
# The real virtio disk: no account lookup (the event path never does one).
STATIC_CONF = "[asm]\nmatch-transport = virtio\nname = asm/data%05d\nmode = 0660\n"


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
    # n - 1 lines for disks that are not present, then sda's (or the real virtio disk's).
    if layout == "static":
        return bindings("vmware", n).rsplit("\n", 2)[0] + f"\nasm/data00001 virtio-{STATIC_SERIAL} asm\n"
    if layout == "vmware":
        lines = [f"asm/data{i + 2:05d} 36000c29{hexdigits(f'absent{i}', 25)} asm" for i in range(n - 1)]
    else:
        lines = [f"asm/data{i + 2:05d} 36000c29{i + 1:08x}{'f' * 17} asm" for i in range(n - 1)]
    lines.append(f"asm/data00001 3{uuid(layout, 0)} asm")
    return "\n".join(lines) + "\n"


STATIC_SERIAL = "UHBENCH0001"


def static_event(disk):
    """udev's environment for an add event of the real virtio disk, or None."""
    sys_path = os.path.realpath(f"/sys/class/block/{disk}")
    if not os.path.exists(os.path.join(sys_path, "dev")) or "/virtio" not in sys_path:
        return None
    major, minor = open(os.path.join(sys_path, "dev")).read().strip().split(":")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "ACTION": "add", "SUBSYSTEM": "block",
           "DEVPATH": sys_path[len("/sys"):], "DEVNAME": f"/dev/{disk}", "DEVTYPE": "disk",
           "MAJOR": major, "MINOR": minor, "ID_SERIAL": STATIC_SERIAL, "ID_PATH": "bench"}
    return env


def instructions(desc, argv, want, timeout=1800, env=None):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        prefix = ["umockdev-run", "-d", desc, "--"] if desc else []
        p = subprocess.run(prefix + ["valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + out] + argv, capture_output=True, timeout=timeout, env=env)
        if want.encode() not in p.stdout:
            raise SystemExit(f"{' '.join(argv)}: expected {want!r}, got: "
                             + p.stdout.decode(errors="replace").strip().replace("\n", " "))
        with open(out) as f:
            return int(re.search(r"^summary: (\d+)", f.read(), re.M).group(1))


def write_index(uh, desc, conf, path):
    """The index beside path, as check writes it (it exits 1 for the absent disks)."""
    p = subprocess.run(["umockdev-run", "-d", desc, "--", uh, "-c", conf, "-b", path, "check"],
                       capture_output=True, timeout=600)
    if not os.path.exists(path + ".idx"):
        raise SystemExit(f"check wrote no index for {path}: " + p.stderr.decode(errors="replace"))


def table(build, sizes, scan, index, static_disk):
    export = os.path.join(build, "udev-helper", "udev-helper-export-dynamic")
    if not os.path.exists(export):
        export = os.path.join(build, "udev-helper", "udev-helper-export")
    static = os.path.join(build, "udev-helper", "udev-helper-export")
    uh = os.path.join(build, "udev-helper", "udev-helper")
    event = static_event(static_disk) if static != export else None
    runs = [("vmware", "sda", "export sda"), ("vmware", "sda1", "export sda1"), ("padded", "sda", "sda, padded")]
    if event:
        runs.append(("static", static_disk, f"static, {static_disk}"))
    if scan:
        runs.append(("vmware", None, "scan"))
    print(f"\n{build}: {os.path.basename(export)}" + (f", static {os.path.basename(static)} on /dev/{static_disk}"
                                                      if event else ", no static binary or no virtio disk")
          + (", with index" if index else ", no index (scan)") + "\n")
    print("| bindings | " + " | ".join(f"{title} | ratio" for _, _, title in runs) + " |")
    print("| ---: |" + " ---: | ---: |" * len(runs))
    base = {}
    with tempfile.TemporaryDirectory() as d:
        conf = os.path.join(d, "conf")
        with open(conf, "w") as f:
            f.write(CONF)
        static_conf = os.path.join(d, "static-conf")
        with open(static_conf, "w") as f:
            f.write(STATIC_CONF)
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
                    if index:
                        write_index(uh, descs["vmware"], conf, b)
                if layout == "static":
                    argv = [static, "-c", static_conf, "-b", b, dev]
                    count = instructions(None, argv, "UH_NAME=asm/data00001", env=event)
                elif dev:
                    argv, want = [export, "-c", conf, "-b", b, dev], "UH_NAME=asm/data00001" + ("-part1" if dev != "sda" else "")
                else:
                    argv, want = [uh, "-c", conf, "-b", b, "scan"], "asm/data00001"
                if layout != "static":
                    count = instructions(descs[layout], argv, want)
                base.setdefault(title, count)
                cells.append(f"{count:,} | {count / base[title]:.2f}x")
            print(f"| {n:,} | " + " | ".join(cells) + " |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="8,64,512,4096,16384")
    ap.add_argument("--scan", action="store_true", help="also `udev-helper scan` (slow under callgrind)")
    ap.add_argument("--no-index", action="store_true", help="no BINDINGS.idx: export scans the file")
    ap.add_argument("--static-disk", default="vda", help="the real virtio disk for the static binary")
    ap.add_argument("builds", nargs="+", metavar="BUILD")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for build in args.builds:
        table(os.path.abspath(build), sizes, args.scan, not args.no_index, args.static_disk)


if __name__ == "__main__":
    main()
