#!/bin/bash
# Device tests for udev-helper: every command against fake disks described in
# tests/devices/*.umockdev (sysfs attributes, VPD pages, udev properties, on-disk
# signatures), run through umockdev-run. Nothing here needs a real SCSI disk.
set -u

UH=${UH:?path to udev-helper}
DEVICES=${DEVICES:?path to tests/devices}
EXPECTED=${EXPECTED:?path to tests/device/expected}
. "$(dirname "$0")/device-lib.sh"
SIM=$(dirname "$0")/udev-sim.sh
COMPARE=$(dirname "$0")/compare-scan-export.py
# udevsim FIXTURE CONF BINDINGS OUTDIR: coldplug and a retrigger as 66-udev-helper.rules would
# run them, with udev's database and tags in a private /run (see udev-sim.sh).
udevsim() {
        unshare -rm sh -c 'mount -t tmpfs tmpfs /run && exec umockdev-run -d "$1" -- "$2" "$3" "$4" "$5" "$6" "$7"' sh \
                "$DEVICES/$1" "$SIM" "$UH" "$2" "$3" "$4" "${UH_EXPORT:-}"
}
# GFS2 needs a 32 MiB device for libblkid: extend the fake node sparsely inside the testbed.
tgtd() { umockdev-run -d "$DEVICES/tgtd-luns.umockdev" -- sh -c 'truncate -s 64M /dev/sdk && exec "$@"' sh "$@"; }


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
cp "$B" "$WORK/bindings-before-unbind"
run unbind vmware "$UH" -c "$CONF" -b "$B" unbind asm/extra
check "unbind exits 0" [ "$(rc unbind)" = 0 ]
check "unbind turned the line into a released comment" same <(cat "$WORK/want-bindings"; grep '^asm/extra ' "$WORK/bindings-before-unbind" | sed 's/^/# released /') "$B"
run unbind2 vmware "$UH" -c "$CONF" -b "$B" unbind asm/nothing
check "unbind of an unknown name exits 1" [ "$(rc unbind2)" = 1 ]

echo "# export: what udev imports"
run e_sdb vmware "$UH" -c "$CONF" -b "$B" export /dev/sdb
printf 'UH_SERIAL=36000c29654b6aa069e1553a3251c4f56\nUH_SERIAL_TAG=uh_serial_17feade2a9774d9d\nUH_CLASS=asm\nUH_CLAIM=asm/data01\nUH_NAME=asm/data01\nUH_OWNER=grid\nUH_GROUP=asmadmin\nUH_MODE=0660\n' >"$WORK/want-sdb"
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
check "rules: one whole-disk line per binding keyed on ID_SERIAL" [ "$(grep -c 'ENV{DEVTYPE}=="disk", ENV{ID_SERIAL}==' "$WORK/rules.out")" = 2 ]
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
check "no temporary files left behind" [ -z "$(ls "$WORK" | grep '^conc\.' | grep -v -e '^conc\.lock$' -e '^conc\.idx$')" ]
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
check "rules say on stderr that iSCSI classes need the helper" has t_rules.err "[luns] binds by iSCSI target and LUN, which static rules cannot match"
check "rules say on stderr that label classes need the helper" has t_rules.err "[asmlib] names disks from their labels"
check "rules with nothing expressible write no rule and exit 1" [ "$(rc t_rules)" = 1 ]
check "...saying so" has t_rules.err "no rule written"

echo "# --force binds only disks named on the command line"
: >"$WORK/fb"
run force_all vmware "$UH" -c "$CONF" -b "$WORK/fb" bind --force
check "bind --force without devices: exit 1 (disks holding data refused)" [ "$(rc force_all)" = 1 ]
check "...the ext4 disk is not bound" lacks "fb" " 36000c291111222233334444555566667 "
check "...the system disk is not bound" lacks "fb" " 36000c2929b3a4f1c8e2d7a5b4c3d2e1f "
check "...saying --force applies only to named devices" has force_all.err "/dev/sdg: refused: in use: sdg carries ext4 (filesystem) (--force applies only to devices named on the command line)"
check "...free disks are still bound" [ "$(grep -c '^asm/data0[12] ' "$WORK/fb")" = 2 ]
run force_named vmware "$UH" -c "$CONF" -b "$WORK/fb" bind --force sdg
check "bind --force sdg binds the named disk" has force_named.out "/dev/sdg: bound as asm/data03"

echo "# reserved names: never in udev's or the kernel's namespaces"
for n in disk/by-id/scsi-x mapper/mpatha by-uuid/x sda1 null dm-0 block/8:16 bsg/x char/x; do
        p=res_$(echo "$n" | tr '/:' '__')
        run "$p" vmware "$UH" -c "$CONF" -b "$WORK/fb" bind --force --name "$n" sdh
        check "--name $n refused" [ "$(rc "$p")" = 1 ]
        check "...as reserved-name" has "$p.err" "reserved-name"
done
printf 'disk/by-id/evil 36000c29a1b2c3d4e5f60718293a4b5c6 asm\n' >"$WORK/resb"
run res_e vmware "$UH" -c "$CONF" -b "$WORK/resb" export sdc
check "export: a binding with a reserved name gives no name" lacks res_e.out "UH_NAME"
# A reserved name makes the line damaged (it is ignored, item 3): the disk says so and why.
check "...and says bindings-error" has res_e.out "UH_PROBLEM=bindings-error"
check "...naming the namespace" has res_e.out "namespace"
run res_r vmware "$UH" -c "$CONF" -b "$WORK/resb" rules
check "rules: no rule for a reserved name" lacks res_r.out "disk/by-id/evil"
check "...said on stderr with the line" has res_r.err "resb:1: name 'disk/by-id/evil' is in udev's or the kernel's namespace"

echo "# one name, one disk"
cat >"$WORK/field.conf" <<'CONF_EOF'
[asm]
match-vendor = VMware
match-model = Virtual disk
name = asm/data%02d
owner = grid
group = asmadmin
mode = 0660

[asmlib]
match-fs-type = oracleasm
name-from = label
prefix = oracleasm/disks
owner = grid
group = asmadmin
mode = 0660
CONF_EOF
printf 'oracleasm/disks/LBL9 36000c29a0000000000000000000000a3 asm\nasm/mp01 36000c29b0000000000000000000000b1 asm\n' >"$WORK/field.b"
FC=$WORK/field.conf FB=$WORK/field.b
run nc_q field "$UH" -c "$FC" -b "$FB" export sdq
check "same ASMLib label on two disks: the second is refused at event time (udev's link)" has nc_q.out "UH_PROBLEM=name-collision"
check "...without a name" lacks nc_q.out "UH_NAME"
check "...naming the other disk" has nc_q.out "is also claimed by sdp"
check "...and claims the name for the other to find" has nc_q.out "UH_CLAIM_TAG=uh_name_"
run nc_s field "$UH" -c "$FC" -b "$FB" export sds
check "a binding named like a present disk's label: the bound disk is refused" has nc_s.out "UH_PROBLEM=name-collision"
run nc_t field "$UH" -c "$FC" -b "$FB" export sdt
check "...and so is the labelled disk (from the bindings alone)" has nc_t.out "UH_PROBLEM=name-collision"
check "...naming the bindings line" has nc_t.out "bindings line 1"
run nc_scan field "$UH" -c "$FC" -b "$FB" scan --json
for d in sdp sdq sds sdt; do
        check "scan: $d has name-collision" python3 -c 'import json,sys; d=[x for x in json.load(open(sys.argv[1]))["disks"] if x["device"]=="/dev/"+sys.argv[2]][0]; sys.exit(d["name"] is not None or d["problems"][0]["problem"]!="name-collision")' "$WORK/nc_scan.out" "$d"
done
run nc_check field "$UH" -c "$FC" -b "$FB" check
check "check reports both label claimants" has nc_check.err "/dev/sdp: name-collision"
check "...the other one too" has nc_check.err "/dev/sdq: name-collision"
check "...and exits 1" [ "$(rc nc_check)" = 1 ]
run nc_sim udevsim field-cases.umockdev "$FC" "$FB" "$WORK/sim-field"
check "udev coldplug + retrigger: the first claimant loses the name too (udev tag)" has sim-field/sdp.2 "UH_PROBLEM=name-collision"
check "...the second never had it" lacks sim-field/sdq.1 "UH_NAME"
# Both label claimants named by events that ran at once (neither saw the other): the link
# is sdp's, no tag says sdq claims the name, only udev's stack directory of the link does.
# STACK-NAME ID[=CLAIM]...: export sdp with /run/udev/links/STACK-NAME/ID... (and udev's record
# of ID with UH_CLAIM=CLAIM) in a private /run.
stacked() {
        local dir=$1; shift
        unshare -rm sh -c 'mount -t tmpfs tmpfs /run && exec umockdev-run -d "$1" -- sh -c "$2" sh "$3" "$4" "$5" "$6" "$@"' sh \
                "$DEVICES/field-cases.umockdev" '
                        UH=$1 FC=$2 FB=$3 dir=/run/udev/links/$4; shift 4
                        mkdir -p "$dir" "$UMOCKDEV_DIR/sys/dev/block"
                        for d in sdp sdq; do
                                s=$(dirname "$(grep -l "^DEVNAME=$d\$" $(find /sys/devices -name uevent))")
                                ln -s "../../${s#/sys/}" "$UMOCKDEV_DIR/sys/dev/block/$(sed -n "s/^MAJOR=//p" "$s/uevent"):$(sed -n "s/^MINOR=//p" "$s/uevent")"
                        done
                        for e in "$@"; do
                                ln -s "0:/dev/x" "$dir/${e%%=*}"
                                case $e in *=*) mkdir -p /run/udev/data; echo "E:UH_CLAIM=${e#*=}" >"/run/udev/data/${e%%=*}";; esac
                        done
                        exec "$UH" -c "$FC" -b "$FB" export sdp' "$UH" "$FC" "$FB" "$dir" "$@"
}
run nc_stack stacked 'oracleasm\x2fdisks\x2fSAME' b8:0 b8:16=oracleasm/disks/SAME
check "both claimants named at once: the link's holder finds the other in udev's stack directory" has nc_stack.out "UH_PROBLEM=name-collision"
check "...naming it" has nc_stack.out "is also claimed by sdq"
check "...and claims the name for it to find (a tag: the link is gone once refused)" has nc_stack.out "UH_CLAIM_TAG=uh_name_"
run nc_stack_old stacked '\x2foracleasm\x2fdisks\x2fSAME' b8:0 b8:16=oracleasm/disks/SAME
check "...also in udev 239's stack directory (EL 8: a leading \\x2f)" has nc_stack_old.out "UH_PROBLEM=name-collision"
run nc_stack_rule stacked 'oracleasm\x2fdisks\x2fSAME' b8:0 b8:16
check "another rule's lower-priority link for the name is no claim: the link's holder keeps it (refusing would hand it over)" has nc_stack_rule.out "UH_NAME=oracleasm/disks/SAME"
run nc_stack_other stacked 'oracleasm\x2fdisks\x2fSAME' b8:0 b8:16=oracleasm/disks/OTHER
check "...nor is a device that claims another name now" has nc_stack_other.out "UH_NAME=oracleasm/disks/SAME"
run nc_stack_gone stacked 'oracleasm\x2fdisks\x2fSAME' b8:0 b8:32=oracleasm/disks/SAME
check "a stack entry of a device that is gone claims nothing: the holder keeps its name" has nc_stack_gone.out "UH_NAME=oracleasm/disks/SAME"
check "...and, named, it carries no claim tag (its link is its claim)" lacks nc_stack_gone.out "UH_CLAIM_TAG"
run nc_stack_self stacked 'oracleasm\x2fdisks\x2fSAME' b8:0
check "only itself in the stack: named" has nc_stack_self.out "UH_NAME=oracleasm/disks/SAME"
: >"$WORK/nb"
run nc_bind field "$UH" -c "$FC" -b "$WORK/nb" bind --name oracleasm/disks/DATA_02 sds
check "bind --name of a name a present disk's label claims is refused" has nc_bind.err "name-collision: oracleasm/disks/DATA_02 is claimed by sdr"
printf 'asm/d 36000c29a0000000000000000000000a3 asm\nasm/d-part1 36000c29a0000000000000000000000a5 asm\n' >"$WORK/pb"
run nc_p field "$UH" -c "$FC" -b "$WORK/pb" export sdr
check "a binding named like another binding's partition link is refused" has nc_p.out "UH_PROBLEM=name-collision"
run nc_pr field "$UH" -c "$FC" -b "$WORK/pb" rules
check "...and rules write no rule for it" lacks nc_pr.out 'SYMLINK+="asm/d-part1"'

run nc_lr field "$UH" -c "$FC" -b "$FB" rules
check "rules: no rule for a binding below a label class's prefix" lacks nc_lr.out 'SYMLINK+="oracleasm/disks/LBL9"'
check "...said on stderr as a collision" has nc_lr.err "name-collision"
check "...the other binding still gets its rule" has nc_lr.out 'SYMLINK+="asm/mp01"'

echo "# labels: udev's transformation on both paths"
run lb_e field "$UH" -c "$FC" -b "$FB" export sdr
check "export: a label with a space is named with '_' (udev's ID_FS_LABEL)" has lb_e.out "UH_NAME=oracleasm/disks/DATA_02"
check "scan: the same name from libblkid's raw label" has nc_scan.out '"name":"oracleasm/disks/DATA_02"'

echo "# multipath: the map is named, never a path"
for p in sdm sdn; do
        run "mp_$p" field "$UH" -c "$FC" -b "$FB" export "$p"
        check "export $p: multipath-member" has "mp_$p.out" "UH_PROBLEM=multipath-member"
        check "export $p: no name, no serial tag" lacks "mp_$p.out" "UH_NAME"
        check "export $p: says which map" has "mp_$p.out" "is a path of multipath map dm-0"
done
run mp_dm field "$UH" -c "$FC" -b "$FB" export dm-0
printf 'UH_SERIAL=36000c29b0000000000000000000000b1\n' >"$WORK/want-dm"
check "export dm-0: keyed by the WWID" has mp_dm.out "UH_SERIAL=36000c29b0000000000000000000000b1"
check "export dm-0: named by its binding" has mp_dm.out "UH_NAME=asm/mp01"
check "export dm-0: with the class's ownership" has mp_dm.out "UH_OWNER=grid"
check "scan: the paths report multipath-member" [ "$(grep -c '"problem":"multipath-member"' "$WORK/nc_scan.out")" = 2 ]
check "scan: the map is named" has nc_scan.out '"name":"asm/mp01"'
: >"$WORK/mb"
run mp_bind field "$UH" -c "$FC" -b "$WORK/mb" bind --class asm
check "bind --class asm binds the map by its WWID" has mp_bind.out "/dev/dm-0: bound as"
check "...exactly one line for the WWID" [ "$(grep -c ' 36000c29b0000000000000000000000b1 ' "$WORK/mb")" = 1 ]
check "bind of a path is refused" sh -c '! umockdev-run -d "$1" -- "$2" -c "$3" -b "$4" bind --class asm sdm 2>/dev/null' sh "$DEVICES/field-cases.umockdev" "$UH" "$FC" "$WORK/mb"
run mp_rules field "$UH" -c "$FC" -b "$FB" rules
check "rules: the map's line" has mp_rules.out 'KERNEL=="dm-*", ENV{DM_UUID}=="mpath-36000c29b0000000000000000000000b1", SYMLINK+="asm/mp01"'
check "rules: paths skipped" has mp_rules.out 'ENV{DM_MULTIPATH_DEVICE_PATH}=="1", GOTO="udev_helper_static_end"'

echo "# one bad disk reports only itself"
grep -v '^owner\|^group' "$CONF" >"$WORK/dead.conf" # check would fail on the absent grid user
run dd_scan dead "$UH" -c "$WORK/dead.conf" -b "$WORK/nb" scan
check "scan with a dead path exits 0 and lists both disks" [ "$(rc dd_scan)" = 0 ] && [ "$(grep -c '^/dev/sd' "$WORK/dd_scan.out")" = 2 ]
check "...the dead one as unreadable" grep -q '^/dev/sdw .*unreadable' "$WORK/dd_scan.out"
check "...the healthy one without problems" grep -q '^/dev/sdv .* -$' "$WORK/dd_scan.out"
run dd_check dead "$UH" -c "$WORK/dead.conf" -b "$WORK/nb" check
check "check: the dead path is a warning, not a failure (recheck service survives)" [ "$(rc dd_check)" = 0 ]
check "...and is reported" has dd_check.err "/dev/sdw: unreadable"
: >"$WORK/db"
run dd_bind dead "$UH" -c "$WORK/dead.conf" -b "$WORK/db" bind
check "bind: the healthy disk is bound" has dd_bind.out "/dev/sdv: bound as asm/data01"
check "...the dead one refused, exit 1" [ "$(rc dd_bind)" = 1 ] && has dd_bind.err "/dev/sdw: unreadable"

echo "# rules: partitions as export names them"
run rp vmware "$UH" -c "$CONF" -b "$WORK/rules-bindings" rules
check "rules: sdb's partitions follow it with ownership" has rp.out 'KERNEL=="sd*[0-9]", ENV{DEVTYPE}=="partition", ENV{ID_SERIAL}=="36000c29654b6aa069e1553a3251c4f56", SYMLINK+="asm/data01-part%n", OWNER="grid", GROUP="asmadmin", MODE="0660"'
run rp_e vmware "$UH" -c "$CONF" -b "$WORK/rules-bindings" export sdb1
check "...which is what export gives sdb1" has rp_e.out "UH_NAME=asm/data01-part1"

echo "# scan shows what export gives, for every disk of every fixture"
run cmp_v_scan vmware "$UH" -c "$CONF" -b "$B" scan --json
run cmp_v_sim udevsim vmware-guest.umockdev "$CONF" "$B" "$WORK/sim-vmware"
check "vmware guest: scan and export agree on every disk" python3 "$COMPARE" "$WORK/cmp_v_scan.out" "$WORK/sim-vmware"
check "vmware guest: udev's call (environment) and an admin's print the same" same /dev/null "$WORK/sim-vmware/differ"
run cmp_t_scan tgtd "$UH" -c "$WORK/label.conf" -b "$WORK/ib" scan --json
run cmp_t_sim udevsim tgtd-luns.umockdev "$WORK/label.conf" "$WORK/ib" "$WORK/sim-tgtd"
check "tgtd LUNs: scan and export agree on every disk" python3 "$COMPARE" "$WORK/cmp_t_scan.out" "$WORK/sim-tgtd"
check "tgtd LUNs: udev's call (environment) and an admin's print the same" same /dev/null "$WORK/sim-tgtd/differ"
check "field cases: scan and export agree on every disk" python3 "$COMPARE" "$WORK/nc_scan.out" "$WORK/sim-field"
check "field cases: udev's call (environment) and an admin's print the same" same /dev/null "$WORK/sim-field/differ"

echo "# one name, one device: clones, ASMLib partitions, tgtd default serials (asm-clones)"
clones() { umockdev-run -d "$DEVICES/asm-clones.umockdev" -- sh -c 'truncate -s 64M /dev/sdh /dev/sdi /dev/sdj && exec "$@"' sh "$@"; }
printf '[asmlib]\nmatch-fs-type = oracleasm\nname-from = label\nprefix = oracleasm/disks\n[gfs]\nmatch-fs-type = gfs2\nname-from = label\nprefix = gfs\n' >"$WORK/clones.conf"
: >"$WORK/clones.b"
run cl_scan clones "$UH" -c "$WORK/clones.conf" -b "$WORK/clones.b" scan --json
run cl_sim udevsim asm-clones.umockdev "$WORK/clones.conf" "$WORK/clones.b" "$WORK/sim-clones"
for dev in sdc sdd sde1 sdf1 sdh sdi; do
        check "$dev: its name is another device's too: export refuses it (after the retrigger)" \
                grep -qx UH_PROBLEM=name-collision "$WORK/sim-clones/$dev.2"
done
check "sdg1: its ASMLib label is its own: named" grep -qx UH_NAME=oracleasm/disks/PART02 "$WORK/sim-clones/sdg1.2"
check "scan and export agree on every device, partitions included" python3 "$COMPARE" "$WORK/cl_scan.out" "$WORK/sim-clones"
check "scan lists the ASMLib partitions" python3 -c 'import json,sys; d=[x["device"] for x in json.load(open(sys.argv[1]))["disks"]]; sys.exit(not {"/dev/sde1","/dev/sdf1","/dev/sdg1"} <= set(d))' "$WORK/cl_scan.out"
run cl_list clones "$UH" -c "$WORK/clones.conf" -b "$WORK/clones.b" list
check "list: only the name one device claims" same <(printf 'oracleasm/disks/PART02\n') "$WORK/cl_list.out"
run cl_check clones "$UH" -c "$WORK/clones.conf" -b "$WORK/clones.b" check
check "check: six devices with a problem, exit 1" [ "$(rc cl_check)" = 1 ]
check "check: six devices with a problem, exit 1 (message)" has cl_check.out "6 problems"
check "check names the partition" has cl_check.err "/dev/sdf1: name-collision"
run cl_retrig clones sh -c '"$0" -c "$1" -b "$2" check --retrigger; for d in sde/sde1 sdf/sdf1 sde; do echo "$d $(head -1 /sys/block/$d/uevent)"; done' "$UH" "$WORK/clones.conf" "$WORK/clones.b"
check "check --retrigger re-evaluates the ASMLib partitions themselves" has cl_retrig.out "sde/sde1 change"
check "...both of them" has cl_retrig.out "sdf/sdf1 change"
check "...saying why" has cl_retrig.err "/dev/sdf1: udev recorded name (none), the full comparison says problem name-collision"
run cl_q1 clones "$UH" -c "$WORK/clones.conf" -b "$WORK/clones.b" query oracleasm/disks/PART02
check "query NAME finds the ASMLib partition" has cl_q1.out "device: /dev/sdg1"
run cl_q3 clones "$UH" -c "$WORK/clones.conf" -b "$WORK/clones.b" query PART02
check "query LABEL finds the device that carries it" has cl_q3.out "device: /dev/sdg1"
run cl_q2 clones "$UH" -c "$WORK/clones.conf" -b "$WORK/clones.b" query /dev/sde1
check "query of a labelled partition: its refused claim, exit 1" has cl_q2.out "claim: oracleasm/disks/PART01 (refused)"
check "query of a labelled partition: its refused claim, exit 1 (exit)" [ "$(rc cl_q2)" = 1 ]

echo "# in use means in use: --force overrides only stale signatures (asm-clones)"
printf '[asm]\nmatch-vendor = VMware\nname = asm/d%%02d\n' >"$WORK/use.conf"
: >"$WORK/use.b"
run iu_q clones "$UH" -c "$WORK/use.conf" -b "$WORK/use.b" query sdj
check "ext4 under a stale ASMLib header (ambivalent) is in use" has iu_q.out "in-use: sdj carries more than one signature (libblkid: ambivalent)"
run iu_b1 clones "$UH" -c "$WORK/use.conf" -b "$WORK/use.b" bind sdj
check "bind refuses it" [ "$(rc iu_b1)" = 1 ]
check "...and writes nothing" same /dev/null "$WORK/use.b"
run iu_b2 clones "$UH" -c "$WORK/use.conf" -b "$WORK/use.b" bind --force sdj
check "bind --force binds it (a stale signature)" [ "$(rc iu_b2)" = 0 ]
check "...as asm/d01" grep -q '^asm/d01 36000c29d0000000000000000000000d5 asm$' "$WORK/use.b"
run iu_b3 clones "$UH" -c "$WORK/use.conf" -b "$WORK/use.b" bind --force sdk
check "bind --force refuses a disk held by a dm device" [ "$(rc iu_b3)" = 1 ]
check "...saying --force cannot override that" has iu_b3.err "sdk is held by another device (LVM, MD, multipath, dm-crypt) (--force overrides only stale signatures)"
check "...and writes nothing for it" [ "$(wc -l <"$WORK/use.b")" = 1 ]

echo "# the example configuration never takes the system disk"
run ex_scan vmware "$UH" -c "$DEVICES/../../examples/udev-helper.conf" -b "$WORK/ex.b" scan -o DEVICE,CLASS --noheadings
check "sda (the system disk, a VMware virtual disk on host 2) is in no class" grep -q '^/dev/sda  *-$' "$WORK/ex_scan.out"
check "sdb (a shared disk on host 3) is in [asm]" grep -q '^/dev/sdb  *asm$' "$WORK/ex_scan.out"

echo "# a released name is not handed out to another disk unless asked"
printf 'asm/data01 36000c29654b6aa069e1553a3251c4f56 asm\nasm/data02 36000c29a1b2c3d4e5f60718293a4b5c6 asm\n' >"$WORK/rel.b"
run rel_u vmware "$UH" -c "$CONF" -b "$WORK/rel.b" unbind asm/data01
run rel_b vmware "$UH" -c "$CONF" -b "$WORK/rel.b" bind --force sdg
check "another disk gets the next name, not the released asm/data01" has rel_b.out "/dev/sdg: bound as asm/data03"
run rel_u2 vmware "$UH" -c "$CONF" -b "$WORK/rel.b" unbind asm/data03
run rel_b2 vmware "$UH" -c "$CONF" -b "$WORK/rel.b" bind sdb
check "the disk it was released from may have it back" has rel_b2.out "/dev/sdb: bound as asm/data01"
run rel_b3 vmware "$UH" -c "$CONF" -b "$WORK/rel.b" bind --force --name asm/data03 sdg
check "asked for by --name, a released name is given" [ "$(rc rel_b3)" = 0 ]
run rel_x vmware "$UH" -c "$CONF" -b "$WORK/rel.b" export sdb
check "released comments are ignored by export" grep -qx UH_NAME=asm/data01 "$WORK/rel_x.out"

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
