#!/bin/bash
# sysv2unit end to end: golden outputs, the reference units in units/, systemd-analyze
# verify on everything generated, malformed input, and the file-writing rules.
set -u

S2U=${S2U:?path to sysv2unit}
SRC=${SRC:?source root}
GOLDEN=$SRC/tests/sysv2unit/golden
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/../lib.sh"
# UPDATE_GOLDEN=1 rewrites the golden files from the current output (review the diff!).
same() {
        if [ -n "${UPDATE_GOLDEN:-}" ] && [[ "$1" == "$GOLDEN"/* ]]; then cp "$2" "$1"; fi
        diff -u "$1" "$2" >&2
}

# The scripts of the reference conversions and where each is installed.
EL_SCRIPTS="tgtd iscsi dkim exampled proxycached"
DEB_SCRIPTS="webcached"

# Runs a conversion and records stdout, stderr and exit status in one transcript.
transcript() { # transcript OUT ARGS...
        local out=$1; shift
        "$S2U" "$@" >"$out.stdout" 2>"$out.stderr"
        local rc=$?
        { cat "$out.stdout"; echo "--- stderr"; sed "s|$SRC/||g" "$out.stderr"; echo "--- exit $rc"; } >"$out"
}

echo "# golden conversions (--explain)"
cd "$SRC"
for s in $EL_SCRIPTS; do
        transcript "$WORK/$s.out" --stdout --explain --root examples/root --script-path /etc/rc.d/init.d examples/init.d/$s
        check "golden: examples/init.d/$s" same "$GOLDEN/$s.out" "$WORK/$s.out"
done
for s in $DEB_SCRIPTS; do
        transcript "$WORK/$s.out" --stdout --explain --root examples/root --script-path /etc/init.d examples/init.d/$s
        check "golden: examples/init.d/$s" same "$GOLDEN/$s.out" "$WORK/$s.out"
done
# An empty target root: the output must not depend on what this machine has installed.
mkdir -p "$WORK/empty-root"
for f in tests/sysv2unit/scripts/*; do
        s=$(basename "$f")
        transcript "$WORK/$s.out" --stdout --explain --root "$WORK/empty-root" --script-path /etc/init.d "$f"
        check "golden: $f" same "$GOLDEN/$s.out" "$WORK/$s.out"
done

echo "# units/ holds exactly what the tool produces"
mkdir -p "$WORK/units"
"$S2U" -o "$WORK/units" --root examples/root --script-path /etc/rc.d/init.d $(printf 'examples/init.d/%s ' $EL_SCRIPTS) 2>/dev/null
"$S2U" -o "$WORK/units" --root examples/root --script-path /etc/init.d $(printf 'examples/init.d/%s ' $DEB_SCRIPTS) 2>/dev/null
check "regenerating units/ changes nothing" diff -ru --exclude="*.in" --exclude=meson.build "$SRC/units" "$WORK/units"

echo "# systemd-analyze verify on every generated unit"
command -v systemd-analyze >/dev/null || { not_ok "systemd-analyze is not installed"; }
# verify checks Documentation=man:sysv2unit(8): point man at the project's page.
mkdir -p "$WORK/man/man8" && cp "$SRC/man/sysv2unit.8" "$WORK/man/man8/"
ROOT=$WORK/root
mkdir -p "$ROOT/usr/lib/systemd" "$ROOT/etc/systemd/system" "$ROOT/etc/rc.d/init.d" "$ROOT/etc/init.d" "$ROOT/bin"
cp /bin/true "$ROOT/bin/" # the group unit of a split script runs it, as on any target
cp -a /lib/systemd/system "$ROOT/usr/lib/systemd/"
cp examples/init.d/* "$ROOT/etc/rc.d/init.d/"
cp examples/init.d/* tests/sysv2unit/scripts/* "$ROOT/etc/init.d/"
chmod +x "$ROOT"/etc/init.d/* "$ROOT"/etc/rc.d/init.d/*
cp "$SRC"/units/*.service "$ROOT/etc/systemd/system/"
mkdir -p "$WORK/explained"
"$S2U" -o "$WORK/explained" --explain --root "$WORK/empty-root" --script-path /etc/init.d tests/sysv2unit/scripts/* 2>/dev/null
for u in "$WORK"/explained/*.service; do
        cp "$u" "$ROOT/etc/systemd/system/explained-$(basename "$u")"
done
for u in "$ROOT"/etc/systemd/system/*.service; do
        name=$(basename "$u")
        out=$(cd "$ROOT/etc/systemd/system" && MANPATH="$WORK/man" systemd-analyze verify --root="$ROOT" "$name" 2>&1)
        rc=$?
        if [ "$rc" = 0 ] && [ -z "$out" ]; then ok "verify $name"; else not_ok "verify $name: rc=$rc $out"; fi
done

echo "# malformed input"
printf '#!/bin/sh\n\0\1\2ELF binary\n' >"$WORK/binary"
transcript "$WORK/binary.t" -o "$WORK" "$WORK/binary"
check "binary file: exit 1" grep -q -- "--- exit 1" "$WORK/binary.t"
check "binary file: says so, with a line" grep -q "binary:2: not a text file (NUL byte at offset 10)" "$WORK/binary.t"
check "binary file: nothing written" [ ! -e "$WORK/binary.service" ]

{
        printf '#!/bin/sh\n### BEGIN INIT INFO\n# Short-Description: '
        head -c 1048576 /dev/zero | tr '\0' 'x'
        printf '\n### END INIT INFO\n# '
        head -c 1048576 /dev/zero | tr '\0' 'y'
        printf '\ncase "$1" in\n start) daemon /usr/sbin/big ;;\nesac\n'
} >"$WORK/bigline"
transcript "$WORK/bigline.t" --stdout "$WORK/bigline"
check "1 MB lines: converted (exit 0)" grep -q -- "--- exit 0" "$WORK/bigline.t"
check "1 MB lines: description cut, with a warning" grep -q "bigline:3: warning: header value of 1048576 bytes cut to 1024" "$WORK/bigline.t"
check "1 MB lines: no unit line longer than 2 KiB" [ "$(awk '{ if (length($0) > 2048) n++ } END { print n+0 }' "$WORK/bigline.t.stdout")" = 0 ]

echo "# writing files"
mkdir -p "$WORK/out"
"$S2U" -o "$WORK/out" --script-path /etc/init.d tests/sysv2unit/scripts/noheaders tests/sysv2unit/scripts/unterminated 2>"$WORK/mixed.err"
rc=$?
check "one good and one bad script: exit 1" [ "$rc" = 1 ]
check "...the good one is written" [ -s "$WORK/out/noheaders.service" ]
check "...the bad one is not" [ ! -e "$WORK/out/unterminated.service" ]
check "...and its error names file and line" grep -q "tests/sysv2unit/scripts/unterminated:8: unterminated double quote" "$WORK/mixed.err"
check "no temporary files are left" [ "$(ls "$WORK/out")" = "noheaders.service" ]
sum=$(md5sum <"$WORK/out/noheaders.service")
# A unit sysv2unit wrote (its first line says so) is refreshed without --force.
echo "Description=changed" >>"$WORK/out/noheaders.service"
"$S2U" -o "$WORK/out" --script-path /etc/init.d tests/sysv2unit/scripts/noheaders 2>"$WORK/refresh.err"
rc=$?
check "sysv2unit's own unit, changed: refreshed without --force (exit 0)" [ "$rc" = 0 ]
check "...to what the script gives" [ "$(md5sum <"$WORK/out/noheaders.service")" = "$sum" ]
check "...and says so" grep -q "refreshed $WORK/out/noheaders.service" "$WORK/refresh.err"
# A unit someone else wrote (no such first line) is never replaced without --force.
sed 1d "$WORK/out/noheaders.service" >"$WORK/hand" && mv "$WORK/hand" "$WORK/out/noheaders.service"
sum2=$(md5sum <"$WORK/out/noheaders.service")
"$S2U" -o "$WORK/out" --script-path /etc/init.d tests/sysv2unit/scripts/noheaders 2>"$WORK/noforce.err"
rc=$?
check "hand-written unit, no --force: exit 1" [ "$rc" = 1 ]
check "...file untouched" [ "$(md5sum <"$WORK/out/noheaders.service")" = "$sum2" ]
check "...message says why and --force" grep -q -- "was not written by sysv2unit; not overwritten (use --force)" "$WORK/noforce.err"
"$S2U" -o "$WORK/out" --force --script-path /etc/init.d tests/sysv2unit/scripts/noheaders 2>/dev/null
check "--force replaces it" [ "$(md5sum <"$WORK/out/noheaders.service")" = "$sum" ]
# A link at the unit's path (a mask, an alias) is never replaced, not even with --force.
rm "$WORK/out/noheaders.service" && ln -s /dev/null "$WORK/out/noheaders.service"
"$S2U" -o "$WORK/out" --force --script-path /etc/init.d tests/sysv2unit/scripts/noheaders 2>"$WORK/mask.err"
rc=$?
check "mask in the output directory, --force: exit 1" [ "$rc" = 1 ]
check "...the mask stays" [ "$(readlink "$WORK/out/noheaders.service")" = /dev/null ]
check "...and says so" grep -q "is a symbolic link (a mask or an alias); never replaced" "$WORK/mask.err"
rm "$WORK/out/noheaders.service"
"$S2U" -o "$WORK/out" --script-path /etc/init.d examples/init.d/dkim 2>/dev/null
check "instances written as NAME-INSTANCE.service" [ -s "$WORK/out/dkim-in.service" ] && [ -s "$WORK/out/dkim-out.service" ]
# The group has the script's own name: systemd-sysv-generator makes no dkim.service of
# the script then, which would start both daemons a second time.
check "...and NAME.service, which wants them and which they are part of" bash -c "grep -q '^Wants=dkim-in.service$' '$WORK/out/dkim.service' && grep -q '^Wants=dkim-out.service$' '$WORK/out/dkim.service' && grep -q '^PartOf=dkim.service$' '$WORK/out/dkim-in.service'"
GEN=/lib/systemd/system-generators/systemd-sysv-generator
if [ -x "$GEN" ]; then
        mkdir -p "$WORK/gsplit/init.d" "$WORK/gsplit/rc/rc3.d" "$WORK/gsplit/units" "$WORK/gsplit/n" "$WORK/gsplit/e" "$WORK/gsplit/l"
        cp examples/init.d/dkim "$WORK/gsplit/init.d/" && chmod +x "$WORK/gsplit/init.d/dkim"
        ln -s ../init.d/dkim "$WORK/gsplit/rc/rc3.d/S80dkim"
        cp "$WORK"/out/dkim*.service "$WORK/gsplit/units/"
        SYSTEMD_SYSVINIT_PATH="$WORK/gsplit/init.d" SYSTEMD_SYSVRCND_PATH="$WORK/gsplit/rc" SYSTEMD_UNIT_PATH="$WORK/gsplit/units" \
                "$GEN" "$WORK/gsplit/n" "$WORK/gsplit/e" "$WORK/gsplit/l" 2>/dev/null
        check "...so systemd-sysv-generator (this host's) makes no unit of the split script" [ ! -e "$WORK/gsplit/l/dkim.service" ]
fi
cp examples/init.d/exampled "$WORK/exampled.init"
"$S2U" -o "$WORK/out" "$WORK/exampled.init" 2>/dev/null
check ".init is dropped from the unit name" [ -s "$WORK/out/exampled.service" ]
check "default Exec path is the script's own absolute path" grep -q "^ExecStart=$WORK/exampled.init start$" "$WORK/out/exampled.service"

echo "# control characters never reach a unit"
mkdir -p "$WORK/nl/a
ExecStartPre=/tmp/evil"
cp examples/init.d/exampled "$WORK/nl/a
ExecStartPre=/tmp/evil/"
"$S2U" --stdout --root "$WORK/empty-root" "$WORK/nl/a
ExecStartPre=/tmp/evil/exampled" >"$WORK/nl.out" 2>"$WORK/nl.err"
rc=$?
check "newline in the script's directory: refused (exit 1)" [ "$rc" = 1 ]
check "...no injected line" bash -c "! grep -q '^ExecStartPre=' '$WORK/nl.out'"
check "...says why" grep -q "control character" "$WORK/nl.err"
"$S2U" --stdout --root "$WORK/empty-root" --script-path "/etc/init.d
ExecStartPre=/tmp/evil" examples/init.d/exampled >"$WORK/nl2.out" 2>"$WORK/nl2.err"
rc=$?
check "newline in --script-path: usage error (exit 2)" [ "$rc" = 2 ]
check "...no injected line" bash -c "! grep -q '^ExecStartPre=' '$WORK/nl2.out'"
"$S2U" --stdout --root "$WORK/empty-root" --script-path "/etc/ini	t.d" examples/init.d/exampled >/dev/null 2>&1
check "tab in --script-path: usage error (exit 2)" [ $? = 2 ]

echo "# the target system decides (tests/sysv2unit/roots/deb)"
T=$WORK/target
cp -a tests/sysv2unit/roots/deb "$T"
# An editor's backup of a script.  Made here, not kept in the tree: Debian's dh_clean
# deletes every *~ file of a source package before it builds.
cp -p "$T/etc/init.d/syslogd" "$T/etc/init.d/syslogd~"
"$S2U" --all --explain --root "$T" >"$WORK/all.out" 2>"$WORK/all.err"
rc=$?
U=$T/etc/systemd/system
check "--all: exit 1 (one script refused)" [ "$rc" = 1 ]
check "--all: summary counts" grep -q "^sysv2unit: 16 scripts: 7 converted, 8 skipped, 1 refused$" "$WORK/all.err"
check "--all: refusal named with its reason" grep -q "refused   $T/etc/init.d/broken: unterminated double quote" "$WORK/all.err"
for f in syslogd.dpkg-old 'syslogd~' webapp.rpmsave; do
        check "backup file $f: skipped with a note" grep -q "skipped   $T/etc/init.d/$f: a backup file" "$WORK/all.err"
done
for f in README functions notascript; do
        check "$f: skipped as no init script" grep -q "skipped   $T/etc/init.d/$f: not an init script" "$WORK/all.err"
done
check "native unit: dbus skipped, with the unit named" grep -q "skipped   $T/etc/init.d/dbus: the target has a native unit /lib/systemd/system/dbus.service" "$WORK/all.err"
check "...and not written" [ ! -e "$U/dbus.service" ]
check "masked native unit: hwclock.sh skipped" grep -q "skipped   $T/etc/init.d/hwclock.sh: .*hwclock.service (masked)" "$WORK/all.err"
check "...the mask is untouched" [ "$(readlink "$U/hwclock.service")" = /dev/null ]
check "--all: Exec paths are where the script is on the target" grep -q "^ExecStart=/etc/init.d/webapp start$" "$U/webapp.service"
check "Alias= only for free valid names" [ "$(grep ^Alias= "$U/webapp.service" | tr '\n' ' ')" = "Alias=foo.service Alias=webapp-alias.service " ]
check "...Provides: dbus is not an alias (the target has dbus.service)" grep -q "no Alias=dbus.service: the target has /lib/systemd/system/dbus.service" "$WORK/all.err"
check "...Provides: a@b is not an alias" grep -q "'a@b.service' is no valid alias" "$WORK/all.err"
check "names with a unit suffix are kept" bash -c "grep -q '^Wants=network-online.target$' '$U/webapp.service' && grep -q '^Wants=mysql.service$' '$U/webapp.service' && ! grep -q '\.target\.service\|\.service\.service' '$U/webapp.service'"
# Required-Start is order and pull (Wants= + After=), never Requires=: a restart of the
# other unit must not restart this one.
check "Required-Start: Wants= and After=, never Requires=" bash -c "! grep -q '^Requires=' '$U/webapp.service' && for u in mysql.service syslogd.service mountkernfs.service; do grep -q \"^Wants=\$u\$\" '$U/webapp.service' && grep -q \"^After=\$u\$\" '$U/webapp.service' || exit 1; done"
check "...with the reason in --explain" grep -q "^# Required-Start: mountkernfs (line 4)$" "$U/webapp.service"
check "WantedBy= follows the rc links, not the header (2 3, not 5)" [ "$(grep ^WantedBy= "$U/webapp.service")" = "WantedBy=multi-user.target" ]
check "...and says so" grep -q "^# WantedBy: started now in runlevels 23 (rc links, e.g. /etc/rc2.d/S02webapp)" "$U/webapp.service"
check "no links: the header decides (chkconfig 5)" [ "$(grep ^WantedBy= "$U/nolinks.service")" = "WantedBy=graphical.target" ]
check "early boot: DefaultDependencies=no" grep -q "^DefaultDependencies=no$" "$U/earlyfs.service"
check "a .sh script's rc links decide its WantedBy= (earlyfs.sh -> earlyfs.service)" grep -q "^# WantedBy: started now in runlevels S (rc links, e.g. /etc/rcS.d/S05earlyfs.sh)" "$U/earlyfs.service"
for l in Before=sysinit.target After=local-fs.target Conflicts=shutdown.target Before=shutdown.target WantedBy=sysinit.target; do
        check "early boot: $l" grep -q "^$l$" "$U/earlyfs.service"
done
check "early boot: no ordering on late units (remote-fs, network-online, othersvc)" bash -c "! grep -q '^After=\(remote-fs.target\|network-online.target\|othersvc.service\)' '$U/earlyfs.service'"
check "early boot: an early script of init.d may be wanted" bash -c "grep -q '^Wants=kernfs.service$' '$U/earlyfs.service' && grep -q '^After=kernfs.service$' '$U/earlyfs.service'"
check "early boot: a script systemd's early units wait for (auditd) has no default dependencies" grep -q "^DefaultDependencies=no$" "$U/auditd.service"
check "...says which unit waits for it" grep -q "^# early boot: /lib/systemd/system/systemd-update-utmp.service, which runs before sysinit.target, is ordered after it" "$U/auditd.service"
check "...and stays wanted where its links say" grep -q "^WantedBy=multi-user.target$" "$U/auditd.service"
# systemd-analyze verify on the target root, enabled as the rc links say: no cycle, no missing unit.
mkdir -p "$T/usr/lib/systemd" && cp -an /lib/systemd/system/. "$T/usr/lib/systemd/system/"
for w in sysinit.target:earlyfs sysinit.target:kernfs multi-user.target:webapp multi-user.target:syslogd multi-user.target:auditd; do
        mkdir -p "$U/${w%%:*}.wants" && ln -sf "../${w#*:}.service" "$U/${w%%:*}.wants/${w#*:}.service"
done
for u in earlyfs kernfs webapp syslogd disabled nolinks auditd; do
        out=$(cd "$U" && MANPATH="$WORK/man" systemd-analyze verify --root="$T" "$u.service" 2>&1)
        rc=$?
        if [ "$rc" = 0 ] && [ -z "$out" ]; then ok "verify on the target: $u.service"; else not_ok "verify on the target: $u.service: rc=$rc $out"; fi
done
out=$(cd "$U" && MANPATH="$WORK/man" systemd-analyze verify --root="$T" sysinit.target multi-user.target 2>&1 | grep -i cycle)
check "verify on the target: no ordering cycle through sysinit.target" [ -z "$out" ]
# --force overwrites files; it does not override a package's native unit or a mask.
mkdir -p "$WORK/forced"
"$S2U" --root "$T" --force -o "$WORK/forced" "$T/etc/init.d/dbus" "$T/etc/init.d/hwclock.sh" 2>"$WORK/forced.err"
check "--force alone does not convert a script that has a native unit" [ ! -e "$WORK/forced/dbus.service" ]
check "...and says which option would" grep -q "dbus: skipped: the target has a native unit /lib/systemd/system/dbus.service (--shadow-native" "$WORK/forced.err"
check "--force does not convert a masked script" [ ! -e "$WORK/forced/hwclock.service" ]
"$S2U" --root "$T" --shadow-native --force -o "$WORK/forced" "$T/etc/init.d/dbus" "$T/etc/init.d/hwclock.sh" 2>"$WORK/shadow.err"
check "--shadow-native converts a script that has a native unit" [ -s "$WORK/forced/dbus.service" ]
check "...never a masked one" bash -c "[ ! -e '$WORK/forced/hwclock.service' ] && grep -q 'hwclock.sh: skipped: the target masks it: /etc/systemd/system/hwclock.service (masked) is never replaced' '$WORK/shadow.err'"
"$S2U" --all --explain --force --root "$T" >/dev/null 2>"$WORK/allforce.err"
check "--all --force: still no unit over the mask" [ "$(readlink "$U/hwclock.service")" = /dev/null ]
check "--all --force: native units still skipped, not shadowed" bash -c "grep -q 'skipped   $T/etc/init.d/dbus: the target has a native unit' '$WORK/allforce.err' && [ ! -e '$U/dbus.service' ]"
# A unit sysv2unit wrote earlier that a package's native unit now has the name of.
printf '# Generated by sysv2unit from /etc/init.d/dbus\n[Unit]\nDescription=old\n' >"$U/dbus.service"
"$S2U" --root "$T" -o "$WORK/forced" "$T/etc/init.d/dbus" 2>"$WORK/stale.err"
check "a stale sysv2unit unit over a native one: named, to be removed" grep -q "/etc/systemd/system/dbus.service, which sysv2unit wrote earlier, overrides it now: remove it" "$WORK/stale.err"
rm "$U/dbus.service"
# Instances are checked like the script's own name: a masked instance skips the script.
TI=$WORK/target-inst
mkdir -p "$TI/etc/systemd/system" && ln -s /dev/null "$TI/etc/systemd/system/dkim-in.service"
"$S2U" --root "$TI" --force -o "$WORK/forced" examples/init.d/dkim 2>"$WORK/inst.err"
check "a masked instance: the script is skipped, all units or none" bash -c "[ ! -e '$WORK/forced/dkim-out.service' ] && grep -q 'dkim: skipped: the target masks it: /etc/systemd/system/dkim-in.service' '$WORK/inst.err'"

# The same rules for scripts named one by one as for --all.
mkdir -p "$WORK/one"
T1=$WORK/target1
cp -a tests/sysv2unit/roots/deb "$T1"
"$S2U" -o "$WORK/one" --root "$T1" --script-path /etc/init.d "$T1"/etc/init.d/{webapp,earlyfs.sh,dbus,auditd} 2>"$WORK/one.err"
check "one by one: no .target.service, no .service.service" bash -c "! grep -q '\.target\.service\|\.service\.service' '$WORK/one/webapp.service'"
check "one by one: no Alias=dbus.service, no Alias=a@b.service" bash -c "! grep -q '^Alias=\(dbus\|a@b\).service' '$WORK/one/webapp.service'"
check "one by one: no Requires= at all" bash -c "! grep -q '^Requires=' '$WORK/one/webapp.service'"
check "one by one: early boot without default dependencies" grep -q "^DefaultDependencies=no$" "$WORK/one/earlyfs.service"
check "one by one: auditd, which systemd-update-utmp waits for, without default dependencies" grep -q "^DefaultDependencies=no$" "$WORK/one/auditd.service"
check "one by one: a script with a native unit is skipped, exit 0" bash -c "[ ! -e '$WORK/one/dbus.service' ] && grep -q 'dbus: skipped: the target has a native unit' '$WORK/one.err'"

# One run: a later script takes neither the unit nor the alias of an earlier one.
T2=$WORK/target2
mkdir -p "$T2/etc/init.d" "$T2/etc/systemd/system"
for s in exim4 postfix postfix.sh; do
        printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: %s mail-transport-agent\n# Default-Start: 2 3 4 5\n### END INIT INFO\ncase "$1" in\nstart) start-stop-daemon --start --exec /usr/sbin/%s ;;\nstop) start-stop-daemon --stop --exec /usr/sbin/%s ;;\nesac\n' "${s%.sh}" "$s" "$s" >"$T2/etc/init.d/$s"
done
chmod +x "$T2"/etc/init.d/*
"$S2U" --all --root "$T2" >/dev/null 2>"$WORK/t2.err"
check "one run: the first script's alias is its own" grep -q "^Alias=mail-transport-agent.service$" "$T2/etc/systemd/system/exim4.service"
check "one run: no second alias of the same name" bash -c "! grep -q '^Alias=' '$T2/etc/systemd/system/postfix.service'"
check "one run: postfix.sh does not overwrite postfix.service" grep -q "postfix.sh: skipped: postfix.service comes from postfix, converted in this run" "$WORK/t2.err"
# Another script's Provides: never takes the name of a real script's unit, whichever
# is converted first (a-syslog sorts before syslog).
T3=$WORK/target3
mkdir -p "$T3/etc/init.d" "$T3/etc/systemd/system"
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: a-syslog syslog\n# Default-Start: 2 3 4 5\n### END INIT INFO\ncase "$1" in\nstart) start-stop-daemon --start --exec /usr/sbin/a-syslogd ;;\nesac\n' >"$T3/etc/init.d/a-syslog"
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: syslog\n# Default-Start: 2 3 4 5\n### END INIT INFO\ncase "$1" in\nstart) start-stop-daemon --start --exec /usr/sbin/syslogd ;;\nesac\n' >"$T3/etc/init.d/syslog"
chmod +x "$T3"/etc/init.d/*
"$S2U" --all --root "$T3" >/dev/null 2>"$WORK/t3.err"
check "the real script owns its name: syslog.service is syslog's" bash -c "[ -s '$T3/etc/systemd/system/syslog.service' ] && grep -q '^ExecStart=/etc/init.d/syslog start$' '$T3/etc/systemd/system/syslog.service'"
check "...not an alias of a-syslog" bash -c "! grep -q '^Alias=syslog.service' '$T3/etc/systemd/system/a-syslog.service' && grep -q \"no Alias=syslog.service: the target's script syslog is that unit\" '$WORK/t3.err'"

# Red Hat's layout: /etc/rc.d/init.d and /etc/rc.d/rcN.d; on in 5 only (chkconfig --level 5).
EL=$WORK/el
mkdir -p "$EL/etc/rc.d/init.d" "$EL/etc/rc.d/rc3.d" "$EL/etc/rc.d/rc5.d" "$EL/etc/systemd/system"
cp examples/init.d/tgtd "$EL/etc/rc.d/init.d/" && chmod +x "$EL/etc/rc.d/init.d/tgtd"
ln -s ../init.d/tgtd "$EL/etc/rc.d/rc3.d/K85tgtd"
ln -s ../init.d/tgtd "$EL/etc/rc.d/rc5.d/S59tgtd"
"$S2U" --all --root "$EL" >/dev/null 2>&1
check "Red Hat layout: Exec path in /etc/rc.d/init.d" grep -q "^ExecStart=/etc/rc.d/init.d/tgtd start$" "$EL/etc/systemd/system/tgtd.service"
check "Red Hat layout: WantedBy= from the rc.d links (5 on, 3 off), not the header's default" [ "$(grep ^WantedBy= "$EL/etc/systemd/system/tgtd.service")" = "WantedBy=graphical.target" ]

echo "# a linked instance runs as itself; --root confines every lookup"
# EL6 postgresql reads its name from $0 (NAME=`basename $0`) and its settings from
# /etc/sysconfig/pgsql/$NAME: postgresql-2 -> postgresql is a second cluster; running
# the script it points to would start and stop the first.
PG=$WORK/pg
mkdir -p "$PG/d" "$PG/root"
cp tests/sysv2unit/real/el6/postgresql "$PG/d/" && ln -s postgresql "$PG/d/postgresql-2"
"$S2U" -o "$PG" --root "$PG/root" "$PG/d/postgresql-2" 2>/dev/null
check "linked instance: its own unit" [ -s "$PG/postgresql-2.service" ]
check "...runs the link, not the script it points to" bash -c "grep -q '^ExecStart=$PG/d/postgresql-2 start$' '$PG/postgresql-2.service' && grep -q '^ExecStop=$PG/d/postgresql-2 stop$' '$PG/postgresql-2.service'"
# Links of the target resolve inside --root, never on the host.
R=$WORK/confined
mkdir -p "$R/etc/init.d" "$R/etc/sysconfig" "$R/etc/systemd/units" "$R/opt/vendor" "$R/srv"
ln -s /etc/systemd/units "$R/etc/systemd/system"          # absolute: the root's, not the host's
printf 'PIDFILE=/run/from-root.pid\n' >"$R/etc/os-release"  # the host has an /etc/os-release too
ln -s /etc/os-release "$R/etc/sysconfig/eld"
printf 'PIDFILE=/run/from-srv.pid\n' >"$R/srv/conf"
ln -s ../../../../../../../../srv/conf "$R/etc/sysconfig/eld2" # ".." stops at the root
for n in eld eld2; do
        printf '#!/bin/sh\n. /etc/sysconfig/%s\ncase "$1" in\nstart) daemon --pidfile=$PIDFILE /usr/sbin/%s ;;\nstop) killproc -p $PIDFILE %s ;;\nesac\n' "$n" "$n" "$n" >"$R/opt/vendor/$n"
        chmod +x "$R/opt/vendor/$n"
        ln -s "/opt/vendor/$n" "$R/etc/init.d/$n"               # a vendor's script linked into init.d
done
"$S2U" --all --root "$R" >/dev/null 2>"$WORK/confined.err"
check "--root: /etc/systemd/system as an absolute link: units written inside the root" bash -c "[ -s '$R/etc/systemd/units/eld.service' ] && [ -s '$R/etc/systemd/units/eld2.service' ]"
check "--root: a script linked into init.d absolutely is found and runs from init.d" grep -q "^ExecStart=/etc/init.d/eld start$" "$R/etc/systemd/units/eld.service"
check "--root: a sourced file's absolute link resolves in the root" grep -q "^PIDFile=/run/from-root.pid$" "$R/etc/systemd/units/eld.service"
check "--root: '..' in a link never leaves the root" grep -q "^PIDFile=/run/from-srv.pid$" "$R/etc/systemd/units/eld2.service"

# A SysV-only target (no /etc/systemd at all): --dry-run and --diff still work.
S5=$WORK/sysv-only
mkdir -p "$S5/etc/rc.d/init.d" && cp examples/init.d/tgtd "$S5/etc/rc.d/init.d/" && chmod +x "$S5/etc/rc.d/init.d/tgtd"
"$S2U" --all --dry-run --root "$S5" >/dev/null 2>"$WORK/sysv-only.err"
rc=$?
check "--dry-run on a root without /etc/systemd/system: exit 0" [ "$rc" = 0 ]
check "...says what would be new" grep -q "tgtd: would write $S5/etc/systemd/system/tgtd.service (new)" "$WORK/sysv-only.err"
"$S2U" --all --diff --root "$S5" >"$WORK/sysv-only.diff" 2>/dev/null
check "--diff on a root without /etc/systemd/system: the unit against /dev/null" grep -q "^+++ $S5/etc/systemd/system/tgtd.service$" "$WORK/sysv-only.diff"
check "...and nothing written" [ ! -e "$S5/etc/systemd" ]

echo "# a second run, --dry-run, --diff, --json"
"$S2U" --all --explain --root "$T" >/dev/null 2>"$WORK/again.err"
check "second run: unchanged units are up to date, not refused" bash -c "grep -q 'webapp.service is up to date' '$WORK/again.err' && grep -q ': 7 converted, 8 skipped, 1 refused' '$WORK/again.err'"
echo "# edited" >>"$U/webapp.service"  # still sysv2unit's: refreshed
sed -i 1d "$U/syslogd.service"          # now the admin's: a native unit of the target
rm "$U/nolinks.service"
before=$(cd "$U" && ls -lR --time-style=full-iso . | md5sum)
"$S2U" --all --explain --dry-run --root "$T" >"$WORK/dry.out" 2>"$WORK/dry.err"
check "--dry-run writes nothing" [ "$(cd "$U" && ls -lR --time-style=full-iso . | md5sum)" = "$before" ]
check "--dry-run: says what would be new" grep -q "nolinks: would write $U/nolinks.service (new)" "$WORK/dry.err"
check "--dry-run: sysv2unit's own changed unit would be refreshed" grep -q "webapp: would write $U/webapp.service (refreshed)" "$WORK/dry.err"
check "--dry-run: the admin's unit in /etc/systemd/system is native, skipped" grep -q "skipped   $T/etc/init.d/syslogd: the target has a native unit /etc/systemd/system/syslogd.service" "$WORK/dry.err"
"$S2U" --all --explain --diff --root "$T" >"$WORK/diff.out" 2>"$WORK/diff.err"
check "--diff writes nothing" [ "$(cd "$U" && ls -lR --time-style=full-iso . | md5sum)" = "$before" ]
check "--diff: the edited line would go" grep -q "^-# edited$" "$WORK/diff.out"
check "--diff: a new unit is all +" grep -A1 -q "^--- /dev/null" "$WORK/diff.out"
check "--diff: the diff applies (patch --dry-run)" bash -c "cd / && patch -p0 --dry-run -s <'$WORK/diff.out'"
"$S2U" --all --json --dry-run --explain --root "$T" >"$WORK/json.out" 2>/dev/null
check "--json: valid, with counts and reasons" python3 -c "
import json, sys
j = json.load(open('$WORK/json.out'))
assert (j['converted'], j['skipped'], j['refused']) == (6, 9, 1), j
s = {e['script'].rsplit('/', 1)[1]: e for e in j['scripts']}
assert s['webapp']['units'] == ['webapp.service'] and s['webapp']['enabled'] is True
assert s['disabled']['enabled'] is False and s['nolinks']['enabled'] is False
assert s['dbus']['outcome'] == 'skipped' and 'native unit' in s['dbus']['reason']
assert s['broken']['outcome'] == 'refused' and 'native unit' in s['syslogd']['reason']
"

# JSON is UTF-8: a Latin-1 file name (and a reason quoting it) is escaped, not raw.
J=$WORK/latin1
mkdir -p "$J/etc/init.d" "$J/etc/systemd/system"
printf '#!/bin/sh\ncase "$1" in start) /usr/sbin/cafe ;; esac\n' >"$J/etc/init.d/caf$(printf '\351')d"
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Required-Start: b$(printf '\377')d\n### END INIT INFO\ncase "$1" in start) /usr/sbin/ok ;; esac\n' >"$J/etc/init.d/ok"
chmod +x "$J"/etc/init.d/*
"$S2U" --all --dry-run --json --root "$J" >"$WORK/latin1.json" 2>/dev/null
check "--json: valid UTF-8 with a Latin-1 file name, the byte as \\xe9" python3 -c "
import json
j = json.loads(open('$WORK/latin1.json', 'rb').read().decode('utf-8', errors='strict'))
assert any(e['script'].endswith('/caf\\\\xe9d') for e in j['scripts']), j
"

# --enable without systemd to talk to: the units are written, and it says they are not
# enabled (in a mount namespace whose /run/systemd is empty: no private socket).
if unshare -m true 2>/dev/null; then
        mkdir -p "$WORK/enable"
        unshare -m sh -c "mount -t tmpfs none /run/systemd 2>/dev/null || { mkdir -p /run/systemd && mount -t tmpfs none /run/systemd; }
                DBUS_SYSTEM_BUS_ADDRESS=unix:path=$WORK/no-bus '$S2U' --enable -o '$WORK/enable' examples/init.d/tgtd" 2>"$WORK/enable.err"
        rc=$?
        check "--enable without a bus: exit 1" [ "$rc" = 1 ]
        check "...the unit is written" [ -s "$WORK/enable/tgtd.service" ]
        check "...and it says written but not enabled, and what to run" grep -q "the units were written to $WORK/enable but NOT enabled; once systemd runs: systemctl daemon-reload" "$WORK/enable.err"
else
        ok "# SKIP --enable without a bus: no mount namespace here"
fi

echo "# scripts are read, never run"
marker=$WORK/executed
cat >"$WORK/trap" <<TRAP
#!/bin/sh
touch $marker
case "\$1" in
start) touch $marker; daemon /usr/sbin/trapd ;;
esac
TRAP
chmod +x "$WORK/trap"
"$S2U" --stdout "$WORK/trap" >/dev/null 2>&1
check "conversion did not run the script" [ ! -e "$marker" ]

echo "# usage"
"$S2U" >/dev/null 2>&1
check "no script: exit 2" [ $? = 2 ]
"$S2U" --bogus x >/dev/null 2>&1
check "unknown option: exit 2" [ $? = 2 ]
"$S2U" -o /nonexistent/dir examples/init.d/tgtd >/dev/null 2>&1
check "missing output dir: exit 2" [ $? = 2 ]
"$S2U" --help | grep -q -- "--script-path"
check "--help documents the options" [ $? = 0 ]

summary
