#!/bin/bash
# The commands ASM admins expect: list, query, bind --dry-run, apply and
# scan's columns, on the fake disks of tests/devices under umockdev.  umockdev has no udevd:
# a device's udev record is its fake uevent file (what libudev reads as properties), so the
# tests set "what udev shows now" by writing UH_* lines there, and fake_udevd below plays
# udevd for apply's wait (restore the record, run export, store its lines).
set -u

UH=${UH:?path to udev-helper}
DEVICES=${DEVICES:?path to tests/devices}
. "$(dirname "$0")/device-lib.sh"

SDB=36000c29654b6aa069e1553a3251c4f56
SDC=36000c29a1b2c3d4e5f60718293a4b5c6
CONF=$WORK/asm.conf
cat >"$CONF" <<'CONF_EOF'
[asm]
match-vendor = VMware
match-model = Virtual disk
min-size = 1G
name = asm/data%02d
mode = 0660
CONF_EOF
B=$WORK/bindings
printf 'asm/zz %s asm\nasm/aa %s asm\n' "$SDC" "$SDB" >"$B"

echo "# list: the names this host gives, sorted"
run list vmware "$UH" -c "$CONF" -b "$B" list
printf 'asm/aa\nasm/zz\n' >"$WORK/want-list"
check "list exits 0" [ "$(rc list)" = 0 ]
check "list prints exactly the two names, sorted" same "$WORK/want-list" "$WORK/list.out"
sed 's/^mode = 0660$/mode = 0660\npartition = 1/' "$CONF" >"$WORK/part.conf"
run list_p vmware "$UH" -c "$WORK/part.conf" -b "$B" list
check "list: a partition class's name (on partition 1) is listed" has list_p.out "asm/aa"
run list_u vmware "$UH" -c "$CONF" -b "$B" list extra
check "list with an argument: exit 2" [ "$(rc list_u)" = 2 ]
printf 'asm/gone 36000c29000000000000000000000000 asm\n' >>"$B"
run list_g vmware "$UH" -c "$CONF" -b "$B" list
check "list: a binding whose disk is absent gives no name" same "$WORK/want-list" "$WORK/list_g.out"
printf '[asm]\nmatch-vendor = VMware\nname = asm/data%%02d\n' >"$WORK/dead.conf"
printf 'asm/dead 36000c29c0000000000000000000000c2 asm\nasm/live 36000c29c0000000000000000000000c1 asm\n' >"$WORK/dead.b"
run list_d umockdev-run -d "$DEVICES/dead-path.umockdev" -- "$UH" -c "$WORK/dead.conf" -b "$WORK/dead.b" list
check "list: a disk that cannot be opened keeps the name export gives it" same <(printf 'asm/dead\nasm/live\n') "$WORK/list_d.out"
run q_d umockdev-run -d "$DEVICES/dead-path.umockdev" -- "$UH" -c "$WORK/dead.conf" -b "$WORK/dead.b" query asm/dead
check "query of it: the disk, with the problem unreadable, exit 1" has q_d.out "problems: unreadable"
check "...exit 1" [ "$(rc q_d)" = 1 ]
run scan_d umockdev-run -d "$DEVICES/dead-path.umockdev" -- "$UH" -c "$WORK/dead.conf" -b "$WORK/dead.b" scan -o DEVICE,NAME,PROBLEMS --noheadings
check "scan shows the name list shows for it (one shown-name rule)" grep -q '^/dev/sdw  *asm/dead  *unreadable$' "$WORK/scan_d.out"
run scanj_d umockdev-run -d "$DEVICES/dead-path.umockdev" -- "$UH" -c "$WORK/dead.conf" -b "$WORK/dead.b" scan --json
check "...and so does scan --json, with no refused claim" python3 -c '
import json, sys
d = {x["device"]: x for x in json.load(open(sys.argv[1]))["disks"]}
sys.exit(0 if d["/dev/sdw"]["name"] == "asm/dead" and "claim" not in d["/dev/sdw"] else 1)' "$WORK/scanj_d.out"

echo "# query NAME|DEVICE"
run q1 vmware "$UH" -c "$CONF" -b "$B" query asm/aa
check "query NAME exits 0" [ "$(rc q1)" = 0 ]
check "...names the disk" has q1.out "device: /dev/sdb"
check "...its serial" has q1.out "serial: $SDB"
check "...its class" has q1.out "class: asm"
check "...its mode" has q1.out "mode: 0660"
check "...no problems" has q1.out "problems: -"
check "...its path" has q1.out "paths: /dev/sdb"
run q2 vmware "$UH" -c "$CONF" -b "$B" query /dev/asm/zz
check "query /dev/NAME finds the disk" has q2.out "device: /dev/sdc"
run q_pl vmware "$UH" -c "$CONF" -b "$B" query /dev/asm/aa-part1
check "query of a partition link answers for the disk" has q_pl.out "device: /dev/sdb"
run q3 vmware "$UH" -c "$CONF" -b "$B" query /dev/sdb1
check "query of a partition answers for its disk" has q3.out "name: asm/aa"
run q4 vmware "$UH" -c "$CONF" -b "$B" query sdd
check "query of a disk with a problem exits 1" [ "$(rc q4)" = 1 ]
check "...and shows the problem" has q4.out "problems: no-unique-id"
check "...with what to do" has q4.out "disk.EnableUUID"
run q5 vmware "$UH" -c "$CONF" -b "$B" query asm/nothing
check "query of an unknown name exits 1" [ "$(rc q5)" = 1 ]
check "...saying so" has q5.err "asm/nothing: no disk carries this name"
run q6 vmware "$UH" -c "$CONF" -b "$B" query asm/gone
check "query of a name bound to an absent disk exits 1" [ "$(rc q6)" = 1 ]
check "...naming the bindings line" has q6.err "but no such disk is present"
run q7 vmware "$UH" -c "$CONF" -b "$B" query sda
check "query shows the in-use state" has q7.out "in-use: partition sda1 carries ext4"
run q8 vmware "$UH" -c "$CONF" -b "$B" query
check "query without an argument: exit 2" [ "$(rc q8)" = 2 ]
printf '[asm]\nmatch-vendor = VMware\nname = asm/mp%%02d\n' >"$WORK/mp.conf"
printf 'asm/mp01 36000c29b0000000000000000000000b1 asm\n' >"$WORK/mp.b"
run q9 field "$UH" -c "$WORK/mp.conf" -b "$WORK/mp.b" query asm/mp01
check "query of a multipath name: the map" has q9.out "device: /dev/dm-0"
check "...and its paths (the map's slaves)" has q9.out "paths: /dev/sdm /dev/sdn"
run q10 field "$UH" -c "$WORK/mp.conf" -b "$WORK/mp.b" query sdm
check "query of a path: which map it belongs to" has q10.out "(a path of /dev/dm-0)"
check "...exit 1 (multipath-member)" [ "$(rc q10)" = 1 ]

echo "# bind --dry-run: what bind would write, writing nothing"
run dry vmware "$UH" -c "$CONF" -b "$WORK/dry" bind --dry-run
check "dry run says what would be bound" has dry.out "/dev/sdb: would be bound as asm/data01"
check "...and the second disk" has dry.out "/dev/sdc: would be bound as asm/data02"
check "...exit 1 like bind (refused disks)" [ "$(rc dry)" = 1 ]
check "...no bindings file written" [ ! -e "$WORK/dry" ]
check "...no lock file either" [ ! -e "$WORK/dry.lock" ]
cp "$B" "$WORK/dry2"
run dry2 vmware "$UH" -c "$CONF" -b "$WORK/dry2" bind --dry-run --force --name asm/x sdg
check "dry run of an explicit bind exits 0" [ "$(rc dry2)" = 0 ]
check "...existing bindings untouched" same "$B" "$WORK/dry2"
run real vmware "$UH" -c "$CONF" -b "$WORK/real" bind
check "the real bind then binds what the dry run said" [ "$(grep -c "bound as" "$WORK/real.out")" = 2 ]

echo "# scan: in-use, columns, headings, JSON version"
run s1 vmware "$UH" -c "$CONF" -b "$B" scan
check "scan's header has IN-USE" grep -q ' IN-USE PROBLEMS$' "$WORK/s1.out"
check "...the system disk is in use" grep -q '^/dev/sda .* yes *-$' "$WORK/s1.out"
check "...a free disk is not" grep -q '^/dev/sdc .* - *-$' "$WORK/s1.out"
run s2 vmware "$UH" -c "$CONF" -b "$B" scan -o device,name,IN-USE --noheadings
printf '/dev/sda   -                      yes\n/dev/sdb   asm/aa                 -\n/dev/sdc   asm/zz                 -\n' >"$WORK/want-s2"
check "scan -o DEVICE,NAME,IN-USE --noheadings: those columns, no header" same "$WORK/want-s2" <(head -3 "$WORK/s2.out")
check "...one line per disk" [ "$(wc -l <"$WORK/s2.out")" = 8 ]
run s3 vmware "$UH" -c "$CONF" -b "$B" scan --output serial
check "scan --output SERIAL: header then values" same <(printf 'SERIAL\n%s\n' "$SDB") <(sed -n '1p;3p' "$WORK/s3.out")
run s3b vmware "$UH" -c "$CONF" -b "$B" scan -o +MODE,owner
check "scan -o +MODE,owner: the default columns, then those" grep -q ' IN-USE PROBLEMS  *MODE OWNER$' "$WORK/s3b.out"
check "...with their values" grep -q '^/dev/sdb .* 0660 -$' "$WORK/s3b.out"
run s4 vmware "$UH" -c "$CONF" -b "$B" scan -o device,bogus
check "unknown column: exit 2" [ "$(rc s4)" = 2 ]
check "...naming it and the known ones" has s4.err "unknown column 'bogus'; columns: DEVICE"
run s5 vmware "$UH" -c "$CONF" -b "$B" scan --json -o device
check "-o with --json: exit 2" [ "$(rc s5)" = 2 ]
run s6 vmware "$UH" -c "$CONF" -b "$B" scan --json
check "JSON: version 1 at top level" python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["version"] != 1)' "$WORK/s6.out"
check "JSON: in_use says why" python3 -c 'import json,sys; d={x["device"]: x for x in json.load(open(sys.argv[1]))["disks"]}; sys.exit(d["/dev/sdg"]["in_use"] != "sdg carries ext4 (filesystem)" or d["/dev/sdb"]["in_use"] is not None)' "$WORK/s6.out"

echo "# apply: exactly the disks whose udev record differs"
# udev's record before: sdb already right, sdg with a stale name, the others never evaluated.
setrec='echo UH_NAME=asm/aa >>/sys/block/sdb/uevent; echo UH_NAME=asm/old >>/sys/block/sdg/uevent'
heads='for d in sda sdb sdc sdd sdg sdh; do echo "$d $(head -1 /sys/block/$d/uevent)"; done'
run a1 vmware sh -c "$setrec; \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run; echo rc=\$?; $heads" "$UH" "$CONF" "$B"
check "dry run: exit 0" has a1.out "rc=0"
check "dry run: sdc gets its name" has a1.out "/dev/sdc: (no name) -> asm/zz"
check "dry run: the no-UUID disk gets its problem" has a1.out "/dev/sdd: (no name) -> problem no-unique-id"
check "dry run: the clones get theirs" has a1.out "/dev/sde: (no name) -> problem duplicate-serial"
check "dry run: a stale name goes" has a1.out "/dev/sdg: asm/old -> (no name)"
check "dry run: a disk whose record is right is left alone" lacks a1.out "/dev/sdb:"
check "dry run: so is an unbound disk with nothing to say" lacks a1.out "/dev/sda:"
check "dry run: five devices" has a1.out "5 devices would change"
check "dry run: nothing triggered" lacks a1.out "sdc change"

# (Only sdb's record here: writing "change" to a fake uevent file empties it, which would
# look like udev dropping sdg's stale name.)
run a2 vmware sh -c "echo UH_NAME=asm/aa >>/sys/block/sdb/uevent; \"\$0\" -c \"\$1\" -b \"\$2\" apply --timeout 1; echo rc=\$?; $heads" "$UH" "$CONF" "$B"
check "no udevd: apply exits 1 after the timeout" has a2.out "rc=1"
check "...saying which disk did not settle and why" has a2.err "/dev/sdc: did not settle within 1 s: udev shows (no name), expected asm/zz"
check "...sdc triggered (change written to its uevent)" has a2.out "sdc change"
check "...sdb not triggered" lacks a2.out "sdb change"
check "...sda not triggered" lacks a2.out "sda change"
check "...the summary" has a2.out "0 devices changed, 4 did not settle"

run a3 vmware sh -c "\"\$0\" -c \"\$1\" -b \"\$2\" apply --timeout 0; echo rc=\$?" "$UH" "$CONF" "$B"
check "--timeout 0: triggers without waiting, exit 0" has a3.out "rc=0"
check "...says so" has a3.out "(triggered, not waited for)"

# fake_udevd UH CONF B: udevd's part for apply's wait.  Keeps each block device's record,
# and when "change" is written to its uevent file, restores the record without UH_* lines
# and adds what export gives now.
cat >"$WORK/fake-udevd.sh" <<'EOF'
#!/bin/sh
UH=$1 CONF=$2 B=$3 SAVE=$4
mkdir -p "$SAVE"
devs=$(grep -l '^SUBSYSTEM=block' $(find /sys/devices -name uevent) | sed 's|/uevent$||')
for d in $devs; do grep -v '^UH_' "$d/uevent" >"$SAVE/$(echo "$d" | tr / _)"; done
: >"$SAVE/ready"
while :; do
        for d in $devs; do
                [ "$(head -1 "$d/uevent")" = change ] || continue
                sleep 0.3 # udevd takes a while: apply must really wait
                # A real uevent file always reads the kernel's record; umockdev's keeps what
                # was written ("change"): put the record back before export reads it.
                cp "$SAVE/$(echo "$d" | tr / _)" "$d/uevent"
                out=$("$UH" -c "$CONF" -b "$B" export "$d" 2>/dev/null)
                { cat "$SAVE/$(echo "$d" | tr / _)"; echo "$out"; } >"$d/uevent"
        done
        sleep 0.05
done
EOF
# Disks of 15G and more only: umockdev has no udev tags, so export alone cannot see the
# clones sde/sdf (the udev lab covers that); the wait itself is what is tested here.
sed 's/^min-size = 1G$/min-size = 15G/' "$CONF" >"$WORK/big.conf"
run a4 vmware sh -c "$setrec; sh \"\$3\" \"\$0\" \"\$1\" \"\$2\" \"\$4\" & pid=\$!; while [ ! -e \"\$4/ready\" ]; do sleep 0.05; done
        \"\$0\" -c \"\$1\" -b \"\$2\" apply --timeout 20; echo rc=\$?
        \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run; kill \$pid" "$UH" "$WORK/big.conf" "$B" "$WORK/fake-udevd.sh" "$WORK/save"
check "with a udevd: apply exits 0" has a4.out "rc=0"
check "...reports each change" has a4.out "/dev/sdc: (no name) -> asm/zz"
check "...the stale name gone" has a4.out "/dev/sdg: asm/old -> (no name)"
check "...all settled" has a4.out "2 devices changed, 0 did not settle"
check "...and afterwards nothing is left to change" has a4.out "0 devices would change"

run a5 vmware sh -c "\"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run" "$UH" "$WORK/part.conf" "$B"
check "partition class: the name moves to partition 1" has a5.out "/dev/sdb1: (no name) -> asm/aa (would re-trigger /dev/sdb)"
run a6 vmware "$UH" -c "$CONF" -b "$B" apply --timeout soon
check "apply --timeout with a bad value: exit 2" [ "$(rc a6)" = 2 ]
run a7 vmware "$UH" -c "$CONF" -b "$B" apply sdb
check "apply with an argument: exit 2" [ "$(rc a7)" = 2 ]
run a8 vmware "$UH" -c "$WORK/none.conf" -b "$B" apply
check "apply without a configuration: exit 3" [ "$(rc a8)" = 3 ]

echo "# apply with static rules only (README step 6): what those rules give, nothing more"
# UDEV_HELPER_RULES_DIRS stands for udev's rules directories: one where 66-udev-helper.rules
# is masked (static mode), one where it is installed (the helper runs).
mkdir -p "$WORK/rules-static" "$WORK/rules-helper"
ln -s /dev/null "$WORK/rules-static/66-udev-helper.rules"
echo 'IMPORT{program}="udev-helper-export $devnode"' >"$WORK/rules-helper/66-udev-helper.rules"
clones() { umockdev-run -d "$DEVICES/asm-clones.umockdev" -- sh -c 'truncate -s 64M /dev/sdh /dev/sdi /dev/sdj && exec "$@"' sh "$@"; }
printf '[asmlib]\nmatch-fs-type = oracleasm\nname-from = label\nprefix = oracleasm/disks\n' >"$WORK/label.conf"
: >"$WORK/label.b"
pheads='for d in sde/sde1 sdf/sdf1 sdg/sdg1 sdg sdc; do echo "$d $(head -1 /sys/block/$d/uevent)"; done'
run st1 clones env UDEV_HELPER_RULES_DIRS="$WORK/rules-static" sh -c "\"\$0\" -c \"\$1\" -b \"\$2\" apply --timeout 1; echo rc=\$?; $pheads" "$UH" "$WORK/label.conf" "$WORK/label.b"
check "static rules: a label device is not re-triggered (they never name it)" lacks st1.out "sdg/sdg1 change"
check "...nor its disk" lacks st1.out "sdg change"
check "...nor the label collisions (static rules set no UH_PROBLEM)" lacks st1.out "sde/sde1 change"
check "...it is reported as needing the helper, once" [ "$(grep -c '/dev/sdg1: needs the helper at event time' "$WORK/st1.err")" = 1 ]
check "...naming the name and the class" has st1.err "export would name it oracleasm/disks/PART02 (class [asmlib])"
check "...exit 1" has st1.out "rc=1"
check "...the summary says so" has st1.out "1 device needs the helper at event time"
check "...and nothing waited for" has st1.out "0 devices changed, 0 did not settle"
run st2 clones env UDEV_HELPER_RULES_DIRS="$WORK/rules-static" "$UH" -c "$WORK/label.conf" -b "$WORK/label.b" apply --dry-run
check "static rules, --dry-run: the same report" has st2.err "/dev/sdg1: needs the helper at event time"
check "...nothing would change" has st2.out "0 devices would change"
check "...exit 1" [ "$(rc st2)" = 1 ]
run st3 clones env UDEV_HELPER_RULES_DIRS="$WORK/rules-helper" sh -c "\"\$0\" -c \"\$1\" -b \"\$2\" apply --timeout 0; echo rc=\$?; $pheads" "$UH" "$WORK/label.conf" "$WORK/label.b"
check "with the helper installed the label device is triggered as before" has st3.out "sdg/sdg1 change"
check "...and not reported as needing it" lacks st3.err "needs the helper"
run st4 vmware env UDEV_HELPER_RULES_DIRS="$WORK/rules-static" sh -c "$setrec; \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run; echo rc=\$?" "$UH" "$CONF" "$B"
check "static rules, serial bindings: sdc gets its rule's name" has st4.out "/dev/sdc: (no name) -> asm/zz"
check "...a stale name goes" has st4.out "/dev/sdg: asm/old -> (no name)"
check "...no UH_PROBLEM expected of the no-UUID disk (static rules set none)" lacks st4.out "/dev/sdd:"
check "...nor of the clones" lacks st4.out "/dev/sde:"
check "...two devices, exit 0" has st4.out "2 devices would change"
check "...exit 0 (nothing needs the helper)" has st4.out "rc=0"
run st5 clones env UDEV_HELPER_RULES_DIRS="$WORK/rules-static" sh -c "\"\$0\" -c \"\$1\" -b \"\$2\" check --retrigger; $pheads" "$UH" "$WORK/label.conf" "$WORK/label.b"
check "static rules: check --retrigger (the recheck unit) re-triggers nothing" lacks st5.out " change"
check "...saying why" has st5.err "66-udev-helper.rules is masked (static rules only): nothing to re-evaluate"
check "...and still reports the problems" has st5.err "/dev/sdf1: name-collision"
run st6 clones "$UH" -c "$WORK/label.conf" -b "$WORK/label.b" rules
check "rules: the file says which classes it leaves to the helper" has st6.out "# [asmlib] (names from labels) has no rule here: its devices need the helper at event time."
check "...and stderr says apply reports them" has st6.err "apply reports its devices as needing the helper"

echo "# apply: a partition named by a label class that is gone"
printf '[asm]\nmatch-vendor = Nobody\nname = asm/d%%02d\n' >"$WORK/nolabel.conf"
stale='echo UH_NAME=oracleasm/disks/PART02 >>/sys/block/sdg/sdg1/uevent; echo UH_PROBLEM=name-collision >>/sys/block/sde/sde1/uevent'
run gone1 clones sh -c "$stale; \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run; echo rc=\$?" "$UH" "$WORK/nolabel.conf" "$WORK/label.b"
check "dry run: the stale label name is found" has gone1.out "/dev/sdg1: oracleasm/disks/PART02 -> (no name) (would re-trigger /dev/sdg1)"
check "...and the stale problem" has gone1.out "/dev/sde1: problem name-collision -> (no name) (would re-trigger /dev/sde1)"
check "...two devices" has gone1.out "2 devices would change"
run gone2 clones sh -c "$stale; \"\$0\" -c \"\$1\" -b \"\$2\" apply --timeout 1; echo rc=\$?; $pheads" "$UH" "$WORK/nolabel.conf" "$WORK/label.b"
check "apply re-triggers the partition" has gone2.out "sdg/sdg1 change"
check "...once, the device itself" [ "$(grep -c 'sdg/sdg1 change' "$WORK/gone2.out")" = 1 ]
check "...not the untouched ones" lacks gone2.out "sdf/sdf1 change"
run gone3 clones sh -c "$stale; sh \"\$3\" \"\$0\" \"\$1\" \"\$2\" \"\$4\" & pid=\$!; while [ ! -e \"\$4/ready\" ]; do sleep 0.05; done
        \"\$0\" -c \"\$1\" -b \"\$2\" apply --timeout 20; echo rc=\$?
        \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run; kill \$pid" "$UH" "$WORK/nolabel.conf" "$WORK/label.b" "$WORK/fake-udevd.sh" "$WORK/save-gone"
check "with a udevd: the stale link goes, exit 0" has gone3.out "rc=0"
check "...reported" has gone3.out "/dev/sdg1: oracleasm/disks/PART02 -> (no name)"
check "...and afterwards nothing is left to change" has gone3.out "0 devices would change"
run gone4 clones env UDEV_HELPER_RULES_DIRS="$WORK/rules-static" sh -c "$stale; \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run" "$UH" "$WORK/nolabel.conf" "$WORK/label.b"
check "static rules: the stale label name is found too" has gone4.out "/dev/sdg1: oracleasm/disks/PART02 -> (no name)"
run gone5 clones sh -c "$stale; \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run" "$UH" "$WORK/label.conf" "$WORK/label.b"
check "a label name still configured is no stale one" lacks gone5.out "/dev/sdg1:"
# A partition of a bound clone: export, finding the other disk through udev's serial tag,
# gives it duplicate-serial; the sweep must expect the same, or it re-triggers it forever.
{ cat "$DEVICES/vmware-guest.umockdev"; printf '\nP: /devices/pci0000:00/0000:00:15.0/0000:03:00.0/host3/target3:0:3/3:0:3:0/block/sde/sde1\nN: sde1\nE: DEVNAME=/dev/sde1\nE: DEVTYPE=partition\nE: MAJOR=8\nE: MINOR=65\nE: PARTN=1\nE: SUBSYSTEM=block\nA: partition=1\nA: size=2048\n'; } >"$WORK/clone-part.umockdev"
printf 'asm/cl 36000c29deadbeef0123456789abcdef0 asm\n' >"$WORK/cl.b"
run gone6 umockdev-run -d "$WORK/clone-part.umockdev" -- sh -c "echo UH_PROBLEM=duplicate-serial >>/sys/block/sde/sde1/uevent; echo UH_PROBLEM=duplicate-serial >>/sys/block/sde/uevent; \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run" "$UH" "$CONF" "$WORK/cl.b"
check "a bound clone's partition with export's duplicate-serial: nothing to change" lacks gone6.out "/dev/sde1:"
check "...its disk neither (the survey agrees)" lacks gone6.out "/dev/sde:"
# A partition this command cannot open (no node): export never opens it and keeps its name.
{ cat "$DEVICES/vmware-guest.umockdev"; printf '\nP: /devices/pci0000:00/0000:00:15.0/0000:03:00.0/host3/target3:0:1/3:0:1:0/block/sdc/sdc1\nE: DEVNAME=/dev/sdc1\nE: DEVTYPE=partition\nE: MAJOR=8\nE: MINOR=33\nE: PARTN=1\nE: SUBSYSTEM=block\nA: partition=1\nA: size=2048\n'; } >"$WORK/no-node.umockdev"
run gone7 umockdev-run -d "$WORK/no-node.umockdev" -- sh -c "echo UH_NAME=asm/zz >>/sys/block/sdc/uevent; echo UH_NAME=asm/zz-part1 >>/sys/block/sdc/sdc1/uevent; \"\$0\" -c \"\$1\" -b \"\$2\" apply --dry-run" "$UH" "$CONF" "$B"
check "an unreadable partition keeps what udev shows" lacks gone7.out "/dev/sdc1:"
check "...saying so" has gone7.err "sdc1: cannot be read (No such file or directory): left as udev has it"

echo "# an option of another command is a usage error, not ignored"
for args in "list --dry-run" "query sdb --timeout 5" "scan --dry-run" "check -o device" "bind --noheadings" \
            "rules --timeout 1" "export sdb --dry-run"; do
        p=opt_$(echo "$args" | tr ' -' '__')
        run "$p" vmware "$UH" -c "$CONF" -b "$B" $args
        check "$args: exit 2" [ "$(rc "$p")" = 2 ]
done
check "...saying which commands take it" has opt_list___dry_run.err "udev-helper list: --dry-run applies only to bind apply"

echo "# names udev cannot make side by side: bind refuses, check reports"
printf "asm/d01 $SDB asm\n" >"$WORK/nb1"
run nb_dir vmware "$UH" -c "$CONF" -b "$WORK/nb1" bind --name asm sdc
check "bind --name asm beside asm/d01 (a directory of it): refused, exit 1" [ "$(rc nb_dir)" = 1 ]
check "bind --name asm beside asm/d01 (a directory of it): refused, exit 1 (message)" has nb_dir.err "name-collision: asm/d01"
run nb_part vmware "$UH" -c "$CONF" -b "$WORK/nb1" bind --name asm/d01-part1 sdc
check "bind --name asm/d01-part1 (asm/d01's partition link): refused" [ "$(rc nb_part)" = 1 ]
check "bind --name asm/d01-part1 (asm/d01's partition link): refused (message)" has nb_part.err "has as a partition link asm/d01-part1"
run nb_below vmware "$UH" -c "$CONF" -b "$WORK/nb1" bind --name asm/d01/x sdc
check "bind --name asm/d01/x (below asm/d01): refused" [ "$(rc nb_below)" = 1 ]
check "...and nothing was written" same <(printf "asm/d01 $SDB asm\n") "$WORK/nb1"
printf "asm $SDB asm\nasm/d01 $SDC asm\n" >"$WORK/nb2"
run nc_dir vmware "$UH" -c "$CONF" -b "$WORK/nb2" check
check "check: a hand-written asm beside asm/d01 is a problem, exit 1" [ "$(rc nc_dir)" = 1 ]
check "check: a hand-written asm beside asm/d01 is a problem, exit 1 (message)" has nc_dir.err "$WORK/nb2:2: name-collision: asm (line 1) is a directory of asm/d01"
sed 's/^mode = 0660$/mode = 0660\npartition = 1/' "$CONF" >"$WORK/p1.conf"
: >"$WORK/nb3"
run np_bind vmware "$UH" -c "$WORK/p1.conf" -b "$WORK/nb3" bind sdc
check "partition = 1: bind refuses a disk without partition 1" [ "$(rc np_bind)" = 1 ]
check "partition = 1: bind refuses a disk without partition 1 (message)" has np_bind.err "names partition 1, which sdc does not have"
run np_ok vmware "$UH" -c "$WORK/p1.conf" -b "$WORK/nb3" bind sdb
check "...and binds one that has it" [ "$(rc np_ok)" = 0 ]
printf "asm/d02 $SDC asm\n" >>"$WORK/nb3"
run np_check vmware "$UH" -c "$WORK/p1.conf" -b "$WORK/nb3" check
check "check: a bound disk without the class's partition is a problem" [ "$(rc np_check)" = 1 ]
check "check: a bound disk without the class's partition is a problem (message)" has np_check.err "/dev/sdc: bound as asm/d02 in class [asm], which names partition 1: there is none"

echo "# static rules are data; WWIDs as vSphere shows them"
printf 'asm/glob 36000c29* asm\nasm/ok %s asm\n' "$SDB" >"$WORK/rb1"
run r_glob vmware "$UH" -c "$CONF" -b "$WORK/rb1" rules
check "rules: a serial with a glob is a damaged line: exit 3" [ "$(rc r_glob)" = 3 ]
check "...naming its line" has r_glob.err "$WORK/rb1:1: invalid serial"
check "...and no rule is written" lacks r_glob.out 'ENV{ID_SERIAL}=="36000c29*"'
printf 'asm/q 36"0,RUN+="/bin/x asm\n' >"$WORK/rb2"
run r_quote vmware "$UH" -c "$CONF" -b "$WORK/rb2" rules
check "rules: a serial with a quote is a damaged line: exit 3" [ "$(rc r_quote)" = 3 ]
check "...and no RUN+= reaches the output" lacks r_quote.out "RUN+="
printf 'asm/ok %s asm\n' "$SDB" >"$WORK/rb3"
run r_ok vmware "$UH" -c "$CONF" -b "$WORK/rb3" rules
check "rules set UH_NAME as export would (apply and the recheck compare it)" has r_ok.out ', ENV{UH_NAME}="asm/ok"'
check "...on the partitions too" has r_ok.out ', ENV{UH_NAME}="asm/ok-part%n"'
: >"$WORK/wb"
run w_bind vmware "$UH" -c "$CONF" -b "$WORK/wb" bind 36000C29A1B2C3D4E5F60718293A4B5C6
check "bind takes an upper-case WWID" [ "$(rc w_bind)" = 0 ]
check "...and binds that disk" grep -q "^asm/data01 $SDC asm\$" "$WORK/wb"
run w_q1 vmware "$UH" -c "$CONF" -b "$WORK/wb" query naa.6000C29A1B2C3D4E5F60718293A4B5C6
check "query naa.WWID (vSphere's form, no type digit) finds the disk" has w_q1.out "device: /dev/sdc"
run w_q2 vmware "$UH" -c "$CONF" -b "$WORK/wb" query 6000c29deadbeef0123456789abcdef0
check "query of a WWID two disks present (a clone): not found, exit 1" [ "$(rc w_q2)" = 1 ]

echo "# rename keeps the serial"
printf "asm/d01 $SDB asm\nasm/d02 $SDC asm\n" >"$WORK/rn"
run rn1 vmware "$UH" -c "$CONF" -b "$WORK/rn" rename asm/d01 asm/ocr01
check "rename: exit 0" [ "$(rc rn1)" = 0 ]
check "...the disk keeps its serial under the new name" same <(printf "asm/d02 $SDC asm\nasm/ocr01 $SDB asm\n") <(sort "$WORK/rn")
run rn2 vmware "$UH" -c "$CONF" -b "$WORK/rn" rename asm/ocr01 asm/d02
check "rename to a bound name: refused, exit 1" [ "$(rc rn2)" = 1 ]
run rn3 vmware "$UH" -c "$CONF" -b "$WORK/rn" rename asm/ocr01 asm/d02-part1
check "rename to another binding's partition link: refused" [ "$(rc rn3)" = 1 ]
run rn4 vmware "$UH" -c "$CONF" -b "$WORK/rn" rename asm/nosuch asm/x
check "rename of an unknown name: exit 1" [ "$(rc rn4)" = 1 ]
check "...the file is unchanged by the refusals" same <(printf "asm/d02 $SDC asm\nasm/ocr01 $SDB asm\n") <(sort "$WORK/rn")

summary
