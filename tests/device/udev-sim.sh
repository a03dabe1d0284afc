#!/bin/sh
# udev-sim.sh UH CONF BINDINGS OUTDIR [EXPORT]: what 66-udev-helper.rules does, run inside
# umockdev with a private /run (unshare): every block device is exported in the fixture's
# order (coldplug), its UH_* properties and the rules' tags stored in udev's database, then
# every device is exported again (check --retrigger's change events).  OUTDIR/NAME.1 and
# NAME.2 hold export's output of each pass.  With EXPORT (udev-helper-export), that is what
# runs, as udev runs it: `EXPORT $devnode` with the event's properties in the environment
# (ACTION, DEVPATH and the device's uevent and udev properties); `UH export SYSPATH` without
# them (an admin's call) must then print the same, else OUTDIR/differ names the device.  umockdev has no udev tags and no /sys/dev; the
# database, tag directories and /sys/dev/block links written here stand in for them.
set -eu
UH=$1 CONF=$2 B=$3 OUT=$4 EXPORT=${5:-}
mkdir -p /run/udev/data /run/udev/tags "$UMOCKDEV_DIR/sys/dev/block" "$OUT"
: >"$OUT/differ"
devs=$(grep -l '^SUBSYSTEM=block' $(find /sys/devices -name uevent) | sed 's|/uevent$||' | sort)
prop() { sed -n "s/^$2=//p" "$1/uevent"; }
for d in $devs; do
        ln -sf "../../${d#/sys/}" "$UMOCKDEV_DIR/sys/dev/block/$(prop "$d" MAJOR):$(prop "$d" MINOR)"
done
pass() {
        for d in $devs; do
                name=${d##*/} id=b$(prop "$d" MAJOR):$(prop "$d" MINOR)
                if [ -n "$EXPORT" ]; then
                        action=add; [ "$1" = 1 ] || action=change
                        (
                                while IFS= read -r kv; do export "$kv"; done <"$d/uevent"
                                # udev's DEVNAME is the node's path, and the rule passes $devnode.
                                node=/dev/$(prop "$d" DEVNAME | sed 's|^/dev/||')
                                ACTION=$action DEVPATH=${d#/sys} DEVNAME=$node exec "$EXPORT" -c "$CONF" -b "$B" "$node"
                        ) >"$OUT/$name.$1" 2>/dev/null
                        "$UH" -c "$CONF" -b "$B" export "$d" >"$OUT/$name.$1.admin" 2>/dev/null
                        cmp -s "$OUT/$name.$1" "$OUT/$name.$1.admin" || echo "$name.$1" >>"$OUT/differ"
                else
                        "$UH" -c "$CONF" -b "$B" export "$d" >"$OUT/$name.$1" 2>/dev/null
                fi
                {
                        sed -n 's/^\([A-Z_]*=\)/E:\1/p' "$d/uevent"
                        sed 's/^/E:/' "$OUT/$name.$1"
                } >"/run/udev/data/$id"
                for tag in $(sed -n 's/^UH_CLAIM_TAG=//p' "$OUT/$name.$1") \
                           $( [ "$(prop "$d" DEVTYPE)" = disk ] && sed -n 's/^UH_SERIAL_TAG=//p' "$OUT/$name.$1"); do
                        mkdir -p "/run/udev/tags/$tag"
                        : >"/run/udev/tags/$tag/$id"
                        echo "G:$tag" >>"/run/udev/data/$id"
                done
        done
}
pass 1
pass 2
