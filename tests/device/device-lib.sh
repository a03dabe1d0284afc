# Shared by the device test scripts: a scratch directory, the fixtures under umockdev, and
# captured runs.  Needs DEVICES (tests/devices); sources tests/lib.sh for check/summary.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

vmware() { umockdev-run -d "$DEVICES/vmware-guest.umockdev" -- "$@"; }
field() { umockdev-run -d "$DEVICES/field-cases.umockdev" -- "$@"; }
dead() { umockdev-run -d "$DEVICES/dead-path.umockdev" -- "$@"; }

# run CAPTURE-PREFIX COMMAND...: stdout, stderr and exit code into $WORK/PREFIX.{out,err,rc}
run() {
        local p=$WORK/$1; shift
        "$@" >"$p.out" 2>"$p.err"
        echo $? >"$p.rc"
}
rc() { cat "$WORK/$1.rc"; }
has() { grep -qF -- "$2" "$WORK/$1"; }
lacks() { ! grep -qF -- "$2" "$WORK/$1"; }
same() { diff -u "$1" "$2" >&2; }
