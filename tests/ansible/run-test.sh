#!/bin/bash
# examples/ansible/udev-helper-fleet.yml against three RAC nodes on this machine
# (connection: local), each running the real udev-helper under umockdev with its own
# disks (tests/devices/rac-node*.umockdev, from gen-umockdev.py): node2 sees the shared
# disks on another host in another order, node3 lacks one.  The playbook must stop before
# binding while node3 lacks the disk, and give identical names everywhere once node3 sees
# it.  umockdev has no udevd, so apply runs with --dry-run here: everything but udev's
# re-evaluation and apply's wait is covered (admin-tests.sh tests the wait).
set -u

UH=${UH:?path to udev-helper}
DEVICES=${DEVICES:?path to tests/devices}
PLAYBOOK=${PLAYBOOK:?path to examples/ansible/udev-helper-fleet.yml}
command -v ansible-playbook >/dev/null || { echo "ansible-playbook not installed: skipped"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/../lib.sh"
same() { diff -u "$1" "$2" >&2; }

export ANSIBLE_LOCAL_TEMP=$WORK/ansible-tmp ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-verify_asan_link_order=0}

# The same configuration on every node, each in its own directory; local system disks
# (16G) are not shared and no class matches them.
for n in 1 2 3; do
        mkdir -p "$WORK/node$n"
        printf '[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nmin-size = 18G\nname = asm/data%%02d\nmode = 0660\n' \
                >"$WORK/node$n/udev-helper.conf"
done

# inventory NODE3-FIXTURE: three local hosts whose udev-helper runs under umockdev.
inventory() {
        {
                echo "[rac]"
                for n in 1 2 3; do
                        fix=$DEVICES/rac-node$n.umockdev
                        [ "$n" = 3 ] && fix=$DEVICES/$1
                        d=$WORK/node$n
                        echo "node$n ansible_connection=local ansible_become=false" \
                             "ansible_python_interpreter=$(command -v python3)" \
                             "uh_config=$d/udev-helper.conf uh_bindings=$d/bindings uh_apply_args=--dry-run" \
                             "uh_cmd='env ASAN_OPTIONS=$ASAN_OPTIONS umockdev-run -d $fix -- $UH -c $d/udev-helper.conf -b $d/bindings'"
                done
        } >"$WORK/inventory"
}
play() { ansible-playbook -i "$WORK/inventory" "$PLAYBOOK" >"$WORK/$1.out" 2>&1; echo $? >"$WORK/$1.rc"; }
rc() { cat "$WORK/$1.rc"; }
has() { grep -qF -- "$2" "$WORK/$1.out"; }
uh() { local n=$1 fix=$2; shift 2; umockdev-run -d "$DEVICES/$fix" -- "$UH" -c "$WORK/node$n/udev-helper.conf" -b "$WORK/node$n/bindings" "$@"; }

echo "# node3 lacks a shared disk: the play stops before binding"
inventory rac-node3.umockdev
play lacking
check "playbook fails" [ "$(rc lacking)" != 0 ]
check "...saying node3 misses the disk's serial" has lacking "node3 does not see the same disks as the other nodes: missing 36000c29e0000000000000000000000e2"
check "...the bind task never ran" sh -c '! grep -q "TASK \[Bind once" "$1"' sh "$WORK/lacking.out"
for n in 1 2 3; do
        check "...no bindings file on node$n" [ ! -e "$WORK/node$n/bindings" ]
done

echo "# node3 sees every disk (in a third order): one set of names everywhere"
inventory rac-node3-fixed.umockdev
play fixed
check "playbook succeeds" [ "$(rc fixed)" = 0 ]
[ "$(rc fixed)" = 0 ] || cat "$WORK/fixed.out" >&2
check "...three names bound, once" has fixed "bound as asm/data03"
check "...the playbook's own check passed on node3" has fixed "node3: 3 names, identical on every node"
check "node2's bindings file is node1's" same "$WORK/node1/bindings" "$WORK/node2/bindings"
check "node3's bindings file is node1's" same "$WORK/node1/bindings" "$WORK/node3/bindings"
# Outside the playbook: every name gives the same serial on every node, through query.
fixtures=(rac-node1.umockdev rac-node2.umockdev rac-node3-fixed.umockdev)
uh 1 "${fixtures[0]}" list >"$WORK/names"
check "node1 gives three names" [ "$(wc -l <"$WORK/names")" = 3 ]
for n in 1 2 3; do
        uh "$n" "${fixtures[n - 1]}" list >"$WORK/names$n"
        check "node$n lists the same names" same "$WORK/names" "$WORK/names$n"
        while read -r name; do
                uh "$n" "${fixtures[n - 1]}" query "$name" | sed -n 's/^serial: //p' >>"$WORK/serials$n"
        done <"$WORK/names"
        check "node$n: each name resolves to the same serial as on node1" same "$WORK/serials1" "$WORK/serials$n"
done
check "node2 carries asm/data01 on another device than node1 (sdc, not sdb)" \
        sh -c '[ "$(umockdev-run -d "$1" -- "$2" -c "$3" -b "$4" query asm/data01 | sed -n "s/^device: //p")" = /dev/sdc ]' \
        sh "$DEVICES/rac-node2.umockdev" "$UH" "$WORK/node2/udev-helper.conf" "$WORK/node2/bindings"
check "apply ran on every node and reported the changes" [ "$(grep -c 'would re-trigger' "$WORK/fixed.out")" -ge 3 ]

echo "# a second run changes nothing"
cp "$WORK/node1/bindings" "$WORK/bindings-before"
play again
check "playbook succeeds again" [ "$(rc again)" = 0 ]
check "...binds nothing new" sh -c '! grep -q "bound as" "$1"' sh "$WORK/again.out"
check "...the bindings are unchanged" same "$WORK/bindings-before" "$WORK/node1/bindings"

echo "# a node with another configuration: stop before binding"
rm -f "$WORK"/node*/bindings
echo "owner = root" >>"$WORK/node2/udev-helper.conf"
play conf
check "playbook fails" [ "$(rc conf)" != 0 ]
check "...naming node2's configuration" has conf "node2: $WORK/node2/udev-helper.conf is missing or differs"
check "...no bindings file written" [ ! -e "$WORK/node1/bindings" ]

summary
