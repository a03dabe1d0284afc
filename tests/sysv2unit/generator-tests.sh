#!/bin/bash
# sysv2unit-generator as systemd runs it, offline: scratch init.d, rcN.d and unit
# directories through the variables systemd-sysv-generator read, the output checked
# with systemd's own unit loader (systemd-analyze verify) and compared with what this
# host's systemd-sysv-generator (systemd 252) makes of the same input.
set -u

GEN=${GEN:?path to sysv2unit-generator}
SRC=${SRC:?source root}
STOCK=${STOCK:-/lib/systemd/system-generators/systemd-sysv-generator}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
. "$(dirname "$0")/../lib.sh"

# A system: ROOT/etc/init.d, ROOT/etc/rcN.d, ROOT/lib/systemd/system.
new_root() { # new_root DIR: the example scripts, enabled as update-rc.d would
        local r=$1 s l
        mkdir -p "$r/etc/init.d" "$r/lib/systemd/system" "$r/etc/systemd/system" "$r/out" "$r/early" "$r/late"
        for l in 0 1 2 3 4 5 6 S; do mkdir -p "$r/etc/rc$l.d"; done
        cp "$SRC"/examples/init.d/* "$r/etc/init.d/"
        chmod 755 "$r"/etc/init.d/*
        for s in dkim tgtd iscsi; do
                for l in 2 3 4 5; do ln -s "../init.d/$s" "$r/etc/rc$l.d/S20$s"; done
                for l in 0 1 6; do ln -s "../init.d/$s" "$r/etc/rc$l.d/K01$s"; done
        done
}
# Runs the generator (or STOCK) on ROOT as systemd would, logging to stderr.
gen() { # gen ROOT [PROGRAM]: output in ROOT/out (ours) or ROOT/late (stock's)
        local r=$1 prog=${2:-$GEN}
        env SYSV2UNIT_GENERATOR_WORKERS=${SYSV2UNIT_GENERATOR_WORKERS:-} SYSTEMD_LOG_TARGET=console SYSTEMD_LOG_LEVEL=${LOG_LEVEL:-info} \
                SYSTEMD_SYSVINIT_PATH="${INIT_PATH:-$r/etc/init.d}" SYSTEMD_SYSVRCND_PATH="$r/etc" \
                SYSTEMD_UNIT_PATH="${UNIT_PATH:-$r/etc/systemd/system:$r/lib/systemd/system}" \
                SYSV2UNIT_RC_LOCAL="$r/etc/rc.local" \
                "$prog" "$r/out" "$r/early" "$r/late" 2>"$r/log"
}
wants() { # wants DIR: "target unit" for every .wants link, sorted
        (cd "$1" && find . -path '*.wants/*' | sed 's|^\./||; s|\.wants/| |' | sort)
}
has() { grep -qx -- "$2" "$1"; }

echo "# the example scripts, as systemd-sysv-generator would see them"
R=$WORK/r1
new_root "$R"
gen "$R"; rc=$?
check "exits 0" test "$rc" = 0
check "writes the units into the normal generator directory, nothing early or late" \
        bash -c '[ -f "$1/out/tgtd.service" ] && [ -z "$(ls -A "$1/early")" ] && [ -z "$(ls -A "$1/late")" ]' _ "$R"
check "one unit per script without a unit (exampled, iscsi, proxycached, tgtd, webcached)" \
        bash -c 'for u in exampled iscsi proxycached tgtd webcached; do [ -f "$1/out/$u.service" ] || exit 1; done' _ "$R"
check "the split script: its instances and NAME.service grouping them" \
        bash -c '[ -f "$1/out/dkim-in.service" ] && [ -f "$1/out/dkim-out.service" ] &&
                 grep -qx "Wants=dkim-in.service" "$1/out/dkim.service" && grep -qx "PartOf=dkim.service" "$1/out/dkim-out.service"' _ "$R"
check "no [Install]: links from the rc links pull the units in" \
        bash -c '! grep -l "^\[Install\]" "$1"/out/*.service' _ "$R"
check "Provides: an alias link (scsi-target.service -> tgtd.service)" \
        test "$(readlink "$R/out/scsi-target.service")" = tgtd.service
check "every unit passes systemd-analyze verify" \
        bash -c 'cd "$1/out" && out=$(systemd-analyze verify --man=no *.service 2>&1) && [ -z "$out" ] || { echo "$out" >&2; exit 1; }' _ "$R"
check "one log line per script" \
        bash -c 'for s in dkim exampled iscsi proxycached tgtd webcached; do grep -q "init.d/$s: $s" "$1/log" || exit 1; done' _ "$R"

echo "# the same input through this host's systemd-sysv-generator"
if [ -x "$STOCK" ]; then
        gen "$R" "$STOCK"
        wants "$R/out" >"$WORK/ours.wants"
        wants "$R/late" >"$WORK/stock.wants"
        check "the same .wants links as systemd-sysv-generator (rc2-4 multi-user, rc5 graphical)" \
                diff -u "$WORK/stock.wants" "$WORK/ours.wants"
        check "the same unit names (plus the instances of the split script)" \
                bash -c 'diff <(cd "$1/late" && ls *.service | grep -v dkimproxy) <(cd "$1/out" && ls *.service | grep -v "^dkim-\|dkimproxy")' _ "$R"
        check "stock wraps tgtd as active-after-exit; ours supervises it" \
                bash -c 'grep -qx RemainAfterExit=yes "$1/late/tgtd.service" && ! grep -q "^RemainAfterExit=yes" "$1/out/tgtd.service" &&
                         grep -qx Type=forking "$1/out/tgtd.service"' _ "$R"
        # Which unit systemd loads where both generators ran: the search path order of
        # this systemd (normal generator directory before the late one), then its own
        # unit loader on both outputs in that order.
        check "systemd's search path: /run/systemd/generator before /run/systemd/generator.late" \
                bash -c 'systemd-analyze unit-paths | grep -nx -e /run/systemd/generator -e /run/systemd/generator.late |
                         cut -d: -f2 | tr "\n" " " | grep -qx "/run/systemd/generator /run/systemd/generator.late "'
        printf '[Unit]\nWants=tgtd.service dkimproxy.service scsi-target.service\n[Service]\nExecStart=/bin/true\n' >"$WORK/probe.service"
        SYSTEMD_LOG_LEVEL=debug SYSTEMD_UNIT_PATH="$R/out:$R/late:" systemd-analyze verify --man=no "$WORK/probe.service" \
                >"$WORK/both.log" 2>&1
        check "with both outputs, systemd loads ours for every script" \
                bash -c 'for u in dkim exampled iscsi proxycached tgtd webcached; do
                                 grep -q "unit file: $1/out/$u.service$" "$2" || exit 1
                                 ! grep -q "unit file: $1/late/$u.service$" "$2" || exit 1
                         done' _ "$R" "$WORK/both.log"
        check "nothing starts twice: the stock dkim.service is shadowed, its alias dkimproxy leads to ours" \
                bash -c 'grep -q "Unit dkim.service has alias dkimproxy.service" "$1" &&
                         [ "$(grep -c "Installed new job dkim.service/start" "$1")" = 1 ] &&
                         grep -q "Installed new job dkim-in.service/start" "$1"' _ "$WORK/both.log"
else
        echo "# no $STOCK on this host: comparison skipped"
fi

echo "# what is skipped"
R=$WORK/r2
new_root "$R"
printf '[Service]\nExecStart=/bin/true\n' >"$R/lib/systemd/system/iscsi.service"
ln -s /dev/null "$R/etc/systemd/system/tgtd.service"
for b in exampled.dpkg-old exampled.rpmsave exampled~ .exampled exampled.bak webcached.ucf-new; do
        cp "$R/etc/init.d/exampled" "$R/etc/init.d/$b"
done
mv "$R/etc/init.d/exampled" "$R/etc/init.d/exampled2"
mv "$R/etc/init.d/exampled2" "$R/etc/init.d/nonexec"
chmod 644 "$R/etc/init.d/nonexec"
printf '#!/bin/sh\n. /lib/lsb/init-functions\nlog_success_msg hi\n' >"$R/etc/init.d/functions"
chmod 755 "$R/etc/init.d/functions"
gen "$R"
check "a native unit on the search path: skipped" test ! -e "$R/out/iscsi.service"
check "a mask on the search path: skipped, and no link to it" \
        bash -c '[ ! -e "$1/out/tgtd.service" ] && [ ! -e "$1/out/scsi-target.service" ] && ! find "$1/out" -name tgtd.service | grep -q .' _ "$R"
check "backup and hidden files: no unit" \
        bash -c '! ls "$1/out" | grep -Eq "exampled|webcached\.ucf"' _ "$R"
check "a file that is not executable: no unit" test ! -e "$R/out/nonexec.service"
check "init.d's libraries (functions): no unit" test ! -e "$R/out/functions.service"
check "still converts the rest" test -f "$R/out/webcached.service"
rm -rf "$R/out"/*
UNIT_PATH="$R/etc/systemd/system" gen "$R"
check "SYSTEMD_UNIT_PATH without a trailing ':' is the whole search path" test -f "$R/out/iscsi.service"
rm -rf "$R/out"/*
UNIT_PATH="$R/etc/systemd/system:" gen "$R"
check "SYSTEMD_UNIT_PATH with a trailing ':' adds systemd's own directories (none has iscsi here)" test -f "$R/out/iscsi.service"
rm -rf "$R/out"/*
mkdir -p "$WORK/first"
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: webcached\n# Short-Description: first\n### END INIT INFO\ncase "$1" in start) /usr/sbin/x ;; stop) ;; esac\n' >"$WORK/first/webcached"
chmod 755 "$WORK/first/webcached"
INIT_PATH="$WORK/first:$R/etc/init.d" gen "$R"
check "SYSTEMD_SYSVINIT_PATH: the first directory that has a script wins" \
        bash -c 'grep -q "^Description=first" "$1/out/webcached.service" && grep -q "^SourcePath=$2/webcached" "$1/out/webcached.service"' _ "$R" "$WORK/first"

echo "# rc links"
R=$WORK/r3
new_root "$R"
ln -s ../init.d/exampled "$R/etc/rc1.d/S10exampled"
ln -s ../init.d/webcached "$R/etc/rcS.d/S10webcached"
ln -s ../init.d/proxycached "$R/etc/rc5.d/S10proxycached"
ln -s ../init.d/proxycached "$R/etc/rc3.d/K10proxycached"
ln -s ../init.d/proxycached "$R/etc/rc3.d/S10proxycached.dpkg-old"
gen "$R"
wants "$R/out" >"$WORK/r3.wants"
check "rc1.d: rescue.target" has "$WORK/r3.wants" "rescue.target exampled.service"
check "rc5.d only: graphical.target, not multi-user.target" \
        bash -c 'grep -qx "graphical.target proxycached.service" "$1" && ! grep -qx "multi-user.target proxycached.service" "$1"' _ "$WORK/r3.wants"
check "rcS.d and K links add nothing (as systemd-sysv-generator)" \
        bash -c '! grep -q webcached "$1"' _ "$WORK/r3.wants"
check "a split script's rc links pull in the group" has "$WORK/r3.wants" "multi-user.target dkim.service"
if [ -x "$STOCK" ]; then
        gen "$R" "$STOCK"
        check "the same links as systemd-sysv-generator here too" diff -u <(wants "$R/late") "$WORK/r3.wants"
fi

echo "# scripts without LSB headers: start priorities order them, as the stock generator did"
R=$WORK/r4
new_root "$R"
cp "$SRC/tests/sysv2unit/scripts/noheaders" "$R/etc/init.d/early-one"
cp "$SRC/tests/sysv2unit/scripts/noheaders" "$R/etc/init.d/late-one"
chmod 755 "$R/etc/init.d/early-one" "$R/etc/init.d/late-one"
ln -s ../init.d/early-one "$R/etc/rc3.d/S05early-one"
ln -s ../init.d/late-one "$R/etc/rc3.d/S90late-one"
gen "$R"
check "the lower priority first (After=/Before=)" \
        bash -c 'grep -qx "After=early-one.service" "$1/out/late-one.service" && grep -qx "Before=late-one.service" "$1/out/early-one.service"' _ "$R"
check "and against LSB scripts (tgtd at 20 after early-one)" grep -qx "After=early-one.service" "$R/out/tgtd.service"
check "each ordering once" bash -c '[ "$(grep -cx "After=early-one.service" "$1/out/late-one.service")" = 1 ]' _ "$R"

echo "# never fails a boot"
R=$WORK/r5
new_root "$R"
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: odd\n# Short-Description: a script the analysis cannot read\n### END INIT INFO\ncase "$1" in\nstart) ( echo\n' >"$R/etc/init.d/odd"
chmod 755 "$R/etc/init.d/odd"
ln -s ../init.d/odd "$R/etc/rc2.d/S30odd"
gen "$R"; rc=$?
check "a script it cannot analyse: exit 0, still a unit (the stock generator's wrapper)" \
        bash -c '[ "$1" = 0 ] && grep -qx "ExecStart=$2/etc/init.d/odd start" "$2/out/odd.service" &&
                 grep -qx RemainAfterExit=yes "$2/out/odd.service" && [ -L "$2/out/multi-user.target.wants/odd.service" ]' _ "$rc" "$R"
check "... and one warning that says why" grep -q "init.d/odd: odd.service wraps the script as systemd-sysv-generator did" "$R/log"
check "... which passes systemd-analyze verify" systemd-analyze verify --man=no "$R/out/odd.service"
rm -rf "$R/out"
touch "$R/out"
gen "$R"; rc=$?
check "an output directory it cannot write: exit 0, an error per script in the log" \
        bash -c '[ "$1" = 0 ] && grep -q "tgtd: cannot write its units" "$2/log"' _ "$rc" "$R"
check "no arguments: usage error (systemd always passes three)" bash -c '! SYSTEMD_LOG_TARGET=console "$1" 2>/dev/null' _ "$GEN"
check "--version" bash -c '"$1" --version | grep -q "^sysv2unit-generator "' _ "$GEN"
if [ -w /dev/kmsg ] && [ -z "${GEN_NO_KMSG:-}" ]; then
        R=$WORK/r6
        mkdir -p "$R/etc/init.d" "$R/out"
        cp "$SRC/examples/init.d/exampled" "$R/etc/init.d/kmsg-probe-$$"
        chmod 755 "$R/etc/init.d/kmsg-probe-$$"
        env -u SYSTEMD_LOG_TARGET SYSTEMD_SYSVINIT_PATH="$R/etc/init.d" SYSTEMD_SYSVRCND_PATH="$R/etc" \
                SYSTEMD_UNIT_PATH="$R/none" "$GEN" "$R/out" "$R/out" "$R/out" 2>"$R/stderr"
        check "by default to the kernel log, not stderr" \
                bash -c '[ ! -s "$1/stderr" ] && dmesg 2>/dev/null | tail -n 50 | grep -q "sysv2unit-generator\[[0-9]*\]: .*kmsg-probe-$2: kmsg-probe-$2.service" ||
                         { [ ! -s "$1/stderr" ] && ! dmesg >/dev/null 2>&1; }' _ "$R" "$$"
fi

echo "# rc.local"
R=$WORK/r7
new_root "$R"
printf '#!/bin/sh\ntouch /run/rc-local-ran\nexit 0\n' >"$R/etc/rc.local"
gen "$R"
check "not executable: nothing" bash -c '[ ! -e "$1/out/rc-local.service" ] && [ ! -e "$1/out/multi-user.target.wants/rc-local.service" ]' _ "$R"
chmod 755 "$R/etc/rc.local"
gen "$R"
check "executable: rc-local.service, pulled in by multi-user.target" \
        bash -c '[ -f "$1/out/rc-local.service" ] && [ "$(readlink "$1/out/multi-user.target.wants/rc-local.service")" = ../rc-local.service ]' _ "$R"
check "it runs rc.local once, after network-online.target (which it pulls in)" \
        bash -c 'u=$1/out/rc-local.service; grep -qx "ExecStart=$2 start" "$u" && grep -qx RemainAfterExit=yes "$u" &&
                 grep -qx After=network-online.target "$u" && grep -qx Wants=network-online.target "$u"' _ "$R" "$R/etc/rc.local"
check "rc-local.service passes systemd-analyze verify" systemd-analyze verify --man=no "$R/out/rc-local.service"
rm -rf "$R/out"/*
printf '[Unit]\nDescription=systemd own\n[Service]\nType=forking\nExecStart=/etc/rc.local start\n' >"$R/lib/systemd/system/rc-local.service"
gen "$R"
check "systemd's own rc-local.service (before 260): only the link, as systemd-rc-local-generator made" \
        bash -c '[ ! -e "$1/out/rc-local.service" ] && [ -L "$1/out/multi-user.target.wants/rc-local.service" ]' _ "$R"
rm -rf "$R/out"/*
ln -s /dev/null "$R/etc/systemd/system/rc-local.service"
gen "$R"
check "a masked rc-local.service: nothing" \
        bash -c '[ ! -e "$1/out/rc-local.service" ] && [ ! -e "$1/out/multi-user.target.wants/rc-local.service" ]' _ "$R"

echo "# systemctl enable/disable of a generated unit: through the rc links"
R=$WORK/r8
new_root "$R"
rm "$R"/etc/rc?.d/*iscsi
mkdir -p "$R/run/systemd"
gen "$R"
mv "$R/out" "$R/run/systemd/generator"
if [ -x /lib/systemd/systemd-sysv-install ] || [ -x /usr/lib/systemd/systemd-sysv-install ]; then
        # systemd <= 259: systemctl hands scripts whose unit is generated to
        # systemd-sysv-install (update-rc.d, chkconfig), which sets the rc links.
        check "systemctl is-enabled: rc links say enabled (tgtd)" \
                bash -c '[ "$(systemctl --root="$1" is-enabled tgtd.service 2>/dev/null)" = enabled ]' _ "$R"
        check "systemctl is-enabled: no rc links say disabled (iscsi)" \
                bash -c '[ "$(systemctl --root="$1" is-enabled iscsi.service 2>/dev/null)" = disabled ]' _ "$R"
        check "systemctl enable hands the script to systemd-sysv-install" \
                bash -c 'systemctl --root="$1" enable iscsi.service 2>&1 | grep -q "Executing: .*systemd-sysv-install --root=$1 enable iscsi"' _ "$R"
fi
check "systemctl lists generated units as generated (enable refuses them on systemd >= 260)" \
        bash -c 'systemctl --root="$1" list-unit-files iscsi.service tgtd.service | grep -Eq "^iscsi.service +generated"' _ "$R"
# What update-rc.d/chkconfig enable do, then the daemon-reload that reruns the generator.
for l in 2 3 4 5; do ln -s ../init.d/iscsi "$R/etc/rc$l.d/S20iscsi"; done
mkdir -p "$R/out"
gen "$R"
check "rc links made (update-rc.d enable), daemon-reload: multi-user.target wants it" test -L "$R/out/multi-user.target.wants/iscsi.service"
rm "$R"/etc/rc?.d/S20iscsi
rm -rf "$R/out"/*
gen "$R"
check "rc links removed (update-rc.d disable), daemon-reload: nothing wants it" \
        bash -c '[ -f "$1/out/iscsi.service" ] && ! find "$1/out" -path "*.wants/iscsi.service" | grep -q .' _ "$R"

echo "# conversions in worker processes: the same output as in one"
R=$WORK/r9
new_root "$R"
for s in tgtd iscsi webcached; do for k in 1 2 3 4 5 6; do
        cp "$R/etc/init.d/$s" "$R/etc/init.d/$s$k"; ln -s "../init.d/$s$k" "$R/etc/rc3.d/S30$s$k"
done; done
SYSV2UNIT_GENERATOR_WORKERS=1 gen "$R"; mv "$R/out" "$R/one"; mv "$R/log" "$R/one.log"; mkdir "$R/out"
SYSV2UNIT_GENERATOR_WORKERS=3 gen "$R"
check "three workers write exactly what one writes" diff -r "$R/one" "$R/out"
check "and log the same lines in the same order" diff "$R/one.log" "$R/log"
rm -rf "$R/out"/*
SYSV2UNIT_GENERATOR_WORKERS=3 LOG_LEVEL=debug gen "$R"
check "(it did use three)" grep -q "24 scripts converted in 3 worker processes" "$R/log"

echo "# rc.local as a conversion (sysv2unit /etc/rc.local)"
if [ -n "${S2U:-}" ]; then
        R=$WORK/r10
        mkdir -p "$R/etc" "$R/out" "$R/lib/systemd/system"
        printf '#!/bin/sh\ntouch /run/rc-local-ran\nexit 0\n' >"$R/etc/rc.local"
        chmod 755 "$R/etc/rc.local"
        "$S2U" --root "$R" --script-path /etc -o "$R/out" "$R/etc/rc.local" 2>"$R/log"; rc=$?
        check "sysv2unit /etc/rc.local: rc-local.service, exit 0" bash -c '[ "$1" = 0 ] && [ -f "$2/out/rc-local.service" ]' _ "$rc" "$R"
        check "... the same unit as the generator's, installed in multi-user.target" \
                bash -c 'u=$1/out/rc-local.service; grep -qx "ExecStart=/etc/rc.local start" "$u" && grep -qx RemainAfterExit=yes "$u" &&
                         grep -qx After=network-online.target "$u" && grep -qx Wants=network-online.target "$u" &&
                         grep -qx WantedBy=multi-user.target "$u"' _ "$R"
        # verify looks for the program where the unit names it: in the scratch root.
        mkdir -p "$R/verify"
        sed "s|/etc/rc.local|$R/etc/rc.local|" "$R/out/rc-local.service" >"$R/verify/rc-local.service"
        check "... which passes systemd-analyze verify" systemd-analyze verify --man=no "$R/verify/rc-local.service"
        printf '[Service]\nExecStart=/etc/rc.local start\n' >"$R/lib/systemd/system/rc-local.service"
        rm "$R/out/rc-local.service"
        "$S2U" --root "$R" --script-path /etc -o "$R/out" "$R/etc/rc.local" 2>"$R/log"
        check "... skipped where the target has its own rc-local.service (systemd <= 259)" \
                bash -c '[ ! -e "$1/out/rc-local.service" ] && grep -q "skipped" "$1/log"' _ "$R"
fi

echo "# a real script owns its name: another script's Provides: never takes it"
R=$WORK/r11
new_root "$R"
sed 's/^# Provides:.*/# Provides: aaa-tgt tgtd/' "$R/etc/init.d/iscsi" >"$R/etc/init.d/aaa-tgt"
chmod 755 "$R/etc/init.d/aaa-tgt"
ln -s ../init.d/aaa-tgt "$R/etc/rc3.d/S10aaa-tgt"
gen "$R"
check "tgtd.service is tgtd's unit, not an alias of aaa-tgt (read first)" \
        bash -c '[ -f "$1/out/tgtd.service" ] && [ ! -L "$1/out/tgtd.service" ] && grep -qx "ExecStart=$1/etc/init.d/tgtd start" "$1/out/tgtd.service"' _ "$R"
rm -rf "$R/out"/*
LOG_LEVEL=debug gen "$R"
check "... and the log says why there is no alias (the generator, or the library's note)" \
        grep -Eq "init.d/aaa-tgt: no alias tgtd.service: that is .*/tgtd's own name|aaa-tgt.*Provides: .*tgtd" "$R/log"

summary
