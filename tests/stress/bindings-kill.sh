#!/bin/bash
# `udev-helper bind` and `unbind` killed with SIGKILL at random points, a few hundred
# times: after each kill the bindings file is the old file or the new one, byte for byte,
# never empty, partial or torn, and the interrupted change then goes through (the lock
# dies with its holder).  What a kill leaves behind is counted and must be harmless.
# STRESS_KILLS (default 200) and STRESS_SEED (default: random, printed) for a rerun.
set -u
UH=${UH:?path to udev-helper}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"

if [ "${1:-}" != inner ]; then
        WORK=$(mktemp -d)
        trap 'rm -rf "$WORK"' EXIT
        python3 "$HERE/gen-disks.py" 4 "$WORK/disks.umockdev" >"$WORK/disks" || exit 1
        export WORK
        exec umockdev-run -d "$WORK/disks.umockdev" -- bash "$0" inner
fi

KILLS=${STRESS_KILLS:-200}
SEED=${STRESS_SEED:-$$}
RANDOM=$SEED
echo "# $KILLS kills, STRESS_SEED=$SEED"
CONF=$WORK/asm.conf
B=$WORK/bindings
printf '[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nmin-size = 1G\nname = asm/data%%02d\n' >"$CONF"
printf '# kept across rewrites\n' >"$B"
mapfile -t disks < <(cut -d' ' -f1 "$WORK/disks")
declare -A serial_of
while read -r k s; do serial_of[$k]=$s; done <"$WORK/disks"
now_us() { local t; t=$(date +%s%N); echo $((t / 1000)); }

# The operation on disk d, whichever changes the file: unbind it if bound, else bind it.
# Sets op (the command) and want_new (what the file must look like once it is done).
plan() {
        local d=$1 s=${serial_of[$1]} name
        name=$(awk -v s="$s" '$2 == s { print $1 }' "$B")
        if [ -n "$name" ]; then
                op=(unbind "$name")
                # unbind keeps the line as "# released NAME SERIAL CLASS" (not reused)
                awk -v s="$s" '!/^#/ && $2 == s { print "# released " $0; next } { print }' "$B" >"$WORK/want"
        else
                op=(bind "$d")
                : >"$WORK/want" # checked by shape below: the old lines plus one for s
        fi
}
# Is the file the result of the planned operation on the old file?
is_new() {
        local s=${serial_of[$1]}
        if [ "${op[0]}" = unbind ]; then
                cmp -s "$B" "$WORK/want"
        else
                # the old lines unchanged and in order, then exactly one line "NAME s asm"
                [ "$(head -n "$(wc -l <"$WORK/old")" "$B")" = "$(cat "$WORK/old")" ] &&
                [ "$(wc -l <"$B")" = $(($(wc -l <"$WORK/old") + 1)) ] &&
                tail -n 1 "$B" | grep -qE "^asm/data[0-9]+ $s asm\$"
        fi
}

# How long an uninterrupted bind takes here (the faster of two, the first runs cold), to
# spread the kills over its whole run.
span=
for round in 1 2; do
        t0=$(now_us)
        "$UH" -c "$CONF" -b "$B" -q bind "${disks[0]}" >/dev/null 2>&1
        t=$(( $(now_us) - t0 ))
        { [ -z "$span" ] || [ "$t" -lt "$span" ]; } && span=$t
        [ $round = 1 ] && "$UH" -c "$CONF" -b "$B" -q unbind "$(awk '!/^#/ { print $1; exit }' "$B")" >/dev/null 2>&1
done
echo "# one bind: $span us; kills land uniformly in 0..$span us"

old_kept=0 new_made=0 bad=0 retry_fail=0
for i in $(seq 1 "$KILLS"); do
        d=${disks[$((RANDOM % ${#disks[@]}))]}
        cp "$B" "$WORK/old"
        plan "$d"
        delay=$(( (RANDOM * 32768 + RANDOM) % (span + 1) ))
        "$UH" -c "$CONF" -b "$B" -q "${op[@]}" >/dev/null 2>&1 &
        pid=$!
        sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        if cmp -s "$B" "$WORK/old"; then
                old_kept=$((old_kept + 1))
                # the change the kill interrupted goes through now
                if ! "$UH" -c "$CONF" -b "$B" -q "${op[@]}" >/dev/null 2>"$WORK/err" || ! is_new "$d"; then
                        retry_fail=$((retry_fail + 1))
                        echo "kill $i (${op[*]}, ${delay} us): the next ${op[0]} failed:" >&2
                        cat "$WORK/err" >&2
                fi
        elif is_new "$d"; then
                new_made=$((new_made + 1))
        else
                bad=$((bad + 1))
                echo "kill $i (${op[*]}, ${delay} us): the file is neither the old nor the new one:" >&2
                diff "$WORK/old" "$B" >&2
        fi
done
echo "# after $KILLS kills: $old_kept left the old file, $new_made the new one, $bad neither"
check "the file was always the old or the new one" [ "$bad" = 0 ]
check "after every kill that kept the old file, the same change then succeeded" [ "$retry_fail" = 0 ]
check "kills landed both before and after the rename" [ "$old_kept" -gt 0 -a "$new_made" -gt 0 ]
check "the comment line is still first" [ "$(head -1 "$B")" = "# kept across rewrites" ]
"$UH" -c "$CONF" -b "$B" export "${disks[0]}" >"$WORK/export" 2>&1
check "still a valid file: export reads it without a problem" [ $? = 0 -a -z "$(grep UH_PROBLEM "$WORK/export")" ]

# What the kills leave behind: the lock file (it always exists once bind ran; holding it
# means nothing after its holder died, flock locks die with their descriptor), and the
# temporary file of a bind killed between mkostemp() and rename().
left=$(ls -A "$WORK" | grep '^bindings\.' | grep -v -e '^bindings\.lock$' -e '^bindings\.idx$' | wc -l)
echo "# left behind: bindings.lock and $left temporary bindings.XXXXXX files"
check "the lock file is left behind" [ -e "$WORK/bindings.lock" ]
check "...and the next bind does not wait for it" \
        sh -c 'timeout 20 "$@" >/dev/null' sh "$UH" -c "$CONF" -b "$B" -q bind "${disks[1]}"
summary
