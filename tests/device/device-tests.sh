#!/bin/bash
# Device tests for udev-helper: every command against fake disks described in
# tests/devices/*.umockdev (sysfs attributes, VPD pages, udev properties, on-disk
# signatures), run through umockdev-run. Nothing here needs a real SCSI disk.
set -u

UH=${UH:?path to udev-helper}
DEVICES=${DEVICES:?path to tests/devices}
EXPECTED=${EXPECTED:?path to tests/device/expected}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/../lib.sh"

vmware() { umockdev-run -d "$DEVICES/vmware-guest.umockdev" -- "$@"; }
# GFS2 needs a 32 MiB device for libblkid: extend the fake node sparsely inside the testbed.
tgtd() { umockdev-run -d "$DEVICES/tgtd-luns.umockdev" -- sh -c 'truncate -s 64M /dev/sdk && exec "$@"' sh "$@"; }

# run CAPTURE-PREFIX COMMAND...: stdout, stderr and exit code into $WORK/PREFIX.{out,err,rc}
run() {
        local p=$WORK/$1; shift
        "$@" >"$p.out" 2>"$p.err"
        echo $? >"$p.rc"
}
rc() { cat "$WORK/$1.rc"; }
has() { grep -qF -- "$2" "$WORK/$1"; }
lacks() { ! grep -qF -- "$2" "$WORK/$1"; }
same() { diff -u "$1" "$2" >&2; }

CONF=$WORK/asm.conf
cat >"$CONF" <<'CONF_EOF'
[asm]
match-vendor = VMware
match-model = Virtual disk
min-size = 1G
name = asm/data%02d
owner = grid
group = asmadmin
mode = 0660
CONF_EOF
B=$WORK/bindings

echo "# scan of a VMware guest"
run scan vmware "$UH" -c "$CONF" -b "$B" scan --json
check "scan --json exits 0" [ "$(rc scan)" = 0 ]
check "scan --json matches expected/vmware-scan.json" same "$EXPECTED/vmware-scan.json" "$WORK/scan.out"
run scantab vmware "$UH" -c "$CONF" -b "$B" scan
check "scan table lists all 8 disks" [ "$(grep -c '^/dev/sd' "$WORK/scantab.out")" = 8 ]

echo "# bind: every unbound disk of the class, in SCSI address order"
run bind1 vmware "$UH" -c "$CONF" -b "$B" bind
check "bind exits 1 because some disks were refused" [ "$(rc bind1)" = 1 ]
printf 'asm/data01 36000c29654b6aa069e1553a3251c4f56 asm\nasm/data02 36000c29a1b2c3d4e5f60718293a4b5c6 asm\n' >"$WORK/want-bindings"
check "bindings hold sdb then sdc, nothing else" same "$WORK/want-bindings" "$B"
check "system disk refused: its partition carries ext4" has bind1.err "/dev/sda: refused: in use: partition sda1 carries ext4"
check "no-UUID disk refused with EnableUUID advice" has bind1.err 'set disk.EnableUUID = "TRUE"'
check "cloned disks both refused" has bind1.err "/dev/sde: refused"
check "cloned disks both refused (2)" has bind1.err "/dev/sdf: refused"
check "ext4 disk refused as in use" has bind1.err "/dev/sdg: refused: in use: sdg carries ext4"
check "ASMLib disk refused as in use for [asm]" has bind1.err "/dev/sdh: refused: in use: sdh carries oracleasm"

run bind2 vmware "$UH" -c "$CONF" -b "$B" bind
check "second bind refuses the same disks again (exit 1)" [ "$(rc bind2)" = 1 ]
check "second bind binds nothing new" lacks bind2.out "bound as"
check "bindings unchanged by the second bind" same "$WORK/want-bindings" "$B"
run bind2b vmware "$UH" -c "$CONF" -b "$B" bind sdb sdc
check "binding already-bound disks is a no-op that succeeds" [ "$(rc bind2b)" = 0 ]
check "...and says so" has bind2b.out "/dev/sdb: already bound as asm/data01"

run bind3 vmware "$UH" -c "$CONF" -b "$B" bind /dev/sdd
check "explicit bind of the no-UUID disk exits 1" [ "$(rc bind3)" = 1 ]
check "...and writes nothing" same "$WORK/want-bindings" "$B"

run bind4 vmware "$UH" -c "$CONF" -b "$B" bind --name asm/extra sdg
check "ext4 disk refused without --force" [ "$(rc bind4)" = 1 ]
run bind8 vmware "$UH" -c "$CONF" -b "$B" bind --force --name "../etc/x" sdg
check "--name outside /dev is refused" [ "$(rc bind8)" = 1 ]
check "...saying why" has bind8.err "not a valid name below /dev"
run bind5 vmware "$UH" -c "$CONF" -b "$B" bind --force --name asm/extra sdg
check "ext4 disk bound with --force" [ "$(rc bind5)" = 0 ]
check "...under the given name" has bind5.out "/dev/sdg: bound as asm/extra"
check "...with a warning" has bind5.err "binding anyway (--force)"
run bind6 vmware "$UH" -c "$CONF" -b "$B" bind --force --name asm/extra sdh
check "a name already taken is refused" has bind6.err "name asm/extra is already bound"
check "...with exit 1" [ "$(rc bind6)" = 1 ]
run bind7 vmware "$UH" -c "$CONF" -b "$B" bind sdb1
check "a partition is refused (bind the disk)" has bind7.err "is a partition"
run unbind vmware "$UH" -c "$CONF" -b "$B" unbind asm/extra
check "unbind exits 0" [ "$(rc unbind)" = 0 ]
check "unbind removed the line" same "$WORK/want-bindings" "$B"
run unbind2 vmware "$UH" -c "$CONF" -b "$B" unbind asm/nothing
check "unbind of an unknown name exits 1" [ "$(rc unbind2)" = 1 ]

echo "# export: what udev imports"
run e_sdb vmware "$UH" -c "$CONF" -b "$B" export /dev/sdb
printf 'UH_SERIAL=36000c29654b6aa069e1553a3251c4f56\nUH_SERIAL_TAG=uh_serial_17feade2a9774d9d\nUH_CLASS=asm\nUH_CLAIM=asm/data01\nUH_CLAIM_TAG=uh_name_b2d342589d5762b8\nUH_NAME=asm/data01\nUH_OWNER=grid\nUH_GROUP=asmadmin\nUH_MODE=0660\n' >"$WORK/want-sdb"
check "export sdb: name, owner, group, mode" same "$WORK/want-sdb" "$WORK/e_sdb.out"
run e_sdb1 vmware "$UH" -c "$CONF" -b "$B" export sdb1
check "export sdb1: the partition follows the disk" has e_sdb1.out "UH_NAME=asm/data01-part1"
run e_sys vmware "$UH" -c "$CONF" -b "$B" export /sys/devices/pci0000:00/0000:00:15.0/0000:03:00.0/host3/target3:0:1/3:0:1:0/block/sdc
check "export by sysfs path" has e_sys.out "UH_NAME=asm/data02"
run e_sdd vmware "$UH" -c "$CONF" -b "$B" export sdd
check "export sdd: no-unique-id" has e_sdd.out "UH_PROBLEM=no-unique-id"
check "export sdd: no name" lacks e_sdd.out "UH_NAME"
check "export sdd: stderr says what to do" has e_sdd.err 'disk.EnableUUID'
check "export exits 0 with a problem (udev drops output of failed programs)" [ "$(rc e_sdd)" = 0 ]
run e_sda vmware "$UH" -c "$CONF" -b "$B" export sda
check "export of an unbound disk: class but no name" has e_sda.out "UH_CLASS=asm"
check "export of an unbound disk: no name" lacks e_sda.out "UH_NAME"

echo "# duplicates at event time: a bound serial seen on a second disk"
echo "asm/clone01 36000c29deadbeef0123456789abcdef0 asm" >>"$B"
run e_sdf vmware "$UH" -c "$CONF" -b "$B" export sdf
check "export sdf: duplicate-serial (found through udev's by-id link, no scan)" has e_sdf.out "UH_PROBLEM=duplicate-serial"
check "export sdf: no name" lacks e_sdf.out "UH_NAME"
check "export sdf: says which disk it collides with" has e_sdf.out "is also presented by sde"
run check1 vmware "$UH" -c "$CONF" -b "$B" check
check "check exits 1 with problems" [ "$(rc check1)" = 1 ]
check "check reports sde and sdf as duplicates" has check1.err "/dev/sde: duplicate-serial"
check "check reports sdf too" has check1.err "/dev/sdf: duplicate-serial"
echo "asm/gone 36000c29000000000000000000000000 asm" >>"$B"
run check2 vmware "$UH" -c "$CONF" -b "$B" check
check "check warns about a bound disk that is absent" has check2.err "warning"
check "...naming it" has check2.err "asm/gone"

echo "# check --retrigger: make udev look again where its record differs from the full view"
run retrig vmware sh -c '"$0" -c "$1" -b "$2" check --retrigger; for d in sda sdd sde sdf; do echo "$d $(head -1 /sys/block/$d/uevent)"; done' "$UH" "$CONF" "$B"
check "retrigger: the clones are re-evaluated" has retrig.out "sde change"
check "retrigger: both clones" has retrig.out "sdf change"
check "retrigger: the no-UUID disk too (udev recorded nothing)" has retrig.out "sdd change"
check "retrigger: a disk on which udev and the full view agree is left alone" lacks retrig.out "sda change"
check "retrigger: says why" has retrig.err "udev recorded name (none), the full comparison says problem duplicate-serial"

echo "# partition = 1: the name goes on the partition"
sed 's/^mode = 0660$/mode = 0660\npartition = 1/' "$CONF" >"$WORK/part.conf"
run p_sdb vmware "$UH" -c "$WORK/part.conf" -b "$B" export sdb
check "disk itself gets no name" lacks p_sdb.out "UH_NAME"
run p_sdb1 vmware "$UH" -c "$WORK/part.conf" -b "$B" export sdb1
check "partition 1 gets the name" has p_sdb1.out "UH_NAME=asm/data01"

echo "# broken configuration: no names at all, file and line named"
printf '[asm]\nmatch-vendor = VMware\nname = asm/data%%02d\nmode = 0999\n' >"$WORK/bad.conf"
run bad vmware "$UH" -c "$WORK/bad.conf" -b "$B" export sdb
check "export: UH_PROBLEM=config-error" has bad.out "UH_PROBLEM=config-error"
check "export: no name" lacks bad.out "UH_NAME"
check "stderr names file and line" has bad.err "$WORK/bad.conf:4: invalid mode"
run bad2 vmware "$UH" -c "$WORK/bad.conf" -b "$B" scan
check "scan refuses a broken config with exit 3" [ "$(rc bad2)" = 3 ]
printf 'asm/x 36000c29654b6aa069e1553a3251c4f56 asm extra\n' >"$WORK/bad-bindings"  # a damaged line about sdb
run bad3 vmware "$UH" -c "$CONF" -b "$WORK/bad-bindings" export sdb
check "broken bindings: UH_PROBLEM=bindings-error" has bad3.out "UH_PROBLEM=bindings-error"
check "broken bindings: file and line" has bad3.err "$WORK/bad-bindings:1:"

echo "# rules: static equivalent"
head -2 "$WORK/want-bindings" >"$WORK/rules-bindings"
run rules vmware "$UH" -c "$CONF" -b "$WORK/rules-bindings" rules
check "rules exits 0" [ "$(rc rules)" = 0 ]
check "rules: one line per binding keyed on ID_SERIAL" [ "$(grep -c 'ENV{ID_SERIAL}==' "$WORK/rules.out")" = 2 ]
check "rules: sdb's line" has rules.out 'KERNEL=="sd*[!0-9]", ENV{DEVTYPE}=="disk", ENV{ID_SERIAL}=="36000c29654b6aa069e1553a3251c4f56", SYMLINK+="asm/data01", OWNER="grid", GROUP="asmadmin", MODE="0660"'

echo "# concurrent binds never lose a line"
: >"$WORK/conc"
for d in sdb sdc; do
        vmware "$UH" -c "$CONF" -b "$WORK/conc" -q bind "$d" >/dev/null 2>&1 &
done
for n in 1 2 3 4 5 6; do
        vmware "$UH" -c "$CONF" -b "$WORK/conc" -q bind --force --name "asm/f$n" sdg >/dev/null 2>&1 &
done
wait
check "both disks bound by concurrent binds" [ "$(grep -c '^asm/data0[12] ' "$WORK/conc")" = 2 ]
check "the contested disk bound exactly once" [ "$(grep -c ' 36000c291111222233334444555566667 ' "$WORK/conc")" = 1 ]
check "no temporary files left behind" [ -z "$(ls "$WORK" | grep '^conc\.' | grep -v '^conc\.lock$')" ]
check "no torn lines" [ "$(awk 'NF != 3' "$WORK/conc" | wc -l)" = 0 ]

echo "# labels: ASMLib and GFS2"
cat >"$WORK/label.conf" <<'CONF_EOF'
[asm]
match-vendor = VMware
match-model = Virtual disk
name = asm/data%02d

[asmlib]
match-fs-type = oracleasm
name-from = label
prefix = oracleasm/disks
owner = grid
group = asmadmin
mode = 0660

[gfs]
match-fs-type = gfs2
name-from = label
prefix = gfs
owner = root
group = disk
mode = 0660

[luns]
match-vendor = IET
identify-by = iscsi
name = iscsi/lun%02d
CONF_EOF
: >"$WORK/lb"
run l_sdh vmware "$UH" -c "$WORK/label.conf" -b "$WORK/lb" export sdh
check "ASMLib disk named from its label" has l_sdh.out "UH_NAME=oracleasm/disks/DATA01"
check "ASMLib disk: class asmlib, not asm" has l_sdh.out "UH_CLASS=asmlib"
run l_env vmware env ACTION=change DEVPATH=/devices/x ID_FS_TYPE=oracleasm ID_FS_LABEL=DATA02 "$UH" -c "$WORK/label.conf" -b "$WORK/lb" export sdh
check "in a udev event the label comes from the event" has l_env.out "UH_NAME=oracleasm/disks/DATA02"
run l_gone vmware env ACTION=change DEVPATH=/devices/x "$UH" -c "$WORK/label.conf" -b "$WORK/lb" export sdh
check "label gone on change: no label-derived name" lacks l_gone.out "UH_NAME"
run l_evil vmware env ACTION=change DEVPATH=/devices/x ID_FS_TYPE=oracleasm 'ID_FS_LABEL=../../etc' "$UH" -c "$WORK/label.conf" -b "$WORK/lb" export sdh
check "hostile label refused" has l_evil.out "UH_PROBLEM=unsafe-label"
check "hostile label: no name" lacks l_evil.out "UH_NAME"
run l_scan vmware "$UH" -c "$WORK/label.conf" -b "$WORK/lb" scan --json
check "scan shows the label" has l_scan.out '"label":"DATA01"'
check "scan shows the fs type" has l_scan.out '"fs_type":"oracleasm"'
run l_bind vmware "$UH" -c "$WORK/label.conf" -b "$WORK/lb" bind sdh
check "bind of a label-named disk is refused (nothing to bind)" has l_bind.err "names disks from their labels"

run g_sdk tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/lb" export sdk
check "GFS2 LUN named gfs/<cluster>/<fs>" has g_sdk.out "UH_NAME=gfs/mycluster/gfs2_data"
check "GFS2 LUN: owner root:disk" has g_sdk.out "UH_GROUP=disk"
run g_scan tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/lb" scan --json
check "libblkid finds GFS2 in scan" has g_scan.out '"label":"mycluster:gfs2_data"'

echo "# iSCSI: tgtd's repeated serials, told apart by target and LUN"
printf '[t]\nmatch-vendor = IET\nname = t%%02d\n' >"$WORK/serial.conf"
run t_ser tgtd "$UH" -c "$WORK/serial.conf" -b "$WORK/lb" export sdi
check "serial class: tgtd default serial is a problem" has t_ser.out "UH_PROBLEM=default-serial"
: >"$WORK/ib"
run t_bind tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/ib" bind --class luns
check "bind --class luns exits 1: the GFS2 LUN also matches [luns] and is refused" [ "$(rc t_bind)" = 1 ]
check "...as in use, saying what it carries" has t_bind.err "/dev/sdk: refused: in use: sdk carries gfs2"
printf 'iscsi/lun01 iscsi:iqn.2024-01.com.example:storage.gfs1:1 luns\niscsi/lun02 iscsi:iqn.2024-01.com.example:storage.gfs2:1 luns\n' >"$WORK/want-ib"
check "two LUNs with one serial bound by IQN and LUN" same "$WORK/want-ib" "$WORK/ib"
check "the GFS2 LUN was not bound" lacks t_bind.out "sdk"
run t_e1 tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/ib" export sdi
run t_e2 tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/ib" export sdj
check "sdi exported as iscsi/lun01" has t_e1.out "UH_NAME=iscsi/lun01"
check "sdj exported as iscsi/lun02" has t_e2.out "UH_NAME=iscsi/lun02"
run t_scan tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/ib" scan --json
check "scan shows the iSCSI target" has t_scan.out '"iscsi_target":"iqn.2024-01.com.example:storage.gfs2"'
check "scan shows the LUN" has t_scan.out '"lun":1'
run t_rules tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/ib" rules
check "rules explain that iSCSI bindings need the helper" has t_rules.out "static rules cannot match"

echo "# usage errors"
run u1 "$UH"
check "no command: exit 2" [ "$(rc u1)" = 2 ]
run u2 "$UH" frobnicate
check "unknown command: exit 2" [ "$(rc u2)" = 2 ]
run u3 "$UH" export
check "export without device: exit 2" [ "$(rc u3)" = 2 ]
run u4 "$UH" --help
check "--help: exit 0 and lists the commands" has u4.out "export DEVICE"

summary
