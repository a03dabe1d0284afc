"""The lab guest of one Debian generation: the root mmdebstrap built from that suite's
archive (build-lab-root), booted under QEMU with the lab kernel, with the lab's payload
laid over it at boot (guest-stage1). Used by udev-lab.py and systemd-lab.py; a new
scenario needs only a payload and, for systemd, the Agent's sh().

    root = Root.get("trixie")            # builds the root on first use; Skip if it cannot
    p = Payload(root, work)              # a directory copied over the root at boot
    p.host_binary(path, "/usr/bin/x")    # a host-built binary, plus the libraries the root lacks
    p.remove("usr/lib/systemd/system/tgt.service")  # deleted from the root at boot
    g = Guest(root, p, init="/lib/systemd/systemd", cmdline="systemd.unit=lab.target", agent=True)
    rc, out = g.sh("systemctl --version")
"""
import base64
import glob
import os
import shutil
import socket
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.environ.get("LAB_CACHE_DIR", "/var/cache/udev-helper-lab")
KERNEL_DIR = os.environ.get("LAB_KERNEL_DIR", CACHE + "/kernel")
# Generations users run: Debian 12, Debian 13, and sid (what comes next).
SUITES = {"bookworm": "Debian 12", "trixie": "Debian 13", "sid": "Debian sid"}
# Modules the cloud kernel has as modules, in load order: the root disk (virtio-blk) and
# the udev lab's VMware PVSCSI controller.
MODULES = ["virtio_ring", "virtio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci", "virtio_blk",
           "scsi_common", "scsi_mod", "sd_mod", "vmw_pvscsi"]
BUSYBOX_APPLETS = ["sh", "mount", "umount", "insmod", "sed", "cat", "cp", "rm", "mkdir", "sleep", "poweroff",
                   "switch_root", "echo"]


class Skip(Exception):
    """This machine cannot run the lab: the reason is printed and the test exits 77."""


class Root:
    def __init__(self, suite):
        self.suite = suite
        base = os.path.join(CACHE, "roots", suite)
        self.image = base + ".ext4"
        with open(base + ".versions") as f:
            self.packages = dict(line.split(None, 1) for line in f.read().split("\n") if line.strip())
        with open(base + ".files") as f:
            self.files = set(f.read().split("\n"))

    @classmethod
    def get(cls, suite):
        """The cached root, built (build-lab-root) when missing; Skip when it cannot be."""
        if not glob.glob(KERNEL_DIR + "/boot/vmlinuz-*"):
            raise Skip(f"no lab kernel in {KERNEL_DIR} (.ci/install-deps unpacks it)")
        if not shutil.which("qemu-system-x86_64"):
            raise Skip("no qemu-system-x86_64 (.ci/install-deps installs it)")
        r = subprocess.run([os.path.join(HERE, "build-lab-root"), suite, CACHE], capture_output=True, text=True)
        if r.returncode == 77:
            raise Skip(r.stderr.strip())
        if r.returncode != 0:
            raise RuntimeError(f"build-lab-root {suite} failed: {r.stderr.strip()[-2000:]}")
        return cls(suite)

    def has(self, path):
        """Whether the root has this file (merged /usr: /lib and /bin are links into /usr)."""
        return path in self.files or ("/usr" + path) in self.files or \
            (path.startswith("/usr/") and path[4:] in self.files)

    def extract(self, paths, dest):
        """Copies these directories of the root (read from the image) below dest, for
        host-side tools that read a root (sysv2unit --root)."""
        for p in paths:
            os.makedirs(os.path.dirname(os.path.join(dest, p.lstrip("/"))), exist_ok=True)
            subprocess.run(["debugfs", "-R", f"rdump {p} {os.path.dirname(os.path.join(dest, p.lstrip('/')))}",
                            self.image], check=True, capture_output=True)
        for top in ["bin", "sbin", "lib"]:
            if not os.path.lexists(os.path.join(dest, top)):  # merged /usr
                os.symlink("usr/" + top, os.path.join(dest, top))
        return dest

    def title(self):
        return f"{SUITES.get(self.suite, self.suite)} ({self.suite})"


class Payload:
    """A directory laid over the root at boot; `remove` names what to delete from it."""

    def __init__(self, root, path, fresh=True):
        self.root, self.dir = root, path
        if fresh:
            shutil.rmtree(path, ignore_errors=True)
            os.makedirs(path)
        self.removals = []

    def path(self, rel):
        p = os.path.join(self.dir, rel.lstrip("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def write(self, rel, text, mode=0o644):
        with open(self.path(rel), "w") as f:
            f.write(text)
        os.chmod(self.path(rel), mode)

    def copy(self, src, rel):
        shutil.copy2(src, self.path(rel))

    def remove(self, pattern):
        self.removals.append(pattern.lstrip("/"))

    def host_binary(self, src, rel):
        """A binary built on this host, run on the root's libraries; a library the root
        does not have at all (e.g. the sanitizers') comes from the host."""
        self.copy(os.path.realpath(src), rel)
        self.host_libs(src)

    def host_libs(self, src):
        out = subprocess.run(["ldd", src], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split()
            lib = parts[2] if "=>" in parts and len(parts) > 2 else (parts[0] if parts else "")
            if lib.startswith("/") and os.path.exists(lib) and not self.root.has(lib):
                if not os.path.exists(os.path.join(self.dir, lib.lstrip("/"))):
                    self.copy(os.path.realpath(lib), lib)

    def finish(self):
        if self.removals:
            self.write(".lab-remove", "\n".join(self.removals) + "\n")
        # On a merged-/usr root /bin, /sbin and /lib are links: a payload's directory of
        # that name would replace the link, so it goes below /usr.
        for top in ["bin", "sbin", "lib", "lib64"]:
            src = os.path.join(self.dir, top)
            if os.path.isdir(src) and not os.path.islink(src):
                shutil.copytree(src, os.path.join(self.dir, "usr", top), symlinks=True, dirs_exist_ok=True)
                shutil.rmtree(src)


def build_initramfs(payload, work):
    d = os.path.join(work, "initramfs")
    shutil.rmtree(d, ignore_errors=True)
    for sub in ["bin", "modules", "proc", "sys", "dev"]:
        os.makedirs(os.path.join(d, sub))
    shutil.copy2("/bin/busybox", d + "/bin/busybox")
    for a in BUSYBOX_APPLETS:
        os.symlink("busybox", d + "/bin/" + a)
    kmods = glob.glob(KERNEL_DIR + "/lib/modules/*/kernel")[0]
    for m in MODULES:
        found = glob.glob(f"{kmods}/drivers/**/{m}.ko", recursive=True)
        shutil.copy2(found[0], f"{d}/modules/{m}.ko")
    with open(d + "/modules.order", "w") as f:
        f.write("\n".join(MODULES) + "\n")
    shutil.copy2(os.path.join(HERE, "guest-stage1"), d + "/init")
    payload.finish()
    shutil.copytree(payload.dir, d + "/payload", symlinks=True)
    out = os.path.join(work, "initrd.cpio")
    with open(out, "wb") as f:
        subprocess.run("find . | cpio -o -H newc --quiet", shell=True, cwd=d, stdout=f, check=True)
    shutil.rmtree(d)
    return out


class Guest:
    """One boot. The console (serial 0) goes to console.log and to lines(); with
    agent=True, serial 1 carries the Agent's commands (guest side: lab-agent)."""

    def __init__(self, root, payload, work, init, cmdline="", extra=(), agent=False, name="guest", memory=768):
        self.work = work
        self.mon = os.path.join(work, f"{name}.qmp")
        self.agent_sock = os.path.join(work, f"{name}.agent") if agent else None
        initrd = build_initramfs(payload, work)
        kernel = glob.glob(KERNEL_DIR + "/boot/vmlinuz-*")[0]
        cmd = ["qemu-system-x86_64", "-m", str(memory), "-smp", "1", "-display", "none", "-no-reboot",
               "-serial", "stdio", "-qmp", f"unix:{self.mon},server=on,wait=off",
               "-kernel", kernel, "-initrd", initrd,
               "-drive", f"if=virtio,file={root.image},format=raw,snapshot=on",
               "-append", f"console=ttyS0 panic=-1 lab.init={init} {cmdline}"]
        if agent:
            cmd += ["-chardev", f"socket,id=agent,path={self.agent_sock},server=on,wait=off",
                    "-serial", "chardev:agent"]
        cmd += list(extra)
        self.log = open(os.path.join(work, f"{name}.console.log"), "w")
        self.p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, errors="replace")
        self.conn = None

    def lines(self, deadline):
        for line in self.p.stdout:
            self.log.write(line)
            self.log.flush()
            if time.time() > deadline:
                raise TimeoutError
            yield line.rstrip("\r\n")

    def drain(self):
        """Keep the console flowing into the log while the Agent drives the guest."""
        import threading

        def pump():
            for line in self.p.stdout:
                self.log.write(line)
                self.log.flush()
        threading.Thread(target=pump, daemon=True).start()

    def qmp(self, command, arguments=None):
        import json
        s = socket.socket(socket.AF_UNIX)
        for _ in range(50):
            try:
                s.connect(self.mon)
                break
            except OSError:
                time.sleep(0.1)
        s.settimeout(10)
        f = s.makefile("rw")
        f.readline()
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

    def connect_agent(self, timeout):
        """Waits until lab-agent answers on serial 1."""
        end = time.time() + timeout
        while self.conn is None and time.time() < end and self.p.poll() is None:
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(self.agent_sock)
                self.conn, self.buf = s, b""
            except OSError:
                time.sleep(0.5)
        while self.conn and time.time() < end and self.p.poll() is None:
            try:
                rc, out = self.sh("echo ready", timeout=3)
                if rc == 0 and out.strip() == "ready":
                    return True
            except TimeoutError:
                pass
        return False

    def _line(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError
            self.conn.settimeout(left)
            try:
                chunk = self.conn.recv(65536)
            except socket.timeout:
                raise TimeoutError
            if not chunk:
                raise TimeoutError("agent connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode(errors="replace")

    def _bytes(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError
            self.conn.settimeout(left)
            try:
                chunk = self.conn.recv(65536)
            except socket.timeout:
                raise TimeoutError
            if not chunk:
                raise TimeoutError("agent connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out.decode(errors="replace")

    def sh(self, cmd, timeout=120):
        """Runs cmd in the guest's bash; (exit status, stdout+stderr). A command that runs
        past timeout leaves the agent busy: the guest is lost (TimeoutError)."""
        tag = base64.b64encode(os.urandom(6)).decode().replace("/", "_").replace("+", "-")
        line = cmd.replace("\\", "\\\\").replace("\n", "\\n")
        self.conn.sendall(f"{tag} {line}\n".encode())
        deadline = time.time() + timeout
        try:
            while True:
                parts = self._line(deadline).strip().split(" ")
                if len(parts) == 4 and parts[0] == "LABOUT" and parts[1] == tag:
                    return int(parts[2]), self._bytes(int(parts[3]), deadline)
        except TimeoutError:
            raise TimeoutError(f"guest command did not answer within {timeout}s: {cmd}")

    def wait(self, timeout=60):
        try:
            self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        if self.conn:
            self.conn.close()
        self.log.close()


AGENT = r"""#!/bin/bash
# lab-agent: runs the host's commands from the guest's second serial port. A request is
# "TAG COMMAND" with the command's backslashes and newlines escaped (\\, \n); the answer
# "LABOUT TAG STATUS LENGTH", a newline, and LENGTH bytes of output. Builtins only: under
# software emulation each fork+exec costs tens of milliseconds, and labs send hundreds.
export LC_ALL=C
# clocal first: without it, opening a serial port waits for a carrier that never comes.
stty -F /dev/ttyS1 raw -echo clocal
exec < /dev/ttyS1 > /dev/ttyS1 2>&1
while read -r tag line; do
        printf -v cmd '%b' "$line"
        out=$(eval "$cmd" < /dev/null 2>&1)
        rc=$?
        printf 'LABOUT %s %s %s\n%s' "$tag" "$rc" "${#out}" "$out"
done
"""

AGENT_UNIT = """[Unit]
Description=lab agent: runs the host's commands from the second serial port
DefaultDependencies=no
[Service]
ExecStart=/usr/local/sbin/lab-agent
"""

LAB_TARGET = """[Unit]
Description=lab: what the test starts, nothing else
Wants=lab-agent.service
"""


def systemd_payload(payload):
    """The pieces every systemd scenario needs: the agent and a bare lab.target."""
    payload.write("/usr/local/sbin/lab-agent", AGENT, 0o755)
    payload.write("/etc/systemd/system/lab-agent.service", AGENT_UNIT)
    payload.write("/etc/systemd/system/lab.target", LAB_TARGET)
