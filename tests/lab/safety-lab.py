#!/usr/bin/env python3
"""Safety lab (issue 18): what umockdev cannot show, on a generation's own udevd.

One boot of a Debian root (build-lab-root) under QEMU with the built udev-helper and
virtio-scsi disks prepared on the host (the roots have no sfdisk, and mke2fs only on
bookworm): two bound disks, an ASMLib label on partition 1 (as `oracleasm createdisk
DATA01 /dev/sdb1` lays it out), a clone pair carrying one label on partition 1, an ext4
disk the guest mounts and a blank disk it holds open with O_EXCL.  Checked: labels name
partitions and clones are refused after the recheck (`check` reports both); `bind --force`
refuses disks in use (and accepts them once released, so the refusal is about use); a typo
in one class and a half-truncated configuration keep every name and owner at change
events, with UH_PROBLEM=config-error and `check` failing; and in static-rules mode the first
`apply` takes away the links of a label class removed from the configuration, a second
`apply` and `check --retrigger` trigger no uevent, and with the label class configured
`apply` reports the ASMLib partition as needing the helper instead of re-triggering it.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

from labcheck import check, fail, summary
import labguest

CONFIG = """[qs]
match-transport = scsi
match-vendor = QEMU
name = asm/qs%02d
owner = grid
group = asmadmin
mode = 0660

[asmlib]
match-fs-type = oracleasm
name-from = label
prefix = oracleasm/disks
owner = grid
group = asmadmin
mode = 0660
"""
W = "35000c50015ea71"  # WWN prefix of every lab disk: udev's ID_SERIAL is W + two digits
BINDINGS = f"asm/qs01 {W}01 qs\nasm/qs02 {W}02 qs\n"
PART_START = 2048


def image(path, mib=64, label=None, ext4=False):
    with open(path, "wb") as f:
        f.truncate(mib << 20)
        if label is not None:  # MBR, partition 1 from sector 2048, ASMLib header on it
            entry = bytes([0, 0, 0, 0, 0x83, 0, 0, 0]) + PART_START.to_bytes(4, "little") + (32768).to_bytes(4, "little")
            f.seek(446)
            f.write(entry)
            f.seek(510)
            f.write(b"\x55\xaa")
            f.seek(PART_START * 512 + 32)
            f.write(b"ORCLDISK" + label.encode().ljust(24, b"\0"))
    if ext4:
        subprocess.run(["mkfs.ext4", "-q", "-F", path], check=True)


def disk_args(work):
    a = ["-device", "virtio-scsi-pci,id=vs,addr=0x1d"]
    disks = [("01", {}), ("02", {}), ("03", {"label": "DATA01"}), ("04", {"label": "CLONE01"}),
             ("05", {"label": "CLONE01"}), ("10", {"ext4": True}), ("11", {})]
    for i, (n, kw) in enumerate(disks):
        img = os.path.join(work, f"d{n}.img")
        image(img, **kw)
        a += ["-drive", f"if=none,id=d{n},file={img},format=raw",
              "-device", f"scsi-hd,bus=vs.0,scsi-id={i},drive=d{n},serial=LAB{n},wwn=0x{W[1:]}{n}"]
    return a


def parse(line):
    parts = line.split(" ")
    fields, rest = {}, []
    for p in parts[2:]:
        if "=" in p:
            k, v = p.split("=", 1)
            fields[k] = v
        else:
            rest.append(p)
    return (parts[1] if len(parts) > 1 else ""), rest, fields


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--udev-helper", required=True)
    ap.add_argument("--udev-helper-export", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--suite", required=True)
    args = ap.parse_args()
    try:
        root = labguest.Root.get(args.suite)
    except labguest.Skip as e:
        print(f"# SKIP: the {args.suite} safety lab cannot run here: {e}", flush=True)
        return 77
    print(f"# generation: {root.title()}, packages from its archive: "
          + ", ".join(f"{k} {v}" for k, v in sorted(root.packages.items())), flush=True)

    work = tempfile.mkdtemp(prefix="safety-lab-")
    p = labguest.Payload(root, os.path.join(work, "payload"))
    p.host_binary(args.udev_helper, "/usr/bin/udev-helper")
    p.host_binary(args.udev_helper_export, "/usr/lib/udev/udev-helper-export")
    with open(args.rules) as f:
        p.write("/usr/lib/udev/rules.d/66-udev-helper.rules", f.read().replace("@BINDIR@", "/usr/bin"))
    p.write("/etc/udev-helper/udev-helper.conf", CONFIG)
    p.write("/etc/udev-helper/bindings", BINDINGS)
    p.copy(args.init, "/lab-init")
    g = labguest.Guest(root, p, work, "/lab-init", "quiet", extra=disk_args(work), name="safety", memory=512)

    steps, step, out = {}, None, {}
    start = time.time()
    try:
        for line in g.lines(start + 600):
            if not line.startswith("LAB "):
                continue
            print("   guest:", line[:300], flush=True)
            kind, rest, f = parse(line)
            if kind == "step":
                step = rest[0]
                steps[step] = {"disks": {}, "names": {}}
                if step == "done":
                    break
            elif kind == "disk" and step:
                steps[step]["disks"][rest[0]] = f
            elif kind == "name" and step:
                steps[step]["names"][rest[0]] = f
            else:
                out.setdefault(kind, []).append(line[len("LAB " + kind + " "):])
    except TimeoutError:
        fail(f"the guest did not finish within 600s (console: {g.log.name})")
    finally:
        try:
            g.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            g.p.kill()
    print(f"# boot took {time.time() - start:.0f}s; {root.title()}; {out.get('version')}", flush=True)
    for s in ("recheck", "inuse", "typo", "truncated", "fixed", "static", "static-change"):
        if s not in steps:
            fail(f"the guest never reached step {s} (console: {g.log.name})")
            return summary()

    def text(k):
        return "\n".join(out.get(k + "-out", []))

    def code(k):
        return int(out.get(k + "-exit", ["-1"])[0])

    rc = steps["recheck"]["disks"]
    by_serial = {(f.get("id_serial"), f.get("devtype")): d for d, f in rc.items()}

    def dev(n, part=False):
        return by_serial.get((W + n, "partition" if part else "disk"), "?")

    # 3. ASMLib on partition 1: named by the label class; a clone pair neither named.
    want = {"asm/qs01": dev("01"), "asm/qs02": dev("02"), "oracleasm/disks/DATA01": dev("03", True)}
    names = steps["recheck"]["names"]
    check("recheck: exactly the bound disks and the ASMLib partition named", want,
          {n: f.get("target") for n, f in names.items()})
    for n in want:
        check(f"recheck: {n} grid:asmadmin 0660", ("grid:asmadmin", "660"),
              (names.get(n, {}).get("owner"), names.get(n, {}).get("mode")))
    # Export finds a named claimant in udev's stack directory of the link (claims.c): the
    # directory is where udev_link_stack_name() says, and lists the device.
    check("recheck: udev's stack directory of every name, where export looks, lists its device",
          {n: True for n in want}, {n: f.get("id", "?") in f.get("stack", "").split(",") for n, f in names.items()})
    check("ASMLib partition: udev's blkid sees oracleasm", "oracleasm", rc.get(dev("03", True), {}).get("fs"))
    clones = [dev("04", True), dev("05", True)]
    for c in clones:
        f = rc.get(c, {})
        print(f"# clone {c}: UH_PROBLEM={f.get('uh_problem')!r}", flush=True)
        check(f"clone pair: {c} not named after check --retrigger, with a problem", ("", True),
              (f.get("uh_name"), bool(f.get("uh_problem"))))
    check("check: exit != 0 with the clone pair", True, code("check") not in (0, -1))
    check("check: reports both clone partitions", [True, True], [c in text("check") for c in clones])

    # 4. In use.
    m, x = dev("10"), dev("11")
    check("in use: the ext4 disk was mounted", ["1"], out.get("mounted"))
    check("bind --force on the mounted disk: refused (exit != 0)", True, code("bind-mounted") not in (0, -1))
    check("...saying it is mounted", True, "mounted" in text("bind-mounted").lower())
    check("...and nothing bound", False, "asm/qs03" in text("bind-mounted") and code("bind-mounted") == 0)
    check("bind --force --dry-run once unmounted: accepted (the refusal was the mount)", 0, code("bind-unmounted"))
    check("in use: the blank disk was opened O_EXCL", ["held"], out.get("excl-open"))
    check("bind --force on the exclusively opened disk: refused (exit != 0)", True, code("bind-excl") not in (0, -1))
    check("...saying it is open exclusively", True, "exclusive" in text("bind-excl").lower())
    check("bind --force --dry-run once released: accepted", 0, code("bind-released"))
    check("in use: no name for either disk", [None, None],
          [n for n in steps["inuse"]["names"] if steps["inuse"]["names"][n].get("target") in (m, x)] or [None, None])

    # 2. A bad edit: names and ownership stay, the problem is loud; fixed, names stay.
    base = {n: (f.get("target"), f.get("owner"), f.get("mode")) for n, f in names.items()}
    check("validate: check with the good configuration ran", True, code("validate") != -1)
    for s, what in (("typo", "a typo in one class"), ("truncated", "the file truncated to half")):
        check(f"{what}: the edit was made", True, bool(out.get(s)) and out[s][0] not in ("0", ""))
        seen = {n: (f.get("target"), f.get("owner"), f.get("mode")) for n, f in steps[s]["names"].items()}
        check(f"{what}: every name, owner and mode stays after change events", base, seen)
        named = [t for t, _, _ in base.values()]
        check(f"{what}: udevadm info shows UH_PROBLEM=config-error on every named device",
              ["config-error"] * len(named), [steps[s]["disks"].get(t, {}).get("uh_problem") for t in named])
        check(f"{what}: check fails (exit != 0)", True, code("check-" + s) not in (0, -1))
        check(f"{what}: check names the configuration", True, "udev-helper.conf" in text("check-" + s))
    seen = {n: (f.get("target"), f.get("owner"), f.get("mode")) for n, f in steps["fixed"]["names"].items()}
    check("config fixed: names stay", base, seen)
    check("config fixed: no config-error left", [], [d for d, f in steps["fixed"]["disks"].items()
                                                     if f.get("uh_problem") == "config-error"])

    # 1. Static rules: same names for the bound disks; a second apply and recheck trigger nothing.
    check("static rules: the configuration has the bindings class alone", ["1"], out.get("static-conf"))
    st = {n: (f.get("target"), f.get("owner"), f.get("mode")) for n, f in steps["static"]["names"].items()}
    for n in ("asm/qs01", "asm/qs02"):
        check(f"static rules: {n} on the same device, grid:asmadmin 0660", base.get(n), st.get(n))
    x3 = ("asm/qs03", x)
    check("static rules: bind gave the released blank disk asm/qs03", (0, True),
          (code("bind-static"), "asm/qs03" in text("bind-static")))
    check("static rules: rules exit 0", ["0"], out.get("rules-exit"))
    changes = [[l for l in out.get(f"apply{n}-out", []) if " -> " in l] for n in (1, 2)]
    label_devs = {dev("03", True)} | set(clones)
    check("static rules: the first apply changed the newly bound disk and settled (exit 0)",
          (0, [True]), (code("apply1"), [x3[0] in l and x3[1] in l for l in changes[0] if x3[0] in l]))
    check("static rules: ...and took away, once, what the removed label class gave (ASMLib partition, clones)",
          sorted(f"/dev/{d}" for d in label_devs),
          sorted(l.split(":")[0] for l in changes[0] if l.endswith("-> (no name)")))
    check("static rules: ...nothing else", len(label_devs) + 1, len(changes[0]))
    check("static rules: ...and udev saw its uevents", True, int((out.get("uevents1") or ["0"])[0]) > 0)
    check("static rules: asm/qs03 after apply, grid:asmadmin 0660", (x, "grid:asmadmin", "660"), st.get("asm/qs03"))
    stale = sorted(set(st) - {"asm/qs01", "asm/qs02", "asm/qs03"})
    check("static rules: no link of the removed label class is left", [], stale)
    masked = "66-udev-helper.rules is masked (static rules only): nothing to re-evaluate"
    check("static rules: the first check --retrigger re-evaluates nothing, saying why", True,
          masked in text("retrigger1"))
    check("static rules: the second apply changes nothing (exit 0)", (0, []), (code("apply2"), changes[1]))
    check("static rules: the second check --retrigger re-evaluates nothing (exit 0)", (0, True),
          (code("retrigger2"), masked in text("retrigger2")))
    check("static rules: the second apply + recheck trigger no uevent", ["0"], out.get("uevents2"))
    # With the label class configured again, still static: reported, never re-triggered.
    check("static rules with a label class: rules exit 0", ["0"], out.get("rules-label-exit"))
    for n in (3, 4):
        needs = [l for l in out.get(f"apply{n}-out", [])
                 if l.startswith("udev-helper: ") and "needs the helper at event time" in l]
        check(f"static rules with a label class: apply #{n} reports the ASMLib partition once, exit 1",
              (1, [True]), (code(f"apply{n}"), [f"/dev/{dev('03', True)}:" in l for l in needs]))
        check(f"static rules with a label class: apply #{n} changes nothing", [],
              [l for l in out.get(f"apply{n}-out", []) if " -> " in l])
    check("static rules with a label class: the recheck re-evaluates nothing", True, masked in text("retrigger3"))
    check("static rules with a label class: two applies and the recheck trigger no uevent", ["0"],
          out.get("uevents3"))
    sc = {n: (f.get("target"), f.get("owner"), f.get("mode")) for n, f in steps["static-change"]["names"].items()}
    check("static rules alone, at a change event: the same names, owner and mode", st, sc)
    check("static rules alone: UH_NAME set by the rules", ["asm/qs01", "asm/qs02", "asm/qs03"],
          sorted(f.get("uh_name") for f in steps["static-change"]["disks"].values() if f.get("uh_name")))
    print(f"# {root.title()}: lab took {time.time() - start:.0f}s", flush=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
