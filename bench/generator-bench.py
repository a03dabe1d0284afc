#!/usr/bin/env python3
"""sysv2unit-generator next to systemd-sysv-generator, on the same init scripts.

A generator runs at every boot and every daemon-reload, so its cost is paid often.
For each corpus this builds one system (its scripts in etc/init.d, each enabled with
S20 links in rc2.d-rc5.d, an empty unit directory so that both convert every script),
runs both generators on it the way systemd does (three output directories, the
SYSTEMD_* variables pointing at the corpus), interleaved, RUNS times each, and prints
median wall time, median CPU time (user+sys of the child) and the ratio ours/stock.

    bench/generator-bench.py --gen build/sysv2unit/sysv2unit-generator [--runs 21] CORPUS...

CORPUS is NAME=DIR (a directory of scripts) or NAME=DIR*K (the scripts copied K times
under distinct names, to see how the cost grows).  --units DIR: the unit directory of
the system (a base system's units), else an empty one.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def build_root(base, name, script_dir, copies, units):
    root = os.path.join(base, name)
    initd = os.path.join(root, "etc", "init.d")
    os.makedirs(initd)
    for lv in "2345":
        os.makedirs(os.path.join(root, "etc", f"rc{lv}.d"))
    if units:
        # A base system's units (both generators look every script's name up in them).
        shutil.copytree(units, os.path.join(root, "units"), symlinks=True)
    else:
        os.makedirs(os.path.join(root, "units"))
    n = 0
    for f in sorted(os.listdir(script_dir)):
        src = os.path.join(script_dir, f)
        if not os.path.isfile(src):
            continue
        for k in range(copies):
            dst = f if copies == 1 else f"{f}-{k}"
            shutil.copyfile(src, os.path.join(initd, dst))
            os.chmod(os.path.join(initd, dst), 0o755)
            for lv in "2345":
                os.symlink(f"../init.d/{dst}", os.path.join(root, "etc", f"rc{lv}.d", f"S20{dst}"))
            n += 1
    return root, n


def run_once(prog, root, out):
    shutil.rmtree(out, ignore_errors=True)
    dirs = [os.path.join(out, d) for d in ("normal", "early", "late")]
    for d in dirs:
        os.makedirs(d)
    env = dict(os.environ,
               SYSTEMD_SYSVINIT_PATH=os.path.join(root, "etc", "init.d"),
               SYSTEMD_SYSVRCND_PATH=os.path.join(root, "etc"),
               SYSTEMD_UNIT_PATH=os.path.join(root, "units"),
               SYSV2UNIT_RC_LOCAL=os.path.join(root, "etc", "rc.local"),
               SYSTEMD_LOG_TARGET="console", SYSTEMD_LOG_LEVEL="err")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([prog] + dirs, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    units = sum(1 for d in dirs for f in os.listdir(d) if f.endswith(".service"))
    return wall, cpu, units


def instructions(prog, root, out):
    """Instructions (callgrind, exactly repeatable) of one run: the total over every
    process, and the critical path (the first process plus its longest child: the
    workers run at the same time on idle CPUs, as during systemd's generator phase).

    A forked child starts with a copy of its parent's counters: callgrind's own total
    for a worker includes everything the parent did before the fork, which the worker
    never did.  --dump-before=fork writes the parent's counts out (and zeroes them)
    just before each fork, so each file holds what one process did in one stretch; a
    process's cost is the sum of its files' summaries."""
    shutil.rmtree(out, ignore_errors=True)
    dirs = [os.path.join(out, d) for d in ("normal", "early", "late")]
    for d in dirs:
        os.makedirs(d)
    env = dict(os.environ,
               SYSTEMD_SYSVINIT_PATH=os.path.join(root, "etc", "init.d"),
               SYSTEMD_SYSVRCND_PATH=os.path.join(root, "etc"),
               SYSTEMD_UNIT_PATH=os.path.join(root, "units"),
               SYSV2UNIT_RC_LOCAL=os.path.join(root, "etc", "rc.local"),
               SYSTEMD_LOG_TARGET="console", SYSTEMD_LOG_LEVEL="err")
    with tempfile.TemporaryDirectory() as cg:
        subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", "--dump-before=fork",
                        "--callgrind-out-file=" + os.path.join(cg, "cg.%p"), prog] + dirs, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        per_pid = {}
        for f in os.listdir(cg):
            pid = int(f.split(".")[1])
            with open(os.path.join(cg, f)) as fh:
                n = sum(int(line.split()[1]) for line in fh if line.startswith("summary:"))
            per_pid[pid] = per_pid.get(pid, 0) + n
    first = per_pid[min(per_pid)]  # the lowest pid: the generator itself
    children = [n for pid, n in per_pid.items() if pid != min(per_pid)]
    return sum(per_pid.values()), first + (max(children) if children else 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--stock", default="/lib/systemd/system-generators/systemd-sysv-generator")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--tmpfs", default="/dev/shm", help="where the systems and outputs go (default /dev/shm)")
    ap.add_argument("--units", help="a directory of unit files: the system's own units")
    ap.add_argument("--instructions", action="store_true",
                    help="count instructions with callgrind instead of timing (needs valgrind)")
    ap.add_argument("corpora", nargs="+")
    a = ap.parse_args()
    tools = [("systemd-sysv-generator", a.stock), ("sysv2unit-generator", os.path.abspath(a.gen))]
    if a.instructions:
        print(f"| corpus | scripts | {tools[0][0]} Ir | {tools[1][0]} Ir, all processes | critical path | "
              f"ratio all | ratio critical path |")
        print("|---|---:|---:|---:|---:|---:|---:|")
    else:
        print(f"| corpus | scripts | {tools[0][0]} wall / CPU ms | {tools[1][0]} wall / CPU ms | "
              f"ratio wall | ratio CPU | units (stock / ours) |")
        print("|---|---:|---:|---:|---:|---:|---|")
    # Generators write into /run, a tmpfs: so do these runs (on a disk filesystem the
    # creation of ~200 files and links would be most of the cost, for both).
    with tempfile.TemporaryDirectory(dir=a.tmpfs if os.path.isdir(a.tmpfs) else None) as tmp:
        for spec in a.corpora:
            name, d = spec.split("=", 1)
            copies = 1
            if "*" in d:
                d, k = d.rsplit("*", 1)
                copies = int(k)
            root, n = build_root(tmp, name, d, copies, a.units)
            if a.instructions:
                st, _ = instructions(tools[0][1], root, os.path.join(tmp, "out"))
                ot, oc = instructions(tools[1][1], root, os.path.join(tmp, "out"))
                print(f"| {name} | {n} | {st / 1e6:.1f} M | {ot / 1e6:.1f} M | {oc / 1e6:.1f} M | "
                      f"{ot / st:.2f} | {oc / st:.2f} |")
                sys.stdout.flush()
                continue
            res = {t: ([], [], 0) for t, _ in tools}
            for i in range(a.runs):
                # Interleaved, the order alternating: both see the same cache and load.
                order = tools if i % 2 == 0 else tools[::-1]
                for t, prog in order:
                    w, c, u = run_once(prog, root, os.path.join(tmp, "out"))
                    res[t][0].append(w)
                    res[t][1].append(c)
                    res[t] = (res[t][0], res[t][1], u)
            (sw, sc, su), (ow, oc, ou) = res[tools[0][0]], res[tools[1][0]]
            msw, msc, mow, moc = (statistics.median(x) * 1000 for x in (sw, sc, ow, oc))
            print(f"| {name} | {n} | {msw:.1f} / {msc:.1f} | {mow:.1f} / {moc:.1f} | {mow / msw:.2f} | "
                  f"{(moc / msc) if msc > 0 else float('nan'):.2f} | {su} / {ou} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
