#!/bin/bash
# udev-helper's journal entries through the real systemd-journald: a journald of the test's
# own, in a private mount namespace with tmpfs /run and /var/log/journal (nothing of the
# host's journal is touched), fed by the event binary and the admin binary on a disk
# without a unique identifier; journalctl must show exactly the fields libsystemd sent.
# usage: real-journald.sh UDEV_HELPER_EXPORT UDEV_HELPER VMWARE_GUEST_UMOCKDEV   (root)
set -u
if [ "${1:-}" != --inside ]; then
        exec unshare --mount --propagation private --fork "$0" --inside "$@"
fi
shift
EXPORT=$1 UH=$2 DEVICES=$3
. "$(dirname "$0")/../lib.sh"
WORK=$(mktemp -d)
mount -t tmpfs tmpfs /run && mkdir -p /var/log/journal && mount -t tmpfs tmpfs /var/log/journal || exit 1
mkdir -p /run/systemd/journal
/lib/systemd/systemd-journald >"$WORK/journald.log" 2>&1 &
journald=$!
trap 'kill "$journald" 2>/dev/null; wait "$journald" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
check "journald listens" [ -S /run/systemd/journal/socket ]

printf '[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nname = asm/data%%02d\nowner = grid\n' >"$WORK/conf"
umockdev-run -d "$DEVICES" -- "$EXPORT" --config "$WORK/conf" --bindings /dev/null sdd >"$WORK/event.out" 2>/dev/null
umockdev-run -d "$DEVICES" -- "$UH" --config "$WORK/conf" --bindings /dev/null export sdd >"$WORK/admin.out" 2>/dev/null
check "the event binary reports the problem" grep -qx UH_PROBLEM=no-unique-id "$WORK/event.out"
check "udev-helper export reports the problem" grep -qx UH_PROBLEM=no-unique-id "$WORK/admin.out"
for _ in $(seq 50); do
        [ "$(journalctl --no-pager -o json UH_PROBLEM=no-unique-id | wc -l)" -ge 2 ] && break
        sleep 0.1
done
journalctl --no-pager -o json SYSLOG_IDENTIFIER=udev-helper >"$WORK/entries.json"
python3 - "$WORK/entries.json" <<'PY' >"$WORK/fields"
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    print(" ".join(sorted(k for k in e if not k.startswith("_"))), e.get("UH_DEVICE"), e.get("UH_PROBLEM"),
          e.get("PRIORITY"))
PY
want="MESSAGE PRIORITY SYSLOG_IDENTIFIER UH_DEVICE UH_PROBLEM UH_SERIAL /dev/sdd no-unique-id 4"
check "two entries, one per binary" [ "$(wc -l <"$WORK/fields")" = 2 ]
check "each with exactly the fields, device, problem and priority" [ "$(sort -u "$WORK/fields")" = "$want" ]
summary
