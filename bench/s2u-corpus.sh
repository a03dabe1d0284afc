#!/bin/bash
# sysv2unit on a real-world corpus: Debian 12's packaged init scripts next to the same
# packages' native systemd units, and systemd-sysv-generator on the same scripts.
#
#   bench/s2u-corpus.sh [--compare REV]... [--build DIR]
#
# Downloads (never installs) the packages below with apt-get download into
# $S2U_CORPUS_CACHE (default /var/cache/s2u-corpus), unpacks them there, and prints one
# table row per tool: scripts, converted, supervised, PIDFile agreement with the native
# unit, systemd-analyze verify failures. --compare REV (repeatable) also builds sysv2unit
# at git revision REV (from `git archive`, in the cache) and reports it in a row of its own.
# Per-script details go to $S2U_CORPUS_CACHE/report/.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${S2U_CORPUS_CACHE:-/var/cache/s2u-corpus}
BUILD=$SRC/build
COMPARE=
while [ $# -gt 0 ]; do
        case "$1" in
        --compare) COMPARE="$COMPARE $2"; shift 2 ;;
        --build) BUILD=$2; shift 2 ;;
        *) echo "usage: $0 [--compare REV] [--build DIR]" >&2; exit 2 ;;
        esac
done

# Debian 12 packages that ship an /etc/init.d script (most also a native unit), listed in
# debian-packages.list (shared with generator-bench.sh). sysvinit-utils brings
# /lib/init/init-d-script, lsb-base's successor the /lib/lsb/init-functions that scripts source.
PKGS=$(grep -v '^#' "$SRC/bench/debian-packages.list" | tr '\n' ' ')
# Their units make the base system of the target root (every Debian 12 system has them);
# the other packages' native units are kept apart, to compare with.
BASE="systemd udev dbus kmod procps"

mkdir -p "$CACHE/debs" "$CACHE/x"
missing=
for p in $PKGS; do
        ls "$CACHE/debs/${p}_"*.deb >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
        echo "downloading:$missing" >&2
        (cd "$CACHE/debs" && apt-get download $missing 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2)
fi
for p in $PKGS; do
        [ -d "$CACHE/x/$p" ] && continue
        deb=$(ls "$CACHE/debs/${p}_"*.deb | head -1)
        rm -rf "$CACHE/x/$p.new" && dpkg-deb -x "$deb" "$CACHE/x/$p.new" && mv "$CACHE/x/$p.new" "$CACHE/x/$p"
done

# Other revisions of sysv2unit for more columns ("before"): built from git, never installed.
TOOLS=()
for c in $COMPARE; do
        rev=$(git -C "$SRC" rev-parse --short "$c")
        bin=$CACHE/build-$rev/build/sysv2unit/sysv2unit
        if [ ! -x "$bin" ]; then
                rm -rf "$CACHE/build-$rev" && mkdir -p "$CACHE/build-$rev"
                git -C "$SRC" archive "$rev" | tar -x -C "$CACHE/build-$rev"
                (cd "$CACHE/build-$rev" && meson setup build >/dev/null && ninja -C build sysv2unit/sysv2unit >/dev/null)
        fi
        TOOLS+=(--tool "$c:$rev=$bin")
done
[ -x "$BUILD/sysv2unit/sysv2unit" ] || { echo "build sysv2unit first (ninja -C $BUILD)" >&2; exit 2; }
exec python3 "$SRC/bench/s2u-corpus.py" --cache "$CACHE" --src "$SRC" --packages "$PKGS" --base "$BASE" \
        "${TOOLS[@]}" --tool "this tree:$(git -C "$SRC" rev-parse --short HEAD)=$BUILD/sysv2unit/sysv2unit"
