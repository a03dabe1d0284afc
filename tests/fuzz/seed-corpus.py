#!/usr/bin/env python3
"""Writes seed inputs for every fuzz target into OUT/<target>/, from what the repository
already holds: VPD pages and ID_SERIALs of tests/devices/*.umockdev, configuration and
bindings texts of the unit and device tests and examples/, init scripts of examples/init.d
and tests/sysv2unit/scripts, plus any directories of real init scripts given after OUT
(the stored corpus also holds the /etc/init.d scripts of about 40 Debian 12 packages,
fetched with apt-get download).  The stored corpus is these seeds after fuzzing and
`-merge=1` minimisation; rerun this only to reseed.

usage: seed-corpus.py SRC OUT [INIT_SCRIPT_DIR...]"""
import ast
import hashlib
import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])
extra = [pathlib.Path(p) for p in sys.argv[3:]]


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def c_strings(path):
    """Adjacent C string literals joined, as the compiler would."""
    text = path.read_text()
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', text):
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0))
        try:
            yield ''.join(ast.literal_eval('"' + p + '"') for p in parts)
        except (ValueError, SyntaxError):
            pass


def heredocs(path):
    text = path.read_text()
    for m in re.finditer(r"<<'?(\w+)'?\n(.*?)\n\1\n", text, re.S):
        yield m.group(2) + "\n"


# VPD: byte 0 = pages present (bits 0-1) + vendor/model pair (bits 2-3), bytes 1-2 = length
# of page 0x83, then page 0x83, then page 0x80.
for f in sorted((src / "tests/devices").glob("*.umockdev")):
    dev = {}
    for line in f.read_text().splitlines() + ["P: end"]:
        if line.startswith("P: ") and dev:
            pg83 = bytes.fromhex(dev.get("vpd_pg83", ""))
            pg80 = bytes.fromhex(dev.get("vpd_pg80", ""))
            vendor = 0 if "VMware" in dev.get("vendor", "") else 1
            sel = (1 if pg83 else 0) | (2 if pg80 else 0) | vendor << 2
            if pg83 or pg80:
                put("vpd", bytes([sel]) + len(pg83).to_bytes(2, "big") + pg83 + pg80)
            if "ID_SERIAL" in dev:
                put("vpd", dev["ID_SERIAL"])
            dev = {}
        if line.startswith("H: ") and "=" in line:
            k, v = line[3:].split("=", 1)
            dev[k] = v
        elif line.startswith("A: ") and "=" in line:
            k, v = line[3:].split("=", 1)
            dev[k] = v
        elif line.startswith("E: ") and "=" in line:
            k, v = line[3:].split("=", 1)
            dev[k] = v
        elif line.startswith("P: "):
            dev = {"path": line[3:]}

for s in c_strings(src / "tests/unit/test-config.c"):
    if "[" in s or "=" in s:
        put("config", s)
put("config", (src / "examples/udev-helper.conf").read_text())
for s in heredocs(src / "tests/device/device-tests.sh"):
    put("config", s)

# import: the first byte picks the format (even: udev rules, odd: multipath bindings).
for s in c_strings(src / "tests/unit/test-rules-import.c"):
    if "==" in s or "mpath" in s:
        put("rules-import", "\x00" + s)
        put("rules-import", "\x01" + s)
for p in sorted((src / "tests/device/import").glob("*")):
    put("rules-import", ("\x01" if "multipath" in p.name else "\x00") + p.read_text())
for s in c_strings(src / "tests/unit/test-bindings.c"):
    if "\n" in s:
        put("bindings", s)
put("bindings", "asm/data01 36000c29654b6aa069e1553a3251c4f56 asm\n"
                "asm/data02 36000c29a1b2c3d4e5f60718293a4b5c6 asm\n")
put("bindings", "iscsi/lun01 iscsi:iqn.2024-01.com.example:storage.gfs1:1 luns\n")

scripts = [p for p in (src / "examples/init.d").iterdir()]
scripts += [p for p in (src / "tests/sysv2unit/scripts").iterdir()]
for d in extra:
    scripts += [p for p in d.iterdir() if p.is_file()]
sources = [p for p in (src / "examples/root").rglob("*") if p.is_file()]
for p in sorted(scripts):
    data = p.read_bytes()
    for t in ("headers", "shell", "sysv2unit"):
        put(t, data)
for s in c_strings(src / "tests/unit/test-s2u-headers.c"):
    if "\n" in s:
        put("headers", s)
for s in c_strings(src / "tests/unit/test-s2u-shell.c"):
    if "\n" in s:
        put("shell", s)
for s in c_strings(src / "tests/unit/test-s2u-analyze.c"):
    if "case" in s:
        put("sysv2unit", s)
# A script with its sourced file after a NUL, as fuzz-sysv2unit splits its input.
for p in sorted(sources):
    put("sysv2unit", (src / "examples/init.d/exampled").read_bytes() + b"\0" + p.read_bytes())
