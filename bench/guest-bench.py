#!/usr/bin/env python3
"""Cost of udev-helper's event path where udev runs it: inside the udev lab's kind of guest.

    python3 bench/guest-bench.py [--build DIR] [--rounds N] [--coldplug N] [--markdown]

Debian's cloud kernel under QEMU software emulation, 1 vCPU, 64 VMware disks on 4 PVSCSI
controllers, an initramfs of busybox and this host's systemd-udevd, udevadm, scsi_id, udev
rules, /bin/true and /bin/cat, plus the udev-helper built in DIR (default: build-bench, set
up here with meson's default options, without sanitizers). In the guest, every command runs
once per round, rounds interleaved, each round starting at another command, so that load
from other work on the host (the machine is shared) falls on all commands alike; medians.
Then a 64-disk coldplug (`udevadm trigger --action=add` until `udevadm settle` returns),
with and without udev-helper's rule, alternating. Prints the table next to the goals of
issue 12. A benchmark: it reports, it never fails on a figure.
"""
import argparse
import glob
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRC, "tests", "lab"))
_spec = importlib.util.spec_from_file_location("udev_lab", os.path.join(SRC, "tests", "lab", "udev-lab.py"))
udev_lab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(udev_lab)

CONTROLLERS, PER_CONTROLLER = 4, 16
APPLETS = ["sh", "mount", "insmod", "sed", "ls", "wc", "grep", "sync", "poweroff", "mkdir", "sleep"]
CONFIG = udev_lab.CONFIG
# Rules placeholders and where the guest has them (rules/66-udev-helper.rules.in).
PLACEHOLDERS = {"BINDIR": "/usr/bin", "UDEVLIBEXECDIR": "/lib/udev", "UDEV_LIBEXEC_DIR": "/lib/udev"}
GOALS = "export <= 1.5x /bin/true; faster than scsi_id; 4,096 bindings <= 1.2x 1 binding; coldplug <= 1.1x; RSS <= scsi_id"


def serial(i):
    return f"6000c29b{i:08x}"


def id_serial(i):
    return "3" + serial(i)


def bindings(n):
    """n lines; the last one binds sdb's disk (index 1), the rest are other nodes' disks."""
    lines = [f"asm/other{i:04d} 36000c29c{i:08x} asm" for i in range(n - 1)]
    lines.append(f"asm/data01 {id_serial(1)} asm")
    return "\n".join(lines) + "\n"


def build(args):
    if not os.path.exists(os.path.join(args.build, "build.ninja")):
        subprocess.run(["meson", "setup", args.build, SRC], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", args.build], check=True, stdout=subprocess.DEVNULL)
    found = {}
    for name in ["udev-helper", "udev-helper-export"]:
        hits = glob.glob(os.path.join(args.build, "udev-helper", name))
        if hits:
            found[name] = hits[0]
    return found


def commands(bins):
    c = [("true", "/bin/true"),
         ("cat-pg83", "/bin/cat /sys/block/sdb/device/vpd_pg83"),
         ("scsi_id", "/lib/udev/scsi_id --whitelisted --export -d /dev/sdb"),
         ("uh-version", "/usr/bin/udev-helper --version"),
         ("uh-export-1", "/usr/bin/udev-helper export /dev/sdb"),
         ("uh-export-4096", "/usr/bin/udev-helper -b /etc/udev-helper/bindings-4096 export /dev/sdb")]
    if "udev-helper-export" in bins:
        c += [("ev-export-1", "/lib/udev/udev-helper-export /dev/sdb"),
              ("ev-export-4096", "/lib/udev/udev-helper-export --bindings=/etc/udev-helper/bindings-4096 /dev/sdb")]
    return c


def initramfs(work, args, bins):
    root = os.path.join(work, "root")
    for d in ["bin", "sbin", "usr/bin", "lib/modules", "lib/udev/rules.d", "etc/udev-helper", "etc/bench",
              "proc", "sys", "dev", "run", "tmp"]:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    shutil.copy2("/bin/busybox", root + "/bin/busybox")
    for a in APPLETS:
        os.symlink("busybox", root + "/bin/" + a)
    for p in ["/lib/systemd/systemd-udevd", "/bin/udevadm", "/lib/udev/scsi_id", "/bin/true", "/bin/cat"]:
        udev_lab.copy_with_libs(p, root)
    udev_lab.copy_with_libs(bins["udev-helper"], root, "/usr/bin/udev-helper")
    if "udev-helper-export" in bins:
        udev_lab.copy_with_libs(bins["udev-helper-export"], root, "/lib/udev/udev-helper-export")
    subprocess.run(["cc", "-O2", "-static", "-o", root + "/bin/guest-run", os.path.join(SRC, "bench", "guest-run.c")],
                   check=True)
    for r in ["50-udev-default.rules", "60-persistent-storage.rules"]:
        shutil.copy2("/lib/udev/rules.d/" + r, root + "/lib/udev/rules.d/" + r)
    with open(os.path.join(SRC, "rules", "66-udev-helper.rules.in")) as f:
        rules = re.sub(r"@([A-Z_]+)@", lambda m: PLACEHOLDERS[m.group(1)], f.read())
    with open(root + "/lib/udev/rules.d/66-udev-helper.rules", "w") as f:
        f.write(rules)
    moddir = glob.glob(args.kernel_dir + "/lib/modules/*/kernel/drivers/scsi")[0]
    for m in ["scsi_common", "scsi_mod", "sd_mod", "vmw_pvscsi"]:
        shutil.copy2(f"{moddir}/{m}.ko", root + f"/lib/modules/{m}.ko")
    with open(root + "/etc/passwd", "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\ngrid:x:54331:54321::/home/grid:/bin/sh\n")
    with open(root + "/etc/group", "w") as f:
        f.write("root:x:0:\ndisk:x:6:\nasmadmin:x:54329:grid\noinstall:x:54321:grid\n")
    with open(root + "/etc/udev-helper/udev-helper.conf", "w") as f:
        f.write(CONFIG)
    with open(root + "/etc/udev-helper/bindings", "w") as f:
        f.write(bindings(1))
    with open(root + "/etc/udev-helper/bindings-4096", "w") as f:
        f.write(bindings(4096))
    with open(root + "/etc/bench/commands", "w") as f:
        f.write("".join(f"{n} {c}\n" for n, c in commands(bins)))
    shutil.copy2(os.path.join(SRC, "bench", "guest-bench-init"), root + "/init")
    os.chmod(root + "/init", 0o755)
    out = os.path.join(work, "initrd.cpio")
    with open(out, "wb") as f:
        subprocess.run("find . | cpio -o -H newc --quiet", shell=True, cwd=root, stdout=f, check=True)
    return out


def boot(work, args, initrd):
    kernel = glob.glob(args.kernel_dir + "/boot/vmlinuz-*")[0]
    cmd = [args.qemu, "-m", "1024", "-smp", "1", "-display", "none", "-no-reboot", "-serial", "stdio",
           "-kernel", kernel, "-initrd", initrd,
           "-append", f"console=ttyS0 quiet panic=-1 bench.rounds={args.rounds} bench.coldplug={args.coldplug}"]
    for c in range(CONTROLLERS):
        cmd += ["-device", f"pvscsi,id=pv{c}"]
    for i in range(CONTROLLERS * PER_CONTROLLER):
        img = os.path.join(work, f"d{i}.img")
        with open(img, "wb") as f:
            f.truncate(16 * 1024 * 1024)
        cmd += ["-drive", f"if=none,id=d{i},file={img},format=raw",
                "-device", f"scsi-hd,bus=pv{i // PER_CONTROLLER}.0,scsi-id={i % PER_CONTROLLER},lun=0,drive=d{i},"
                f"vendor=VMware,product=Virtual disk,serial={serial(i)},wwn=0x{serial(i)}"]
    res = {"calls": {}, "coldplug": {"with": [], "without": []}, "output": {}, "info": []}
    log = open(os.path.join(work, "console.log"), "w")
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace")
    start = time.time()
    for line in p.stdout:
        log.write(line)
        line = line.rstrip("\r\n")
        if not line.startswith("LAB "):
            continue
        print("   guest:", line, file=sys.stderr, flush=True)
        parts = line.split(" ")
        kind = parts[1]
        fields = dict(x.split("=", 1) for x in parts[3:] if "=" in x)
        if kind == "call":
            res["calls"][parts[2]] = {k: float(v) for k, v in fields.items()}
        elif kind == "coldplug":
            res["coldplug"][parts[2]].append(float(fields["ms"]))
        elif kind == "output":
            res["output"].setdefault(parts[2], []).append(" ".join(parts[3:]))
        elif kind == "done":
            break
        else:
            res["info"].append(" ".join(parts[1:]))
        if time.time() - start > args.timeout:
            print("guest did not finish in time; console:", log.name, file=sys.stderr)
            p.kill()
            break
    p.wait()
    res["seconds"] = time.time() - start
    return res


def table(res, bins, args):
    calls = res["calls"]
    base = calls["true"]["median"]
    ev = "ev-export" if "ev-export-1" in calls else "uh-export"
    rows = [("`/bin/true`", "true"), ("`cat /sys/block/sdb/device/vpd_pg83`", "cat-pg83"),
            ("`/lib/udev/scsi_id --whitelisted --export` (SG_IO to the disk)", "scsi_id"),
            ("`udev-helper --version` (loading the binary only)", "uh-version"),
            ("`udev-helper export`, 1-line bindings", "uh-export-1"),
            ("`udev-helper export`, 4,096-line bindings", "uh-export-4096")]
    if ev == "ev-export":
        rows += [("`/lib/udev/udev-helper-export` (the rule's), 1-line bindings", "ev-export-1"),
                 ("`/lib/udev/udev-helper-export` (the rule's), 4,096-line bindings", "ev-export-4096")]
    out = ["| per call (disk sdb) | median | p10-p90 | ÷ /bin/true | peak RSS |", "|---|---:|---:|---:|---:|"]
    for label, key in rows:
        c = calls.get(key)
        if not c:
            out.append(f"| {label} | missing | | | |")
            continue
        bad = f" (exit status {int(c['status'])})" if c["status"] else ""
        out.append(f"| {label}{bad} | {c['median']:.1f} ms | {c['p10']:.1f}-{c['p90']:.1f} | "
                   f"{c['median'] / base:.2f} | {c['rss_kib'] / 1024:.1f} MiB |")
    w, wo = res["coldplug"]["with"], res["coldplug"]["without"]
    e1, e4, sid = calls.get(ev + "-1"), calls.get(ev + "-4096"), calls["scsi_id"]
    out.append("")
    if w and wo:
        out.append(f"64-disk coldplug (trigger --action=add to settle, {len(w)} runs each, medians): "
                   f"{statistics.median(w) / 1000:.2f} s with the rule, {statistics.median(wo) / 1000:.2f} s "
                   f"without: {statistics.median(w) / statistics.median(wo):.2f}x")
    out.append("")
    out.append("| goal | target | measured | met |")
    out.append("|---|---|---:|---|")

    def goal(name, target, value, ok):
        out.append(f"| {name} | {target} | {value} | {'yes' if ok else '**no**'} |")
    if e1:
        goal("export vs /bin/true", "<= 1.50x", f"{e1['median'] / base:.2f}x", e1["median"] / base <= 1.5)
        goal("export vs scsi_id", "< 1.00x", f"{e1['median'] / sid['median']:.2f}x", e1["median"] < sid["median"])
        goal("peak RSS export vs scsi_id", "<= 1.00x", f"{e1['rss_kib'] / sid['rss_kib']:.2f}x",
             e1["rss_kib"] <= sid["rss_kib"])
    if e1 and e4:
        goal("4,096 bindings vs 1", "<= 1.20x", f"{e4['median'] / e1['median']:.2f}x", e4["median"] / e1["median"] <= 1.2)
    if w and wo:
        r = statistics.median(w) / statistics.median(wo)
        goal("64-disk coldplug with vs without rule", "<= 1.10x", f"{r:.2f}x", r <= 1.1)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(SRC, "build-bench"))
    ap.add_argument("--rounds", type=int, default=101)
    ap.add_argument("--coldplug", type=int, default=5, help="coldplug runs with and without the rule")
    ap.add_argument("--kernel-dir", default=os.environ.get("LAB_KERNEL_DIR", "/var/cache/udev-helper-lab/kernel"))
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--keep", action="store_true", help="keep the work directory (console log)")
    args = ap.parse_args()
    bins = build(args)
    work = tempfile.mkdtemp(prefix="guest-bench.")
    initrd = initramfs(work, args, bins)
    res = boot(work, args, initrd)
    rev = subprocess.run(["git", "-C", SRC, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    print(f"# guest benchmark, {rev}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{args.rounds} interleaved rounds, guest ran {res['seconds']:.0f} s; load on the host "
          f"{os.getloadavg()[0]:.1f}")
    for i in res["info"]:
        print(f"# {i}")
    for name, lines in sorted(res["output"].items()):
        print(f"# {name} prints: {' | '.join(lines)}")
    print()
    print(table(res, bins, args))
    print()
    print("Goals (issue 12):", GOALS)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("# work directory:", work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
