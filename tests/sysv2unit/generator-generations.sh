#!/bin/bash
# sysv2unit-generator against the systemd of each Debian generation, offline: Debian 13
# (257, systemd-sysv-generator still there) and sid (262, SysV support gone), from the
# lab's cached roots (tests/lab, CACHE/roots/SUITE.ext4). Each generation's own
# systemd-analyze (and, on 257, its own systemd-sysv-generator) runs on this host
# through that root's dynamic loader, never installed; the units of the generation's
# /usr/lib/systemd/system stand for the rest of the system. Exit 77 without the roots.
set -u

GEN=${GEN:?path to sysv2unit-generator}
SRC=${SRC:?source root}
ROOTS=${LAB_ROOTS:-/var/cache/udev-helper-lab/roots}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
. "$(dirname "$0")/../lib.sh"

command -v debugfs >/dev/null || { echo "# no debugfs (e2fsprogs): skipped"; exit 77; }
found=
for suite in trixie sid; do [ -f "$ROOTS/$suite.ext4" ] && found=1; done
[ -n "$found" ] || { echo "# no lab roots in $ROOTS (tests/lab builds them): skipped"; exit 77; }

# The parts of a root that systemd-analyze and the generators need.
extract() { # extract SUITE DIR
        local img=$ROOTS/$1.ext4 d=$2 p
        mkdir -p "$d/usr/bin" "$d/usr/lib"
        for p in /usr/lib/systemd /usr/lib/x86_64-linux-gnu; do debugfs -R "rdump $p $d/usr/lib" "$img" 2>/dev/null; done
        debugfs -R "rdump /usr/lib64 $d/usr" "$img" 2>/dev/null
        debugfs -R "dump -p /usr/bin/systemd-analyze $d/usr/bin/systemd-analyze" "$img" 2>/dev/null
}
in_root() { # in_root DIR PROGRAM ARGS...: a program of the root, with the root's libraries
        local d=$1; shift
        "$d/usr/lib64/ld-linux-x86-64.so.2" --library-path "$d/usr/lib/x86_64-linux-gnu:$d/usr/lib/x86_64-linux-gnu/systemd" "$@"
}
# The scenario of the lab: init scripts of packages that ship no unit, enabled, and rc.local.
new_system() { # new_system DIR
        local w=$1 s l
        mkdir -p "$w/etc/init.d" "$w/units" "$w/out" "$w/early" "$w/late"
        for l in 2 3 4 5; do mkdir -p "$w/etc/rc$l.d"; done
        for s in dkim tgtd iscsi; do
                cp "$SRC/examples/init.d/$s" "$w/etc/init.d/$s"
                for l in 2 3 4 5; do ln -s "../init.d/$s" "$w/etc/rc$l.d/S20$s"; done
        done
        printf '#!/bin/sh\ntouch /run/rc-local-ran\nexit 0\n' >"$w/etc/rc.local"
        chmod 755 "$w"/etc/init.d/* "$w/etc/rc.local"
}
run_gen() { # run_gen DIR PROGRAM...: SYSTEMD_* at the system, whose units are the generation's
        local w=$1; shift
        (export SYSTEMD_LOG_TARGET=console SYSTEMD_SYSVINIT_PATH="$w/etc/init.d" SYSTEMD_SYSVRCND_PATH="$w/etc" \
                SYSTEMD_UNIT_PATH="$w/units" SYSV2UNIT_RC_LOCAL="$w/etc/rc.local"
         "$@" "$w/out" "$w/early" "$w/late")
}
wants() { (cd "$1" && find . -path '*.wants/*' | sed 's|^\./||; s|\.wants/| |' | sort); }
export -f wants

for suite in trixie sid; do
        [ -f "$ROOTS/$suite.ext4" ] || { echo "# $suite: no root, skipped"; continue; }
        R=$WORK/root-$suite
        extract "$suite" "$R"
        version=$(in_root "$R" "$R/usr/bin/systemd-analyze" --version | head -n1)
        echo "# $suite: $version"
        W=$WORK/sys-$suite
        new_system "$W"
        cp -a "$R/usr/lib/systemd/system/." "$W/units/"
        check "$suite: the generation's search path has the normal generator directory before the late one" \
                bash -c '"$@" unit-paths | grep -x -e /run/systemd/generator -e /run/systemd/generator.late | tr "\n" " " |
                         grep -qx "/run/systemd/generator /run/systemd/generator.late "' _ \
                "$R/usr/lib64/ld-linux-x86-64.so.2" --library-path "$R/usr/lib/x86_64-linux-gnu:$R/usr/lib/x86_64-linux-gnu/systemd" \
                "$R/usr/bin/systemd-analyze"
        STOCK=$R/usr/lib/systemd/system-generators/systemd-sysv-generator
        if [ -e "$STOCK" ]; then
                run_gen "$W" in_root "$R" "$STOCK" 2>/dev/null
                check "$suite: systemd-sysv-generator makes units of the scripts, in the late directory" \
                        bash -c '[ -f "$1/late/tgtd.service" ] && [ -f "$1/late/dkim.service" ] && grep -qx RemainAfterExit=yes "$1/late/tgtd.service"' _ "$W"
        else
                check "$suite: no systemd-sysv-generator, no rc-local generator, no rc-local.service, no systemd-sysv-install" \
                        bash -c '! ls "$1"/usr/lib/systemd/system-generators/systemd-{sysv,rc-local}-generator "$1/usr/lib/systemd/system/rc-local.service" "$1/usr/lib/systemd/systemd-sysv-install" 2>/dev/null | grep -q .' _ "$R"
                # Every generator the generation has, as its systemd would run them at boot.
                for g in "$R"/usr/lib/systemd/system-generators/*; do run_gen "$W" in_root "$R" "$g" >/dev/null 2>&1; done
                check "$suite: without sysv2unit, none of its $(ls "$R"/usr/lib/systemd/system-generators | wc -l) generators makes a unit of the scripts or of rc.local" \
                        bash -c '! find "$1/out" "$1/early" "$1/late" -name "tgtd.service" -o -name "dkim*.service" -o -name "iscsi.service" -o -name "rc-local.service" | grep -q .' _ "$W"
                rm -rf "$W/out" "$W/early" "$W/late"
                mkdir -p "$W/out" "$W/early" "$W/late"
        fi
        run_gen "$W" "$GEN" 2>"$W/log"; rc=$?
        check "$suite: sysv2unit-generator exits 0, a unit per script and the group of the split one" \
                bash -c '[ "$1" = 0 ] && for u in tgtd iscsi dkim dkim-in dkim-out; do [ -f "$2/out/$u.service" ] || exit 1; done' _ "$rc" "$W"
        check "$suite: the rc links pull them in (multi-user, graphical)" \
                bash -c 'w=$(wants "$1/out"); for u in tgtd iscsi dkim; do grep -qx "multi-user.target $u.service" <<<"$w" &&
                         grep -qx "graphical.target $u.service" <<<"$w" || exit 1; done' _ "$W"
        if [ -e "$R/usr/lib/systemd/system/rc-local.service" ]; then
                check "$suite: rc.local through the generation's own rc-local.service (only the link)" \
                        bash -c '[ ! -e "$1/out/rc-local.service" ] && [ -L "$1/out/multi-user.target.wants/rc-local.service" ]' _ "$W"
        else
                check "$suite: rc.local through rc-local.service written by the generator, after network-online.target" \
                        bash -c '[ -f "$1/out/rc-local.service" ] && grep -qx After=network-online.target "$1/out/rc-local.service" &&
                                 [ -L "$1/out/multi-user.target.wants/rc-local.service" ]' _ "$W"
        fi
        # The generation's unit loader on both outputs, in search path order.
        aliases=
        [ -e "$W/late/dkimproxy.service" ] && aliases=dkimproxy.service # the stock generator's, from Provides:
        printf '[Unit]\nWants=tgtd.service iscsi.service dkim.service rc-local.service %s\n[Service]\nExecStart=/bin/true\n' \
                "$aliases" >"$W/probe.service"
        SYSTEMD_LOG_LEVEL=debug SYSTEMD_UNIT_PATH="$W/out:$W/late:$W/units" \
                in_root "$R" "$R/usr/bin/systemd-analyze" verify --man=no "$W/probe.service" >"$W/verify.log" 2>&1
        check "$suite: systemd-analyze verify passes on every unit of sysv2unit-generator" \
                bash -c 'cd "$1/out" && SYSTEMD_UNIT_PATH="$1/out:$1/units" "$2" --library-path "$3/usr/lib/x86_64-linux-gnu:$3/usr/lib/x86_64-linux-gnu/systemd" "$3/usr/bin/systemd-analyze" verify --man=no *.service' \
                _ "$W" "$R/usr/lib64/ld-linux-x86-64.so.2" "$R"
        check "$suite: systemd loads sysv2unit-generator's unit for every script" \
                bash -c 'for u in tgtd iscsi dkim; do grep -q "unit file: $1/out/$u.service$" "$2" || exit 1
                         ! grep -q "unit file: $1/late/$u.service$" "$2" || exit 1; done' _ "$W" "$W/verify.log"
        check "$suite: nothing starts twice (one dkim.service job, the stock alias leads to the group)" \
                bash -c '[ "$(grep -c "Installed new job dkim.service/start" "$1")" = 1 ] && grep -q "Installed new job dkim-in.service/start" "$1" &&
                         grep -q "Installed new job dkim-out.service/start" "$1"' _ "$W/verify.log"
done
summary
