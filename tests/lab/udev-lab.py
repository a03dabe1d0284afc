#!/usr/bin/env python3
"""udev lab: a real kernel with a VMware PVSCSI controller under QEMU (software emulation),
real systemd-udevd, scsi_id and udev rules, and the built udev-helper. With --suite SUITE
they are that Debian generation's (its root booted as in labguest.py) and a third boot
runs `udev-helper rules` output; without, this host's, in a busybox initramfs.

Boot 1: cold plug, `udev-helper bind`, a disk hot-added and removed through the QEMU
monitor. Boot 2: the same disks attached in another order. Every check prints what was
expected and what was seen; the last line is "N passed, M failed".
"""
import argparse
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from labcheck import check, fail, summary
import labguest

GEN = None  # labguest.Root: the generation whose udevd, scsi_id and rules the guest runs

VENDOR, PRODUCT = "VMware", "Virtual disk"
# name, scsi-id, size MiB, serial (page 0x80), wwn (page 0x83 NAA); None = no identity
DISKS = [
    ("a", 0, 64, "6000c29a000000a1", "0x6000c29a000000a1"),
    ("b", 1, 96, "6000c29a000000a2", "0x6000c29a000000a2"),
    ("c", 2, 128, "6000c29a000000a3", "0x6000c29a000000a3"),
    ("noid", 3, 64, None, None),               # VMware without disk.EnableUUID
    ("dup1", 4, 64, "6000c29a000000d5", "0x6000c29a000000d5"),  # a cloned VMDK...
    ("dup2", 5, 64, "6000c29a000000d5", "0x6000c29a000000d5"),  # ...and its clone
]
HOT = ("hot", 9, 64, "6000c29a000000f1", "0x6000c29a000000f1")
CONFIG = """[asm]
match-vendor = VMware
match-model = Virtual disk
name = asm/data%02d
owner = grid
group = asmadmin
mode = 0660
"""
BUSYBOX_APPLETS = ["sh", "mount", "insmod", "sed", "ls", "find", "readlink", "stat", "sort", "sleep",
                   "poweroff", "sync", "cat", "echo", "grep", "mkdir", "tr"]
# The ownership way that does not depend on udev accepting non-system accounts (v258
# refused them, v262 announces it will again): the admin's opt-in rule, run after udev
# made the node. The lab proves it with a shipped rule whose OWNER/GROUP udev ignores.
OWNER_RUN_RULES = "rules/67-udev-helper-owner-run.rules"


def id_serial(disk):
    return "3" + disk[4][2:] if disk[4] else None


def copy_with_libs(path, root, dest=None):
    dest = dest or path
    target = root + dest
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copy2(os.path.realpath(path), target)
    out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        lib = parts[2] if "=>" in parts and len(parts) > 2 else parts[0]
        if lib.startswith("/") and os.path.exists(lib):
            t = root + lib
            if not os.path.exists(t):
                os.makedirs(os.path.dirname(t), exist_ok=True)
                shutil.copy2(os.path.realpath(lib), t)


def build_initramfs(work, args, bindings):
    root = os.path.join(work, "root")
    shutil.rmtree(root, ignore_errors=True)
    for d in ["bin", "sbin", "usr/bin", "lib/modules", "lib/udev/rules.d", "lib/systemd", "etc/udev-helper",
              "proc", "sys", "dev", "run", "tmp"]:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    shutil.copy2("/bin/busybox", root + "/bin/busybox")
    for a in BUSYBOX_APPLETS:
        os.symlink("busybox", root + "/bin/" + a)
    copy_with_libs("/lib/systemd/systemd-udevd", root)
    copy_with_libs("/bin/udevadm", root)
    copy_with_libs("/lib/udev/scsi_id", root)
    copy_with_libs(args.udev_helper, root, "/usr/bin/udev-helper")
    copy_with_libs(args.udev_helper_export, root, "/lib/udev/udev-helper-export")  # what the rule runs
    for r in ["50-udev-default.rules", "60-persistent-storage.rules"]:
        shutil.copy2("/lib/udev/rules.d/" + r, root + "/lib/udev/rules.d/" + r)
    with open(args.rules) as f:
        rules = f.read().replace("@BINDIR@", "/usr/bin")
    with open(root + "/lib/udev/rules.d/66-udev-helper.rules", "w") as f:
        f.write(rules)
    kdir = args.kernel_dir
    moddir = glob.glob(kdir + "/lib/modules/*/kernel/drivers/scsi")[0]
    for m in ["scsi_common", "scsi_mod", "sd_mod", "vmw_pvscsi"]:
        shutil.copy2(f"{moddir}/{m}.ko", root + f"/lib/modules/{m}.ko")
    with open(root + "/etc/passwd", "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\ngrid:x:54331:54321::/home/grid:/bin/sh\n")
    with open(root + "/etc/group", "w") as f:
        f.write("root:x:0:\ndisk:x:6:\nasmadmin:x:54329:grid\noinstall:x:54321:grid\n")
    with open(root + "/etc/udev-helper/udev-helper.conf", "w") as f:
        f.write(CONFIG)
    with open(root + "/etc/udev-helper/bindings", "w") as f:
        f.write(bindings)
    shutil.copy2(args.init, root + "/init")
    os.chmod(root + "/init", 0o755)
    out = os.path.join(work, "initrd.cpio")
    with open(out, "wb") as f:
        subprocess.run("find . | cpio -o -H newc --quiet", shell=True, cwd=root, stdout=f, check=True)
    return out


def build_payload_gen(work, args, bindings, phase):
    """The generation's root with the project's pieces laid over it: the host-built
    udev-helper (on the root's libraries) and the static udev-helper-export; udevd,
    udevadm, scsi_id and every other rule are the root's own."""
    p = labguest.Payload(GEN, os.path.join(work, "payload"))
    p.host_binary(args.udev_helper, "/usr/bin/udev-helper")
    p.host_binary(args.udev_helper_export, "/usr/lib/udev/udev-helper-export")
    with open(args.rules) as f:
        rules = f.read().replace("@BINDIR@", "/usr/bin")
    if phase == 2:
        # udev that takes no OWNER/GROUP from the rule (as v258 for non-system accounts):
        # ownership must come from the admin's RUN rule alone.
        rules = "\n".join(l for l in rules.split("\n") if not re.match(r"ENV\{UH_(OWNER|GROUP)\}", l))
        p.copy(os.path.join(args.src, OWNER_RUN_RULES), "/usr/lib/udev/rules.d/" + os.path.basename(OWNER_RUN_RULES))
    if phase in (1, 2):
        p.write("/usr/lib/udev/rules.d/66-udev-helper.rules", rules)
    else:
        p.write("/etc/udev/rules.d/66-udev-helper-static.rules", args.static_rules)
        p.write("/etc/udev/rules.d/67-lab-unknown-owner.rules",
                f'KERNEL=="sd*[!0-9]", ENV{{ID_SERIAL}}=="{id_serial(DISKS[4])}", SYMLINK+="asm/ghost", '
                'OWNER="oracle", GROUP="asmadmin", MODE="0660"\n')
    p.write("/etc/udev-helper/udev-helper.conf", CONFIG)
    p.write("/etc/udev-helper/missing.conf", CONFIG.replace("owner = grid", "owner = oracle"))
    p.write("/etc/udev-helper/bindings", bindings)
    p.copy(args.init, "/lab-init")
    return p


def disk_args(work, disks, create):
    a = ["-device", "pvscsi,id=pv"]
    for name, sid, size, serial, wwn in disks:
        img = os.path.join(work, f"{name}.img")
        if create:
            with open(img, "wb") as f:
                f.truncate(size * 1024 * 1024)
        a += ["-drive", f"if=none,id=d{name},file={img},format=raw"]
        dev = f"scsi-hd,bus=pv.0,scsi-id={sid},lun=0,drive=d{name},id={name},vendor={VENDOR},product={PRODUCT}"
        if serial:
            dev += f",serial={serial}"
        if wwn:
            dev += f",wwn={wwn}"
        a += ["-device", dev]
    return a


class Guest:
    def __init__(self, args, work, initrd, phase, disks, hot_drive):
        self.mon = os.path.join(work, f"monitor{phase}.sock")
        kernel = glob.glob(args.kernel_dir + "/boot/vmlinuz-*")[0]
        cmd = [args.qemu, "-m", "512", "-smp", "1", "-display", "none", "-no-reboot", "-serial", "stdio",
               "-qmp", f"unix:{self.mon},server=on,wait=off", "-kernel", kernel, "-initrd", initrd,
               "-append", f"console=ttyS0 quiet panic=-1 lab.phase={phase}"]
        cmd += disk_args(work, disks, phase == 1)
        if hot_drive:
            img = os.path.join(work, "hot.img")
            with open(img, "wb") as f:
                f.truncate(HOT[2] * 1024 * 1024)
            cmd += ["-drive", f"if=none,id=dhot,file={img},format=raw"]
        self.log = open(os.path.join(work, f"console{phase}.log"), "w")
        self.p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, errors="replace")

    def qmp(self, command, arguments=None):
        """One QMP command on a fresh connection; returns QEMU's reply."""
        s = socket.socket(socket.AF_UNIX)
        for _ in range(50):
            try:
                s.connect(self.mon)
                break
            except OSError:
                time.sleep(0.1)
        s.settimeout(10)
        f = s.makefile("rw")
        f.readline()  # greeting
        f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
        f.flush()
        f.readline()
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        f.write(json.dumps(msg) + "\n")
        f.flush()
        while True:
            reply = json.loads(f.readline())
            if "return" in reply or "error" in reply:
                break
        s.close()
        return reply

    def lines(self, deadline):
        for line in self.p.stdout:
            self.log.write(line)
            self.log.flush()
            if time.time() > deadline:
                raise TimeoutError
            yield line.rstrip("\r\n")


def parse(line):
    parts = line.split(" ")
    kind = parts[1] if len(parts) > 1 else ""
    fields = {}
    rest = []
    for p in parts[2:]:
        if "=" in p:
            k, v = p.split("=", 1)
            fields[k] = v
        else:
            rest.append(p)
    return kind, rest, fields


def run_boot(args, work, phase, disks, bindings, hot=False, timeout=400):
    if GEN:
        extra = disk_args(work, disks, phase == 1)
        if hot:
            img = os.path.join(work, "hot.img")
            with open(img, "wb") as f:
                f.truncate(HOT[2] * 1024 * 1024)
            extra += ["-drive", f"if=none,id=dhot,file={img},format=raw"]
        g = labguest.Guest(GEN, build_payload_gen(work, args, bindings, phase), work, "/lab-init",
                           f"quiet lab.phase={phase}", extra=extra, name=f"boot{phase}", memory=512)
    else:
        initrd = build_initramfs(work, args, bindings)
        g = Guest(args, work, initrd, phase, disks, hot)
    steps = {}
    step = None
    extra = {"bindings": [], "bind_output": [], "bind_exit": None}
    start = time.time()
    try:
        for line in g.lines(start + timeout):
            if not line.startswith("LAB "):
                continue
            print("   guest:", line, flush=True)
            kind, rest, f = parse(line)
            if kind == "step":
                step = rest[0]
                steps[step] = {"disks": {}, "names": {}}
                if step == "hotplug-ready":
                    r = g.qmp("device_add", {"driver": "scsi-hd", "bus": "pv.0", "scsi-id": HOT[1], "lun": 0,
                                             "drive": "dhot", "id": "hot", "vendor": VENDOR, "product": PRODUCT,
                                             "serial": HOT[3], "wwn": int(HOT[4], 16)})
                    print("   qmp: device_add ->", r, flush=True)
                    check("QEMU accepted the hot-added disk", True, "return" in r)
                if step == "unplug-ready":
                    r = g.qmp("device_del", {"id": "hot"})
                    print("   qmp: device_del ->", r, flush=True)
                if step == "done":
                    break
            elif kind == "disk" and step:
                steps[step]["disks"][rest[0]] = f
            elif kind == "name" and step:
                steps[step]["names"][rest[0]] = f
            elif kind == "binding":
                extra["bindings"].append(" ".join(line.split(" ")[2:]))
            elif kind == "bind-output":
                extra["bind_output"].append(" ".join(line.split(" ")[2:]))
            elif kind == "bind-exit":
                extra["bind_exit"] = rest[0]
            elif kind in ("apply-output", "apply-again", "apply-exit"):  # issue 11 (p-admin)
                extra.setdefault(kind, []).append(" ".join(line.split(" ")[2:]))
            elif kind in ("check-output", "static-rule", "rules-stderr", "missing-rules-stderr", "verify-output", "udevd-log"):
                extra.setdefault(kind, []).append(line[len("LAB " + kind + " "):])
            elif kind in ("version", "verify", "rules-exit", "missing-rules-exit"):
                extra.setdefault(kind, []).append(line[len("LAB " + kind + " "):])
            elif kind == "modprobe-failed":
                fail(f"guest could not load module {rest[0]}")
    except TimeoutError:
        fail(f"boot {phase} did not finish within {timeout}s (console: {g.log.name})")
    finally:
        try:
            g.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            g.p.kill()
    print(f"# boot {phase} took {time.time() - start:.0f}s", flush=True)
    return steps, extra


def by_serial(step):
    return {f.get("id_serial"): (d, f) for d, f in step["disks"].items()}


def check_identity(step, label):
    for d, f in sorted(step["disks"].items()):
        check(f"{label}: {d} UH_SERIAL equals scsi_id's ID_SERIAL", f.get("id_serial"), f.get("uh_serial"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--udev-helper", required=True)
    ap.add_argument("--udev-helper-export", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--kernel-dir", default=os.environ.get("LAB_KERNEL_DIR", "/var/cache/udev-helper-lab/kernel"))
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--src", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("--suite", default="host",
                    help="the generation: a Debian suite whose root (build-lab-root) the guest runs, with its own "
                         "udevd, scsi_id and rules; 'host': this host's, in a busybox initramfs")
    args = ap.parse_args()

    global GEN
    missing = [t for t in [args.qemu, "cpio", "ldd"] if not shutil.which(t)]
    if args.suite != "host":
        try:
            GEN = labguest.Root.get(args.suite)
        except labguest.Skip as e:
            print(f"# SKIP: the {args.suite} lab cannot run here: {e}", flush=True)
            return 77
        print(f"# generation: {GEN.title()}, packages from its archive: "
              + ", ".join(f"{k} {v}" for k, v in sorted(GEN.packages.items())), flush=True)
    else:
        missing += [p for p in ["/lib/systemd/systemd-udevd", "/lib/udev/scsi_id"] if not os.path.exists(p)]
    missing += [p for p in ["/bin/busybox"] if not os.path.exists(p)]
    if not glob.glob(args.kernel_dir + "/boot/vmlinuz-*"):
        missing.append(f"a Debian cloud kernel unpacked in {args.kernel_dir} (.ci/install-deps fetches it)")
    if missing:
        fail("lab prerequisites missing: " + ", ".join(missing))
        return summary()

    work = tempfile.mkdtemp(prefix="udev-lab.")
    uniques = [d for d in DISKS if d[0] in ("a", "b", "c")]
    # The hot-plugged disk was bound on another node of the cluster: same file everywhere.
    seed = f"asm/hot01 {id_serial(HOT)} asm\n"

    print("# boot 1: cold plug, bind, hot plug", flush=True)
    steps, extra = run_boot(args, work, 1, DISKS, seed, hot=True)
    for s in ["coldplug", "after-bind", "after-hotplug", "after-unplug"]:
        if s not in steps:
            fail(f"boot 1 never reached step {s}")
            steps[s] = {"disks": {}, "names": {}}
    version = versions(extra, 1)
    check("bind exit status (1: problem disks refused)", "1", extra["bind_exit"])
    after = steps["after-bind"]
    check_identity(steps["coldplug"], "cold plug")
    check_identity(after, "after bind")
    check("disks seen", len(DISKS), len(after["disks"]))
    ser = by_serial(after)
    for disk in uniques:
        want = id_serial(disk)
        names = [n for n, f in after["names"].items() if f.get("serial") == want]
        check(f"disk {disk[0]} ({want}) has exactly one name", 1, len(names))
        if names:
            f = after["names"][names[0]]
            check(f"{names[0]}: owner", "grid:asmadmin", f.get("owner"))
            check(f"{names[0]}: mode", "660", f.get("mode"))
            dev = ser.get(want, (None, {}))[0]
            check(f"{names[0]}: points at the disk with that serial", dev, f.get("target"))
    noid = [f for d, f in after["disks"].items() if f.get("id_serial", "").startswith("0")]
    check("disk without EnableUUID: problem", ["no-unique-id"], [f.get("uh_problem") for f in noid])
    check("disk without EnableUUID: no name", [""], [f.get("uh_name") for f in noid])
    dups = [f for d, f in after["disks"].items() if f.get("id_serial") == id_serial(DISKS[4])]
    check("cloned disks: both have duplicate-serial", ["duplicate-serial"] * 2, [f.get("uh_problem") for f in dups])
    check("cloned disks: neither has a name", ["", ""], [f.get("uh_name") for f in dups])
    named_targets = {f.get("target") for f in after["names"].values()}
    check("names only for the three unique disks", 3, len(named_targets))

    # --- issue 11 (p-admin): apply, with the real udevd. The names checked above are
    # already apply's work (the guest re-triggers nothing else); here its own report.
    applied = extra.get("apply-output", [])
    check("apply exit status", ["0"], extra.get("apply-exit"))
    check("apply reported a new name for each of the three unique disks", 3,
          len([l for l in applied if re.search(r": \(no name\) -> asm/data\d\d$", l)]))
    check("apply: every triggered disk settled", True, any(l.endswith(" 0 did not settle") for l in applied))
    check("apply: a second apply finds nothing to change", True,
          any(l.startswith("0 devices would change") for l in extra.get("apply-again", [])))
    # --- end issue 11 ---

    hp = steps["after-hotplug"]
    check("hot-added disk got its name without a reboot", id_serial(HOT), hp["names"].get("asm/hot01", {}).get("serial"))
    check_identity(hp, "after hot plug")
    check("hot-removed disk is gone from the guest", [],
          [d for d, f in steps["after-unplug"]["disks"].items() if f.get("id_serial") == id_serial(HOT)])
    check("hot-removed disk lost its name", None, steps["after-unplug"]["names"].get("asm/hot01"))

    args.static_rules = "\n".join(extra.get("static-rule", [])) + "\n"
    rules_checks(extra, version)
    bindings = "\n".join(extra["bindings"]) + "\n"
    first = {n: f.get("serial") for n, f in after["names"].items()}

    print("# boot 2: the same disks, attached in another order on other SCSI ids", flush=True)
    reordered = [(n, 15 - sid, size, serial, wwn) for n, sid, size, serial, wwn in reversed(DISKS)]
    if GEN:
        print("# boot 2 runs the shipped rule without its OWNER/GROUP lines (a udev that ignores non-system "
              f"owners, as v258 did) and the admin's {OWNER_RUN_RULES}", flush=True)
    steps2, extra2 = run_boot(args, work, 2, reordered, bindings)
    versions(extra2, 2)
    sb = steps2.get("second-boot", {"disks": {}, "names": {}})
    moved = sum(1 for d in uniques if by_serial(after).get(id_serial(d), ("?",))[0] !=
                by_serial(sb).get(id_serial(d), ("?",))[0])
    print(f"# {moved} of {len(uniques)} unique disks changed sdX between boots", flush=True)
    check("disks changed sdX names between boots", True, moved > 0)
    for name, serial in sorted(first.items()):
        check(f"boot 2: {name} points at the same disk", serial, sb["names"].get(name, {}).get("serial"))
    check_identity(sb, "boot 2")
    cold = steps2.get("second-boot-coldplug", {"disks": {}})
    race = [f.get("uh_problem") for d, f in sorted(cold["disks"].items()) if f.get("id_serial") == id_serial(DISKS[4])]
    print(f"# boot 2 cold plug, before the recheck, the clones showed problems {race} "
          "(udev evaluates them in parallel; either may miss the other)", flush=True)
    dups2 = [f.get("uh_problem") for d, f in sorted(sb["disks"].items()) if f.get("id_serial") == id_serial(DISKS[4])]
    check("boot 2 after 'udev-helper check --retrigger': both clones flagged", ["duplicate-serial"] * 2, dups2)
    noid2 = [f.get("uh_problem") for d, f in sb["disks"].items() if f.get("id_serial", "").startswith("0")]
    check("boot 2: disk without EnableUUID flagged", ["no-unique-id"], noid2)

    if GEN:
        for name, serial in sorted(first.items()):
            f = sb["names"].get(name, {})
            check(f"boot 2, ownership from {os.path.basename(OWNER_RUN_RULES)} alone: {name}",
                  ("grid:asmadmin", "660"), (f.get("owner"), f.get("mode")))
        log2 = extra2.get("udevd-log", [])
        check("boot 2: udevd says nothing of non-system owners (none given to it)", [],
              [l for l in log2 if "system user" in l])
        static_boot(args, work, bindings, first, version)

    shutil.rmtree(work, ignore_errors=True)
    return summary()


def versions(extra, boot):
    """Prints what the guest ran; returns udev's version number (0 when unknown)."""
    v = " ".join(extra.get("version", ["(not reported)"]))
    print(f"# boot {boot} ran: {v}", flush=True)
    m = re.search(r"udevadm=(\d+)", v)
    return int(m.group(1)) if m else 0


def rules_checks(extra, version):
    """`udev-helper rules`, udevadm verify and udevd's word on non-system owners."""
    static = extra.get("static-rule", [])
    print("# udev-helper rules wrote:", *[f"#   {l}" for l in static if l.startswith("KERNEL")], sep="\n", flush=True)
    for l in extra.get("rules-stderr", []):
        print(f"#   rules stderr: {l}", flush=True)
    check("rules exit status", ["0"], extra.get("rules-exit"))
    bound = sorted(l.split()[0] for l in extra.get("bindings", []) if len(l.split()) == 3)
    check("rules: one disk rule for each bound name, owned grid:asmadmin 0660", bound,
          sorted(re.search(r'SYMLINK\+="([^"]*)"', l).group(1) for l in static
                 if 'ENV{DEVTYPE}=="disk"' in l and 'OWNER="grid"' in l and 'GROUP="asmadmin"' in l
                 and 'MODE="0660"' in l))
    miss = extra.get("missing-rules-stderr", [])
    for l in miss:
        print(f"#   rules with owner = oracle (no such account), stderr: {l}", flush=True)
    check("rules says when the owner's account does not exist", True, any("'oracle' does not exist" in l for l in miss))
    check("rules says what udev does then (262 drops the whole rule)", True,
          any("drops the whole rule" in l for l in miss))
    owners = [l for l in extra.get("check-output", []) if "is not a system account" in l]
    for l in owners:
        print(f"#   check: {l}", flush=True)
    # udev 258 and later (refused, then deprecated): check says so for grid and asmadmin.
    check(f"check reports udev {version}'s policy on the non-system grid and asmadmin exactly from 258 on",
          2 if version >= 258 else 0, len(owners))
    if version >= 260:
        check("check: on a udev that only deprecates them it is a warning, not a problem", True,
              all(": warning: " in l for l in owners))
    ver = extra.get("verify", [])
    if ver == ["none"]:
        print(f"# udev {version} has no 'udevadm verify' (it came in 254): nothing to verify with", flush=True)
        check("no udevadm verify only where udev is older than 254", True, 0 < version < 254)
    else:
        for l in extra.get("verify-output", []):
            print(f"#   verify: {l}", flush=True)
        check("udevadm verify: the shipped rule and the rules output pass",
              ["/usr/lib/udev/rules.d/66-udev-helper.rules exit=0", "/tmp/static.rules exit=0"], ver)
    log = extra.get("udevd-log", [])
    for l in log:
        print(f"#   udevd: {l}", flush=True)
    dep = [l for l in log if "not a system user" in l or "not a system group" in l]
    # 262 (v260 on) logs the deprecation; 252 and 257 say nothing.
    check(f"udevd {version} logs the non-system owner deprecation exactly when it is 260 or later",
          version >= 260, bool(dep))


def static_boot(args, work, bindings, first, version):
    """Boot 3: `rules` output instead of the helper's rule, plus a rule whose owner does
    not exist. Every name, owner and mode from the static rules; the unknown account's
    rule: dropped whole by 262, only its OWNER ignored by 252 and 257."""
    print("# boot 3: the static rules of `udev-helper rules` instead of the helper's rule", flush=True)
    steps, extra = run_boot(args, work, 3, DISKS, bindings)
    versions(extra, 3)
    st = steps.get("static-coldplug", {"disks": {}, "names": {}})
    for name, serial in sorted(first.items()):
        f = st["names"].get(name, {})
        check(f"boot 3, static rules: {name} points at the same disk, grid:asmadmin 660",
              (serial, "grid:asmadmin", "660"), (f.get("serial"), f.get("owner"), f.get("mode")))
    ghost = st["names"].get("asm/ghost")
    for l in extra.get("udevd-log", []):
        print(f"#   udevd: {l}", flush=True)
    if version >= 260:
        check(f"udev {version}: a static rule whose owner does not exist is dropped whole (no name)", None, ghost)
    else:
        check(f"udev {version}: a static rule whose owner does not exist keeps its name, owner left to root",
              "root", (ghost or {}).get("owner", "").split(":")[0])


if __name__ == "__main__":
    sys.exit(main())
