#!/bin/bash
# 64 concurrent `udev-helper bind`s of 64 different disks racing 512 concurrent
# `udev-helper export`s of the same disks, all in one umockdev testbed.  The binds
# serialize on the bindings lock; the exports take no lock and must still see a whole
# file: the old one (no name for their disk yet) or a newer one (exactly the name the disk
# ends up with), never a torn or empty file.  At the end the file holds each of the 64
# disks exactly once under 64 distinct names.
set -u
UH=${UH:?path to udev-helper}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"

if [ "${1:-}" != inner ]; then
        WORK=$(mktemp -d)
        trap 'rm -rf "$WORK"' EXIT
        python3 "$HERE/gen-disks.py" 64 "$WORK/disks.umockdev" >"$WORK/disks" || exit 1
        export WORK
        exec umockdev-run -d "$WORK/disks.umockdev" -- bash "$0" inner
fi

N_BIND=64
N_EXPORT=512
CONF=$WORK/asm.conf
B=$WORK/bindings
printf '[asm]\nmatch-vendor = VMware\nmatch-model = Virtual disk\nmin-size = 1G\nname = asm/data%%02d\n' >"$CONF"
printf '# shared disks of the stress test\n' >"$B"
mapfile -t disks < <(cut -d' ' -f1 "$WORK/disks")
mkdir -p "$WORK/r"

# Waves of 8 binds and 64 exports of those 8 disks: each wave's exports race its binds
# (and run on into the next wave), so they see the file before and after their disk's
# binding.  A wave starts when the binds of the one before have finished.
n_exp=0
for wave in $(seq 0 7); do
        pids=()
        for i in $(seq $((wave * 8)) $((wave * 8 + 7))); do
                ( "$UH" -c "$CONF" -b "$B" -q bind "${disks[$i]}" >"$WORK/r/bind.$i.out" 2>"$WORK/r/bind.$i.err"
                  echo $? >"$WORK/r/bind.$i.rc" ) &
                pids+=($!)
        done
        for group in $(seq 0 7); do
                for j in $(seq 0 7); do
                        d=${disks[$((wave * 8 + j))]}
                        ( "$UH" -c "$CONF" -b "$B" export "$d" >"$WORK/r/exp.$n_exp.out" 2>"$WORK/r/exp.$n_exp.err"
                          echo "$? $d" >"$WORK/r/exp.$n_exp.rc" ) &
                        n_exp=$((n_exp + 1))
                done
                sleep 0.3 # spread the exports over the time the wave's binds take
        done
        wait "${pids[@]}"
done
wait

bind_fail=0
for i in $(seq 0 $((N_BIND - 1))); do
        [ "$(cat "$WORK/r/bind.$i.rc")" = 0 ] || { bind_fail=$((bind_fail + 1)); cat "$WORK/r/bind.$i.err" >&2; }
done
check "all $N_BIND binds exit 0" [ "$bind_fail" = 0 ]
grep -v '^#' "$B" >"$WORK/final"
check "the comment line survives every rewrite" [ "$(head -1 "$B")" = "# shared disks of the stress test" ]
check "the file holds $N_BIND bindings" [ "$(wc -l <"$WORK/final")" = "$N_BIND" ]
check "every line has three fields" [ "$(awk 'NF != 3' "$WORK/final" | wc -l)" = 0 ]
check "no name bound twice" [ "$(cut -d' ' -f1 "$WORK/final" | sort | uniq -d | wc -l)" = 0 ]
check "no serial bound twice" [ "$(cut -d' ' -f2 "$WORK/final" | sort | uniq -d | wc -l)" = 0 ]
check "every disk bound (none lost)" \
        diff <(cut -d' ' -f2 "$WORK/final" | sort) <(cut -d' ' -f2 "$WORK/disks" | sort)

# Each export against the final file: a name only if it is the disk's final name.
exp_fail=0 saw_old=0 saw_new=0
declare -A serial_of name_of
while read -r k s; do serial_of[$k]=$s; done <"$WORK/disks"
while read -r n s c; do name_of[$s]=$n; done <"$WORK/final"
for j in $(seq 0 $((N_EXPORT - 1))); do
        read -r rc d <"$WORK/r/exp.$j.rc"
        out=$WORK/r/exp.$j.out
        want=${name_of[${serial_of[$d]}]}
        got=$(sed -n 's/^UH_NAME=//p' "$out")
        if [ "$rc" != 0 ] || grep -q '^UH_PROBLEM' "$out" || [ -s "$WORK/r/exp.$j.err" ] ||
           ! grep -qx "UH_SERIAL=${serial_of[$d]}" "$out" || { [ -n "$got" ] && [ "$got" != "$want" ]; }; then
                exp_fail=$((exp_fail + 1))
                echo "export $d (#$j): exit $rc, name '$got', want '' or '$want'" >&2
                cat "$out" "$WORK/r/exp.$j.err" >&2
        elif [ -n "$got" ]; then
                saw_new=$((saw_new + 1))
        else
                saw_old=$((saw_old + 1))
        fi
done
echo "# $N_EXPORT exports: $saw_old before their disk's binding, $saw_new after it"
check "every export saw a whole file (old or new), no error, no wrong name" [ "$exp_fail" = 0 ]
check "the race happened: exports saw both states" [ "$saw_old" -gt 0 -a "$saw_new" -gt 0 ]
check "no temporary file left behind" [ -z "$(ls "$WORK" | grep '^bindings\.' | grep -v -e '^bindings\.lock$' -e '^bindings\.idx$')" ]
summary
