#!/bin/bash
# import: a site's hand-written ASM udev rules and dm-multipath's bindings file become
# bindings lines, so it moves over without renaming a disk; anything that cannot be mapped
# exactly is refused as FILE:LINE and nothing is written.  The names land on the fake disks
# of tests/devices/vmware-guest.umockdev (list and query read them back).
set -u

UH=${UH:?path to udev-helper}
DEVICES=${DEVICES:?path to tests/devices}
IMPORT=$(dirname "$0")/import
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
RULES=$IMPORT/99-oracle-asmdevices.rules

echo "# import --dry-run: what would be written, nothing written"
run dry vmware "$UH" -c "$CONF" -b "$WORK/dry" import --dry-run "$RULES"
check "dry run exits 0" [ "$(rc dry)" = 0 ]
check "...says the PROGRAM/RESULT rule's line" has dry.out "would add: oracleasm/asm-disk1 $SDB asm"
check "...and the NAME= rule continued over lines" has dry.out "would add: asm-disk2 $SDC asm"
check "...no bindings file written" [ ! -e "$WORK/dry" ]
check "...no lock file either" [ ! -e "$WORK/dry.lock" ]

echo "# import: the same names, on the same disks"
B=$WORK/bindings
printf '# kept\n' >"$B"
run imp vmware "$UH" -c "$CONF" -b "$B" import "$RULES"
check "import exits 0" [ "$(rc imp)" = 0 ]
printf '# kept\noracleasm/asm-disk1 %s asm\nasm-disk2 %s asm\n' "$SDB" "$SDC" >"$WORK/want"
check "...writes exactly those lines after the existing ones" same "$WORK/want" "$B"
run imp_list vmware "$UH" -c "$CONF" -b "$B" list
check "list then shows both names" same <(printf 'asm-disk2\noracleasm/asm-disk1\n') "$WORK/imp_list.out"
run imp_q vmware "$UH" -c "$CONF" -b "$B" query oracleasm/asm-disk1
check "...and the rule's name is on the disk whose serial the rule matched" has imp_q.out "device: /dev/sdb"
run imp_lp vmware "$UH" -c "$CONF" -b "$B" list --partitions
check "list --partitions: also sdb1's link, as export names it" \
        same <(printf 'asm-disk2\noracleasm/asm-disk1\noracleasm/asm-disk1-part1\n') "$WORK/imp_lp.out"
run imp_e vmware "$UH" -c "$CONF" -b "$B" export /dev/sdb1
check "...export gives sdb1 that very name" has imp_e.out "UH_NAME=oracleasm/asm-disk1-part1"
run imp_lp2 vmware "$UH" -c "$CONF" -b "$B" list -P
check "...-P is the same (exit 0)" [ "$(rc imp_lp2)" = 0 ]
check "...same output" same "$WORK/imp_lp.out" "$WORK/imp_lp2.out"
run again vmware "$UH" -c "$CONF" -b "$B" import "$RULES"
check "importing again: exit 0" [ "$(rc again)" = 0 ]
check "...says already bound" has again.out "oracleasm/asm-disk1: already bound"
check "...file unchanged" same "$WORK/want" "$B"

echo "# conflicts with the bindings file: FILE:LINE, nothing written"
printf 'asm/data01 %s asm\n' "$SDB" >"$WORK/b2"
cp "$WORK/b2" "$WORK/b2.orig"
run conf vmware "$UH" -c "$CONF" -b "$WORK/b2" import "$RULES"
check "a serial already bound under another name: exit 1" [ "$(rc conf)" = 1 ]
check "...names the rule's FILE:LINE and the bindings line" has conf.err "$RULES:2: oracleasm/asm-disk1: not imported: conflicts with $WORK/b2:1: asm/data01 $SDB asm"
check "...nothing written, not even the rule that maps" same "$WORK/b2.orig" "$WORK/b2"
printf 'oracleasm %s asm\n' "$SDC" >"$WORK/b3"
run pfx vmware "$UH" -c "$CONF" -b "$WORK/b3" import "$RULES"
check "a name below a bound name (path prefix): refused" has pfx.err "$RULES:2: oracleasm/asm-disk1: not imported"
check "...exit 1" [ "$(rc pfx)" = 1 ]

echo "# a name unbind released (\"# released NAME SERIAL CLASS\"): not given to another disk unless --reuse"
printf '# released oracleasm/asm-disk1 36000c29deadbeef0123456789abcdef0 asm\n' >"$WORK/br"
cp "$WORK/br" "$WORK/br.orig"
run rel vmware "$UH" -c "$CONF" -b "$WORK/br" import "$RULES"
check "released from another serial: exit 1" [ "$(rc rel)" = 1 ]
check "...names the rule and the serial it was released from" has rel.err "$RULES:2: oracleasm/asm-disk1: not imported: released from serial 36000c29deadbeef0123456789abcdef0"
check "...nothing written" same "$WORK/br.orig" "$WORK/br"
run rel2 vmware "$UH" -c "$CONF" -b "$WORK/br" import --reuse "$RULES"
check "--reuse: imported" [ "$(rc rel2)" = 0 ]
check "...the name on the rule's disk" grep -q "^oracleasm/asm-disk1 $SDB asm\$" "$WORK/br"
printf '# released oracleasm/asm-disk1 %s asm\n' "$SDB" >"$WORK/br3"
run rel3 vmware "$UH" -c "$CONF" -b "$WORK/br3" import "$RULES"
check "released from the same disk: it has its name back without --reuse" [ "$(rc rel3)" = 0 ]

printf 'oracleasm/asm-disk1 36000c29deadbeef0123456789abcdef0 asm\n' >"$WORK/br4"
run rel4u vmware "$UH" -c "$CONF" -b "$WORK/br4" unbind oracleasm/asm-disk1
run rel4 vmware "$UH" -c "$CONF" -b "$WORK/br4" import "$RULES"
check "a name unbind just released from another disk: refused too" has rel4.err "$RULES:2: oracleasm/asm-disk1: not imported: released from serial"

echo "# what the class would give differently: refused"
: >"$WORK/b4"
run part vmware "$UH" -c "$CONF" -b "$WORK/b4" import "$IMPORT/partitions.rules"
check "a partition rule with no partition class: exit 1" [ "$(rc part)" = 1 ]
check "...says no class names that partition" has part.err "partitions.rules:2: oracleasm/asm-disk1: not imported: no serial class puts its name on that partition"
sed 's/^mode = 0660$/mode = 0660\npartition = 1/' "$CONF" >"$WORK/part.conf"
run part2 vmware "$UH" -c "$WORK/part.conf" -b "$WORK/b4" import "$IMPORT/partitions.rules"
check "with partition = 1 but no owner: refused (the rule gave grid)" has part2.err "OWNER=\"grid\", class [asm] gives owner root"
check "...nothing written" [ ! -s "$WORK/b4" ]
printf 'owner = root\ngroup = root\n' >>"$WORK/part.conf"
sed -e 's/OWNER="grid"/OWNER="root"/' -e 's/GROUP="asmadmin"/GROUP="root"/' "$IMPORT/partitions.rules" >"$WORK/p.rules"
run part3 vmware "$UH" -c "$WORK/part.conf" -b "$WORK/b4" import "$WORK/p.rules"
check "owners as the class gives them: imported" [ "$(rc part3)" = 0 ]
run part3_l vmware "$UH" -c "$WORK/part.conf" -b "$WORK/b4" list --partitions
check "...and list --partitions shows the name on partition 1, no -part link" \
        same <(printf 'oracleasm/asm-disk1\n') "$WORK/part3_l.out"

sed 's/^min-size = 1G$/min-size = 30G/' "$CONF" >"$WORK/big.conf"
: >"$WORK/b7"
run big vmware "$UH" -c "$WORK/big.conf" -b "$WORK/b7" import "$RULES"
check "a present disk the class does not match (20 GiB, min-size 30G): exit 1" [ "$(rc big)" = 1 ]
check "...says export would not give it the name" has big.err "$RULES:2: oracleasm/asm-disk1: not imported: /dev/sdb has that serial and is in no class, not [asm]"
check "...nothing written" [ ! -s "$WORK/b7" ]

echo "# hostile rules: each bad line named, nothing written"
: >"$WORK/b5"
run host vmware "$UH" -c "$CONF" -b "$WORK/b5" import "$IMPORT/hostile.rules"
check "exit 1" [ "$(rc host)" = 1 ]
check "a glob RESULT is refused (it matches every VMware disk)" has host.err "hostile.rules:3: not imported: the identity is a glob"
check "a RUN+= is refused" has host.err "hostile.rules:4: not imported: RUN"
check "...nothing written, not even the good line 1" [ ! -s "$WORK/b5" ]
check "...and says so" has host.err "2 lines not imported: nothing written"

echo "# dm-multipath's bindings file"
: >"$WORK/b6"
run mp vmware "$UH" -c "$CONF" -b "$WORK/b6" import --multipath --prefix asm/ "$IMPORT/multipath-bindings"
check "import --multipath exits 0" [ "$(rc mp)" = 0 ]
check "...binds each alias under the prefix" same <(printf 'asm/mpatha %s asm\nasm/data02 %s asm\n' "$SDB" "$SDC") "$WORK/b6"
run mp_u vmware "$UH" -c "$CONF" -b "$WORK/b6" import --prefix asm/ "$RULES"
check "--prefix without --multipath: exit 2" [ "$(rc mp_u)" = 2 ]
run noarg vmware "$UH" -c "$CONF" -b "$WORK/b6" import
check "no FILE: exit 2" [ "$(rc noarg)" = 2 ]
run missing vmware "$UH" -c "$CONF" -b "$WORK/b6" import "$WORK/nonexistent"
check "an unreadable FILE: exit 3, naming it" has missing.err "$WORK/nonexistent: cannot read"

summary
