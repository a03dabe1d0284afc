#!/usr/bin/env python3
"""Cost of udev-helper's event path where udev runs it: inside the udev lab's kind of guest.

    python3 bench/guest-bench.py [--before REV] [--rounds N] [--coldplug N] [--profile]
    python3 bench/guest-bench.py --transports all [--icount 0] [--rounds N] [--coldplug N] [--profile]

Debian's cloud kernel under QEMU software emulation, 1 vCPU, 64 VMware disks on 4 PVSCSI
controllers, an initramfs of busybox and this host's systemd-udevd, udevadm, scsi_id, udev
rules, /bin/true and /bin/cat (with an ld.so.cache, as on a real system), plus udev-helper
built from this tree (build-bench, meson's default options, no sanitizers) and, for the
before column, from REV (default: main) in the same guest.

Per call on one disk (sdb, with the environment udev gives IMPORT{program}): every command
runs once per round, each round starting at another command, so that load from other work
on the host (the machine is shared) falls on all commands alike; medians, ratios to
/bin/true, peak RSS from wait4. Then a 64-disk coldplug (`udevadm trigger --action=add`
until `udevadm settle` returns) without udev-helper's rule, with REV's and with this
tree's, in turn. Prints the table next to issue 12's goals. A benchmark: it reports, it
never fails on a figure.

--transports (issue 19): one boot with the disks of each transport named (nvme: 32 NVMe
namespaces, 8 on each of 4 controllers; virtio-blk: 24 disks with serials behind a
pci-bridge; virtio-scsi: 32 disks on one controller, half with wwn= and serial=, half with
serial= only; pvscsi: the 64 VMware disks), a class per transport (match-transport) and a
binding for every disk. Per call: the rule's program on one disk of each transport,
interleaved with /bin/true. Coldplug: per transport, a trigger of only its disks until
settle, without the rule, with the rule running /bin/true (the floor), with the floor plus
udev itself setting the keys the program prints (named: links, tags, ownership) and with
the rule, back to back in every run; medians, spreads and the per-run ratio to the floor,
next to issue 19's goals (per call <= 1.5x /bin/true, coldplug <= 1.05x the floor). Each
timed coldplug starts as at boot (--reset: an untimed remove of the same disks first), and
beside its trigger-to-settle time reports the CPU time of udevd and all it starts (udevd
runs in a cgroup of its own), which on the instruction clock is the work done without the
idle waits that end on a timer tick. --naming-parts adds the named variant's parts alone
(links, links with ownership, tags); --udev-rules stock runs the guest with every rule file
of the udev and systemd packages instead of only the two that name disks.

--icount SHIFT: the guest's clock counts its own instructions (QEMU -icount), so the
shared host's load does not reach the figures; see bench/README.md for what it leaves out.
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
NVME_CONTROLLERS, NVME_NAMESPACES = 4, 8
VIRTIO_BLK_DISKS = 24
VIRTIO_SCSI_DISKS = 32  # the first half with wwn=, the rest with serial= only
TRANSPORTS = ["nvme", "virtio-blk", "virtio-scsi", "pvscsi"]
APPLETS = ["sh", "mount", "insmod", "sed", "ls", "wc", "grep", "sync", "poweroff", "mkdir", "sleep", "cp",
           "readlink", "cut", "sort", "uniq", "tr", "head"]
PLACEHOLDERS = {"BINDIR": "/usr/bin"}
GOALS = [("export vs /bin/true", "<= 1.50x"), ("export vs scsi_id", "< 1.00x"),
         ("4,096 bindings vs 1", "<= 1.20x"), ("64-disk coldplug vs no rule", "<= 1.10x"),
         ("peak RSS export vs scsi_id", "<= 1.00x")]


def serial(i):
    return f"6000c29b{i:08x}"


def id_serial(i):
    return "3" + serial(i)


def bindings(n):
    """n lines; the last one binds sdb's disk (index 1), the rest are other nodes' disks."""
    lines = [f"asm/other{i:04d} 36000c29c{i:08x} asm" for i in range(n - 1)]
    lines.append(f"asm/data01 {id_serial(1)} asm")
    return "\n".join(lines) + "\n"


# A class per transport, each disk named (transports mode); the VMware class as the lab's.
TRANSPORT_CLASS = "match-transport = {t}\n{extra}name = asm/{p}%02d\nowner = grid\ngroup = asmadmin\nmode = 0660\n"
TRANSPORT_CONFIG = {
    "nvme": "[nvme]\n" + TRANSPORT_CLASS.format(t="nvme", extra="", p="nvme"),
    "virtio-blk": "[kvm]\n" + TRANSPORT_CLASS.format(t="virtio", extra="", p="kvm"),
    "virtio-scsi": "[qs]\n" + TRANSPORT_CLASS.format(t="scsi", extra="match-vendor = QEMU\n", p="qs"),
}


NAMED_KEYS = [
    ("UH_SERIAL", "bench-$env{ID_SERIAL}"), ("UH_SERIAL_TAG", "uh_serial_bench_%k"), ("UH_CLASS", "bench"),
    ("UH_CLAIM", "asm/bench-%k"), ("UH_NAME", "asm/bench-%k"),
    ("UH_OWNER", "grid"), ("UH_GROUP", "asmadmin"), ("UH_MODE", "0660")]
NAMED_BY_UDEV = "".join(f'ENV{{{k}}}="{v}"\n' for k, v in NAMED_KEYS)


def transport_disks(t):
    """(qemu -device arguments, [(binding name, identity, class)]) of transport t's disks."""
    dev, ids = [], []
    if t == "nvme":
        for c in range(NVME_CONTROLLERS):
            dev.append(["-device", f"nvme,id=nv{c},serial=BNVME{c:03d}"])
            for n in range(NVME_NAMESPACES):
                i = c * NVME_NAMESPACES + n
                # Linux 6.1 ignores QEMU's namespace identifiers: model, serial and nsid it is.
                dev.append(["-device", f"nvme-ns,drive=@{t}{i},bus=nv{c},nsid={n + 1}"])
                ids.append((f"asm/nvme{i + 1:02d}", f"nvme-QEMU_NVMe_Ctrl_BNVME{c:03d}_{n + 1}", "nvme"))
    elif t == "virtio-blk":
        # Behind a bridge: the root bus has 32 slots for everything.
        dev.append(["-device", "pci-bridge,id=vbbr,chassis_nr=1"])
        for i in range(VIRTIO_BLK_DISKS):
            dev.append(["-device", f"virtio-blk-pci,bus=vbbr,addr=0x{i + 1:x},drive=@{t}{i},serial=VBLK-{i:04d}"])
            ids.append((f"asm/kvm{i + 1:02d}", f"virtio-VBLK-{i:04d}", "kvm"))
    elif t == "virtio-scsi":
        dev.append(["-device", "virtio-scsi-pci,id=vs"])
        for i in range(VIRTIO_SCSI_DISKS):
            wwn = i < VIRTIO_SCSI_DISKS // 2
            dev.append(["-device", f"scsi-hd,bus=vs.0,scsi-id={i},lun=0,drive=@{t}{i},serial=VS{i:04d}" +
                        (f",wwn=0x5000c500{i:08x}" if wwn else "")])
            ids.append((f"asm/qs{i + 1:02d}", f"35000c500{i:08x}" if wwn else f"0QEMU_QEMU_HARDDISK_VS{i:04d}", "qs"))
    elif t == "pvscsi":
        for c in range(CONTROLLERS):
            dev.append(["-device", f"pvscsi,id=pv{c}"])
        for i in range(CONTROLLERS * PER_CONTROLLER):
            dev.append(["-device", f"scsi-hd,bus=pv{i // PER_CONTROLLER}.0,scsi-id={i % PER_CONTROLLER},lun=0,"
                        f"drive=@{t}{i},vendor=VMware,product=Virtual disk,serial={serial(i)},wwn=0x{serial(i)}"])
            ids.append((f"asm/data{i + 1:02d}", id_serial(i), "asm"))
    return dev, ids


def transport_modules(transports):
    mods = ["scsi_common", "scsi_mod", "sd_mod"]
    if "pvscsi" in transports:
        mods.append("vmw_pvscsi")
    if "virtio-blk" in transports or "virtio-scsi" in transports:
        mods += ["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio_pci"]
    if "virtio-blk" in transports:
        mods.append("virtio_blk")
    if "virtio-scsi" in transports:
        mods.append("virtio_scsi")
    return mods  # NVMe's driver is built into the cloud kernel


def build(src, builddir):
    if not os.path.exists(os.path.join(builddir, "build.ninja")):
        subprocess.run(["meson", "setup", builddir, src, "-Dtests=false", "-Dlab=false"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", builddir], check=True, stdout=subprocess.DEVNULL)
    return {os.path.basename(p): p for p in glob.glob(os.path.join(builddir, "udev-helper", "udev-helper*"))
            if os.path.isfile(p) and os.access(p, os.X_OK) and "test" not in os.path.basename(p)}


def build_before(rev, work):
    src = os.path.join(work, "before-src")
    os.makedirs(src)
    archive = subprocess.run(["git", "-C", SRC, "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", src], input=archive, check=True)
    return src, build(src, os.path.join(work, "before-build"))


def rules_text(src, program):
    """The tree's rules file with its IMPORT{program} line calling program."""
    with open(os.path.join(src, "rules", "66-udev-helper.rules.in")) as f:
        text = re.sub(r"@([A-Z_]+)@", lambda m: PLACEHOLDERS.get(m.group(1), m.group(0)), f.read())
    return re.sub(r'IMPORT\{program\}="[^" ]+( export)?', f'IMPORT{{program}}="{program}', text)


def commands(bins, before):
    c = [("true", "/bin/true"),
         ("cat-pg83", "/bin/cat /sys/block/sdb/device/vpd_pg83"),
         ("scsi_id", "/lib/udev/scsi_id --whitelisted --export -d /dev/sdb")]
    if before and "udev-helper-export" in before[1]:
        # A before that has the lean event binary: compare the rule's program with the rule's.
        c += [("before-load", "/lib/udev/udev-helper-export-before --help"),
              ("before-export-1", "/lib/udev/udev-helper-export-before /dev/sdb"),
              ("before-export-4096",
               "/lib/udev/udev-helper-export-before --bindings=/etc/udev-helper/bindings-4096 /dev/sdb")]
    elif before:
        c += [("before-load", "/usr/bin/udev-helper-before --version"),
              ("before-export-1", "/usr/bin/udev-helper-before export /dev/sdb"),
              ("before-export-4096", "/usr/bin/udev-helper-before -b /etc/udev-helper/bindings-4096 export /dev/sdb")]
    c += [("uh-load", "/usr/bin/udev-helper --version"),
          ("uh-export-1", "/usr/bin/udev-helper export /dev/sdb"),
          ("uh-export-4096", "/usr/bin/udev-helper -b /etc/udev-helper/bindings-4096 export /dev/sdb")]
    if "udev-helper-export" in bins:
        c += [("ev-load", "/lib/udev/udev-helper-export --help"),
              ("ev-export-1", "/lib/udev/udev-helper-export /dev/sdb"),
              ("ev-export-4096", "/lib/udev/udev-helper-export --bindings=/etc/udev-helper/bindings-4096 /dev/sdb")]
    return c


def initramfs(work, args, bins, before):
    root = os.path.join(work, "root")
    for d in ["bin", "sbin", "usr/bin", "lib/modules", "lib/udev/rules.d", "etc/udev-helper", "etc/bench/rules",
              "proc", "sys", "dev", "run", "tmp"]:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    shutil.copy2("/bin/busybox", root + "/bin/busybox")
    for a in APPLETS:
        os.symlink("busybox", root + "/bin/" + a)
    for p in ["/lib/systemd/systemd-udevd", "/bin/udevadm", "/lib/udev/scsi_id", "/bin/true", "/bin/cat"]:
        udev_lab.copy_with_libs(p, root)
    udev_lab.copy_with_libs(bins["udev-helper"], root, "/usr/bin/udev-helper")
    variants = ["without"]
    if before:
        udev_lab.copy_with_libs(before[1]["udev-helper"], root, "/usr/bin/udev-helper-before")
        before_program = "/usr/bin/udev-helper-before export"
        if "udev-helper-export" in before[1]:
            udev_lab.copy_with_libs(before[1]["udev-helper-export"], root, "/lib/udev/udev-helper-export-before")
            before_program = "udev-helper-export-before"
        with open(root + "/etc/bench/rules/before.rules", "w") as f:
            f.write(rules_text(before[0], before_program))
        variants.append("before")
    if "udev-helper-export" in bins:
        udev_lab.copy_with_libs(bins["udev-helper-export"], root, "/lib/udev/udev-helper-export")
        program = "udev-helper-export"
    else:
        program = "/usr/bin/udev-helper export"
    with open(root + "/etc/bench/rules/after.rules", "w") as f:
        f.write(rules_text(SRC, program))
    variants.append("after")
    if args.floor:
        # The same rule starting /bin/true: what udevd's spawning a program per event costs,
        # whatever the program.
        with open(root + "/etc/bench/rules/floor.rules", "w") as f:
            f.write(rules_text(SRC, "/bin/true"))
        variants.insert(1, "floor")
    if args.transports:
        # The floor with udev itself setting what the program prints for a named disk (a
        # name, its serial's tag, the owner): what naming costs udevd (links, tags, ownership), whatever names the disk.
        with open(root + "/etc/bench/rules/named.rules", "w") as f:
            f.write(re.sub(r'(IMPORT\{program\}="/bin/true[^\n]*\n)', lambda m: m.group(1) + NAMED_BY_UDEV,
                           rules_text(SRC, "/bin/true"), count=1))
        variants.insert(2, "named")
        if args.naming_parts:
            # The named variant's parts, each alone: where udevd's naming work goes.
            keys = dict(NAMED_KEYS)
            parts = {"n-links": ["UH_NAME"], "n-owner": ["UH_NAME", "UH_OWNER", "UH_GROUP", "UH_MODE"],
                     "n-tags": ["UH_SERIAL_TAG"], "n-props": ["UH_SERIAL", "UH_CLASS", "UH_CLAIM"]}
            for pos, (v, ks) in enumerate(parts.items()):
                text = "".join(f'ENV{{{k}}}="{keys[k]}"\n' for k in ks)
                with open(root + f"/etc/bench/rules/{v}.rules", "w") as f:
                    f.write(re.sub(r'(IMPORT\{program\}="/bin/true[^\n]*\n)', lambda m: m.group(1) + text,
                                   rules_text(SRC, "/bin/true"), count=1))
                variants.insert(3 + pos, v)
    shutil.copy2(root + "/etc/bench/rules/after.rules", root + "/lib/udev/rules.d/66-udev-helper.rules")
    with open(root + "/etc/bench/variants", "w") as f:
        f.write(" ".join(variants) + "\n")
    if args.profile:
        udev_lab.copy_with_libs(shutil.which("strace"), root, "/usr/bin/strace")
    subprocess.run(["cc", "-O2", "-static", "-o", root + "/bin/guest-run", os.path.join(SRC, "bench", "guest-run.c")],
                   check=True)
    if args.udev_rules == "stock":
        # Every rule file the udev and systemd packages install, the programs they start from
        # /lib/udev and udev's hardware database: the udev a Debian guest runs.
        listed = subprocess.run(["dpkg", "-L", "udev", "systemd"], capture_output=True, text=True).stdout.split()
        for r in sorted(p for p in listed if re.match(r"^/(usr/)?lib/udev/rules\.d/[^/]+\.rules$", p)):
            shutil.copy2(r, root + "/lib/udev/rules.d/" + os.path.basename(r))
        for p in sorted(glob.glob("/lib/udev/*_id")) + ["/lib/udev/mtd_probe"]:
            if os.path.exists(p) and not os.path.exists(root + p):
                udev_lab.copy_with_libs(p, root)
        if os.path.exists("/lib/udev/hwdb.bin"):
            shutil.copy2("/lib/udev/hwdb.bin", root + "/lib/udev/hwdb.bin")
    else:
        for r in ["50-udev-default.rules", "60-persistent-storage.rules"]:
            shutil.copy2("/lib/udev/rules.d/" + r, root + "/lib/udev/rules.d/" + r)
    moddir = glob.glob(args.kernel_dir + "/lib/modules/*/kernel/drivers")[0]
    mods = transport_modules(args.transports) if args.transports else ["scsi_common", "scsi_mod", "sd_mod", "vmw_pvscsi"]
    for m in mods:
        shutil.copy2(glob.glob(f"{moddir}/*/{m}.ko")[0], root + f"/lib/modules/{m}.ko")
    if args.transports:
        with open(root + "/etc/bench/modules", "w") as f:
            f.write(" ".join(mods) + "\n")
        with open(root + "/etc/bench/transports", "w") as f:
            f.write(" ".join(args.transports) + "\n")
        with open(root + "/etc/bench/program", "w") as f:
            f.write(("/lib/udev/udev-helper-export" if "udev-helper-export" in bins else "/usr/bin/udev-helper export")
                    + "\n")
    with open(root + "/etc/passwd", "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\ngrid:x:54331:54321::/home/grid:/bin/sh\n")
    with open(root + "/etc/group", "w") as f:
        f.write("root:x:0:\ndisk:x:6:\nasmadmin:x:54329:grid\noinstall:x:54321:grid\n")
    with open(root + "/etc/udev-helper/udev-helper.conf", "w") as f:
        if args.transports:
            f.write("\n".join(udev_lab.CONFIG if t == "pvscsi" else TRANSPORT_CONFIG[t] for t in args.transports))
        else:
            f.write(udev_lab.CONFIG)
    with open(root + "/etc/udev-helper/bindings", "w") as f:
        if args.transports:
            f.write("".join(f"{n} {i} {c}\n" for t in args.transports for n, i, c in transport_disks(t)[1]))
        else:
            f.write(bindings(1))
    with open(root + "/etc/udev-helper/bindings-4096", "w") as f:
        f.write(bindings(4096))
    with open(root + "/etc/bench/commands", "w") as f:
        f.write("".join(f"{n} {c}\n" for n, c in commands(bins, before)))
    shutil.copy2(os.path.join(SRC, "bench", "guest-bench-init"), root + "/init")
    os.chmod(root + "/init", 0o755)
    # A real system has a loader cache; without it every library is searched for in the
    # hwcaps directories, a cost that grows with the number of libraries.
    with open(root + "/etc/ld.so.conf", "w") as f:
        f.write("/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n")
    subprocess.run(["ldconfig", "-r", root], check=True)
    out = os.path.join(work, "initrd.cpio")
    with open(out, "wb") as f:
        subprocess.run("find . | cpio -o -H newc --quiet", shell=True, cwd=root, stdout=f, check=True)
    return out


def boot(work, args, initrd):
    kernel = glob.glob(args.kernel_dir + "/boot/vmlinuz-*")[0]
    cmd = [args.qemu, "-m", "1024", "-smp", "1", "-display", "none", "-no-reboot", "-serial", "stdio",
           "-kernel", kernel, "-initrd", initrd,
           "-append", f"console=ttyS0 quiet panic=-1 bench.rounds={args.rounds} bench.coldplug={args.coldplug} "
                      f"bench.profile={int(args.profile)} bench.reset={int(args.reset)}"]
    if args.icount is not None:
        # Guest time from the count of guest instructions (2^shift ns each), and idle time
        # skipped: the host's load no longer reaches the guest's clock.
        cmd += ["-icount", f"shift={args.icount},sleep=off"]
    if args.transports:
        cmd += ["-vga", "none", "-nic", "none"]
        for t in args.transports:
            for dev in transport_disks(t)[0]:
                m = re.search(r"drive=@([a-z-]+\d+)", dev[1])
                if m:
                    drive = m.group(1)
                    img = os.path.join(work, f"{drive}.img")
                    with open(img, "wb") as f:
                        f.truncate(16 * 1024 * 1024)
                    cmd += ["-drive", f"if=none,id={drive},file={img},format=raw"]
                    dev = [dev[0], dev[1].replace("@" + drive, drive)]
                cmd += dev
    else:
        for c in range(CONTROLLERS):
            cmd += ["-device", f"pvscsi,id=pv{c}"]
        for i in range(CONTROLLERS * PER_CONTROLLER):
            img = os.path.join(work, f"d{i}.img")
            with open(img, "wb") as f:
                f.truncate(16 * 1024 * 1024)
            cmd += ["-drive", f"if=none,id=d{i},file={img},format=raw",
                    "-device", f"scsi-hd,bus=pv{i // PER_CONTROLLER}.0,scsi-id={i % PER_CONTROLLER},lun=0,drive=d{i},"
                    f"vendor=VMware,product=Virtual disk,serial={serial(i)},wwn=0x{serial(i)}"]
    res = {"calls": {}, "coldplug": {}, "coldplug_cpu": {}, "output": {}, "info": [], "profile": [], "disks": [], "transport": {},
           "device": {}}
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
            res["coldplug"].setdefault(parts[2], []).append(float(fields["ms"]))
            if float(fields.get("udevd_cpu_ms", -1)) >= 0:
                res["coldplug_cpu"].setdefault(parts[2], []).append(float(fields["udevd_cpu_ms"]))
        elif kind == "output":
            res["output"].setdefault(parts[2], []).append(" ".join(parts[3:]))
        elif kind == "profile":
            res["profile"].append(" ".join(parts[2:]))
        elif kind == "disk":
            res["disks"].append(parts[2:])
        elif kind == "transport":
            res["transport"][parts[2]] = fields
            res["info"].append(" ".join(parts[1:]))
        elif kind == "device":
            res["device"][parts[2]] = parts[3]
            res["info"].append(" ".join(parts[1:]))
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


def table(res, rev):
    calls = res["calls"]
    base = calls["true"]["median"]
    ev = "ev" if "ev-export-1" in calls else "uh"

    def cell(key):
        c = calls.get(key)
        if not c:
            return "- | - | -"
        bad = f" (exit {int(c['status'])})" if c["status"] else ""
        return f"{c['median']:.1f} ms{bad} | {c['median'] / base:.2f} | {c['rss_kib'] / 1024:.1f} MiB"

    before = "before-export-1" in calls
    head = "| per call (disk sdb) | " + (f"before ({rev}) | ÷ true | RSS | " if before else "") + \
        "after | ÷ true | RSS |"
    out = [head, "|---|" + ("---:|---:|---:|" if before else "") + "---:|---:|---:|"]

    def row(label, b, a):
        out.append(f"| {label} | " + (f"{cell(b)} | " if before else "") + f"{cell(a)} |")
    row("`/bin/true`", "true", "true")
    row("`cat /sys/block/sdb/device/vpd_pg83`", "cat-pg83", "cat-pg83")
    row("`scsi_id --whitelisted --export` (SG_IO)", "scsi_id", "scsi_id")
    row("loading only: `udev-helper --version` / `udev-helper-export --help`", "before-load", f"{ev}-load")
    row("the rule's export, 1-line bindings", "before-export-1", f"{ev}-export-1")
    row("the rule's export, 4,096-line bindings", "before-export-4096", f"{ev}-export-4096")
    if ev == "ev":
        row("`udev-helper export` (admin binary), 1-line bindings", "", "uh-export-1")
        row("`udev-helper export` (admin binary), 4,096-line bindings", "", "uh-export-4096")

    cp = {k: statistics.median(v) for k, v in res["coldplug"].items()}
    runs = min((len(v) for v in res["coldplug"].values()), default=0)
    out.append("")
    if "without" in cp:
        parts = [f"{cp['without'] / 1000:.2f} s without udev-helper's rule"]
        if "floor" in cp:
            parts.append(f"{cp['floor'] / 1000:.2f} s with the rule running /bin/true instead "
                         f"({cp['floor'] / cp['without']:.2f}x, the floor for any program)")
        for k in ["before", "after"]:
            if k in cp:
                parts.append(f"{cp[k] / 1000:.2f} s with {k}'s ({cp[k] / cp['without']:.2f}x)")
        out.append(f"64-disk coldplug, `udevadm trigger --action=add` to `udevadm settle`, median of {runs} runs "
                   "each: " + ", ".join(parts) + ".")
    out.append("")
    out.append("| goal (issue 12) | target | " + ("before | " if before else "") + "after |")
    out.append("|---|---|" + ("---:|" if before else "") + "---:|")
    sid = calls["scsi_id"]

    def ratios(prefix, cold):
        e1, e4 = calls.get(prefix + "-1"), calls.get(prefix + "-4096")
        r = [e1["median"] / base, e1["median"] / sid["median"], e4["median"] / e1["median"],
             cp[cold] / cp["without"] if cold in cp and "without" in cp else None, e1["rss_kib"] / sid["rss_kib"]]
        return r
    cols = ([ratios("before-export", "before")] if before else []) + [ratios(f"{ev}-export", "after")]
    limits = [lambda x: x <= 1.5, lambda x: x < 1.0, lambda x: x <= 1.2, lambda x: x <= 1.1, lambda x: x <= 1.0]
    for i, (name, target) in enumerate(GOALS):
        vals = []
        for col in cols:
            v = col[i]
            vals.append("n/a" if v is None else f"{v:.2f}x {'met' if limits[i](v) else '**not met**'}")
        out.append(f"| {name} | {target} | " + " | ".join(vals) + " |")
    return "\n".join(out)


def table_transports(res, transports):
    calls = res["calls"]
    base = calls["true"]
    labels = {"nvme": "NVMe namespace", "virtio-blk": "virtio-blk disk (serial)",
              "virtio-scsi": "virtio-scsi disk (wwn= and serial=: NAA)",
              "virtio-scsi-serial": "virtio-scsi disk (serial= only: vendor-specific + page 0x80)",
              "pvscsi": "PVSCSI VMware disk (NAA)"}
    out = ["| per call (the rule's program, udev's environment) | disk | median (p10-p90) | ÷ /bin/true, medians "
           "| ÷ /bin/true per round: median (p10-p90) | peak RSS | goal <= 1.50x |",
           "|---|---|---:|---:|---:|---:|---|"]
    out.append(f"| `/bin/true` | - | {base['median']:.1f} ms ({base['p10']:.1f}-{base['p90']:.1f}) | 1.00 | | "
               f"{base['rss_kib'] / 1024:.1f} MiB | |")
    for t in transports + ["virtio-scsi-serial"]:
        c = calls.get("export-" + t)
        if t == "virtio-scsi-serial" and "virtio-scsi" not in transports:
            continue
        if not c:
            out.append(f"| {labels[t]} | - | missing | | | | |")
            continue
        r = c["median"] / base["median"]
        bad = f" (exit {int(c['status'])})" if c["status"] else ""
        out.append(f"| {labels[t]} | {res['device'].get(t, '?')} | {c['median']:.1f} ms{bad} "
                   f"({c['p10']:.1f}-{c['p90']:.1f}) | {r:.2f} | "
                   f"{c['ratio_median']:.2f} ({c['ratio_p10']:.2f}-{c['ratio_p90']:.2f}) | {c['rss_kib'] / 1024:.1f} MiB | "
                   f"{'met' if r <= 1.5 else '**not met**'} |")
    out.append("")
    cp = res["coldplug"]
    runs = min((len(v) for v in cp.values()), default=0)
    out.append(f"Coldplug per transport (`udevadm trigger --action=add` of only that transport's disks until "
               f"`udevadm settle` returns), {runs} runs, each run the variants of a transport back to back; "
               "median (10th-90th percentile) in ms:")
    out.append("")
    named = any(k.endswith(":named") for k in cp)
    out.append("| transport | disks | without the rule | floor: the rule running `/bin/true` | " +
               ("floor, udev naming the disk | " if named else "") + "the rule | floor ÷ without | " +
               ("named ÷ floor | rule ÷ named | " if named else "") +
               "rule ÷ floor (medians) | rule ÷ floor per run: median (p10-p90) | goal <= 1.05x |")
    out.append("|---|---:|---:|---:|" + ("---:|" if named else "") + "---:|---:|" + ("---:|---:|" if named else "") +
               "---:|---:|---|")

    def pct(v):  # guest-run's percentiles: the 10th and 90th of the sorted values
        v = sorted(v)
        return v[len(v) // 10], v[len(v) * 9 // 10]

    def cell(v):
        return f"{statistics.median(v):.0f} ({pct(v)[0]:.0f}-{pct(v)[1]:.0f})" if v else "-"
    med = statistics.median
    for t in transports:
        w, f, n, a = (cp.get(f"{t}:{v}", []) for v in ("without", "floor", "named", "after"))
        tr = res["transport"].get(t, {})
        disks = tr.get("disks", "?")
        if tr.get("triggered") != disks or tr.get("named") != disks:
            disks += f" (named {tr.get('named')}, triggered {tr.get('triggered')})"
        if not (w and f and a and (n or not named)):
            out.append(f"| {t} | {disks} | {cell(w)} | {cell(f)} | " + (f"{cell(n)} | " if named else "") +
                       f"{cell(a)} | | " + ("| | " if named else "") + "| | |")
            continue
        pr = [x / y for x, y in zip(a, f)]
        r = med(a) / med(f)
        out.append(f"| {t} | {disks} | {cell(w)} | {cell(f)} | " + (f"{cell(n)} | " if named else "") +
                   f"{cell(a)} | {med(f) / med(w):.2f}x | " +
                   (f"{med(n) / med(f):.3f}x | {med(a) / med(n):.3f}x | " if named else "") +
                   f"{r:.3f}x | {med(pr):.3f}x ({pct(pr)[0]:.2f}-{pct(pr)[1]:.2f}) | "
                   f"{'met' if r <= 1.05 else '**not met**'} |")
    cpu = res.get("coldplug_cpu", {})
    if cpu:
        order = ["without", "floor", "named", "n-links", "n-owner", "n-tags", "n-props", "after"]
        seen = [v for v in order if any(f"{t}:{v}" in cpu for t in transports)]
        out.append("")
        out.append("The same coldplugs in CPU time of udevd and all it starts (its workers, the rule's "
                   "programs: udevd runs in a cgroup of its own), median ms, and ÷ the floor's; on the "
                   "instruction clock this is work done, without the idle waits that end on a timer tick:")
        out.append("")
        out.append("| transport | " + " | ".join(seen) + " | rule ÷ floor, CPU | rule ÷ named, CPU |")
        out.append("|---|" + "---:|" * len(seen) + "---:|---:|")
        for t in transports:
            m = {v: med(cpu[f"{t}:{v}"]) for v in seen if cpu.get(f"{t}:{v}")}
            f0 = m.get("floor")
            cells = [(f"{m[v]:.1f}" + (f" ({m[v] / f0:.3f})" if f0 and v != "floor" else "")) if v in m else "-"
                     for v in seen]
            rf = f"{m['after'] / f0:.3f}x" if f0 and "after" in m else "-"
            rn = f"{m['after'] / m['named']:.3f}x" if "named" in m and "after" in m else "-"
            out.append(f"| {t} | " + " | ".join(cells) + f" | {rf} | {rn} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(SRC, "build-bench"))
    ap.add_argument("--before", default=None, help="git revision for the before column (default: 5cc0a59, the main "
                    "issue 12's work started from; '' for none; none with --transports)")
    ap.add_argument("--transports", default="", help="comma-separated list of nvme, virtio-blk, virtio-scsi and pvscsi "
                    "(all = the first three): per transport, per-call rows and a coldplug of its disks alone")
    ap.add_argument("--icount", type=int, default=None, metavar="SHIFT",
                    help="QEMU -icount shift=SHIFT,sleep=off: the guest's clock counts its instructions "
                    "(2^SHIFT ns each), so the host's load does not reach the figures (slower to run)")
    ap.add_argument("--rounds", type=int, default=101)
    ap.add_argument("--coldplug", type=int, default=None, help="coldplug runs per variant (default 5; 21 with --transports)")
    ap.add_argument("--kernel-dir", default=os.environ.get("LAB_KERNEL_DIR", "/var/cache/udev-helper-lab/kernel"))
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--timeout", type=int, default=5400)
    ap.add_argument("--profile", action="store_true",
                    help="also trace the rule's program once in the guest with strace (-c and -r -T)")
    ap.add_argument("--floor", action="store_true",
                    help="also a coldplug with the rule running /bin/true instead of udev-helper")
    ap.add_argument("--naming-parts", action="store_true",
                    help="with --transports: also coldplugs with udev setting only the links, only links and "
                    "ownership, only the tags, only the three other properties (where the named variant's cost goes)")
    ap.add_argument("--reset", action=argparse.BooleanOptionalAction, default=None,
                    help="before each timed coldplug, an untimed remove of the same devices, so that every "
                    "variant starts as at boot, with no earlier variant's links, tags or records to take "
                    "away (default with --transports; --no-reset: each run follows the previous variant)")
    ap.add_argument("--udev-rules", choices=["minimal", "stock"], default="minimal",
                    help="the guest's other udev rules: minimal (50-udev-default and 60-persistent-storage, "
                    "the least work per event beside the rule measured) or stock (every rule file of this "
                    "host's udev and systemd packages, with the programs they start and the hwdb)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (console log)")
    args = ap.parse_args()
    args.transports = [t for t in args.transports.replace("all", ",".join(TRANSPORTS[:3])).split(",") if t]
    for t in args.transports:
        if t not in TRANSPORTS:
            ap.error(f"unknown transport {t}: one of {', '.join(TRANSPORTS)}")
    if args.transports:
        if args.before:
            ap.error("--before is not supported with --transports (older trees have no match-transport)")
        args.before, args.floor = "", True
        args.reset = True if args.reset is None else args.reset
        args.coldplug = 21 if args.coldplug is None else args.coldplug
    else:
        args.before = "5cc0a59" if args.before is None else args.before
        args.coldplug = 5 if args.coldplug is None else args.coldplug
        args.reset = bool(args.reset)
    work = tempfile.mkdtemp(prefix="guest-bench.")
    bins = build(SRC, args.build)
    before = build_before(args.before, work) if args.before else None
    rev = subprocess.run(["git", "-C", SRC, "rev-parse", "--short", args.before or "HEAD"], capture_output=True,
                         text=True).stdout.strip()
    head = subprocess.run(["git", "-C", SRC, "describe", "--always", "--dirty"], capture_output=True,
                          text=True).stdout.strip()
    initrd = initramfs(work, args, bins, before)
    load0 = os.getloadavg()[0]
    res = boot(work, args, initrd)
    mode = f"transports {','.join(args.transports)}" if args.transports else f"before = {args.before} ({rev})"
    mode += f"; udev rules: {args.udev_rules}; coldplugs start {'clean (--reset)' if args.reset else 'after the previous variant'}"
    print(f"# guest benchmark: after = {head}, {mode}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {args.rounds} interleaved rounds; "
          f"guest ran {res['seconds']:.0f} s; host load average {load0:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end (2 cores)")
    for i in res["info"]:
        print(f"# {i}")
    for name, lines in sorted(res["output"].items()):
        print(f"# {name} prints: {' | '.join(lines)}")
    for line in res["profile"]:
        print(f"# profile: {line}")
    print()
    if args.transports:
        unnamed = [d for d in res["disks"] if len(d) >= 5 and d[4] == "-"]
        for d in unnamed:
            print(f"# not named after boot: {' '.join(d)}")
        print(table_transports(res, args.transports))
    else:
        print(table(res, rev))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("# work directory:", work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
