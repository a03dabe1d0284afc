#!/usr/bin/env python3
"""sysv2unit and systemd-sysv-generator on Debian 12's real init scripts (see s2u-corpus.sh).

Builds one target root: the units of a Debian 12 base system (the packages of --base:
systemd, udev, dbus...), /lib/init and /lib/lsb from sysvinit-utils, and every package's
/etc/init.d and /etc/default -- but not the other packages' native units, which are kept
apart to compare against.  Each tool converts each script; all units a tool wrote are
installed together in that root and each is checked with systemd-analyze verify."""
import argparse, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

GENERATOR = "/lib/systemd/system-generators/systemd-sysv-generator"


def unit_keys(text):
    keys = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;[" or "=" not in line:
            continue
        k, v = line.split("=", 1)
        keys.setdefault(k.strip(), []).append(v.strip())
    return keys


def norm_pid(p):
    return re.sub(r"^/var/run/", "/run/", p) if p else p


def classify(keys):
    """supervised: systemd follows a main process (a pid file, a guessed PID, or the
    process itself); exited: the unit stays active whatever happens to the daemon."""
    t = (keys.get("Type") or ["simple"])[-1]
    rae = (keys.get("RemainAfterExit") or ["no"])[-1] in ("yes", "true", "1")
    if t == "oneshot" or rae:
        return "exited"
    return "supervised"


def build_root(cache, pkgs, base, work):
    root = work / "root"
    native = {}
    (root / "etc/init.d").mkdir(parents=True)
    (root / "usr/lib/systemd/system").mkdir(parents=True)
    for p in base:
        for d in ("lib/systemd/system", "usr/lib/systemd/system"):
            if (cache / "x" / p / d).is_dir():
                shutil.copytree(cache / "x" / p / d, root / "usr/lib/systemd/system", symlinks=True,
                                dirs_exist_ok=True)
    scripts = {}
    for p in pkgs:
        x = cache / "x" / p
        for sub in ("etc/default", "etc/sysconfig", "lib/init", "lib/lsb"):
            if (x / sub).is_dir():
                shutil.copytree(x / sub, root / sub, symlinks=True, dirs_exist_ok=True)
        if (x / "etc/init.d").is_dir():
            for s in sorted((x / "etc/init.d").iterdir()):
                if s.is_file():
                    shutil.copy2(s, root / "etc/init.d" / s.name)
                    scripts[s.name] = p
        for d in ("lib/systemd/system", "usr/lib/systemd/system"):
            if (x / d).is_dir() and p not in base:
                for u in (x / d).iterdir():
                    if u.name.endswith(".service") and u.is_file() and not u.is_symlink():
                        native[u.name] = u.read_text(errors="replace")
                    elif u.name.endswith(".service") and u.is_symlink():
                        native.setdefault(u.name, "# alias\n" + os.readlink(u))
    for s in (root / "etc/init.d").iterdir():
        s.chmod(0o755)
    return root, scripts, native


def native_for(script, native):
    stem = re.sub(r"\.(sh|init)$", "", script)
    text = native.get(stem + ".service")
    if text and text.startswith("# alias\n"):
        text = native.get(os.path.basename(text.split("\n", 1)[1]))
    return unit_keys(text) if text else None


def run_sysv2unit(binary, root, script, out):
    out.mkdir(parents=True)
    r = subprocess.run([binary, "-o", str(out), "--root", str(root), "--script-path", "/etc/init.d",
                        str(root / "etc/init.d" / script)], capture_output=True, text=True,
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    return r.returncode, r.stderr, sorted(out.glob("*.service"))


def run_generator(root, work):
    out = work / "gen"
    out.mkdir()
    rcd = work / "rcd"
    rcd.mkdir()
    env = dict(os.environ, SYSTEMD_SYSVINIT_PATH=str(root / "etc/init.d"), SYSTEMD_SYSVRCND_PATH=str(rcd),
               SYSTEMD_UNIT_PATH=str(root / "usr/lib/systemd/system"), SYSTEMD_LOG_LEVEL="err")
    subprocess.run([GENERATOR, str(out), str(out), str(out)], env=env, capture_output=True)
    # The generator writes the paths it read from; on the target they are /etc/init.d.
    for u in out.glob("*.service"):
        u.write_text(u.read_text().replace(str(root), ""))
    return out


def verify_all(root, units, mandir):
    """Installs all the units of one tool as --all would, then verifies each."""
    dest = root / "etc/systemd/system"
    dest.mkdir(parents=True, exist_ok=True)
    for u in units:
        shutil.copy(u, dest / u.name)
    res = {}
    for u in units:
        r = subprocess.run(["systemd-analyze", "verify", "--root", str(root), u.name], capture_output=True,
                           text=True, cwd=dest, env=dict(os.environ, MANPATH=f"{mandir}:"))
        msg = (r.stdout + r.stderr).strip()
        res[u] = (r.returncode == 0 and not msg, msg)
    for u in units:
        (dest / u.name).unlink(missing_ok=True)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--src", type=Path, required=True)
    ap.add_argument("--packages", required=True)
    ap.add_argument("--base", default="")
    ap.add_argument("--tool", action="append", default=[], help="label:rev=binary")
    a = ap.parse_args()
    pkgs = a.packages.split()
    work = Path(tempfile.mkdtemp(prefix="s2u-corpus-"))
    report = a.cache / "report"
    shutil.rmtree(report, ignore_errors=True)
    report.mkdir(parents=True)
    mandir = work / "man"
    (mandir / "man8").mkdir(parents=True)
    shutil.copy(a.src / "man/sysv2unit.8", mandir / "man8")
    root, scripts, native = build_root(a.cache, pkgs, a.base.split(), work)

    tools = []
    for t in a.tool:
        label, rest = t.split(":", 1)
        rev, binary = rest.split("=", 1)
        tools.append((f"sysv2unit {label} ({rev})", binary))
    results = {}  # tool -> script -> dict
    gen = run_generator(root, work)
    results["systemd-sysv-generator"] = {}
    for s in scripts:
        stem = re.sub(r"\.(sh|init)$", "", s)
        u = gen / (stem + ".service")
        results["systemd-sysv-generator"][s] = {"rc": 0 if u.exists() else 1, "units": [u] if u.exists() else [],
                                                "stderr": ""}
    for name, binary in tools:
        results[name] = {}
        for s in scripts:
            rc, err, units = run_sysv2unit(binary, root, s, work / re.sub(r"\W", "_", name) / s)
            results[name][s] = {"rc": rc, "units": units, "stderr": err}

    rows = []
    lines = []
    for name, per in results.items():
        verified = verify_all(root, [u for r in per.values() for u in r["units"]], mandir)
        conv = sup = daemons = sup_daemons = pid_native = agree = differ = nopid = vfail = nunits = skipped = 0
        for s, r in sorted(per.items()):
            nk = native_for(s, native)
            is_daemon = nk is not None and classify(nk) == "supervised"
            daemons += is_daemon
            if "skipped:" in r["stderr"] and not r["units"]:
                skipped += 1
            if not r["units"]:
                why = [l.split(": ", 1)[-1] for l in r["stderr"].splitlines()
                       if "warning:" not in l and not l.endswith(": not converted")]
                lines.append(f"{name}\t{s}\tnot converted\t{why[:1]}")
                continue
            conv += 1
            keys = [unit_keys(u.read_text()) for u in r["units"]]
            kind = "supervised" if all(classify(k) == "supervised" for k in keys) else "exited"
            sup += kind == "supervised"
            sup_daemons += is_daemon and kind == "supervised"
            mine = norm_pid((keys[0].get("PIDFile") or [None])[-1])
            theirs = norm_pid((nk.get("PIDFile") or [None])[-1]) if nk else None
            pidnote = ""
            if theirs:
                pid_native += 1
                if mine == theirs:
                    agree += 1
                elif mine:
                    differ += 1
                    pidnote = f"PIDFile {mine} vs native {theirs}"
                else:
                    nopid += 1
                    pidnote = f"no PIDFile, native {theirs}"
            for u in r["units"]:
                nunits += 1
                good, msg = verified[u]
                if not good:
                    vfail += 1
                    lines.append(f"{name}\t{u.name}\tverify\t{msg.splitlines()[:3]}")
            lines.append(f"{name}\t{s}\t{kind}\t{(keys[0].get('Type') or ['simple'])[-1]}\t"
                         f"{'daemon' if is_daemon else ''}\t{pidnote}")
        rows.append((name, len(per), conv, skipped, sup, f"{sup_daemons}/{daemons}", f"{agree}/{pid_native}",
                     differ, nopid, f"{vfail}/{nunits}"))
    # The migration an admin would run on that root, with the newest tool: --all's summary.
    name, binary = tools[-1]
    r = subprocess.run([binary, "--all", "--dry-run", "--json", "--root", str(root), "-o", str(work)],
                       capture_output=True, text=True, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    try:
        import json
        j = json.loads(r.stdout)
        reasons = {}
        for e in j["scripts"]:
            if e["outcome"] != "converted":
                key = e["outcome"] + ": " + re.sub(r"(?<=\s)/\S+", "PATH", e["reason"] or "")[:80]
                reasons[key] = reasons.get(key, 0) + 1
        allrun = (f"\n{name} --all --dry-run on the corpus root: {j['converted']} converted, {j['skipped']} skipped, "
                  f"{j['refused']} refused (exit {r.returncode})\n" +
                  "".join(f"  {n:3} {k}\n" for k, n in sorted(reasons.items(), key=lambda x: -x[1])))
    except (ValueError, KeyError) as e:
        allrun = f"\n--all --json gave no summary: {e}: {r.stderr[-300:]}\n"
    (report / "details.tsv").write_text("\n".join(lines) + "\n")
    hdr = ("tool", "scripts", "converted", "skipped", "supervised", "daemons supervised", "PIDFile = native",
           "PIDFile differs", "no PIDFile", "verify failures")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    print(allrun)
    print(f"\n{len(pkgs)} packages, {len(scripts)} scripts, {len(native)} native .service files; "
          f"details in {report}/details.tsv", file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
