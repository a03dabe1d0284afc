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
EL_SCRIPTS="tgtd iscsi dkim exampled"
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
mkdir -p "$ROOT/usr/lib/systemd" "$ROOT/etc/systemd/system" "$ROOT/etc/rc.d/init.d" "$ROOT/etc/init.d"
cp -a /lib/systemd/system "$ROOT/usr/lib/systemd/"
cp examples/init.d/* "$ROOT/etc/rc.d/init.d/"
cp examples/init.d/* tests/sysv2unit/scripts/* "$ROOT/etc/init.d/"
chmod +x "$ROOT"/etc/init.d/* "$ROOT"/etc/rc.d/init.d/*
# Units the examples depend on (Requires= of a missing unit fails verify).
for dep in iscsid postfix; do
        printf '[Unit]\nDescription=stand-in for %s\n[Service]\nExecStart=/bin/true\n' "$dep" >"$ROOT/etc/systemd/system/$dep.service"
done
cp "$SRC"/units/*.service "$ROOT/etc/systemd/system/"
mkdir -p "$WORK/explained"
"$S2U" -o "$WORK/explained" --explain --script-path /etc/init.d tests/sysv2unit/scripts/* 2>/dev/null
for u in "$WORK"/explained/*.service; do
        cp "$u" "$ROOT/etc/systemd/system/explained-$(basename "$u")"
done
for u in "$ROOT"/etc/systemd/system/*.service; do
        name=$(basename "$u")
        case "$name" in iscsid.service|postfix.service) continue ;; esac
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
echo "# edited by hand" >>"$WORK/out/noheaders.service"
sum2=$(md5sum <"$WORK/out/noheaders.service")
"$S2U" -o "$WORK/out" --script-path /etc/init.d tests/sysv2unit/scripts/noheaders 2>"$WORK/noforce.err"
rc=$?
check "existing unit, no --force: exit 1" [ "$rc" = 1 ]
check "...file untouched" [ "$(md5sum <"$WORK/out/noheaders.service")" = "$sum2" ]
check "...message says --force" grep -q -- "--force" "$WORK/noforce.err"
"$S2U" -o "$WORK/out" --force --script-path /etc/init.d tests/sysv2unit/scripts/noheaders 2>/dev/null
check "--force replaces it" [ "$(md5sum <"$WORK/out/noheaders.service")" = "$sum" ]
"$S2U" -o "$WORK/out" --script-path /etc/init.d examples/init.d/dkim 2>/dev/null
check "instances written as NAME-INSTANCE.service" [ -s "$WORK/out/dkim-in.service" ] && [ -s "$WORK/out/dkim-out.service" ]
cp examples/init.d/exampled "$WORK/exampled.init"
"$S2U" -o "$WORK/out" "$WORK/exampled.init" 2>/dev/null
check ".init is dropped from the unit name" [ -s "$WORK/out/exampled.service" ]
check "default Exec path is the script's own absolute path" grep -q "^ExecStart=$WORK/exampled.init start$" "$WORK/out/exampled.service"

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
