#!/usr/bin/env python3
"""export-syscalls.py WORK: checks the strace output export-syscalls.sh left in WORK/trace.DEV
(one export of a disk and of a partition as udev runs it, of a disk udev has not linked yet, and of the partition as an admin
runs it, under umockdev).  The event path
must ask the kernel only what it needs (bench/README.md, guest-bench.py --profile):

- no file or directory is opened twice;
- a sysfs attribute or one of udev's files in /run is read with one read();
- no fcntl or ioctl (fdopendir's and stdio's set-up), no fstat of stdout;
- a directory is listed with at most two getdents64 calls;
- a link that names the device itself, or that does not exist, is read once, never walked
  by realpath();
- and the export printed its name (a trace of a failed run proves nothing).
umockdev's own calls (access of its "disabled" file, getcwd, readlink of relative paths) and
the dynamic loader's are told apart by their arguments."""
import os
import re
import sys

CALL = re.compile(r'^(\w+)\((.*)\)\s+= (-?\d+|\?)')


def check(path, want_name):
    problems = []
    fds = {1: "<stdout>"}
    opened, reads, getdents = {}, {}, {}
    with open(path) as f:
        lines = f.read().splitlines()
    for line in lines:
        m = CALL.match(line)
        if not m:
            continue
        name, args, ret = m.group(1), m.group(2), m.group(3)
        ret = int(ret) if ret != "?" else None
        strings = re.findall(r'"((?:[^"\\]|\\.)*)"', args)
        first = args.split(",", 1)[0].strip()
        if name == "openat":
            base = "" if first == "AT_FDCWD" else fds.get(int(first), f"<fd {first}>")
            target = strings[0] if strings else "?"
            full = target if target.startswith("/") or not base else base + "/" + target
            full = re.sub(r"^/tmp/umockdev\.[^/]+", "", full)
            opened[full] = opened.get(full, 0) + 1
            if opened[full] == 2:
                problems.append(f"opened twice: {full}")
            if ret is not None and ret >= 0:
                fds[ret] = full
                reads[ret] = 0
                getdents[ret] = 0
        elif name == "close" and ret == 0:
            fd = int(first)
            p = fds.pop(fd, "")
            if (p.startswith("/sys/") or p.startswith("/run/udev/")) and reads.get(fd, 0) > 1:
                problems.append(f"{p}: {reads[fd]} reads")
            if getdents.get(fd, 0) > 2:
                problems.append(f"{p}: {getdents[fd]} getdents64 calls")
        elif name == "read" and first.isdigit():
            reads[int(first)] = reads.get(int(first), 0) + 1
        elif name == "getdents64":
            getdents[int(first)] = getdents.get(int(first), 0) + 1
        elif name in ("fcntl", "ioctl"):
            problems.append(f"{name}({args})")
        elif name in ("newfstatat", "fstat") and first == "1":
            problems.append("fstat of stdout")
        elif name == "readlink" and strings and strings[0] == "/dev":
            problems.append("realpath() walk of a /dev link")
    with open(os.path.join(os.path.dirname(path), "out." + path.rsplit(".", 1)[1])) as f:
        out = f.read()
    if f"UH_NAME={want_name}\n" not in out:
        problems.append(f"export did not name it {want_name}: {out!r}")
    return problems


def main():
    work = sys.argv[1]
    bad = 0
    for dev, name in [("sdb", "asm/data01"), ("sdb1", "asm/data01-part1"), ("sdc", "asm/data02"),
                      ("admin-sdb1", "asm/data01-part1")]:
        problems = check(os.path.join(work, "trace." + dev), name)
        print(f"{'ok' if not problems else 'not ok'} - export of {dev} asks the kernel only what it needs")
        for p in problems:
            print(f"#   {p}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
