#!/bin/bash
# sysv2unit-generator vs systemd-sysv-generator on the EL and Debian script corpora,
# side by side (bench/README.md, "generator-bench").
#
#   bench/generator-bench.sh [--build DIR] [--runs N] [--instructions]
#
# Debian: every /etc/init.d script of the packages in debian-packages.list (downloaded
# with apt-get download into $S2U_CORPUS_CACHE, never installed; the cache s2u-corpus.sh
# fills). EL: the Red Hat style scripts of this tree (tests/sysv2unit/real/el6 and
# examples/init.d). Each corpus also ten times over, under distinct names. The system's
# own units: those of Debian 12's systemd, udev, dbus, kmod and procps packages.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${S2U_CORPUS_CACHE:-/var/cache/s2u-corpus}
BUILD=$SRC/build
RUNS=21
MODE=
while [ $# -gt 0 ]; do
        case "$1" in
        --build) BUILD=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --instructions) MODE=--instructions; shift ;;
        *) echo "usage: $0 [--build DIR] [--runs N] [--instructions]" >&2; exit 2 ;;
        esac
done
GEN=$BUILD/sysv2unit/sysv2unit-generator
[ -x "$GEN" ] || { echo "build it first: ninja -C $BUILD" >&2; exit 2; }

PKGS=$(grep -v '^#' "$SRC/bench/debian-packages.list")
mkdir -p "$CACHE/debs" "$CACHE/x"
missing=
for p in $PKGS; do ls "$CACHE/debs/${p}_"*.deb >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
        echo "downloading:$missing" >&2
        (cd "$CACHE/debs" && apt-get download $missing 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2)
fi
for p in $PKGS; do
        [ -d "$CACHE/x/$p" ] && continue
        deb=$(ls "$CACHE/debs/${p}_"*.deb | head -1)
        rm -rf "$CACHE/x/$p.new" && dpkg-deb -x "$deb" "$CACHE/x/$p.new" && mv "$CACHE/x/$p.new" "$CACHE/x/$p"
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debian" "$WORK/el"
for p in $PKGS; do
        [ -d "$CACHE/x/$p/etc/init.d" ] || continue
        find "$CACHE/x/$p/etc/init.d" -maxdepth 1 -type f -exec cp {} "$WORK/debian/" \;
done
cp "$SRC"/tests/sysv2unit/real/el6/* "$WORK/el/"
cp -n "$SRC"/examples/init.d/* "$WORK/el/" # el6 has its own tgtd
# The units of a Debian 12 base system (as s2u-corpus.sh's target root has them).
mkdir -p "$WORK/units"
for p in systemd udev dbus kmod procps; do
        for d in lib/systemd/system usr/lib/systemd/system; do
                [ -d "$CACHE/x/$p/$d" ] && cp -a "$CACHE/x/$p/$d/." "$WORK/units/"
        done
done
echo "systemd: $(systemctl --version | head -n1); $(nproc) CPUs; $RUNS runs each, interleaved"
exec python3 "$SRC/bench/generator-bench.py" --gen "$GEN" --runs "$RUNS" --units "$WORK/units" $MODE \
        "debian=$WORK/debian" "el=$WORK/el" "debian x10=$WORK/debian*10" "el x10=$WORK/el*10"
