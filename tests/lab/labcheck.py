"""Shared by the lab scripts: each check prints what was expected and what was seen; the
last line is "N passed, M failed"."""

import os

results = {"passed": 0, "failed": 0}


def check(name, expected, seen):
    good = expected == seen
    results["passed" if good else "failed"] += 1
    print(f"{'ok' if good else 'not ok'} - {name}: expected {expected!r}, seen {seen!r}", flush=True)
    return good


def fail(msg):
    results["failed"] += 1
    print(f"not ok - {msg}", flush=True)


def summary():
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 0 if results["failed"] == 0 else 1


# Host checks.  Other processes on the machine create and remove cgroups and mounts at any
# time, so a lab compares only what it could have created or removed itself: its own
# cgroups (named after its temporary directories) and cgroups systemd or the lab's units
# would make if they escaped the lab's cgroup, mounts under its own directories, and the
# host mounts it copies into its namespace.

SYSTEMD_TOP_CGROUPS = {"init.scope", "system.slice", "user.slice", "machine.slice", "-.slice"}
# The host mounts a lab's root setup copies or unmounts in its own namespace: if the
# namespace ever leaked, these are what would go.
COPIED_MOUNT_ROOTS = ("/", "/proc", "/sys", "/dev")


def _cgroup_roots():
    if os.path.exists("/sys/fs/cgroup/cgroup.procs"):
        return ["/sys/fs/cgroup"]
    return [os.path.join("/sys/fs/cgroup", d) for d in sorted(os.listdir("/sys/fs/cgroup"))
            if os.path.exists(os.path.join("/sys/fs/cgroup", d, "cgroup.procs"))]


def _cgroups(max_depth=3):
    """(root, path relative to it) of every cgroup down to max_depth."""
    seen = set()
    for root in _cgroup_roots():
        for d, dirs, _ in os.walk(root):
            rel = os.path.relpath(d, root)
            depth = 0 if rel == "." else rel.count("/") + 1
            if depth >= max_depth:
                dirs[:] = []
            if depth:
                seen.add((root, rel))
    return seen


def _mounts():
    """(mount point, fstype, source) of every mount this process sees."""
    out = set()
    with open("/proc/self/mountinfo") as f:
        for line in f:
            a, b = line.split(" - ", 1)
            mp = a.split()[4].replace("\\040", " ")
            fstype, source = b.split()[:2]
            out.add((mp, fstype, source))
    return out


def _under(path, dirs):
    return any(path == d or path.startswith(d.rstrip("/") + "/") for d in dirs)


class HostWatch:
    """Snapshot before a lab; check() after it looks only at what the lab could touch.
    Register every directory the lab makes (add_dir) and every unit it starts (add_unit)."""

    def __init__(self):
        self.dirs = []
        self.units = set()
        self.cgroups = _cgroups()
        self.mounts = _mounts()

    def add_dir(self, path):
        self.dirs.append(os.path.realpath(path))

    def add_unit(self, name):
        self.units.add(name)

    def leftovers(self):
        names = {os.path.basename(d) for d in self.dirs}
        cg_now, mounts_now = _cgroups(), _mounts()
        cg = []
        for root, rel in sorted(cg_now):
            parts = rel.split("/")
            if parts[0] in names:
                cg.append(f"{root}/{rel}: the lab's own cgroup, left behind")
            elif (root, rel) not in self.cgroups and not any(p.startswith("systemd-lab.") for p in parts) and (
                    (len(parts) == 1 and parts[0] in SYSTEMD_TOP_CGROUPS) or parts[-1] in self.units):
                cg.append(f"{root}/{rel}: made by the lab's systemd outside the lab's cgroup")
        mnt = [f"{mp} ({fstype} {source}): under the lab's directories"
               for mp, fstype, source in sorted(mounts_now) if _under(mp, self.dirs)]
        for mp, fstype, source in sorted(self.mounts - mounts_now):
            if mp in COPIED_MOUNT_ROOTS or mp.startswith("/sys/fs/cgroup") or mp.startswith("/dev/"):
                mnt.append(f"{mp} ({fstype} {source}): a host mount the lab copies, gone")
        return cg, mnt

    def check(self):
        cg, mnt = self.leftovers()
        check("host: no cgroup the lab made is left, none escaped its cgroup", [], cg)
        check("host: no mount of the lab's is left, no host mount it copies is gone", [], mnt)
