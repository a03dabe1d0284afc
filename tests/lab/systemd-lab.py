#!/usr/bin/env python3
"""systemd lab: real systemd as PID 1. With --suite SUITE, the systemd of that Debian
generation's root (build-lab-root), booted in the QEMU guest (labguest.py), with the
root's own tgt and cron; without, this host's systemd in namespaces of its own, on an
overlay of the host root. It supervises units that sysv2unit made from the project's example scripts (with
labd, a small forking test daemon, under the daemons' names) and from Debian's real tgt
and cron init scripts with their real daemons; then the same scripts as
systemd-sysv-generator wraps them. Checks are asserted for sysv2unit's units; both are
printed side by side. A daemon that sysv2unit of 5cc0a59 left Type=oneshot (the EL6
squid pattern of examples/init.d/proxycached) runs under today's unit and the old one
(--only oneshot). The last line is "N passed, M failed"."""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

from labcheck import HostWatch, check, fail, summary
import labguest

HERE = os.path.dirname(os.path.abspath(__file__))
table = []  # (unit, check, sysv2unit, generator)
host = None  # HostWatch: what the labs could leave on the host
GEN = None  # labguest.Root: the generation the QEMU guest boots; None: this host's systemd in namespaces
HAS_SYSV_GENERATOR = True  # the generation still ships systemd-sysv-generator (gone in v260)



def cgroup_roots():
    """The cgroup hierarchies: one (cgroup v2) or one per v1 controller (hybrid)."""
    if os.path.exists("/sys/fs/cgroup/cgroup.procs"):
        return ["/sys/fs/cgroup"]
    return [os.path.join("/sys/fs/cgroup", d) for d in sorted(os.listdir("/sys/fs/cgroup"))
            if os.path.exists(os.path.join("/sys/fs/cgroup", d, "cgroup.procs"))]


def make_lab_cgroups(name):
    """A cgroup of the lab's own in every hierarchy: systemd creates its slices inside
    it, and removing it afterwards leaves the host's tree as it was."""
    made = []
    for root in cgroup_roots():
        path = os.path.join(root, name)
        os.mkdir(path)
        made.append(path)
        for knob in ["cpuset.cpus", "cpuset.mems"]:  # v1 cpuset: empty until set
            if os.path.exists(os.path.join(path, knob)):
                with open(os.path.join(root, knob)) as f:
                    value = f.read().strip()
                with open(os.path.join(path, knob), "w") as f:
                    f.write(value)
    return made


def remove_cgroups(paths):
    for path in paths:
        for d, _, _ in sorted(os.walk(path, topdown=False), key=lambda x: -x[0].count("/")):
            try:
                os.rmdir(d)
            except OSError:
                pass


class Lab:
    def __init__(self, payload, label):
        self.label = label
        self.dir = tempfile.mkdtemp(prefix="systemd-lab.")
        if host:
            host.add_dir(self.dir)
        self.cgroups = make_lab_cgroups(os.path.basename(self.dir))

        def enter_cgroups():
            for c in self.cgroups:
                with open(os.path.join(c, "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))

        self.p = subprocess.Popen(["unshare", "--pid", "--mount", "--net", "--uts", "--ipc", "--cgroup", "--fork",
                                   os.path.join(HERE, "lab-root-setup"), self.dir, payload],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  preexec_fn=enter_cgroups)
        self.pid = None
        deadline = time.time() + 60
        while time.time() < deadline and self.p.poll() is None:
            kids = subprocess.run(["pgrep", "-P", str(self.p.pid)], capture_output=True, text=True).stdout.split()
            for k in kids:
                try:
                    if open(f"/proc/{k}/comm").read().strip() == "systemd":
                        self.pid = k
                except OSError:
                    pass
            if self.pid:
                rc, out = self.sh("systemctl is-system-running")
                if out.strip() in ("running", "degraded"):
                    return
            time.sleep(0.3)
        raise RuntimeError(f"systemd did not come up in the lab ({label}): {self.p.stdout.read() if self.p.poll() is not None else 'timeout'}")

    def sh(self, cmd, timeout=120):
        r = subprocess.run(["nsenter", "-t", str(self.pid), "-m", "-p", "-n", "-u", "-i", "--", "sh", "-c", cmd],
                           capture_output=True, text=True, timeout=timeout)
        return r.returncode, r.stdout + r.stderr

    def prop(self, unit, name):
        return self.sh(f"systemctl show -p {name} --value {unit}")[1].strip()

    def unit_pids(self, unit):
        """The processes in the unit's own cgroup, whatever they are called."""
        cg = self.prop(unit, "ControlGroup")
        if not cg:
            return []
        out = self.sh(f"cat /sys/fs/cgroup/systemd{cg}/cgroup.procs /sys/fs/cgroup{cg}/cgroup.procs 2>/dev/null")[1]
        return [p for p in out.split() if p.isdigit()]

    def pids(self, comm):
        out = self.sh(f"pgrep -x '{comm[:15]}'")[1].split()
        return [p for p in out if p.isdigit()]

    def close(self):
        # A clean poweroff stops every unit and lets systemd remove its cgroups.
        try:
            self.sh("systemctl --no-block poweroff", timeout=20)
            self.p.wait(timeout=60)
        except Exception:
            try:
                self.sh("systemctl poweroff -ff", timeout=10)
            except Exception:
                pass
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        remove_cgroups(self.cgroups)
        left = [c for c in self.cgroups if os.path.exists(c)]
        if left:
            fail(f"lab ({self.label}) left cgroups behind: {left}")
        shutil.rmtree(self.dir, ignore_errors=True)


class QemuLab(Lab):
    """The same interface as Lab, on the generation's own systemd as PID 1 in the QEMU
    guest: the payload is laid over the root at boot, commands go through lab-agent."""

    def __init__(self, payload, label):
        self.label = label
        self.dir = tempfile.mkdtemp(prefix="systemd-lab.")
        pl = labguest.Payload(GEN, payload, fresh=False)
        labguest.systemd_payload(pl)
        for rel in ["opt/uh-lab/udev-helper", "opt/uh-lab/sysv2unit", "usr/sbin/labd"]:
            if os.path.exists(os.path.join(payload, rel)):
                pl.host_libs(os.path.join(payload, rel))
        start = time.time()
        self.g = labguest.Guest(GEN, pl, self.dir, "/lib/systemd/systemd", "systemd.unit=lab.target", agent=True)
        self.g.drain()
        if not self.g.connect_agent(240):
            self.g.p.kill()
            self.g.wait()
            raise RuntimeError(f"the guest's lab-agent never answered ({label}); console: {self.g.log.name}")
        with open(self.g.log.name) as f:
            bad = [l.strip() for l in f if "LAB stage1-failed" in l or "LAB modprobe-failed" in l]
        if bad:
            self.close()
            raise RuntimeError(f"the guest's stage 1 failed ({label}): {bad}")
        state = ""
        for _ in range(100):
            state = self.sh("systemctl is-system-running")[1].strip()
            if state in ("running", "degraded"):
                break
            time.sleep(0.5)
        print(f"# guest ({label}): {self.sh('systemctl --version | head -n 1')[1].strip()}; "
              f"udevadm {self.sh('udevadm --version')[1].strip()}; {state} after {time.time() - start:.0f}s",
              flush=True)

    def sh(self, cmd, timeout=120):
        try:
            return self.g.sh(cmd, timeout)
        except TimeoutError as e:
            return 124, str(e)

    def close(self):
        try:
            self.g.sh("systemctl --no-block poweroff", timeout=20)
        except Exception:
            pass
        self.g.wait(120)
        shutil.rmtree(self.dir, ignore_errors=True)


def make_lab(payload, label):
    return QemuLab(payload, label) if GEN else Lab(payload, label)


def wait_state(lab, unit, want_active, seconds=10):
    end = time.time() + seconds
    state = lab.prop(unit, "ActiveState")
    while time.time() < end and (state == "active") != want_active and state not in ("activating", "deactivating") or \
            (time.time() < end and state in ("activating", "deactivating")):
        time.sleep(0.3)
        state = lab.prop(unit, "ActiveState")
    return state


def count(lab, path):
    """labd's SIGHUP counter holds a number; a stub's .calls log has one line a call."""
    if path.endswith(".calls"):
        out = lab.sh(f"cat {path} 2>/dev/null | wc -l")[1].strip()
    else:
        out = lab.sh(f"cat {path} 2>/dev/null")[1].strip()
    return int(out) if out.isdigit() else 0


def exercise(lab, unit, comm, oneshot, reload_counter=None):
    """Runs the supervision checks on one unit; returns {check: (good, seen)}."""
    r = {}
    rc, out = lab.sh(f"systemctl start {unit}")
    r["start succeeds"] = (rc == 0, f"rc={rc}")
    state = lab.prop(unit, "ActiveState") + "/" + lab.prop(unit, "SubState")
    main = lab.prop(unit, "MainPID")
    if oneshot:
        r["active after start"] = (state.startswith("active/"), state)
        left = lab.unit_pids(unit)
        r["no process left running"] = (left == [], f"in its cgroup: {left}")
    else:
        daemons = lab.pids(comm)
        mcomm = lab.sh(f"cat /proc/{main}/comm 2>/dev/null")[1].strip() if main != "0" else ""
        r["MainPID is the daemon"] = (main != "0" and main in daemons, f"MainPID={main} ({mcomm or 'none'})")
        if reload_counter is not None:
            has_reload = lab.prop(unit, "ExecReload") != ""
            if has_reload:
                before = count(lab, reload_counter) if reload_counter else 0
                rc, _ = lab.sh(f"systemctl reload {unit}")
                time.sleep(0.5)
                after = count(lab, reload_counter) if reload_counter else 0
                ok = rc == 0 and (not reload_counter or after > before)
                what = "tgt-admin calls" if reload_counter and reload_counter.endswith(".calls") else "SIGHUPs"
                r["reload reaches the daemon"] = (ok, f"rc={rc}" + (f", {what} {before}->{after}" if reload_counter else ""))
            else:
                r["reload reaches the daemon"] = (False, "no ExecReload")
        for p in lab.pids(comm):
            lab.sh(f"kill -9 {p}")
        state = wait_state(lab, unit, False)
        r["kill -9 takes it out of active"] = (state != "active", state)
        lab.sh(f"systemctl reset-failed {unit}; systemctl start {unit}")
    rc, _ = lab.sh(f"systemctl stop {unit}")
    time.sleep(0.3)
    left = lab.pids(comm) if comm else lab.unit_pids(unit)
    r["stop leaves no process"] = (rc == 0 and left == [], f"rc={rc}, left={left}")
    lab.sh(f"systemctl reset-failed {unit}")
    return r


def record(unit, ours, theirs):
    for name in ours:
        good, seen = ours[name]
        check(f"[sysv2unit] {unit}: {name}", True, good) if good else fail(f"[sysv2unit] {unit}: {name}: {seen}")
    for name in list(ours) + [n for n in (theirs or {}) if n not in ours]:
        o = ours.get(name)
        t = (theirs or {}).get(name)
        fmt = lambda x: "-" if x is None else ("yes" if x[0] else "NO") + f" ({x[1]})"
        table.append((unit, name, fmt(o), fmt(t)))


def journal_checks(lab):
    """udev-helper's problems reach the journal with the device, serial and problem as
    fields (the disk is a umockdev one; journald is the lab's real one)."""
    lab.sh("systemctl start systemd-journald.service")
    rc, out = lab.sh("ASAN_OPTIONS=verify_asan_link_order=0 umockdev-run -d /opt/uh-lab/vmware-guest.umockdev -- "
                     "/opt/uh-lab/udev-helper -c /opt/uh-lab/asm.conf -b /dev/null export sdd")
    check("[udev-helper] export of the no-UUID disk reports the problem", True, "UH_PROBLEM=no-unique-id" in out)
    import json
    entries = []
    for _ in range(20):
        _, js = lab.sh("journalctl --no-pager -o json UH_PROBLEM=no-unique-id SYSLOG_IDENTIFIER=udev-helper")
        entries = [json.loads(l) for l in js.splitlines() if l.startswith("{")]
        if entries:
            break
        time.sleep(0.3)
    e = entries[-1] if entries else {}
    check("[udev-helper] journal entry: device, serial and problem fields",
          ("/dev/sdd", "0VMware_Virtual_disk_vmware-slot-2", "no-unique-id"),
          (e.get("UH_DEVICE"), e.get("UH_SERIAL"), e.get("UH_PROBLEM")))
    check("[udev-helper] journal entry: the message says what to do", True, "EnableUUID" in e.get("MESSAGE", ""))


def instance_checks(lab):
    lab.sh("systemctl start dkim-in.service dkim-out.service")
    both = [lab.prop(u, "ActiveState") for u in ("dkim-in.service", "dkim-out.service")]
    check("[sysv2unit] dkim-in and dkim-out both start", ["active", "active"], both)
    for p in lab.pids("dkimproxy.in"):
        lab.sh(f"kill -9 {p}")
    st_in = wait_state(lab, "dkim-in.service", False)
    check("[sysv2unit] killing dkimproxy.in fails only dkim-in", ("not active", "active"),
          ("not active" if st_in != "active" else "active", lab.prop("dkim-out.service", "ActiveState")))
    lab.sh("systemctl reset-failed dkim-in.service; systemctl start dkim-in.service")
    lab.sh("systemctl stop dkim-out.service")
    check("[sysv2unit] stopping dkim-out leaves dkim-in running",
          ("active", [], 1), (lab.prop("dkim-in.service", "ActiveState"), lab.pids("dkimproxy.out"),
                              len(lab.pids("dkimproxy.in"))))
    lab.sh("systemctl stop dkim-in.service")
    good = check("[sysv2unit] stopping dkim-in leaves nothing", [], lab.pids("dkimproxy.in") + lab.pids("dkimproxy.out"))
    table.append(("dkim-in/dkim-out", "instances start, fail, stop apart", "yes" if good else "NO",
                  "- (one dkim.service for both)"))


def merge_usr(p):
    """On a merged-/usr host /sbin, /lib and /bin are links into /usr: so in the payload."""
    for top in ["bin", "sbin", "lib", "lib64"]:
        src = os.path.join(p, top)
        if os.path.isdir(src) and not os.path.islink(src) and os.path.islink("/" + top):
            shutil.copytree(src, os.path.join(p, "usr", top), symlinks=True, dirs_exist_ok=True)
            shutil.rmtree(src)
    return p


def example_payload(src, work, with_units, s2u):
    p = os.path.join(work, "payload-examples-" + ("s2u" if with_units else "gen"))
    shutil.rmtree(p, ignore_errors=True)
    for d in ["etc/rc.d/init.d", "etc/init.d", "etc/sysconfig", "etc/default", "usr/sbin", "sbin",
              "usr/local/dkimproxy/bin", "usr/local/dkimproxy/var/run", "etc/systemd/system"]:
        os.makedirs(os.path.join(p, d), exist_ok=True)
    for s in ["tgtd", "iscsi", "dkim", "exampled"]:
        shutil.copy2(f"{src}/examples/init.d/{s}", f"{p}/etc/rc.d/init.d/{s}")
        if not with_units:  # systemd-sysv-generator reads /etc/init.d
            os.symlink(f"../rc.d/init.d/{s}", f"{p}/etc/init.d/{s}")
    shutil.copy2(f"{src}/examples/init.d/webcached", f"{p}/etc/init.d/webcached")
    shutil.copy2(f"{HERE}/el-functions", f"{p}/etc/rc.d/init.d/functions")
    shutil.copy2(f"{src}/examples/root/etc/sysconfig/exampled", f"{p}/etc/sysconfig/exampled")
    with open(f"{p}/etc/default/webcached", "w") as f:
        f.write('DAEMON_ARGS="--foreground --port 8082"\n')
    shutil.copy2(args.labd, f"{p}/usr/sbin/labd")
    for name in ["tgtd", "exampled", "webcached"]:
        os.symlink("labd", f"{p}/usr/sbin/{name}")
    for name in ["dkimproxy.in", "dkimproxy.out"]:
        os.symlink("/usr/sbin/labd", f"{p}/usr/local/dkimproxy/bin/{name}")
    for stub in ["usr/sbin/tgtadm", "usr/sbin/tgt-admin", "sbin/iscsiadm"]:
        name = os.path.basename(stub)
        with open(f"{p}/{stub}", "w") as f:
            f.write("#!/bin/sh\n# lab stand-in: configuration commands succeed, print nothing, and are logged\n"
                    f"mkdir -p /run/labd && echo \"$*\" >> /run/labd/{name}.calls\nexit 0\n")
        os.chmod(f"{p}/{stub}", 0o755)
    os.makedirs(f"{p}/opt/uh-lab", exist_ok=True)
    shutil.copy2(args.udev_helper, f"{p}/opt/uh-lab/udev-helper")
    shutil.copy2(f"{src}/tests/devices/vmware-guest.umockdev", f"{p}/opt/uh-lab/")
    with open(f"{p}/opt/uh-lab/asm.conf", "w") as f:
        f.write("[asm]\nmatch-vendor = VMware\nname = asm/data%02d\n")
    if with_units:
        for u in glob.glob(f"{src}/units/*.service"):
            shutil.copy2(u, f"{p}/etc/systemd/system/")
        with open(f"{p}/etc/systemd/system/iscsid.service", "w") as f:
            f.write("[Unit]\nDescription=lab stand-in for iscsid\n[Service]\nType=oneshot\n"
                    "RemainAfterExit=yes\nExecStart=/bin/true\n")
    return merge_usr(p)


def real_payload_gen(work, with_units, s2u):
    """The generation's own tgt and cron (installed in its root): their native units go,
    so that the init scripts are what is left (as the .debs of real_payload)."""
    p = os.path.join(work, "payload-real-" + ("s2u" if with_units else "gen"))
    shutil.rmtree(p, ignore_errors=True)
    os.makedirs(f"{p}/etc/systemd/system")
    with open(f"{p}/.lab-remove", "w") as f:
        for name in ["tgt", "cron"]:
            f.write(f"usr/lib/systemd/system/{name}.service\netc/systemd/system/*.wants/{name}.service\n")
    if with_units:
        r = GEN.extract(["/etc", "/usr/lib/lsb"], os.path.join(work, "root-" + GEN.suite))
        subprocess.run([s2u, "-o", f"{p}/etc/systemd/system", "--root", r, "--script-path", "/etc/init.d",
                        f"{r}/etc/init.d/tgt", f"{r}/etc/init.d/cron"], check=True)
    return p


def real_payload(work, debs, with_units, s2u):
    if GEN:
        return real_payload_gen(work, with_units, s2u)
    p = os.path.join(work, "payload-real-" + ("s2u" if with_units else "gen"))
    shutil.rmtree(p, ignore_errors=True)
    os.makedirs(p)
    for d in sorted(glob.glob(f"{debs}/*.deb")):
        subprocess.run(["dpkg-deb", "-x", d, p], check=True)
    # The packages' native units would hide the init scripts (from the generator too).
    for u in glob.glob(f"{p}/lib/systemd/system/*") + glob.glob(f"{p}/usr/lib/systemd/system/*"):
        os.remove(u)
    os.makedirs(f"{p}/etc/systemd/system", exist_ok=True)
    if with_units:
        # --root: the payload is the target (the host's own units must not decide).
        subprocess.run([s2u, "-o", f"{p}/etc/systemd/system", "--root", p, "--script-path", "/etc/init.d",
                        f"{p}/etc/init.d/tgt", f"{p}/etc/init.d/cron"], check=True)
    return merge_usr(p)


def enable_payload(work, debs):
    """Debian's real tgt and cron scripts as an admin has them before migrating: no units,
    cron started by rc links in runlevels 2-5, tgt turned off (K links only)."""
    p = real_payload(work, debs, False, None)
    if GEN:  # the packages' postinst made rc links: the admin's are these
        with open(f"{p}/.lab-remove", "a") as f:
            f.write("etc/rc?.d/[SK][0-9][0-9]cron\netc/rc?.d/[SK][0-9][0-9]tgt\n")
    for lv in "2345":
        os.makedirs(f"{p}/etc/rc{lv}.d", exist_ok=True)
        os.symlink("../init.d/cron", f"{p}/etc/rc{lv}.d/S01cron")
        os.symlink("../init.d/tgt", f"{p}/etc/rc{lv}.d/K01tgt")
    os.makedirs(f"{p}/opt/uh-lab", exist_ok=True)
    shutil.copy2(args.sysv2unit, f"{p}/opt/uh-lab/sysv2unit")
    return p


def enable_checks(work):
    """sysv2unit --all --enable against real systemd: it installs the units, reloads
    systemd and enables exactly the units whose scripts rc links start, over D-Bus."""
    import json
    print("# sysv2unit --all --enable: Debian's tgt (off) and cron (on), real systemd", flush=True)
    try:
        lab = make_lab(enable_payload(work, args.debs), "sysv2unit --enable")
    except Exception as e:
        fail(f"[--enable] lab: {e}")
        return
    try:
        init_before = lab.sh("md5sum /etc/init.d/cron /etc/init.d/tgt; ls -l /etc/rc2.d/")[1]
        gen_before = lab.prop("cron.service", "FragmentPath")
        rc, out = lab.sh("ASAN_OPTIONS=detect_leaks=0 /opt/uh-lab/sysv2unit --all --enable --json 2>/tmp/enable.err")
        err = lab.sh("cat /tmp/enable.err")[1]
        try:
            res = {os.path.basename(e["script"]): e for e in json.loads(out)["scripts"]}
        except ValueError:
            fail(f"[--enable] no JSON summary (rc={rc}): {out[-300:]} {err[-500:]}")
            return
        check("[--enable] exit status 0 (nothing refused)", 0, rc)
        check("[--enable] cron converted, enabled now", ("converted", True),
              (res.get("cron", {}).get("outcome"), res.get("cron", {}).get("enabled")))
        check("[--enable] tgt converted, off now", ("converted", False),
              (res.get("tgt", {}).get("outcome"), res.get("tgt", {}).get("enabled")))
        # Exactly the units of scripts enabled now, whatever else this machine's init.d has.
        want, got = {}, {}
        for e in res.values():
            for u in e["units"]:
                want[u] = "enabled" if e["enabled"] else "disabled"
                got[u] = lab.sh(f"systemctl is-enabled {u}")[1].strip()
        check("[--enable] systemctl is-enabled matches the rc links for every converted unit", want, got)
        check("[--enable] systemd was reloaded: cron.service is sysv2unit's, not the generator's",
              ("/run/systemd/generator.late/cron.service" if HAS_SYSV_GENERATOR else "",
               "/etc/systemd/system/cron.service"),
              (gen_before, lab.prop("cron.service", "FragmentPath")))
        check("[--enable] the SysV side is left as it was (scripts and rc links)", init_before,
              lab.sh("md5sum /etc/init.d/cron /etc/init.d/tgt; ls -l /etc/rc2.d/")[1])
        r = exercise(lab, "cron.service", "cron", False)
        for name, (good, seen) in r.items():
            check(f"[--enable] cron.service: {name}", True, good) if good else fail(f"[--enable] cron.service: {name}: {seen}")
        rc, out = lab.sh("ASAN_OPTIONS=detect_leaks=0 /opt/uh-lab/sysv2unit --all --enable 2>&1")
        check("[--enable] a second run changes nothing and succeeds", (0, True),
              (rc, "cron.service is up to date" in out))
    finally:
        lab.close()


# --- formerly oneshot: a self-forking daemon that 5cc0a59 left unsupervised -------------

def oneshot_payload(work):
    """examples/init.d/proxycached (EL6 squid's pattern: the binary forks itself, stop and
    reload hand it -k commands, status finds it by name) run by labd; its unit as today's
    sysv2unit makes it, and as sysv2unit of 5cc0a59 made it (the fixture), side by side."""
    p = os.path.join(work, "payload-formerly-oneshot")
    shutil.rmtree(p, ignore_errors=True)
    for d in ["etc/rc.d/init.d", "etc/systemd/system", "usr/sbin"]:
        os.makedirs(os.path.join(p, d))
    shutil.copy2(f"{args.src}/examples/init.d/proxycached", f"{p}/etc/rc.d/init.d/proxycached")
    shutil.copy2(f"{HERE}/el-functions", f"{p}/etc/rc.d/init.d/functions")
    shutil.copy2(args.labd, f"{p}/usr/sbin/labd")
    os.symlink("labd", f"{p}/usr/sbin/proxycached")
    # squid (and daemon(3)) detach with one fork: the child is the daemon. labd's default
    # double fork leaves a middle process that systemd can guess as the main PID of a unit
    # without PIDFile= (seen here: after a restart the unit stopped when it exited).
    os.makedirs(f"{p}/etc/sysconfig")
    with open(f"{p}/etc/sysconfig/proxycached", "w") as f:
        f.write('PROXY_OPTS="--single-fork"\n')
    subprocess.run([args.sysv2unit, "-o", f"{p}/etc/systemd/system", "--root", p,
                    "--script-path", "/etc/rc.d/init.d", f"{p}/etc/rc.d/init.d/proxycached"],
                   check=True, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    shutil.copy2(f"{HERE}/proxycached-5cc0a59.service", f"{p}/etc/systemd/system/proxycached-5cc0a59.service")
    return merge_usr(p)


def oneshot_checks(work):
    """The same daemon under today's unit (asserted: supervised) and under 5cc0a59's
    Type=oneshot unit (asserted as the defect it was: 'active (exited)' over a dead daemon)."""
    print("# formerly oneshot: proxycached (EL6 squid pattern), today's unit and 5cc0a59's", flush=True)
    try:
        lab = make_lab(oneshot_payload(work), "formerly oneshot")
    except Exception as e:
        fail(f"[formerly oneshot] lab: {e}")
        return
    rows = []

    def state(unit):
        return lab.prop(unit, "ActiveState") + "/" + lab.prop(unit, "SubState")

    def comm(pid):
        return lab.sh(f"cat /proc/{pid}/comm 2>/dev/null")[1].strip() if pid not in ("", "0") else ""

    def kill_daemon():
        for pid in lab.pids("proxycached"):
            lab.sh(f"kill -9 {pid}")

    try:
        new, old = "proxycached.service", "proxycached-5cc0a59.service"
        rc, out = lab.sh(f"systemctl start {new}")
        check("[formerly oneshot] today's unit is Type=forking (5cc0a59's was oneshot)",
              ("forking", "oneshot"), (lab.prop(new, "Type"), lab.prop(old, "Type")))
        main, daemons = lab.prop(new, "MainPID"), lab.pids("proxycached")
        good = check("[formerly oneshot] start: active/running, MainPID is the daemon",
                     (0, "active/running", True, "proxycached"),
                     (rc, state(new), main in daemons, comm(main)))
        rows.append(("start", f"{state(new)}, MainPID={main} ({comm(main) or 'none'})"))
        before = count(lab, "/run/labd/proxycached.reloads")
        rc, _ = lab.sh(f"systemctl reload {new}")
        time.sleep(0.5)
        after = count(lab, "/run/labd/proxycached.reloads")
        check("[formerly oneshot] reload reaches the daemon (-k reconfigure: a SIGHUP)", (0, True), (rc, after > before))
        kill_daemon()
        st = wait_state(lab, new, False)
        st = st + "/" + lab.prop(new, "SubState")
        check("[formerly oneshot] kill -9 of the daemon: the unit is failed", "failed/failed", st)
        rows.append(("kill -9 of the daemon", st))
        rc, _ = lab.sh(f"systemctl restart {new}")
        main2 = lab.prop(new, "MainPID")
        check("[formerly oneshot] restart: active/running again, MainPID a new daemon",
              (0, "active/running", True, True),
              (rc, state(new), main2 in lab.pids("proxycached"), main2 != main))
        rows.append(("restart", f"{state(new)}, MainPID={main2} ({comm(main2) or 'none'})"))
        rc, _ = lab.sh(f"systemctl stop {new}")
        time.sleep(0.3)
        left = lab.pids("proxycached") + lab.unit_pids(new)
        check("[formerly oneshot] stop: inactive, no process left", (0, "inactive/dead", []), (rc, state(new), left))
        rows.append(("stop", f"{state(new)}, left={left}"))
        lab.sh(f"systemctl reset-failed {new}")

        # Before: the same script under 5cc0a59's unit.
        old_rows = []
        rc, _ = lab.sh(f"systemctl start {old}")
        omain = lab.prop(old, "MainPID")
        check("[5cc0a59 oneshot] start: active/exited, the daemon runs, systemd follows no process",
              (0, "active/exited", "0", 1), (rc, state(old), omain, len(lab.pids("proxycached"))))
        old_rows.append(f"{state(old)}, MainPID={omain}, daemon pids {lab.pids('proxycached')}")
        kill_daemon()
        time.sleep(2)  # as long as wait_state would have given the new unit to notice
        check("[5cc0a59 oneshot] kill -9 of the daemon: still active/exited, nothing runs (the defect)",
              ("active/exited", []), (state(old), lab.pids("proxycached")))
        old_rows.append(f"{state(old)}, daemon pids {lab.pids('proxycached')}")
        rc, _ = lab.sh(f"systemctl restart {old}")
        old_rows.append(f"{state(old)} (rc={rc}), MainPID={lab.prop(old, 'MainPID')}, "
                        f"daemon pids {lab.pids('proxycached')}")
        rc, _ = lab.sh(f"systemctl stop {old}")
        time.sleep(0.3)
        old_rows.append(f"{state(old)} (rc={rc}), left={lab.pids('proxycached') + lab.unit_pids(old)}")
        lab.sh(f"systemctl reset-failed {old}")
    finally:
        lab.close()
    print("# formerly oneshot, side by side: proxycached under today's unit and under 5cc0a59's")
    w = max(len(r[0]) for r in rows)
    for (step, now), then in zip(rows, old_rows):
        print(f"#   {step:<{w}}  today: {now:<45}  5cc0a59: {then}")


class GeneratorLab(QemuLab):
    """QemuLab booted into multi-user.target (what rc2-rc5 links stand for), so that what
    the generator pulls in starts at boot; lab-agent comes along."""

    def __init__(self, payload, label):
        self.label = label
        self.dir = tempfile.mkdtemp(prefix="systemd-lab.")
        pl = labguest.Payload(GEN, payload, fresh=False)
        labguest.systemd_payload(pl)
        pl.write("/etc/systemd/system/multi-user.target.d/lab-agent.conf", "[Unit]\nWants=lab-agent.service\n")
        # The root's own tgt (its unit, and its init script, which the generator would
        # convert) would start a second tgtd (here labd) at boot.
        pl.remove("usr/lib/systemd/system/tgt.service")
        pl.remove("etc/systemd/system/*.wants/tgt.service")
        pl.remove("etc/init.d/tgt")
        pl.remove("etc/rc?.d/[SK]??tgt")
        for rel in ["usr/sbin/labd", "usr/lib/systemd/system-generators/sysv2unit-generator"]:
            if os.path.exists(os.path.join(payload, rel)):
                pl.host_libs(os.path.join(payload, rel))
        start = time.time()
        self.g = labguest.Guest(GEN, pl, self.dir, "/lib/systemd/systemd", "systemd.unit=multi-user.target", agent=True)
        self.g.drain()
        if not self.g.connect_agent(300):
            self.g.p.kill()
            self.g.wait()
            raise RuntimeError(f"the guest's lab-agent never answered ({label}); console: {self.g.log.name}")
        state = ""
        for _ in range(120):
            state = self.sh("systemctl is-system-running")[1].strip()
            if state in ("running", "degraded"):
                break
            time.sleep(0.5)
        print(f"# guest ({label}): {self.sh('systemctl --version | head -n 1')[1].strip()}; {state} after "
              f"{time.time() - start:.0f}s", flush=True)


def generator_checks(work):
    """sysv2unit-generator installed where systemd runs generators, on the example scripts
    (enabled by rc links, none with a unit) and an executable /etc/rc.local: the guest
    boots into multi-user.target; the units come from the generator, start at boot, are
    supervised, reload and stop; rc.local ran; where systemd-sysv-generator still runs,
    nothing starts twice."""
    p = example_payload(args.src, work, False, args.sysv2unit)
    scripts = ["tgtd", "iscsi", "dkim", "exampled", "webcached"]
    for lv in "2345":
        os.makedirs(f"{p}/etc/rc{lv}.d", exist_ok=True)
        for s in scripts:
            os.symlink(f"../init.d/{s}", f"{p}/etc/rc{lv}.d/S20{s}")
    with open(f"{p}/etc/rc.local", "w") as f:
        f.write("#!/bin/sh\n# the lab's rc.local: leaves a mark and the state of the network\n"
                "systemctl is-active network-online.target > /run/rc-local-ran\nexit 0\n")
    os.chmod(f"{p}/etc/rc.local", 0o755)
    gen = "usr/lib/systemd/system-generators/sysv2unit-generator"
    os.makedirs(os.path.dirname(f"{p}/{gen}"), exist_ok=True)
    shutil.copy2(args.generator, f"{p}/{gen}")
    who = "sysv2unit-generator"
    print(f"# example scripts and rc.local: units from {who}"
          + ("" if not HAS_SYSV_GENERATOR else " (systemd-sysv-generator runs too)"), flush=True)
    try:
        lab = GeneratorLab(p, who)
    except Exception as e:
        fail(f"[generator] {e}")
        return
    try:
        _, failed = lab.sh("systemctl list-units --failed --no-legend --plain | cut -d' ' -f1")
        print(f"# failed units at boot: {' '.join(failed.split()) or 'none'}", flush=True)
        _, log = lab.sh("dmesg | grep sysv2unit-generator")
        check("[generator] it ran at boot and logged one line per script to the kernel log", True,
              all(f"/etc/init.d/{s}: " in log for s in scripts))
        for unit in ["tgtd.service", "exampled.service", "webcached.service", "iscsi.service", "dkim.service",
                     "dkim-in.service", "dkim-out.service"]:
            check(f"[generator] {unit}: from the generator's directory, started at boot",
                  (f"/run/systemd/generator/{unit}", "active"),
                  (lab.prop(unit, "FragmentPath"), lab.prop(unit, "ActiveState")))
        if HAS_SYSV_GENERATOR:
            _, late = lab.sh("ls /run/systemd/generator.late")
            check("[generator] systemd-sysv-generator still wrote its units (late directory), unused",
                  True, "tgtd.service" in late.split())
        for comm, n in [("tgtd", 1), ("exampled", 1), ("webcached", 1), ("dkimproxy.in", 1), ("dkimproxy.out", 1)]:
            pids = lab.pids(comm)
            # A daemon's own children are no second start: count the process trees (what runs
            # as tgtd here is the root's real one, waiting in epoll, with a child of its own).
            ppids = {p: lab.sh(f"ps -o ppid= -p {p}")[1].strip() for p in pids}
            roots = [p for p in pids if ppids[p] not in pids]
            if not check(f"[generator] {comm}: started once (daemon process trees)", n, len(roots)):
                for pid in pids:
                    print("#   " + lab.sh(f"ps -o pid=,ppid=,stat=,etimes=,wchan:20=,args= -p {pid}; cat /proc/{pid}/cgroup")[1]
                          .replace("\n", " | "), flush=True)
        _, ran = lab.sh("cat /run/rc-local-ran 2>/dev/null")
        check("[generator] rc.local ran once at boot, after network-online.target", "active", ran.strip())
        own = GEN.has("/usr/lib/systemd/system/rc-local.service") or GEN.has("/lib/systemd/system/rc-local.service")
        frag = lab.prop("rc-local.service", "FragmentPath")
        check("[generator] rc-local.service: the generator's where systemd has none (>= 260), else systemd's",
              "systemd's" if own else "the generator's",
              "the generator's" if frag == "/run/systemd/generator/rc-local.service"
              else "systemd's" if frag.endswith("lib/systemd/system/rc-local.service") else frag)
        for unit, comm, oneshot, counter in [("tgtd.service", "tgtd", False, "/run/labd/tgt-admin.calls"),
                                             ("exampled.service", "exampled", False, "/run/labd/exampled.reloads"),
                                             ("webcached.service", "webcached", False, "/run/labd/webcached.reloads"),
                                             ("iscsi.service", None, True, None)]:
            lab.sh(f"systemctl stop {unit}")
            for name, (good, seen) in exercise(lab, unit, comm, oneshot, counter).items():
                check(f"[generator] {unit}: {name}", True, good) if good else fail(f"[generator] {unit}: {name}: {seen}")
        lab.sh("systemctl stop dkim.service")
        left = lab.pids("dkimproxy.in") + lab.pids("dkimproxy.out")
        for _ in range(20):  # the instances stop after the group (they are ordered before it)
            if not left:
                break
            time.sleep(0.5)
            left = lab.pids("dkimproxy.in") + lab.pids("dkimproxy.out")
        check("[generator] stopping dkim.service stops both instances", ([], "inactive", "inactive"),
              (left, lab.prop("dkim-in.service", "ActiveState"), lab.prop("dkim-out.service", "ActiveState")))
    finally:
        lab.close()


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--sysv2unit", required=True)
    ap.add_argument("--labd", required=True)
    ap.add_argument("--udev-helper", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--debs", default=os.environ.get("LAB_DEBS_DIR", "/var/cache/udev-helper-lab/debs"))
    ap.add_argument("--only", choices=["enable", "oneshot", "generator"], help="run only this part (and the host checks)")
    ap.add_argument("--generator", help="sysv2unit-generator: also boot the examples with it (QEMU generations only)")
    ap.add_argument("--suite", default="host",
                    help="the generation: a Debian suite whose root (build-lab-root) boots in the QEMU guest "
                         "with its own systemd as PID 1; 'host': this host's systemd in namespaces")
    args = ap.parse_args()

    global GEN, HAS_SYSV_GENERATOR
    missing = []
    if args.suite != "host":
        try:
            GEN = labguest.Root.get(args.suite)
        except labguest.Skip as e:
            print(f"# SKIP: the {args.suite} lab cannot run here: {e}", flush=True)
            return 77
        HAS_SYSV_GENERATOR = GEN.has("/usr/lib/systemd/system-generators/systemd-sysv-generator")
        print(f"# generation: {GEN.title()}, packages from its archive: "
              + ", ".join(f"{k} {v}" for k, v in sorted(GEN.packages.items())), flush=True)
        print(f"# {'systemd-sysv-generator present' if HAS_SYSV_GENERATOR else 'no systemd-sysv-generator (SysV support removed in v260)'}",
              flush=True)
    else:
        missing = [t for t in ["unshare", "nsenter", "pgrep", "dpkg-deb", "umockdev-run"] if not shutil.which(t)]
        if not os.path.exists("/lib/systemd/systemd"):
            missing.append("systemd")
        for pkg in ["tgt_", "cron_", "libconfig-general-perl_"]:
            if not glob.glob(f"{args.debs}/{pkg}*.deb"):
                missing.append(f"{pkg.rstrip('_')} package in {args.debs} (.ci/install-deps downloads it)")
    if missing:
        fail("lab prerequisites missing: " + ", ".join(missing))
        return summary()

    global host
    host = HostWatch()
    work = tempfile.mkdtemp(prefix="systemd-lab-payload.")
    host.add_dir(work)
    # tgtd's reload updates the targets with tgt-admin: the stand-in logs that call.
    examples = [("tgtd.service", "tgtd", False, "/run/labd/tgt-admin.calls"),
                ("exampled.service", "exampled", False, "/run/labd/exampled.reloads"),
                ("webcached.service", "webcached", False, "/run/labd/webcached.reloads"),
                ("iscsi.service", None, True, None)]
    real = [("tgt.service", "tgtd", False, ""), ("cron.service", "cron", False, None)]
    for unit in [c[0] for c in examples + real] + ["dkim.service", "dkim-in.service", "dkim-out.service",
                                                   "proxycached.service", "proxycached-5cc0a59.service"]:
        host.add_unit(unit)
    scenarios = [
            ("example scripts", lambda w: example_payload(args.src, work, w, args.sysv2unit), examples,
             [("dkim.service", "dkimproxy.in", False, None)]),
            ("Debian's tgt and cron, real daemons", lambda w: real_payload(work, args.debs, w, args.sysv2unit), real, [])]
    for title, make, cases, generator_extra in ([] if args.only else scenarios):
        ours, theirs = {}, {}
        for with_units, store in [(True, ours), (False, theirs)]:
            who = "sysv2unit" if with_units else "systemd-sysv-generator"
            print(f"# {title}: units from {who}", flush=True)
            try:
                lab = make_lab(make(with_units), who)
            except Exception as e:
                fail(f"{title} ({who}): {e}")
                continue
            try:
                for unit, comm, oneshot, counter in cases + ([] if with_units else generator_extra):
                    if not with_units:
                        lab.sh("systemctl daemon-reload")
                    loaded = lab.prop(unit, "LoadState")
                    if not with_units and not HAS_SYSV_GENERATOR:
                        # v260+: an init script is no unit at all; the admin must convert it.
                        check(f"[no sysv-generator] {unit}: the init script alone gives no unit", "not-found", loaded)
                        store[unit] = {"start succeeds": (False, f"no unit ({loaded}): no SysV support")}
                        continue
                    if loaded != "loaded":
                        if with_units:
                            fail(f"[sysv2unit] {unit} not loaded ({loaded})")
                        continue
                    store[unit] = exercise(lab, unit, comm, oneshot, counter)
                if with_units and title.startswith("example"):
                    instance_checks(lab)
                    journal_checks(lab)
            finally:
                lab.close()
        for unit in list(ours) + [u for u in theirs if u not in ours]:
            if unit in ours:
                record(unit, ours[unit], theirs.get(unit))
            else:
                for name, x in theirs[unit].items():
                    table.append((unit, name, "- (split into dkim-in/dkim-out)", ("yes" if x[0] else "NO") + f" ({x[1]})"))

    if args.only in (None, "enable"):
        enable_checks(work)
    if args.only in (None, "oneshot"):
        oneshot_checks(work)
    if args.only in (None, "generator") and args.generator and GEN:
        generator_checks(work)

    print("\n# side by side: the same scripts under sysv2unit's units and systemd-sysv-generator's")
    w = [max(len(r[i]) for r in table + [("unit", "check", "sysv2unit", "sysv-generator")]) for i in range(4)]
    print(f"# {'unit':<{w[0]}}  {'check':<{w[1]}}  {'sysv2unit':<{w[2]}}  sysv-generator")
    for r in table:
        print(f"# {r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}")
    shutil.rmtree(work, ignore_errors=True)
    host.check()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
