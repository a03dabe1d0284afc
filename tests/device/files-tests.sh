#!/bin/bash
# The configuration and bindings files under damage and in awkward setups, through the real
# commands on the fake VMware guest of tests/devices.
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
match-model = Virtual disk # VMDK, see the comment rule in udev-helper.conf(5)
min-size = 1G
name = asm/data%02d
mode = 0660
CONF_EOF

echo "# a missing configuration is an error for every command"
for cmd in scan check bind "unbind asm/x" rules "export sdb"; do
        run miss vmware "$UH" -c "$WORK/nonexistent.conf" -b "$WORK/b0" $cmd
        if [ "${cmd%% *}" = export ]; then
                check "export: missing config gives UH_PROBLEM=config-error" has miss.out "UH_PROBLEM=config-error"
                check "export: still exits 0 for udev" [ "$(rc miss)" = 0 ]
        else
                check "$cmd: missing config exits 3" [ "$(rc miss)" = 3 ]
        fi
        check "$cmd: names the missing file" has miss.err "$WORK/nonexistent.conf: cannot read: does not exist"
done

echo "# an inline comment is not part of the value"
printf 'asm/data01 %s asm\n' "$SDB" >"$WORK/b1"
run cm vmware "$UH" -c "$CONF" -b "$WORK/b1" export sdb
check "match-model with '# comment' still matches Virtual disk" has cm.out "UH_NAME=asm/data01"

echo "# a damaged line costs only itself"
B=$WORK/damaged
{
        printf 'asm/data01 %s asm\n' "$SDB"
        printf '@@@ garbage\n'
        printf 'asm/data02 %s asm\n' "$SDC"
        printf 'asm/data03 %s asm\n' "$SDC"
        printf 'asm/x\0y 36000c29000000000000000000000000 asm\n'
        printf 'disk/by-id/evil 36000c29deadbeef0123456789abcdef0 asm\n'
} >"$B"
run d_sdb vmware "$UH" -c "$CONF" -b "$B" export sdb
check "export sdb keeps its name despite the damaged lines" has d_sdb.out "UH_NAME=asm/data01"
check "...and no problem" lacks d_sdb.out "UH_PROBLEM"
run d_sdc vmware "$UH" -c "$CONF" -b "$B" export sdc
check "export sdc: both sides of its conflict ignored" lacks d_sdc.out "UH_NAME"
check "export sdc: UH_PROBLEM=bindings-error" has d_sdc.out "UH_PROBLEM=bindings-error"
check "export sdc: both lines reported with file and line (3)" has d_sdc.err "$B:3: serial '$SDC' is also bound on line 4"
check "export sdc: both lines reported with file and line (4)" has d_sdc.err "$B:4: serial '$SDC' is also bound on line 3"
run d_bind vmware "$UH" -c "$CONF" -b "$B" bind
check "bind refuses to write while any line is bad (exit 3)" [ "$(rc d_bind)" = 3 ]
for l in 2 3 4 5 6; do
        check "bind names $B:$l" has d_bind.err "$B:$l:"
done
check "bind reports the reserved name" has d_bind.err "$B:6: name 'disk/by-id/evil' is in udev's or the kernel's namespace"
run d_unbind vmware "$UH" -c "$CONF" -b "$B" unbind asm/data01
check "unbind refuses too (exit 3)" [ "$(rc d_unbind)" = 3 ]
check "...and leaves sdb's line" grep -q "^asm/data01 " "$B"

echo "# bind and unbind through a symlink keep the link, the mode and the owner"
PLAIN=$WORK/plain.conf
grep -v '^match-model' "$CONF" >"$PLAIN"
mkdir "$WORK/shared"
printf '# shared by node1 and node2\n' >"$WORK/shared/bindings"
chmod 0640 "$WORK/shared/bindings"
root=no
if [ "$(id -u)" = 0 ]; then
        chown 4321:4322 "$WORK/shared/bindings"
        root=yes
fi
ln -s shared/bindings "$WORK/bindings-link"
run s_bind vmware "$UH" -c "$PLAIN" -b "$WORK/bindings-link" bind sdb
check "bind through the link exits 0" [ "$(rc s_bind)" = 0 ]
check "the bindings file is still a symlink after bind" [ -L "$WORK/bindings-link" ]
check "the target got the line" grep -q "^asm/data01 $SDB asm\$" "$WORK/shared/bindings"
check "the comment survived" grep -q "^# shared by node1 and node2\$" "$WORK/shared/bindings"
check "mode 0640 kept after bind" [ "$(stat -c %a "$WORK/shared/bindings")" = 640 ]
if [ $root = yes ]; then
        check "owner and group kept after bind" [ "$(stat -c %u:%g "$WORK/shared/bindings")" = 4321:4322 ]
fi
run s_unbind vmware "$UH" -c "$PLAIN" -b "$WORK/bindings-link" unbind asm/data01
check "unbind through the link exits 0" [ "$(rc s_unbind)" = 0 ]
check "the bindings file is still a symlink after unbind" [ -L "$WORK/bindings-link" ]
check "mode 0640 kept after unbind" [ "$(stat -c %a "$WORK/shared/bindings")" = 640 ]
if [ $root = yes ]; then
        check "owner and group kept after unbind" [ "$(stat -c %u:%g "$WORK/shared/bindings")" = 4321:4322 ]
fi
check "no temporary file left behind" [ "$(ls "$WORK/shared" | grep -vc -e '^bindings$' -e '^bindings.lock$' -e '^bindings.idx$')" = 0 ]

echo "# an unknown owner or group is reported with the line of its key, not on the event path"
cat >"$WORK/acct.conf" <<'CONF_EOF'
[asm]
match-vendor = VMware
name = asm/data%02d

owner = uh-no-such-user
group = uh-no-such-group
CONF_EOF
run a_scan vmware "$UH" -c "$WORK/acct.conf" -b "$WORK/b1" scan
check "scan names the owner's line" has a_scan.err "$WORK/acct.conf:5: [asm]: user 'uh-no-such-user' does not exist"
check "scan names the group's line" has a_scan.err "$WORK/acct.conf:6: [asm]: group 'uh-no-such-group' does not exist"
run a_check vmware "$UH" -c "$WORK/acct.conf" -b "$WORK/b1" check
check "check counts them as problems (exit 1)" [ "$(rc a_check)" = 1 ]
check "check reports each once" [ "$(grep -c "does not exist" "$WORK/a_check.err")" = 2 ]
run a_export vmware "$UH" -c "$WORK/acct.conf" -b "$WORK/b1" export sdb
check "export does not look accounts up (udev resolves OWNER=)" lacks a_export.err "does not exist"
check "export still names the disk" has a_export.out "UH_OWNER=uh-no-such-user"

echo "# configuration errors name their line"
printf '[asm]\nmatch-vendor = VMware\nname = asm/data%%02d\nmode = 0660\n    0666\n' >"$WORK/cont.conf"
run c1 vmware "$UH" -c "$WORK/cont.conf" -b "$WORK/b1" export sdb
check "continuation line: config-error" has c1.out "UH_PROBLEM=config-error"
check "...naming line 5" has c1.err "$WORK/cont.conf:5: indented line"
printf '[asm]\nmatch-vendor = VMware\nname = asm/data%%02d\nmode = 0660\nmode = 0666\n' >"$WORK/rep.conf"
run c2 vmware "$UH" -c "$WORK/rep.conf" -b "$WORK/b1" scan
check "repeated mode: exit 3" [ "$(rc c2)" = 3 ]
check "...naming both lines" has c2.err "$WORK/rep.conf:5: 'mode' is set twice in [asm] (first on line 4)"

echo "# a bad edit never takes a cluster down; a dangling bindings link is no 'no bindings'"
printf '[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nmin-size = 1G\nname = asm/data%%02d\nmode = 0660\n' >"$WORK/v.conf"
printf 'asm/data01 36000c29654b6aa069e1553a3251c4f56 asm\n' >"$WORK/v.b"
run v_check vmware "$UH" -c "$WORK/v.conf" -b "$WORK/v.b" check
check "check saves the configuration it validated" cmp -s "$WORK/v.conf" "$WORK/v.conf.validated"
printf 'mode = 0999\n' >>"$WORK/v.conf"
run v_bad vmware "$UH" -c "$WORK/v.conf" -b "$WORK/v.b" export sdb
check "a typo: export keeps the name of the last validated configuration" grep -qx UH_NAME=asm/data01 "$WORK/v_bad.out"
check "...and its mode" grep -qx UH_MODE=0660 "$WORK/v_bad.out"
check "...and says so (UH_PROBLEM=config-error)" grep -qx UH_PROBLEM=config-error "$WORK/v_bad.out"
check "...naming the file and line on stderr" has v_bad.err "$WORK/v.conf:7:"
run v_bad_check vmware "$UH" -c "$WORK/v.conf" -b "$WORK/v.b" check
check "check with the broken file: exit 3" [ "$(rc v_bad_check)" = 3 ]
check "...and the validated copy is left as it was" grep -qx 'mode = 0660' "$WORK/v.conf.validated"
rm "$WORK/v.conf"
run v_gone vmware "$UH" -c "$WORK/v.conf" -b "$WORK/v.b" export sdb
check "a configuration gone (an editor truncated or moved it): the name is kept" grep -qx UH_NAME=asm/data01 "$WORK/v_gone.out"
rm "$WORK/v.conf.validated"
run v_none vmware "$UH" -c "$WORK/v.conf" -b "$WORK/v.b" export sdb
check "without a validated copy: config-error and no name, as before" lacks v_none.out UH_NAME
mkdir "$WORK/unmounted-share" # the mount point, without the share mounted on it
ln -s "$WORK/unmounted-share/bindings" "$WORK/dangling"
printf '[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nmin-size = 1G\nname = asm/data%%02d\n' >"$WORK/v.conf"
run d_exp vmware "$UH" -c "$WORK/v.conf" -b "$WORK/dangling" export sdb
check "a dangling bindings link: export says bindings-error, not unbound" grep -qx UH_PROBLEM=bindings-error "$WORK/d_exp.out"
check "...naming the path" has d_exp.err "$WORK/dangling: cannot read: a symlink to a file that does not exist"
run d_bind vmware "$UH" -c "$WORK/v.conf" -b "$WORK/dangling" bind sdb
check "bind refuses: exit 3" [ "$(rc d_bind)" = 3 ]
check "...and creates nothing behind the link (no file, no lock)" [ -z "$(ls -A "$WORK/unmounted-share")" ]
run d_scan vmware "$UH" -c "$WORK/v.conf" -b "$WORK/dangling" scan
check "scan: exit 3" [ "$(rc d_scan)" = 3 ]

echo "# the index beside the bindings file: read only while it describes the file"
EXPORT=${UH_EXPORT:?path to udev-helper-export}
IX=$WORK/ix
printf 'asm/data01 %s asm\nasm/data02 %s asm\n' "$SDB" "$SDC" >"$IX"
run ix_check vmware "$UH" -c "$CONF" -b "$IX" check
check "check: a missing index is a notice" has ix_check.err "$IX: index .idx missing: rewritten"
check "...and check writes it" [ -s "$IX.idx" ]
run ix_check2 vmware "$UH" -c "$CONF" -b "$IX" check
check "...after which check has nothing to say about it" lacks ix_check2.err ".idx"
if command -v strace >/dev/null; then
        strace -f -o "$WORK/ix.strace" -e trace=openat,pread64,read umockdev-run -d "$DEVICES/vmware-guest.umockdev" -- \
                "$EXPORT" -c "$CONF" -b "$IX" sdc >"$WORK/ix_trace.out" 2>/dev/null
        check "export reads the lines through the index (it opens $IX.idx, preads the file)" \
                sh -c 'grep -q "openat(.*\"$1.idx\"" "$2" && grep -q "pread64(" "$2"' sh "$IX" "$WORK/ix.strace"
        check "...and names sdc" grep -qx UH_NAME=asm/data02 "$WORK/ix_trace.out"
fi
run ix_sdc vmware "$EXPORT" -c "$CONF" -b "$IX" sdc
check "through the index: sdc is asm/data02" grep -qx UH_NAME=asm/data02 "$WORK/ix_sdc.out"
# A hand edit in place that keeps the size: the two disks swap names.
printf 'asm/data01 %s asm\nasm/data02 %s asm\n' "$SDC" "$SDB" | dd of="$IX" conv=notrunc status=none
run ix_edit vmware "$EXPORT" -c "$CONF" -b "$IX" sdc
check "a same-size hand edit: export reads the file, not the stale index (sdc is asm/data01)" \
        grep -qx UH_NAME=asm/data01 "$WORK/ix_edit.out"
run ix_stale vmware "$UH" -c "$CONF" -b "$IX" check
check "check: a stale index is a notice, rewritten" has ix_stale.err "$IX: index .idx stale"
run ix_edit2 vmware "$EXPORT" -c "$CONF" -b "$IX" sdb
check "...and export through the new index names sdb asm/data02" grep -qx UH_NAME=asm/data02 "$WORK/ix_edit2.out"
run ix_unbind vmware "$UH" -c "$CONF" -b "$IX" unbind asm/data01
run ix_check3 vmware "$UH" -c "$CONF" -b "$IX" check
check "unbind rewrites the index with the file: check finds it current" lacks ix_check3.err ".idx"
run ix_unbound vmware "$EXPORT" -c "$CONF" -b "$IX" sdc
check "...and export through it: sdc is unbound" lacks ix_unbound.out UH_NAME
# A damaged line added by hand: the index is not used, the damaged line is reported as before.
printf 'asm/data03 %s\n' "$SDB" >>"$IX"
run ix_dmg vmware "$EXPORT" -c "$CONF" -b "$IX" sdb
check "a damaged line added by hand: export reports it, with its line, as the scan does" \
        has ix_dmg.err "$IX:3: expected 'NAME SERIAL CLASS': line ignored"
check "...and sdb keeps its name" grep -qx UH_NAME=asm/data02 "$WORK/ix_dmg.out"
run ix_bind vmware "$UH" -c "$CONF" -b "$IX" unbind asm/data02
check "unbind refuses the damaged file, as before (exit 3)" [ "$(rc ix_bind)" = 3 ]

summary
