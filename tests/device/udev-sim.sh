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
# udev's SYMLINK+=: the /dev link (relative, as udev writes it; of equal priorities the
# device handled last gets it) and its stack directory /run/udev/links/ESCAPED/ID, with the
# entry udev 250+ writes ("PRIORITY:DEVNODE"). A device no longer named leaves the stack,
# and the link goes to another device in it or away.
links() { # SYSNAME ID NAME-OR-EMPTY
        for stack in /run/udev/links/*/"$2"; do
                [ -L "$stack" ] || continue
                dir=${stack%/*} link=$(cat "${dir}.name")
                [ "$link" = "$3" ] && continue
                rm -f "$stack"
                if [ "$(readlink "$UMOCKDEV_DIR/dev/$link" | sed 's|.*/||')" = "$1" ]; then
                        rm -f "$UMOCKDEV_DIR/dev/$link"
                        for e in "$dir"/*; do
                                [ -L "$e" ] || continue
                                ln -sfn "$(link_target "$link" "$(readlink "$e" | sed 's|.*/||')")" "$UMOCKDEV_DIR/dev/$link"
                        done
                fi
        done
        [ -n "$3" ] || return 0
        dir=/run/udev/links/$(printf '%s' "$3" | sed 's|/|\\x2f|g')
        mkdir -p "$dir" "$(dirname "$UMOCKDEV_DIR/dev/$3")"
        printf '%s' "$3" >"${dir}.name"
        ln -sfn "0:/dev/$1" "$dir/$2"
        ln -sfn "$(link_target "$3" "$1")" "$UMOCKDEV_DIR/dev/$3"
}
link_target() { # NAME SYSNAME: ../sdb for asm/data01
        printf '%s' "$1" | sed 's|[^/]*/|../|g; s|[^/]*$||'
        printf '%s\n' "$2"
}
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
                links "$name" "$id" "$(sed -n 's/^UH_NAME=//p' "$OUT/$name.$1")"
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
