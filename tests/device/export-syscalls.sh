#!/bin/bash
# What one export costs the kernel: under umockdev (the VMware fixture, udev's database and
# tags, name links and their stack directories from udev-sim.sh, the by-id link udev would make), strace of the event
# binary on a disk and on a partition as udev runs it, and on the partition as an admin runs
# it; export-syscalls.py checks the traces (nothing opened twice, no second read of a file,
# no stdio or DIR set-up calls, no realpath walk of a link that names the device itself or does not exist).
# Skipped (77) without strace.
set -u
UH=${UH:?path to udev-helper}
UH_EXPORT=${UH_EXPORT:?path to the dynamic udev-helper-export}
DEVICES=${DEVICES:?path to tests/devices}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v strace >/dev/null || { echo "strace not installed: skipped"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/conf" <<'EOF'
[asm]
match-vendor = VMware
match-model = Virtual disk
min-size = 1G
name = asm/data%02d
owner = grid
group = asmadmin
mode = 0660
EOF
printf 'asm/data01 36000c29654b6aa069e1553a3251c4f56 asm\nasm/data02 36000c29a1b2c3d4e5f60718293a4b5c6 asm\n' >"$WORK/bindings"

# Inside umockdev and a private /run: coldplug as the rules would, then trace DEV's event.
cat >"$WORK/inner.sh" <<'EOF'
set -eu
UH=$1 EX=$2 W=$3
sh "$4/udev-sim.sh" "$UH" "$W/conf" "$W/bindings" "$W/sim" "$EX" >/dev/null 2>&1
# LeakSanitizer cannot run under ptrace; the other device tests check for leaks.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
# udev-sim.sh made the name links and their stack directories; the by-id link is udev's own rules'.
mkdir -p "$UMOCKDEV_DIR/dev/disk/by-id"
ln -s ../../sdb "$UMOCKDEV_DIR/dev/disk/by-id/scsi-36000c29654b6aa069e1553a3251c4f56"
# sdc has no by-id link yet (udev makes its links after the rules): looking for one is one
# readlink, not a realpath() walk.
for dev in sdb sdb1 sdc; do
        d=$(grep -l "^DEVNAME=$dev\$" $(find /sys/devices -name uevent)); d=${d%/uevent}
        id=b$(sed -n 's/^MAJOR=//p' "$d/uevent"):$(sed -n 's/^MINOR=//p' "$d/uevent")
        (
                while IFS= read -r kv; do export "$kv"; done <"$d/uevent"
                sed -n 's/^E:\(ID_[A-Z_]*=.*\)/\1/p' "/run/udev/data/$id" >"$W/env.$dev"
                while IFS= read -r kv; do export "$kv"; done <"$W/env.$dev"
                ACTION=change DEVPATH=${d#/sys} DEVNAME=/dev/$dev ASAN_OPTIONS=$ASAN_OPTIONS \
                        exec strace -qq -o "$W/trace.$dev" "$EX" -c "$W/conf" -b "$W/bindings" "/dev/$dev"
        ) >"$W/out.$dev"
done
# An admin's call (no event environment): udev's records come from its files.
d=$(grep -l '^DEVNAME=sdb1$' $(find /sys/devices -name uevent)); d=${d%/uevent}
env -i LD_PRELOAD="$LD_PRELOAD" UMOCKDEV_DIR="$UMOCKDEV_DIR" ASAN_OPTIONS="$ASAN_OPTIONS" \
        ${UBSAN_OPTIONS+UBSAN_OPTIONS="$UBSAN_OPTIONS"} strace -qq -o "$W/trace.admin-sdb1" "$EX" -c "$W/conf" -b "$W/bindings" "$d" >"$W/out.admin-sdb1"
EOF
unshare -rm sh -c 'mount -t tmpfs tmpfs /run && exec umockdev-run -d "$1" -- bash "$2" "$3" "$4" "$5" "$6"' sh \
        "$DEVICES/vmware-guest.umockdev" "$WORK/inner.sh" "$UH" "$UH_EXPORT" "$WORK" "$HERE" || exit 1
exec python3 "$HERE/export-syscalls.py" "$WORK"
