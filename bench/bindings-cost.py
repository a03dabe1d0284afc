#!/usr/bin/env python3
"""How the cost of `udev-helper export` (udev's entry point, run on every disk event) grows
with the number of lines in the bindings file. Instructions counted by callgrind, which
repeats exactly run to run, for one `export sda` on a fake 8-disk VMware guest (umockdev),
with a bindings file of N lines where sda's line is the last one (the worst place for a
scan). The cost should stay flat: at most 1.5x the 8-line figure at 4,096 lines.

usage: bench/bindings-cost.py BUILD_DIR [N...]   (needs valgrind and umockdev)
       default N: 8 1024 4096 65536"""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("scaling", os.path.join(HERE, "export-scaling.py"))
scaling = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scaling)

CONF = "[asm]\nmatch-vendor = VMware\nname = asm/data%05d\nowner = grid\ngroup = asmadmin\nmode = 0660\n"


def bindings(n):
    # n - 1 lines for disks that are not present, then sda's (serial of disk 0 in the guest).
    lines = [f"asm/data{i + 2:05d} 36000c29{i + 1:08x}{'f' * 17} asm" for i in range(n - 1)]
    lines.append("asm/data00001 36000c29" + "0" * 25 + " asm")
    return "\n".join(lines) + "\n"


def instructions(desc, argv, timeout):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        p = subprocess.run(["umockdev-run", "-d", desc, "--", "valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + out] + argv, capture_output=True, timeout=timeout)
        if b"UH_NAME=asm/data00001" not in p.stdout:
            return None, p.stdout.decode(errors="replace").strip().replace("\n", " ")
        with open(out) as f:
            m = re.search(r"^summary: (\d+)", f.read(), re.M)
        return int(m.group(1)), ""


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    sizes = [int(a) for a in sys.argv[2:]] or [8, 1024, 4096, 65536]
    uh = os.path.join(build, "udev-helper", "udev-helper")
    with tempfile.TemporaryDirectory() as d:
        conf = os.path.join(d, "conf")
        with open(conf, "w") as f:
            f.write(CONF)
        desc = os.path.join(d, "guest.umockdev")
        with open(desc, "w") as f:
            f.write(scaling.guest(8))
        print(f"{'bindings':>9} {'export sda (instructions)':>27}")
        for n in sizes:
            b = os.path.join(d, f"bindings{n}")
            with open(b, "w") as f:
                f.write(bindings(n))
            try:
                count, why = instructions(desc, [uh, "-c", conf, "-b", b, "export", "sda"], timeout=1800)
            except subprocess.TimeoutExpired:
                count, why = None, "did not finish in 30 minutes"
            print(f"{n:>9} {count:>27,}" if count is not None else f"{n:>9} {'-':>27}  ({why})", flush=True)


if __name__ == "__main__":
    main()
