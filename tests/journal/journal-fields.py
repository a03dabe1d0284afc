#!/usr/bin/env python3
"""The journal entries udev-helper's event binary sends, received on a datagram socket the
test binds (the test build reads its path from $UH_TEST_JOURNAL_SOCKET) and decoded by an
independent reader of the native protocol: the same fields as when libsystemd sent them.

usage: journal-fields.py UDEV_HELPER_EXPORT_JOURNAL_TEST VMWARE_GUEST_UMOCKDEV"""
import os
import socket
import struct
import subprocess
import sys
import tempfile

PROBLEM_FIELDS = {"MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "UH_DEVICE", "UH_SERIAL", "UH_PROBLEM"}
FILE_FIELDS = {"MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "UH_FILE"}
CONF = "[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nname = asm/data%02d\nowner = grid\n"

passed = failed = 0


def check(name, want, seen):
    global passed, failed
    if want == seen:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name}: expected {want!r}, seen {seen!r}")


def decode(dgram):
    """KEY=value\\n, or KEY\\n + 64-bit LE length + value + \\n (systemd's native protocol)."""
    fields, i = {}, 0
    while i < len(dgram):
        nl = dgram.index(b"\n", i)
        line = dgram[i:nl]
        if b"=" in line:
            k, v = line.split(b"=", 1)
            i = nl + 1
        else:
            k = line
            (n,) = struct.unpack_from("<Q", dgram, nl + 1)
            v = dgram[nl + 9:nl + 9 + n]
            if dgram[nl + 9 + n:nl + 10 + n] != b"\n":
                raise ValueError("value not followed by a newline")
            i = nl + 10 + n
        if k.decode() in fields:
            raise ValueError(f"field {k} twice")
        fields[k.decode()] = v.decode()
    return fields


def run(helper, devices, work, conf, device):
    sock_path = os.path.join(work, "journal.socket")
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(sock_path)
    env = dict(os.environ, UH_TEST_JOURNAL_SOCKET=sock_path)
    p = subprocess.run(["umockdev-run", "-d", devices, "--", helper, "--config", conf, "--bindings", "/dev/null",
                        device], capture_output=True, text=True, env=env)
    s.setblocking(False)
    entries = []
    while True:
        try:
            entries.append(decode(s.recv(65536)))
        except BlockingIOError:
            break
    s.close()
    out = dict(line.split("=", 1) for line in p.stdout.splitlines() if "=" in line)
    return p, out, entries


def main():
    helper, devices = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as work:
        conf = os.path.join(work, "asm.conf")
        with open(conf, "w") as f:
            f.write(CONF)

        # A disk without a unique identifier: one problem entry.
        p, out, entries = run(helper, devices, work, conf, "sdd")
        check("no-unique-id disk: the helper reports the problem", "no-unique-id", out.get("UH_PROBLEM"))
        check("no-unique-id disk: one journal entry", 1, len(entries))
        e = entries[0] if entries else {}
        check("problem entry: exactly the fields sd_journal_send sent", sorted(PROBLEM_FIELDS), sorted(e))
        check("problem entry: UH_PROBLEM as on stdout", out.get("UH_PROBLEM"), e.get("UH_PROBLEM"))
        check("problem entry: UH_DEVICE", "/dev/sdd", e.get("UH_DEVICE"))
        check("problem entry: PRIORITY is warning", "4", e.get("PRIORITY"))
        check("problem entry: SYSLOG_IDENTIFIER", "udev-helper", e.get("SYSLOG_IDENTIFIER"))
        err = [line for line in p.stderr.splitlines() if line.startswith("udev-helper: /dev/sdd: no-unique-id: ")]
        advice = err[0].split(": ", 3)[3] if err else None
        check("problem entry: MESSAGE is the device and the advice stderr gives", f"/dev/sdd: {advice}",
              e.get("MESSAGE"))

        # An invalid configuration whose file name holds a newline: the binary-safe form.
        bad = os.path.join(work, "bad\nUH_PROBLEM=forged.conf")
        with open(bad, "w") as f:
            f.write(CONF + "no-such-key = 1\n")
        p, out, entries = run(helper, devices, work, bad, "sdb")
        check("invalid configuration: the helper reports config-error", "config-error", out.get("UH_PROBLEM"))
        check("invalid configuration: one journal entry", 1, len(entries))
        e = entries[0] if entries else {}
        check("file entry: exactly the fields sd_journal_send sent", sorted(FILE_FIELDS), sorted(e))
        check("file entry: UH_FILE is the file name, newline and all", bad, e.get("UH_FILE"))
        check("file entry: PRIORITY is error", "3", e.get("PRIORITY"))
        check("file entry: MESSAGE is what stderr says, file and line", p.stderr.strip().removeprefix("udev-helper: "),
              e.get("MESSAGE"))
        check("file entry: the line is the bad key's", f"{bad}:{CONF.count(chr(10)) + 1}: ",
              e.get("MESSAGE", "")[:len(bad) + 4])

        # No journal listening: the event still completes with its output.
        p, out, entries = run(helper, devices, work, conf, "sdd")
        os.unlink(os.path.join(work, "journal.socket"))
        env = dict(os.environ, UH_TEST_JOURNAL_SOCKET=os.path.join(work, "journal.socket"))
        q = subprocess.run(["umockdev-run", "-d", devices, "--", helper, "--config", conf, "--bindings", "/dev/null",
                            "sdd"], capture_output=True, text=True, env=env, timeout=60)
        check("no journal socket: same output, exit 0", (out, 0),
              (dict(line.split("=", 1) for line in q.stdout.splitlines() if "=" in line), q.returncode))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
