#!/bin/bash
# The main job on the examples this repository ships: udev-helper on a VMware guest
# described in tests/devices/vmware-guest.umockdev (no real disk needed), and
# sysv2unit on the example init scripts in examples/init.d.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=$(realpath "${1:-build}")
UH=$BUILD/udev-helper/udev-helper
S2U=$BUILD/sysv2unit/sysv2unit
OUT=$(mktemp -d /tmp/udev-helper-demo.XXXXXX)
CONF=$PWD/examples/udev-helper.conf
guest() { umockdev-run -d tests/devices/vmware-guest.umockdev -- "$@"; }

echo "### udev-helper scan: every SCSI disk of the guest, with its problems"
guest "$UH" -c "$CONF" -b "$OUT/bindings" scan
echo
echo "### udev-helper bind --class asm: names for the disks that can be named safely"
guest "$UH" -c "$CONF" -b "$OUT/bindings" bind --class asm || echo "(exit $?: some disks were refused, as they should be)"
echo
echo "### $OUT/bindings"
cat "$OUT/bindings"
echo
for dev in sdb sdd sdh; do
        echo "### udev-helper export /dev/$dev (what udev imports)"
        guest "$UH" -c "$CONF" -b "$OUT/bindings" export "/dev/$dev" 2>/dev/null
        echo
done
echo "### udev-helper rules (static equivalent)"
guest "$UH" -c "$CONF" -b "$OUT/bindings" rules
echo
echo "### sysv2unit on examples/init.d (units in $OUT/units)"
mkdir -p "$OUT/units"
"$S2U" -o "$OUT/units" --root examples/root --script-path /etc/rc.d/init.d \
        examples/init.d/tgtd examples/init.d/iscsi examples/init.d/dkim examples/init.d/exampled
"$S2U" -o "$OUT/units" --root examples/root --script-path /etc/init.d examples/init.d/webcached
for u in "$OUT"/units/*.service; do
        echo
        echo "### $(basename "$u")"
        cat "$u"
done
echo
echo "### why: sysv2unit --explain examples/init.d/exampled"
"$S2U" --stdout --explain --root examples/root --script-path /etc/rc.d/init.d examples/init.d/exampled
